/**
 * One market's ticker read out of a frame's parallel arrays, and the price a
 * page shows for it. Pure functions: the stores call them, tests call them.
 */
import type { Tickers } from '../../protocol';

export interface TickerRow {
  last: number;
  bid: number;
  ask: number;
  open24: number;
  value24: number;
  open: boolean;
  spark: Float32Array;
}

/** The row of the instrument at index `i` (its place in `instruments()`). */
export function tickerRow(t: Tickers, i: number): TickerRow {
  const p = t.sparkPoints;
  return {
    last: t.last[i], bid: t.bid[i], ask: t.ask[i], open24: t.open24[i], value24: t.value24[i], open: t.open[i] === 1,
    spark: t.spark.subarray(i * p, (i + 1) * p),
  };
}

/** The price to show for a market: its last trade, or before the first trade the mid of its quotes (mid: true). */
export function shownPrice(t: TickerRow | undefined): { price: number; mid: boolean } {
  if (t === undefined) return { price: NaN, mid: false };
  if (Number.isFinite(t.last)) return { price: t.last, mid: false };
  const mid = (t.bid + t.ask) / 2;
  return { price: mid, mid: Number.isFinite(mid) };
}
