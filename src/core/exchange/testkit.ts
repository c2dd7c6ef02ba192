import { depth } from './book';
import type { Command, PlaceCommand } from './commands';
import type { ExchangeEvent } from './events';
import { Exchange } from './exchange';
import { toDecimal, type DecimalEvent } from './format';
import { priceOf, qtyOf } from './instrument';

/**
 * A small harness for tests: an exchange with FUN/USD listed, an event log in
 * decimals, and balance and book readers in decimals.
 */
export class Kit {
  readonly raw: ExchangeEvent[] = [];
  readonly ex: Exchange;

  constructor(fees: { makerFeeBps?: number; takerFeeBps?: number } = {}, lot = 1) {
    this.ex = new Exchange((e) => this.raw.push(e));
    const listed = this.ex.apply({ op: 'instrument', symbol: 'FUN', base: 'FUN', quote: 'USD', tick: 0.01, lot, ...fees });
    if (!listed.ok) throw new Error(`Kit: FUN/USD not listed: ${listed.message}`);
  }

  apply(...cmds: (Command | Record<string, unknown>)[]): DecimalEvent[] {
    const from = this.raw.length;
    for (const c of cmds) void this.ex.apply(c); // tests send refused commands too: they read the reject events returned
    return this.raw.slice(from).map((e) => toDecimal(this.ex, e));
  }

  fund(account: string, usd: number, fun = 0): void {
    if (usd) this.apply({ op: 'deposit', account, asset: 'USD', amount: usd });
    if (fun) this.apply({ op: 'deposit', account, asset: 'FUN', amount: fun });
  }

  place(p: Partial<PlaceCommand> & { id: string; account: string; side: 'buy' | 'sell' }): DecimalEvent[] {
    return this.apply({ op: 'place', symbol: 'FUN', type: 'limit', qty: 1, ...p } as PlaceCommand);
  }

  bal(account: string, asset: string): { available: number; reserved: number } {
    const a = this.ex.ledger.findAsset(asset);
    const acc = this.ex.ledger.accounts.get(account);
    if (!a || !acc) return { available: 0, reserved: 0 };
    const f = 10 ** a.dec;
    return { available: acc.avail[a.index] / f, reserved: acc.resv[a.index] / f };
  }

  book(symbol = 'FUN'): { bids: [number, number][]; asks: [number, number][] } {
    const inst = this.ex.instruments.get(symbol)!;
    const conv = ([p, q]: [number, number]): [number, number] => [priceOf(inst, p), qtyOf(inst, q)];
    return { bids: depth(inst.bids).map(conv), asks: depth(inst.asks).map(conv) };
  }

  kinds(events: DecimalEvent[]): string[] {
    return events.map((e) => (e.ev === 'cancelled' || e.ev === 'rejected' ? `${e.ev}:${String(e.reason)}` : e.ev));
  }
}
