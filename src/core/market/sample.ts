// Sample history: candles for the time before the sim's first one, drawn from
// an instrument's own price model, for a chart that has no real history to
// show (a first visit offline, before any candles were cached).
//
// It is not a market's past, and callers must say so where it is shown. It
// carries no volume and no trades, because none happened. It is drawn
// backwards from where the sim's prices start, so it joins them without a
// jump, and the same seed gives the same sample each time.

import type { Candle } from './candles';
import { YEAR_SECONDS } from './gbm';
import type { Rng } from './prng';

export interface SampleParams {
  /** Where the sample ends (UTC ms): its last candle closes here. Aligned down to the interval. */
  end: number;
  /** The price in ticks at `end` (the open of the first real or sim candle), ≥ 1. */
  endTicks: number;
  intervalMs: number;
  /** Candles to draw, at most MAX_SAMPLE. */
  count: number;
  /** Annualized volatility of the instrument's model. */
  volatility: number;
  rng: Rng;
}

export const MAX_SAMPLE = 5000;

/** Steps inside each candle: enough for its high and low to be a path's, not its open and close's. */
const SUBSTEPS = 6;

/**
 * Candles oldest first, prices in ticks (integers ≥ 1), `v` and `n` zero.
 * Each candle's close is the next one's open; the last one closes at
 * `endTicks`. Walking a Brownian path back in time has the same law as
 * walking it forward, so the log-price steps back with the volatility of the
 * instrument (drift is negligible over a chart's span and left out).
 */
export function sampleHistory(p: SampleParams): Candle[] {
  const count = Math.max(0, Math.min(MAX_SAMPLE, Math.floor(p.count)));
  if (count === 0 || !(p.intervalMs > 0) || !(p.endTicks >= 1) || !Number.isFinite(p.end)) return [];
  const sigma = Number.isFinite(p.volatility) && p.volatility > 0 ? p.volatility : 0;
  const step = sigma * Math.sqrt(p.intervalMs / 1000 / SUBSTEPS / YEAR_SECONDS);
  const end = Math.floor(p.end / p.intervalMs) * p.intervalMs;
  const toTicks = (x: number): number => Math.max(1, Math.round(Math.exp(x)));

  const out: Candle[] = new Array(count);
  let x = Math.log(p.endTicks);
  let closeTicks = Math.round(p.endTicks);
  for (let k = count - 1; k >= 0; k--) {
    let hi = closeTicks;
    let lo = closeTicks;
    let openTicks = closeTicks;
    for (let s = 0; s < SUBSTEPS; s++) {
      x -= step * p.rng.gaussian();
      openTicks = toTicks(x);
      if (openTicks > hi) hi = openTicks;
      if (openTicks < lo) lo = openTicks;
    }
    out[k] = { t: end - (count - k) * p.intervalMs, o: openTicks, h: hi, l: lo, c: closeTicks, v: 0, n: 0 };
    closeTicks = openTicks;
  }
  return out;
}
