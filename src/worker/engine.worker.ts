/**
 * The engine's home: the sim runs here, off the UI thread, and is driven by
 * the worker's clock. A thin adapter: no business logic, only the clock, the
 * API and the translation of engine integers into what the UI shows.
 */
import * as Comlink from 'comlink';
import { Sim } from '../core/sim/sim';
import { tickers, type Ticker } from './tickers';

// The market opened a few minutes before the page did: every instrument has
// traded and shows a last price from the first frame.
const WARM_UP_MS = 5 * 60_000;
const sim = new Sim({ seed: 'bourse', start: Date.now() - WARM_UP_MS });
sim.step(WARM_UP_MS);
let last = Date.now();
setInterval(() => {
  const now = Date.now();
  sim.step(Math.min(now - last, 5_000));
  last = now;
}, 250);

const api = {
  tickers(): Ticker[] {
    return tickers(sim);
  },
  health(): { ok: true; now: number; instruments: number; openOrders: number } {
    return { ok: true, now: sim.now, instruments: sim.markets.size, openOrders: sim.ex.live.size };
  },
};

export type EngineApi = typeof api;
Comlink.expose(api);
