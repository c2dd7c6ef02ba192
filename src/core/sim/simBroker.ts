import { BUY } from '../exchange/order';
import type { Instrument } from '../exchange/order';
import { markOf } from '../portfolio/marks';
import { equityOf } from '../portfolio/valuation';
import type { Broker, Exits, OpenOrder, OrderAnswer, OrderSide, Position } from '../strategy/types';
import type { AgentEnv } from './agent';

/**
 * The sim as a strategy's venue: reads the strategy account's balances, its
 * position and its live orders, and sends its orders through the sim's one
 * order path (`desk.submit`: checked and converted once, the account's risk
 * rules, the exchange), exactly as a person's. Spot only: `allowsShort` is
 * false (the runner refuses a sell beyond the holdings with its reason).
 * Exits are the exchange's own brackets (`takeProfit`/`stopLoss` on the
 * entry): its two legs share one escrow, which two separate resting sells of
 * the same holdings could not on spot.
 *
 * Order ids are `strat:S1.7`: the account, then the strategy's own counter
 * (saved with it), so a replay sends the very same ids.
 */
export class SimBroker implements Broker {
  readonly allowsShort = false;
  readonly brackets = true;
  /** Its orders that may be live: [id, has exits (its legs are `id:tp`, `id:sl`)]. */
  open: [id: string, bracket: 0 | 1][] = [];
  seq = 0;

  constructor(readonly account: string, private readonly env: AgentEnv) {}

  private get inst(): Instrument {
    return this.env.inst;
  }

  position(): Position {
    const inst = this.inst;
    const acc = this.env.desk.ex.ledger.accounts.get(this.account);
    const held = acc === undefined ? 0 : (acc.avail[inst.base.index] ?? 0) + (acc.resv[inst.base.index] ?? 0);
    const units = held / 10 ** inst.base.dec;
    if (held === 0) return { units: 0, avgPrice: Number.NaN, pnl: 0 };
    const avgTicks = this.env.positions.get(this.account, inst.symbol)?.avgPrice ?? 0;
    const avgPrice = avgTicks > 0 ? avgTicks * inst.tick : Number.NaN;
    const mark = markOf(inst) * inst.tick;
    return { units, avgPrice, pnl: Number.isNaN(avgPrice) || !(mark > 0) ? 0 : (mark - avgPrice) * units };
  }

  cash(): number {
    const ex = this.env.desk.ex;
    const asset = ex.ledger.findAsset(this.env.cfg.cashAsset);
    const acc = ex.ledger.accounts.get(this.account);
    if (asset === undefined || acc === undefined) return 0;
    return (acc.avail[asset.index] ?? 0) / 10 ** asset.dec;
  }

  equity(): number {
    const ex = this.env.desk.ex;
    const dec = ex.ledger.findAsset(this.env.cfg.cashAsset)?.dec ?? 2;
    return equityOf(ex, this.account, this.env.cfg.cashAsset) / 10 ** dec;
  }

  openOrders(): OpenOrder[] {
    const out: OpenOrder[] = [];
    const keep: [string, 0 | 1][] = [];
    for (const entry of this.open) {
      const [id, bracket] = entry;
      let any = this.addLive(id, out, undefined);
      if (bracket === 1) {
        any = this.addLive(`${id}:tp`, out, 'take-profit') || any;
        any = this.addLive(`${id}:sl`, out, 'stop-loss') || any;
      }
      // An entry's legs are placed in the same exchange call that completes it: nothing live left means all done.
      if (any) keep.push(entry);
    }
    this.open = keep;
    return out;
  }

  private addLive(id: string, out: OpenOrder[], reason: string | undefined): boolean {
    const o = this.env.desk.ex.order(id);
    if (o === undefined) return false;
    const inst = this.inst;
    const lot = inst.lot;
    const view: { -readonly [K in keyof OpenOrder]: OpenOrder[K] } = {
      id, side: o.side === BUY ? 'buy' : 'sell', type: o.type === 'limit' ? 'limit' : o.type === 'market' ? 'market' : 'stop',
      units: round((o.qty + o.filled) * lot, inst.lotDec), filledUnits: round(o.filled * lot, inst.lotDec),
    };
    if (o.price > 0) view.price = round(o.price * inst.tick, inst.tickDec);
    if (o.stopPrice > 0) view.stopPrice = round(o.stopPrice * inst.tick, inst.tickDec);
    if (reason !== undefined) view.reason = reason;
    out.push(view);
    return true;
  }

  submit(side: OrderSide, type: 'market' | 'limit' | 'stop', units: number, price: number | undefined, stop: number | undefined, _reason: string | undefined, exits?: Exits): OrderAnswer {
    const id = `${this.account}.${++this.seq}`;
    const cmd: Parameters<AgentEnv['desk']['submit']>[1] = { op: 'place', id, symbol: this.inst.symbol, side, type, qty: units };
    if (price !== undefined) cmd.price = price;
    if (stop !== undefined) cmd.stopPrice = stop;
    if (exits?.tp !== undefined) cmd.takeProfit = exits.tp;
    if (exits?.sl !== undefined) cmd.stopLoss = exits.sl;
    const r = this.env.desk.submit(this.account, cmd);
    if (!r.ok) return { ok: false, code: r.code, message: r.message };
    this.open.push([id, exits?.tp !== undefined || exits?.sl !== undefined ? 1 : 0]);
    return { ok: true, id };
  }

  cancel(orderId: string): OrderAnswer {
    const r = this.env.desk.submit(this.account, { op: 'cancel', id: orderId });
    return r.ok ? { ok: true, id: orderId } : { ok: false, code: r.code, message: r.message };
  }

  roundUnits(units: number): number {
    const inst = this.inst;
    if (!(units > 0) || !Number.isFinite(units)) return 0;
    // A hair of tolerance: 0.3 / 0.1 is 2.9999999999999996 lots, which is 3.
    const lots = Math.floor(units / inst.lot + 1e-9);
    return round(lots * inst.lot, inst.lotDec);
  }
}

function round(x: number, dec: number): number {
  return Number(x.toFixed(dec));
}
