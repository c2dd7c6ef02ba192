/**
 * One market's ticker as the page reads it, and the price a page shows for
 * it. Pure functions: the stores call them, tests call them.
 */

export interface TickerRow {
  last: number;
  bid: number;
  ask: number;
  open24: number;
  value24: number;
  open: boolean;
  spark: Float32Array;
}

/**
 * Whether two sparklines hold the same closes. NaN (no trade yet) equals NaN:
 * a market that has not traded must not count as changed on every frame.
 */
export function sameSpark(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** The price to show for a market: its last trade, or before the first trade the mid of its quotes (mid: true). */
export function shownPrice(t: TickerRow | undefined): { price: number; mid: boolean } {
  if (t === undefined) return { price: NaN, mid: false };
  if (Number.isFinite(t.last)) return { price: t.last, mid: false };
  const mid = (t.bid + t.ask) / 2;
  return { price: mid, mid: Number.isFinite(mid) };
}
