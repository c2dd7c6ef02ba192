import { StrategyRunner } from './runner';
import type { Bar, Broker, Exits, Fill, OpenOrder, OrderAnswer, OrderSide, ParamValues, Position, StrategyDef } from './types';

/**
 * A small bar-by-bar broker for the SDK's tests (the backtester of issue 12
 * will be the real one): market orders fill at the next bar's open; a limit
 * when the next bar trades through it (at the limit, or the open when it
 * gaps past it); a stop when the bar reaches it (at the stop, or the open
 * past it). Whole units, no fees unless asked, cash checked on buys, shorts
 * only when `allowsShort`. No native brackets: the runner places exits.
 */
export class TestBroker implements Broker {
  readonly brackets = false;
  units = 0;
  avg = Number.NaN;
  cashHeld: number;
  mark = Number.NaN;
  seq = 0;
  orders: { id: string; side: OrderSide; type: 'market' | 'limit' | 'stop'; units: number; price?: number; stop?: number; reason?: string }[] = [];
  readonly sent: { side: OrderSide; type: string; units: number; price?: number; stop?: number; reason?: string }[] = [];

  constructor(cash: number, readonly allowsShort = false, readonly feeRate = 0) {
    this.cashHeld = cash;
  }

  position(): Position {
    return { units: this.units, avgPrice: this.units === 0 ? Number.NaN : this.avg, pnl: this.units === 0 ? 0 : (this.mark - this.avg) * this.units };
  }

  cash(): number {
    return this.cashHeld;
  }

  equity(): number {
    return this.cashHeld + (this.units === 0 ? 0 : this.units * this.mark);
  }

  openOrders(): readonly OpenOrder[] {
    return this.orders.map((o) => ({ id: o.id, side: o.side, type: o.type, units: o.units, filledUnits: 0, price: o.price, stopPrice: o.stop, reason: o.reason }));
  }

  submit(side: OrderSide, type: 'market' | 'limit' | 'stop', units: number, price: number | undefined, stop: number | undefined, reason: string | undefined, exits?: Exits): OrderAnswer {
    if (exits !== undefined) throw new Error('TestBroker has no brackets: the runner must not pass exits');
    if (!(units > 0)) return { ok: false, code: 'INVALID_QUANTITY', message: 'units must be above 0' };
    if (side === 'sell' && !this.allowsShort && units > this.units) return { ok: false, code: 'INSUFFICIENT_FUNDS', message: 'not enough held' };
    const id = `T${++this.seq}`;
    this.orders.push({ id, side, type, units, price, stop, reason });
    this.sent.push({ side, type, units, price, stop, reason });
    return { ok: true, id };
  }

  cancel(orderId: string): OrderAnswer {
    const i = this.orders.findIndex((o) => o.id === orderId);
    if (i < 0) return { ok: false, code: 'UNKNOWN_ORDER', message: `no order ${orderId}` };
    this.orders.splice(i, 1);
    return { ok: true, id: orderId };
  }

  roundUnits(units: number): number {
    return Math.floor(units + 1e-9);
  }

  /** The next bar opens: fills what it reaches, in the order the orders were sent. Returns the fills. */
  settle(bar: Bar): Fill[] {
    const fills: Fill[] = [];
    for (const o of [...this.orders]) {
      if (!this.orders.includes(o)) continue; // cancelled by an earlier fill's OCO
      let px: number | undefined;
      if (o.type === 'market') px = bar.open;
      else if (o.type === 'limit') {
        if (o.side === 'buy' && bar.low <= o.price!) px = Math.min(bar.open, o.price!);
        if (o.side === 'sell' && bar.high >= o.price!) px = Math.max(bar.open, o.price!);
      } else {
        if (o.side === 'buy' && bar.high >= o.stop!) px = Math.max(bar.open, o.stop!);
        if (o.side === 'sell' && bar.low <= o.stop!) px = Math.min(bar.open, o.stop!);
      }
      if (px === undefined) continue;
      this.orders.splice(this.orders.indexOf(o), 1);
      // A buy the cash cannot pay at this price fills what it can (as a market order walking a thin book does).
      if (o.side === 'buy') o.units = Math.min(o.units, Math.floor(this.cashHeld / (px * (1 + this.feeRate)) + 1e-9));
      if (!(o.units > 0)) continue;
      const fee = px * o.units * this.feeRate;
      const signed = o.side === 'buy' ? o.units : -o.units;
      const next = this.units + signed;
      if (this.units === 0 || Math.sign(next) !== Math.sign(this.units)) this.avg = next === 0 ? Number.NaN : px;
      else if (Math.abs(next) > Math.abs(this.units)) this.avg = (this.avg * this.units + px * signed) / next;
      this.units = next;
      this.cashHeld -= signed * px + fee;
      fills.push({ orderId: o.id, side: o.side, units: o.units, price: px, fee, time: bar.time });
    }
    this.mark = bar.close;
    return fills;
  }
}

/** Runs a strategy over bars on a TestBroker: each bar settles the last orders, then closes (onBar). */
export function runOnBars(def: StrategyDef, params: ParamValues, bars: readonly Bar[], broker = new TestBroker(10_000)): { runner: StrategyRunner; broker: TestBroker; fills: Fill[] } {
  const runner = new StrategyRunner(def, params, broker, { symbol: 'TEST', timeframe: '1d' });
  runner.start();
  const fills: Fill[] = [];
  for (const bar of bars) {
    for (const f of broker.settle(bar)) {
      fills.push(f);
      runner.onFill(f);
    }
    runner.onBar(bar);
  }
  return { runner, broker, fills };
}

/** Daily bars from CSV text such as `../shared/data/GOOG.csv` (columns found by their header; the date first). */
export function csvBars(text: string): Bar[] {
  const lines = text.trim().split(/\r?\n/);
  const head = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const col = (name: string): number => head.indexOf(name);
  const [d, o, h, l, c, v] = [col('date') >= 0 ? col('date') : 0, col('open'), col('high'), col('low'), col('close'), col('volume')];
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    return { time: Date.parse(f[d]), open: Number(f[o]), high: Number(f[h]), low: Number(f[l]), close: Number(f[c]), volume: Number(f[v]) };
  });
}
