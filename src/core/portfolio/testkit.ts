import type { Result } from '../codes';
import { pow10 } from '../exchange/decimal';
import type { ExchangeEvent } from '../exchange/events';
import { Exchange } from '../exchange/exchange';
import { Positions } from './positions';
import { transferValue } from './valuation';

/**
 * Test harness: an exchange whose sink feeds Positions, a settable clock, and
 * per-account net contributions (cash in minus out, base at the mark when it
 * moved) in the cash asset's current scale — what net P&L is measured against.
 */
export class Desk {
  readonly ex: Exchange;
  readonly positions: Positions;
  readonly events: ExchangeEvent[] = [];
  now = 0;
  private flows = new Map<string, number>();
  private flowDec = 0;

  constructor(readonly cash = 'USD') {
    this.ex = new Exchange((e) => this.onEvent(e));
    this.positions = new Positions(this.ex);
  }

  private onEvent(e: ExchangeEvent): void {
    this.events.push(e);
    this.positions.onEvent(e, this.now);
    const v = transferValue(this.ex, e, this.cash);
    if (v !== 0 && (e.ev === 'deposit' || e.ev === 'withdrawal')) {
      this.rescaleFlows();
      this.flows.set(e.account, (this.flows.get(e.account) ?? 0) + v);
    }
  }

  /** The cash asset's scale may have grown since the flows were added up. */
  private rescaleFlows(): void {
    const dec = this.ex.ledger.findAsset(this.cash)?.dec ?? 0;
    if (dec > this.flowDec) {
      const f = pow10(dec - this.flowDec);
      for (const [k, v] of this.flows) this.flows.set(k, v * f);
      this.flowDec = dec;
    }
  }

  flow(account: string): number {
    this.rescaleFlows();
    return this.flows.get(account) ?? 0;
  }

  apply(cmd: Record<string, unknown>): Result {
    return this.ex.apply(cmd);
  }

  list(symbol: string, base: string, tick: number, lot: number, fees: { makerFeeBps?: number; takerFeeBps?: number } = {}): void {
    const r = this.apply({ op: 'instrument', symbol, base, quote: this.cash, tick, lot, ...fees });
    if (!r.ok) throw new Error(r.message);
  }

  deposit(account: string, asset: string, amount: number): Result {
    return this.apply({ op: 'deposit', account, asset, amount });
  }

  withdraw(account: string, asset: string, amount: number): Result {
    return this.apply({ op: 'withdraw', account, asset, amount });
  }

  private n = 0;
  /** Places an order with a fresh id; price in decimals. */
  place(account: string, symbol: string, side: 'buy' | 'sell', qty: number, price?: number, extra: Record<string, unknown> = {}): Result {
    const type = price === undefined ? 'market' : 'limit';
    return this.apply({ op: 'place', id: `o${++this.n}`, account, symbol, side, type, price, qty, ...extra });
  }
}
