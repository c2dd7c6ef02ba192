import { bestLevel } from '../core/exchange/book';
import { priceOf } from '../core/exchange/instrument';
import type { Sim } from '../core/sim/sim';

export interface Ticker {
  symbol: string;
  name: string;
  group: string;
  last: number | null;
  bid: number | null;
  ask: number | null;
  open: boolean;
}

/** Market tickers with best bid and ask, in decimals (the seeds' GET /api/market/tickers). */
export function tickers(sim: Sim): Ticker[] {
  const out: Ticker[] = [];
  for (const m of sim.markets.values()) {
    const inst = m.inst;
    const bid = bestLevel(inst.bids);
    const ask = bestLevel(inst.asks);
    out.push({
      symbol: m.spec.symbol,
      name: m.spec.name,
      group: m.spec.group,
      last: inst.last ? priceOf(inst, inst.last) : null,
      bid: bid ? priceOf(inst, bid.price) : null,
      ask: ask ? priceOf(inst, ask.price) : null,
      open: m.open,
    });
  }
  return out;
}
