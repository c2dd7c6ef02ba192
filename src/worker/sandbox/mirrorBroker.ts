import type { Broker, Exits, OpenOrder, OrderAnswer, OrderSide, Position } from '../../core/strategy/types';
import type { BarSnapshot, SandboxOrder } from './messages';

/**
 * The venue a user strategy's runner sees in the sandbox: the account as the
 * sim's snapshot of this bar says (position, cash, equity, open orders), and
 * orders collected for the engine, which sends them as the strategy
 * account's own commands after the call (journaled; the risk rules and the
 * spot rule are applied there again). Orders are taken only during a call:
 * anything the code schedules for later finds it closed.
 *
 * Spot, as the sim: `allowsShort` is false (the runner refuses a sell beyond
 * the position with its reason). Brackets are the exchange's (`brackets`):
 * an entry's take-profit and stop-loss travel with it.
 */
export class MirrorBroker implements Broker {
  readonly allowsShort = false;
  readonly brackets = true;
  private snap: BarSnapshot | null = null;
  private out: SandboxOrder[] = [];
  private open = false;
  private next = 1;

  constructor(private readonly lot: number) {}

  /** A call begins: this bar's account, and an empty outbox. */
  begin(snap: BarSnapshot | null): void {
    if (snap !== null) this.snap = snap;
    this.out = [];
    this.open = true;
  }

  /** The call ended: what it asked for; later orders are refused. */
  end(): SandboxOrder[] {
    this.open = false;
    const out = this.out;
    this.out = [];
    return out;
  }

  position(): Position {
    return this.snap?.position ?? { units: 0, avgPrice: NaN, pnl: 0 };
  }

  cash(): number {
    return this.snap?.cash ?? 0;
  }

  equity(): number {
    return this.snap?.equity ?? 0;
  }

  openOrders(): readonly OpenOrder[] {
    return this.snap?.openOrders ?? [];
  }

  submit(side: OrderSide, type: 'market' | 'limit' | 'stop', units: number, price: number | undefined, stop: number | undefined, reason: string | undefined, exits?: Exits): OrderAnswer {
    if (!this.open) return { ok: false, code: 'INVALID_ORDER', message: 'Orders are sent from a hook (onBar, onFill), not later.' };
    const o: SandboxOrder = { op: 'place', side, type, units };
    if (price !== undefined) o.price = price;
    if (stop !== undefined) o.stop = stop;
    if (exits?.tp !== undefined) o.tp = exits.tp;
    if (exits?.sl !== undefined) o.sl = exits.sl;
    if (reason !== undefined) o.reason = reason;
    this.out.push(o);
    // The exchange's id exists only once the engine sends it; until then the order is known by this one.
    return { ok: true, id: `pending-${this.next++}` };
  }

  cancel(orderId: string): OrderAnswer {
    if (!this.open) return { ok: false, code: 'INVALID_ORDER', message: 'Orders are cancelled from a hook, not later.' };
    if (orderId.startsWith('pending-')) return { ok: false, code: 'UNKNOWN_ORDER', message: 'That order is sent after this bar; cancel it on the next one.' };
    if (!this.openOrders().some((o) => o.id === orderId)) return { ok: false, code: 'UNKNOWN_ORDER', message: `No open order ${orderId}.` };
    this.out.push({ op: 'cancel', id: orderId });
    return { ok: true, id: orderId };
  }

  /** Down to whole lots, as the exchange takes them (float noise of a division kept off: 2.9999999 lots is 3). */
  roundUnits(units: number): number {
    if (!(units > 0) || !Number.isFinite(units)) return 0;
    const lots = Math.floor(units / this.lot + 1e-9);
    return Number((lots * this.lot).toPrecision(12));
  }
}
