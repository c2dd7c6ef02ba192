import { Code, fail } from '../codes';
import { emptyList } from './emptyList';
import type { Broker, Exits, OpenOrder, OrderAnswer, OrderSide, Position } from '../strategy/types';
import { FillRecord } from './fillRecord';
import { ClosedTrades, FillLog } from './records';
import type { BacktestConfig, BacktestTrade, OhlcvColumns } from './types';

export { FillRecord, type BacktestFill } from './fillRecord';

/**
 * An order waiting in the queue. `size` is signed units (negative: sell);
 * 0 with `share` set: sized from the money free when it fills. An order with
 * a `parent` closes (part of) that trade: its stop-loss, take-profit, or a
 * close.
 */
interface QueuedOrder {
  /** `B${no}`. */
  id: string;
  no: number;
  size: number;
  share: number;
  limit: number;
  stop: number;
  sl: number;
  tp: number;
  parent: OpenTrade | null;
  reason: string;
  /** The bar it was sent on (-1: the broker's own, an exit or a close at the end). */
  sentBar: number;
}

/** What closes (part of) a trade: an order, or the broker itself (sentBar -1). */
interface Cause {
  reason: string;
  sentBar: number;
}

/** A trade still open (backtesting.py's active `Trade`). NaN: no SL / TP. */
interface OpenTrade {
  size: number;
  entryPrice: number;
  entryBar: number;
  slOrder: QueuedOrder | null;
  tpOrder: QueuedOrder | null;
  reason: string;
  /** Entry commission paid and not yet charged to a closed piece of this trade. */
  entryFee: number;
}

/**
 * The backtester's venue: backtesting.py's `_Broker`, rule for rule (see
 * README.md). Orders wait in one queue and are tried, in queue order, against
 * each new bar: a market order fills at the bar's open (the previous close
 * with `tradeOnClose`); a stop triggers when the bar reaches it and fills at
 * the stop or the open beyond it; a limit fills at the limit or the open
 * beyond it. Fills net against open trades first, oldest first (FIFO), and
 * what is left opens a new trade with its stop-loss and take-profit as
 * contingent orders (stop-losses first in the queue: when both could fill in
 * one bar, the loss is assumed, the conservative reading). Cash changes only
 * by commissions and closed trades' P&L; equity is cash plus the open trades'
 * P&L at the close; an order the free money cannot pay for is cancelled.
 */
export class BacktestBroker implements Broker {
  readonly allowsShort: boolean;
  readonly brackets = true;
  readonly sizesAtFill = true;

  /** The cash, shared with the other instruments' brokers in a portfolio backtest. */
  readonly wallet: Wallet;
  private readonly spread: number;
  private readonly leverage: number;
  private readonly rate: number;
  private readonly fixed: number;
  private readonly perUnit: number;
  private readonly whole: boolean;
  private seq = 0;
  /** The bar being run (its close is the mark). */
  private i = -1;
  readonly orders: QueuedOrder[] = emptyList<QueuedOrder>();
  readonly trades: OpenTrade[] = emptyList<OpenTrade>();
  /** The closed trades, as columns while the run goes (records.ts says why). */
  private readonly closedTrades = new ClosedTrades();
  /** Every fill of the run, in order, as numbers (the run's markers, made into records at the end). */
  readonly fillLog = new FillLog();
  /**
   * Whether each fill is also made a `FillRecord` in `fills` (default yes).
   * A backtest whose strategy has no `onFill` turns it off: tens of thousands
   * of records nobody reads, the same numbers being in `fillLog`.
   */
  tellFills = true;
  /** Fills since the engine last took them, for the runner's `onFill` (with `tellFills`). */
  readonly fills: FillRecord[] = emptyList<FillRecord>();
  /** Orders the broker cancelled (not enough money), with why: the engine logs them. */
  readonly cancelled: string[] = emptyList<string>();
  private readonly pos = { units: 0, avgPrice: Number.NaN, pnl: 0 };
  // Sums over open trades, kept as they change, so equity is O(1) per bar.
  private posSize = 0;
  /** Kept arrays for processOrders' copies of the queue and of the open trades (one each, reused every bar). */
  private readonly queueCopy: QueuedOrder[] = emptyList<QueuedOrder>();
  private readonly tradesCopy: OpenTrade[] = emptyList<OpenTrade>();
  /** Orders processOrders is done with: this pass's (`doneOrders`), then spares to make new orders of (`newOrder` says why). */
  private readonly doneOrders: QueuedOrder[] = emptyList<QueuedOrder>();
  private readonly spareOrders: QueuedOrder[] = emptyList<QueuedOrder>();
  private sumSizeEntry = 0;
  private sumAbsSize = 0;

  constructor(private readonly data: OhlcvColumns, readonly config: BacktestConfig, wallet?: Wallet) {
    this.wallet = wallet ?? new Wallet(config.cash);
    this.wallet.brokers.push(this);
    this.spread = config.spreadBps / 10_000;
    this.leverage = 1 / config.margin;
    this.rate = config.commission.rate;
    this.fixed = config.commission.fixed;
    this.perUnit = config.commission.perUnit;
    this.whole = !config.fractional;
    this.allowsShort = config.allowShort;
  }

  /** The closed trades so far, oldest first, as objects (made once each, when first read). */
  get closed(): BacktestTrade[] {
    return this.closedTrades.list();
  }

  /** The closed trades' numbers, read in place (what the statistics read: no object per trade). */
  get closedColumns(): ClosedTrades {
    return this.closedTrades;
  }

  /** How many trades have closed (without making their objects). */
  get closedCount(): number {
    return this.closedTrades.length;
  }

  // ---------------------------------------------------------------- the SDK's view

  /**
   * The position now. One object per broker, refreshed on each call (the
   * SDK's context is reused the same way: a strategy keeps nothing of it),
   * so an order costs no allocation here.
   */
  position(): Position {
    const p = this.pos;
    const units = this.posSize;
    p.units = units;
    p.avgPrice = units === 0 ? Number.NaN : this.sumSizeEntry / units;
    p.pnl = units === 0 ? 0 : this.unrealised();
    return p;
  }

  cash(): number {
    return this.marginAvailable();
  }

  /** The wallet's equity: its cash plus every instrument's open trades at their last close. */
  equity(): number {
    const w = this.wallet;
    // One instrument (every bar of a backtest) inline; a portfolio's sum out of line (a small function for V8 to inline).
    return w.brokers.length === 1 ? w.cash + this.unrealised() : w.equity();
  }

  openOrders(): readonly OpenOrder[] {
    if (this.orders.length === 0) return NO_ORDERS;
    const out: OpenOrder[] = [];
    for (const o of this.orders) {
      const side: OrderSide = o.size > 0 || (o.size === 0 && o.share > 0) ? 'buy' : 'sell';
      const type = !Number.isNaN(o.limit) ? 'limit' : !Number.isNaN(o.stop) ? 'stop' : 'market';
      out.push({
        id: o.id, side, type, units: Math.abs(o.size), filledUnits: 0,
        price: Number.isNaN(o.limit) ? undefined : o.limit, stopPrice: Number.isNaN(o.stop) ? undefined : o.stop, reason: o.reason,
      });
    }
    return out;
  }

  roundUnits(units: number): number {
    return this.whole ? Math.floor(units + 1e-9) : units;
  }

  submit(
    side: OrderSide, type: 'market' | 'limit' | 'stop', units: number, price: number | undefined, stop: number | undefined,
    reason: string | undefined, exits?: Exits, fraction?: number,
  ): OrderAnswer {
    const sign = side === 'buy' ? 1 : -1;
    const share = fraction ?? 0;
    if (!(units > 0) && !(share > 0 && share < 1)) return fail(Code.INVALID_QUANTITY, 'An order needs units above 0 or a share of the money.');
    const limit = type === 'limit' ? (price ?? Number.NaN) : Number.NaN;
    const stopPx = type === 'stop' ? (stop ?? Number.NaN) : Number.NaN;
    const sl = exits?.sl ?? Number.NaN;
    const tp = exits?.tp ?? Number.NaN;
    // backtesting.py's check: a long needs SL < entry < TP, a short TP < entry < SL (entry: the limit, the stop, or the price now).
    const entry = !Number.isNaN(limit) ? limit : !Number.isNaN(stopPx) ? stopPx : this.adjusted(sign, this.lastPrice());
    const lo = sign > 0 ? sl : tp;
    const hi = sign > 0 ? tp : sl;
    if (!((Number.isNaN(lo) || lo < entry) && (Number.isNaN(hi) || entry < hi))) {
      return fail(
        Code.INVALID_PRICE,
        sign > 0
          ? `A long needs stop-loss < entry < take-profit (stop-loss ${show(sl)}, entry ${show(entry)}, take-profit ${show(tp)}).`
          : `A short needs take-profit < entry < stop-loss (take-profit ${show(tp)}, entry ${show(entry)}, stop-loss ${show(sl)}).`,
      );
    }
    if (this.config.exclusiveOrders) {
      for (let k = this.orders.length - 1; k >= 0; k--) if (!isContingent(this.orders[k])) this.dropOrder(k);
      for (const t of this.trades) this.closeOrder(t);
    }
    const o = this.newOrder(share > 0 ? 0 : sign * units, share > 0 ? sign * share : 0, limit, stopPx, sl, tp, null, reason ?? side, this.i);
    this.orders.push(o);
    return { ok: true, id: o.id };
  }

  cancel(orderId: string): OrderAnswer {
    const k = this.orders.findIndex((o) => o.id === orderId);
    if (k < 0) return fail(Code.UNKNOWN_ORDER, `No open order ${orderId}.`);
    this.dropOrder(k);
    return { ok: true, id: orderId };
  }

  // ---------------------------------------------------------------- the engine's side

  /** The bar `i` opens and runs: the queue is tried against it. Equity at its close is then `equity()`. */
  process(i: number): void {
    this.i = i;
    if (this.orders.length > 0) this.processOrders();
  }

  /** Closes every open trade at the close (equity fell to zero or below: backtesting.py stops the run there). */
  bust(): void {
    const px = this.lastPrice();
    while (this.trades.length > 0) this.closeTrade(this.trades[0], px, this.i, { reason: 'out of money', sentBar: -1 });
    this.wallet.cash = 0;
  }

  /**
   * Queues a close of every open trade, oldest first (backtesting.py's
   * `finalize_trades`), and cancels the strategy's other orders: they were
   * sent after the last bar closed, and would otherwise fill at its open, a
   * price already in the past (backtesting.py lets them; we do not).
   */
  closeAll(reason: string): void {
    for (let k = this.orders.length - 1; k >= 0; k--) if (!isContingent(this.orders[k])) this.dropOrder(k);
    for (let k = this.trades.length - 1; k >= 0; k--) this.closeOrder(this.trades[k], reason);
  }

  // ---------------------------------------------------------------- the queue

  private processOrders(): void {
    const d = this.data;
    const i = this.i;
    const open = d.open[i];
    const high = d.high[i];
    const low = d.low[i];
    let again = false;
    // The queue as it stood when the bar opened (fills add and remove orders as they go): copied into a kept
    // array, not a new one per bar with orders.
    const queue = this.queueCopy;
    const queued = copyInto(queue, this.orders);
    for (let q = 0; q < queued; q++) {
      const order = queue[q];
      if (!this.orders.includes(order)) continue; // its trade closed and took it, or an earlier fill cancelled it
      const isLong = order.size > 0 || order.share > 0;
      const stopPx = order.stop;
      if (!Number.isNaN(stopPx)) {
        const hit = isLong ? high >= stopPx : low <= stopPx;
        if (!hit) continue;
        order.stop = Number.NaN; // a stop reached becomes a market (or limit) order
      }
      let price: number;
      if (!Number.isNaN(order.limit)) {
        const hit = isLong ? low <= order.limit : high >= order.limit;
        // Stop and limit both reached in this bar: assume the limit came first (before the stop made it live), so not filled.
        const limitFirst = hit && (isLong ? order.limit <= (Number.isNaN(stopPx) ? -Infinity : stopPx) : order.limit >= (Number.isNaN(stopPx) ? Infinity : stopPx));
        if (!hit || limitFirst) continue; // a stop reached stays a live limit order
        price = isLong ? Math.min(Number.isNaN(stopPx) ? open : stopPx, order.limit) : Math.max(Number.isNaN(stopPx) ? open : stopPx, order.limit);
      } else {
        price = this.config.tradeOnClose && !isContingent(order) && i > 0 ? d.close[i - 1] : open;
        if (!Number.isNaN(stopPx)) price = isLong ? Math.max(price, stopPx) : Math.min(price, stopPx);
      }
      const isMarket = Number.isNaN(order.limit) && Number.isNaN(stopPx);
      const at = isMarket && this.config.tradeOnClose && !isContingent(order) && i > 0 ? i - 1 : i;

      const parent = order.parent;
      if (parent !== null) {
        // A stop-loss, take-profit or close of one trade.
        const size = Math.sign(order.size) * Math.min(Math.abs(parent.size), Math.abs(order.size));
        if (this.trades.includes(parent)) {
          if (order === parent.slOrder) order.stop = stopPx; // the stop-loss stays on the trade's record, even when gapped through
          this.reduceTrade(parent, price, size, at, order);
        }
        this.retire(order);
        continue;
      }

      const adjusted = this.adjusted(isLong ? 1 : -1, price);
      // backtesting.py prices a unit with the commission of the order as asked (a share, for a money-sized one), and
      // keeps that price for the money check below.
      const asked = order.size !== 0 ? order.size : order.share;
      const perUnitCost = adjusted + this.commission(asked, price) / Math.abs(asked);
      let size = order.size;
      if (size === 0) {
        // Sized now, from the money free now (backtesting.py's relative size).
        const raw = (this.marginAvailable() * this.leverage * Math.abs(order.share)) / perUnitCost;
        size = Math.sign(order.share) * (this.whole ? Math.floor(raw) : raw);
        if (size === 0 || !Number.isFinite(size)) {
          this.refuse(order, `${order.reason}: cancelled at ${show(price)}, not enough money for one unit (equity ${show(this.equity())}).`);
          continue;
        }
      }
      let need = size;
      // Net against opposite trades first, oldest first, at the unadjusted price (the spread was paid on entry).
      const held = this.tradesCopy;
      const heldCount = copyInto(held, this.trades);
      for (let k = 0; k < heldCount; k++) {
        const t = held[k];
        if (t.size > 0 === need > 0) continue;
        if (Math.abs(need) >= Math.abs(t.size)) {
          this.closeTrade(t, price, at, order);
          need += t.size;
        } else {
          this.reduceTrade(t, price, need, at, order);
          need = 0;
        }
        if (need === 0) break;
      }
      if (Math.abs(need) * perUnitCost > this.marginAvailable() * this.leverage + 1e-9 * Math.abs(need) * perUnitCost) {
        this.refuse(order, `${order.reason}: cancelled, ${show(Math.abs(need))} at ${show(adjusted)} needs more money than is free (${show(this.marginAvailable())}).`);
        continue;
      }
      if (need !== 0) {
        this.openTrade(adjusted, need, order, at);
        if (!Number.isNaN(order.sl) || !Number.isNaN(order.tp)) {
          if (isMarket) again = true; // its exits may be hit in this same bar
          else if (
            !Number.isNaN(stopPx) && Number.isNaN(order.limit) && !Number.isNaN(order.tp) &&
            ((isLong && order.tp <= high && (Number.isNaN(order.sl) ? -Infinity : order.sl) < low) ||
              (!isLong && order.tp >= low && (Number.isNaN(order.sl) ? Infinity : order.sl) > high))
          ) again = true; // stop and take-profit go the same way: not ambiguous
        }
      }
      this.retire(order);
    }
    // The orders done with in this pass may be made again from now on (none of this pass's references to them is read again).
    const done = this.doneOrders;
    while (done.length > 0) this.spareOrders.push(done.pop()!);
    if (again) this.processOrders();
  }

  /** An order the queue is done with in processOrders (filled, or refused): out of the queue, kept to be made again. */
  private retire(order: QueuedOrder): void {
    removeItem(this.orders, order);
    this.doneOrders.push(order);
  }

  /** Refused in processOrders: cancelled, with why. */
  private refuse(order: QueuedOrder, message: string): void {
    this.cancelled.push(message);
    this.retire(order);
  }

  /**
   * A new order, numbered next: a spare one made again when there is one.
   * Why spares: a run of the bench sends 78,000 orders, each an object of
   * eleven fields and six boxed numbers (~300 bytes with its id and answer):
   * half the run's allocation, and with it a young collection in two. A
   * spare is an order processOrders was done with (filled or refused):
   * nothing reads it after that pass (its trade, if any, is closed or keeps
   * no reference to it; the pass's copy of the queue is overwritten before it
   * is read again); orders cancelled from outside are left to the collector.
   */
  private newOrder(
    size: number, share: number, limit: number, stop: number, sl: number, tp: number, parent: OpenTrade | null, reason: string, sentBar: number,
  ): QueuedOrder {
    const no = ++this.seq;
    const id = `B${no}`;
    const o = this.spareOrders.pop();
    if (o === undefined) return { id, no, size, share, limit, stop, sl, tp, parent, reason, sentBar };
    o.id = id;
    o.no = no;
    o.size = size;
    o.share = share;
    o.limit = limit;
    o.stop = stop;
    o.sl = sl;
    o.tp = tp;
    o.parent = parent;
    o.reason = reason;
    o.sentBar = sentBar;
    return o;
  }

  private dropOrder(k: number): void {
    const o = this.orders[k];
    removeAt(this.orders, k);
    const t = o.parent;
    if (t === null) return;
    if (t.slOrder === o) t.slOrder = null;
    else if (t.tpOrder === o) t.tpOrder = null;
  }

  /** A market order closing the whole trade, first in the queue (backtesting.py's `Trade.close`). */
  private closeOrder(t: OpenTrade, reason = 'close'): void {
    insertFirst(this.orders, this.newOrder(-t.size, 0, Number.NaN, Number.NaN, Number.NaN, Number.NaN, t, reason, -1));
  }

  // ---------------------------------------------------------------- trades

  private openTrade(price: number, size: number, order: QueuedOrder, at: number): void {
    const fee = this.commission(size, price);
    const t: OpenTrade = { size, entryPrice: price, entryBar: at, slOrder: null, tpOrder: null, reason: order.reason, entryFee: fee };
    this.trades.push(t);
    this.posSize += size;
    this.sumSizeEntry += size * price;
    this.sumAbsSize += Math.abs(size);
    this.wallet.cash -= fee;
    const time = this.data.time;
    this.fill('B', order.no, size > 0 ? 'buy' : 'sell', Math.abs(size), price, fee, time[at], order.reason, time[order.sentBar >= 0 ? order.sentBar : at]);
    // Exits as contingent orders: the stop-loss first in the queue, the take-profit last.
    if (!Number.isNaN(order.tp)) {
      t.tpOrder = this.newOrder(-size, 0, order.tp, Number.NaN, Number.NaN, Number.NaN, t, 'take-profit', -1);
      this.orders.push(t.tpOrder);
    }
    if (!Number.isNaN(order.sl)) {
      t.slOrder = this.newOrder(-size, 0, Number.NaN, order.sl, Number.NaN, Number.NaN, t, 'stop-loss', -1);
      insertFirst(this.orders, t.slOrder);
    }
  }

  /** Takes `size` (opposite sign, at most the trade's) out of a trade: all of it closes it, less splits it. */
  private reduceTrade(t: OpenTrade, price: number, size: number, at: number, by: Cause): void {
    const left = t.size + size;
    if (left === 0) {
      this.closeTrade(t, price, at, by);
      return;
    }
    // The trade goes on smaller; a copy of the part taken out is closed (backtesting.py's `_reduce_trade`). The
    // entry commission, paid once, is shared in proportion (backtesting.py charges its fixed part to every piece).
    const partFee = (t.entryFee * Math.abs(size)) / Math.abs(t.size);
    this.unbook(t);
    t.size = left;
    t.entryFee -= partFee;
    this.book(t);
    if (t.slOrder !== null) t.slOrder.size = -left;
    if (t.tpOrder !== null) t.tpOrder.size = -left;
    const part: OpenTrade = { size: -size, entryPrice: t.entryPrice, entryBar: t.entryBar, slOrder: null, tpOrder: null, reason: t.reason, entryFee: partFee };
    this.trades.push(part);
    this.book(part);
    this.closeTrade(part, price, at, by);
  }

  private closeTrade(t: OpenTrade, price: number, at: number, by: Cause): void {
    const reason = by.reason;
    removeItem(this.trades, t);
    this.unbook(t);
    if (t.slOrder !== null) this.removeOrder(t.slOrder);
    if (t.tpOrder !== null) this.removeOrder(t.tpOrder);
    const exitFee = this.commission(t.size, price);
    const entryFee = t.entryFee;
    const gross = t.size * (price - t.entryPrice);
    this.wallet.cash += gross - exitFee;
    const commission = exitFee + entryFee;
    const value = Math.abs(t.size) * t.entryPrice;
    const time = this.data.time;
    this.closedTrades.add(
      t.size, t.entryBar, at, time[t.entryBar], time[at], t.entryPrice, price, gross - commission,
      Math.sign(t.size) * (price / t.entryPrice - 1) - commission / value, commission,
      t.slOrder === null ? Number.NaN : t.slOrder.stop, t.tpOrder === null ? Number.NaN : t.tpOrder.limit, t.reason, reason,
    );
    this.fill('close:', t.entryBar, t.size > 0 ? 'sell' : 'buy', Math.abs(t.size), price, exitFee, time[at], reason, time[by.sentBar >= 0 ? by.sentBar : at]);
  }

  /** A fill of order `${idPrefix}${idNumber}`: logged, and a record of it for the strategy's `onFill` when one is told. */
  private fill(
    idPrefix: string, idNumber: number, side: OrderSide, units: number, price: number, fee: number, time: number, reason: string, signalTime: number,
  ): void {
    this.fillLog.addNumberedFill(idPrefix, idNumber, side, units, price, fee, time, reason, signalTime);
    if (this.tellFills) this.fills.push(new FillRecord(`${idPrefix}${idNumber}`, side, units, price, fee, time, reason, signalTime));
  }

  private removeOrder(o: QueuedOrder): void {
    removeItem(this.orders, o);
  }

  private book(t: OpenTrade): void {
    this.posSize += t.size;
    this.sumSizeEntry += t.size * t.entryPrice;
    this.sumAbsSize += Math.abs(t.size);
  }

  private unbook(t: OpenTrade): void {
    this.posSize -= t.size;
    this.sumSizeEntry -= t.size * t.entryPrice;
    this.sumAbsSize -= Math.abs(t.size);
    if (this.trades.length === 0) {
      // No drift left behind: with no trade open, the sums are exactly zero.
      this.posSize = 0;
      this.sumSizeEntry = 0;
      this.sumAbsSize = 0;
    }
  }

  // ---------------------------------------------------------------- money

  private lastPrice(): number {
    return this.data.close[this.i < 0 ? 0 : this.i];
  }

  /** This instrument's open trades' P&L at its last close. */
  unrealised(): number {
    return this.posSize === 0 && this.trades.length === 0 ? 0 : this.lastPrice() * this.posSize - this.sumSizeEntry;
  }

  /** The margin this instrument's open trades hold. */
  marginUsed(): number {
    return (this.sumAbsSize * this.lastPrice()) / this.leverage;
  }

  private marginAvailable(): number {
    const w = this.wallet;
    const used = w.brokers.length === 1 ? this.marginUsed() : w.marginUsed();
    return Math.max(0, this.equity() - used);
  }

  private adjusted(sign: number, price: number): number {
    return price * (1 + sign * this.spread);
  }

  /** What a fill of `size` units at `price` costs in commission (backtesting.py's `(fixed, relative)`, plus per unit). */
  private commission(size: number, price: number): number {
    return this.fixed + Math.abs(size) * (price * this.rate + this.perUnit);
  }
}

const NO_ORDERS: readonly OpenOrder[] = Object.freeze([]);

/** Cash, and the brokers that share it: one in a backtest, one per instrument in a portfolio backtest. */
export class Wallet {
  readonly brokers: BacktestBroker[] = [];
  constructor(public cash: number) {}

  /** Cash plus every instrument's open trades at their last close, summed in the brokers' order. */
  equity(): number {
    let e = this.cash;
    for (let k = 0; k < this.brokers.length; k++) e += this.brokers[k].unrealised();
    return e;
  }

  /** The margin every instrument's open trades hold, summed in the brokers' order. */
  marginUsed(): number {
    let used = 0;
    for (let k = 0; k < this.brokers.length; k++) used += this.brokers[k].marginUsed();
    return used;
  }
}

/*
 * The queue's and the open trades' small arrays change on every fill. These
 * do it in place, with the operations TurboFan compiles inline (index stores,
 * push, pop): `splice` and `unshift` are calls into the runtime, and `splice`
 * makes an array of what it removed; setting `length` is a runtime call too.
 */

/**
 * Copies `from` into the first slots of `to` and answers how many (a copy
 * kept from bar to bar: it only grows, and holds the last copied orders or
 * trades, a handful, until the next copy overwrites them).
 */
function copyInto<T>(to: T[], from: readonly T[]): number {
  const m = from.length;
  for (let k = 0; k < m; k++) {
    if (k < to.length) to[k] = from[k];
    else to.push(from[k]);
  }
  return m;
}

/** Removes the item at `k` (the others keep their order). */
function removeAt<T>(a: T[], k: number): void {
  for (let j = k + 1; j < a.length; j++) a[j - 1] = a[j];
  a.pop();
}

/** Removes `x` if it is there (its first place). */
function removeItem<T>(a: T[], x: T): void {
  const k = a.indexOf(x);
  if (k >= 0) removeAt(a, k);
}

/** Puts `x` first (the others move up one). */
function insertFirst<T>(a: T[], x: T): void {
  a.push(x);
  for (let j = a.length - 1; j > 0; j--) a[j] = a[j - 1];
  a[0] = x;
}

function isContingent(o: QueuedOrder): boolean {
  const t = o.parent;
  return t !== null && (t.slOrder === o || t.tpOrder === o);
}

function show(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(8))) : '—';
}
