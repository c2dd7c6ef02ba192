/**
 * The person's orders and fills, kept from the sim's events (the seeds'
 * "orders and their fills"). Numbers are converted to decimals here, once,
 * when the event arrives. Changes since the last frame are collected for the
 * UI and for the store.
 */
import { priceOf, qtyOf } from '../core/exchange/instrument';
import type { Instrument } from '../core/exchange/order';
import { pow10 } from '../core/exchange/decimal';
import type { SimEvent } from '../core/sim/types';
import type { FillView, OrderView } from '../protocol';

type Lookup = (symbol: string) => Instrument | undefined;

export class Activity {
  /** Every order of the person's, by id, in the order they were accepted. */
  readonly orders = new Map<string, OrderView>();
  readonly fills: FillView[] = [];
  /** What changed, kept twice: for the next frame, and for the store (it commits on its own rhythm). */
  private forFrame = new Changes();
  private forStore = new Changes();
  /** While replaying inputs whose effects the store already holds. */
  muted = false;
  /** Filled value per order, for the average fill price. */
  private value = new Map<string, number>();

  constructor(
    private readonly account: string,
    private readonly lookup: Lookup,
    /** Is the order still live in the exchange (a `cancelled` event can be partial: a stop-loss that could not take all its base). */
    private readonly isLive: (id: string) => boolean,
  ) {}

  onEvent(e: SimEvent, ts: number): void {
    if (this.muted) return;
    switch (e.ev) {
      case 'accepted': {
        if (e.account !== this.account) return;
        const inst = this.lookup(e.symbol);
        if (inst === undefined) return;
        const pending = e.type === 'stop' || e.type === 'stop_limit';
        const o: OrderView = {
          id: e.id, symbol: e.symbol, side: e.side, type: e.type,
          price: e.price > 0 ? priceOf(inst, e.price) : null,
          stopPrice: e.stopPrice > 0 ? priceOf(inst, e.stopPrice) : null,
          qty: qtyOf(inst, e.qty), filled: 0, tif: e.tif, status: pending ? 'pending' : 'open',
          avgPrice: null, createdAt: ts, updatedAt: ts,
        };
        if (e.parent !== undefined) o.parent = e.parent;
        this.orders.set(e.id, o);
        this.touch(e.id);
        return;
      }
      case 'trade': {
        if (e.buyer === this.account) this.fill(e, 'buy', ts);
        if (e.seller === this.account) this.fill(e, 'sell', ts);
        return;
      }
      case 'filled':
        return this.update(e.account, e.id, ts, (o) => (o.status = 'filled'));
      case 'triggered':
        return this.update(e.account, e.id, ts, (o) => (o.status = 'open'));
      case 'cancelled':
        return this.update(e.account, e.id, ts, (o) => {
          const inst = this.lookup(o.symbol);
          if (this.isLive(e.id) && inst !== undefined) {
            o.qty = round(o.qty - qtyOf(inst, e.qty), inst.lotDec);
          } else {
            o.status = 'cancelled';
            o.reason = e.reason;
          }
        });
      case 'modified':
        return this.update(e.account, e.id, ts, (o) => {
          const inst = this.lookup(o.symbol);
          if (inst === undefined) return;
          o.price = e.price > 0 ? priceOf(inst, e.price) : null;
          o.stopPrice = e.stopPrice > 0 ? priceOf(inst, e.stopPrice) : null;
          o.qty = round(o.filled + qtyOf(inst, e.qty), inst.lotDec);
        });
      default:
    }
  }

  /** Bracket prices the person asked for, kept on the entry for display. */
  noteBracket(id: string, takeProfit: number | undefined, stopLoss: number | undefined): void {
    const o = this.orders.get(id);
    if (o === undefined) return;
    if (takeProfit !== undefined) o.takeProfit = takeProfit;
    if (stopLoss !== undefined) o.stopLoss = stopLoss;
    this.touch(id);
  }

  private fill(e: Extract<SimEvent, { ev: 'trade' }>, side: 'buy' | 'sell', ts: number): void {
    const inst = this.lookup(e.symbol);
    if (inst === undefined) return;
    const taker = e.takerSide === side;
    const orderId = taker ? e.taker : e.maker;
    const price = priceOf(inst, e.price);
    const qty = qtyOf(inst, e.qty);
    const f: FillView = {
      seq: e.seq, ts, symbol: e.symbol, side, price, qty,
      fee: (taker ? e.takerFee : e.makerFee) / pow10(inst.quote.dec), feeAsset: inst.quote.name,
      orderId, liquidity: taker ? 'taker' : 'maker',
    };
    this.fills.push(f);
    this.forFrame.fills.push(f);
    this.forStore.fills.push(f);
    this.update(this.account, orderId, ts, (o) => {
      o.filled = round(o.filled + qty, inst.lotDec);
      const v = (this.value.get(orderId) ?? 0) + price * qty;
      this.value.set(orderId, v);
      o.avgPrice = round(v / o.filled, inst.tickDec + 2);
    });
  }

  private update(account: string, id: string, ts: number, change: (o: OrderView) => void): void {
    if (account !== this.account) return;
    const o = this.orders.get(id);
    if (o === undefined) return;
    change(o);
    o.updatedAt = ts;
    this.touch(id);
  }

  private touch(id: string): void {
    this.forFrame.ids.add(id);
    this.forStore.ids.add(id);
  }

  /** Orders changed and fills made since the store last took them. */
  drainUnsaved(): { orders: OrderView[]; fills: FillView[] } {
    return this.take(this.forStore);
  }

  /** Orders changed and fills made since the last frame. */
  drain(): { orders: OrderView[]; fills: FillView[] } {
    return this.take(this.forFrame);
  }

  private take(c: Changes): { orders: OrderView[]; fills: FillView[] } {
    const orders: OrderView[] = [];
    for (const id of c.ids) {
      const o = this.orders.get(id);
      if (o !== undefined) orders.push({ ...o });
    }
    const fills = c.fills;
    c.ids.clear();
    c.fills = [];
    return { orders, fills };
  }

  /** What the store holds, after a reload. */
  load(orders: readonly OrderView[], fills: readonly FillView[]): void {
    this.clear();
    for (const o of orders) {
      this.orders.set(o.id, { ...o });
      if (o.avgPrice !== null) this.value.set(o.id, o.avgPrice * o.filled);
    }
    for (const f of fills) this.fills.push(f);
  }

  /** Open and waiting orders, oldest first. */
  open(): OrderView[] {
    const out: OrderView[] = [];
    for (const o of this.orders.values()) if (o.status === 'open' || o.status === 'pending') out.push({ ...o });
    return out;
  }

  /**
   * Keeps the newest `keep` fills and, besides every open or waiting order,
   * the `keep` most recently updated orders: storage holds the rest (call
   * only once they are stored).
   */
  trim(keep: number): void {
    if (this.fills.length > keep * 2) this.fills.splice(0, this.fills.length - keep);
    if (this.orders.size <= keep * 2) return;
    const done = [...this.orders.values()].filter((o) => o.status === 'filled' || o.status === 'cancelled').sort((a, b) => a.updatedAt - b.updatedAt);
    for (const o of done.slice(0, Math.max(0, this.orders.size - keep))) {
      if (this.forStore.ids.has(o.id)) continue;
      this.orders.delete(o.id);
      this.value.delete(o.id);
    }
  }

  /** Forget everything (account reset keeps history in the store, not here). */
  clear(): void {
    this.orders.clear();
    this.value.clear();
    this.fills.length = 0;
    this.forFrame = new Changes();
    this.forStore = new Changes();
  }
}

function round(x: number, dec: number): number {
  return Number(x.toFixed(Math.min(dec, 12)));
}

/** Orders (by id) and fills changed since someone last took them. */
class Changes {
  ids = new Set<string>();
  fills: FillView[] = [];
}
