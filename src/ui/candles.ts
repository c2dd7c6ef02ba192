/**
 * The chart's candles: the history fetched once per symbol and timeframe,
 * then the last candles of each frame merged in. Every merge makes new arrays
 * (the chart keeps the ones it was given).
 */
import type { CandleData } from '../protocol';

const KEYS = ['t', 'o', 'h', 'l', 'c', 'v'] as const;

export function emptyCandles(): CandleData {
  return { t: new Float64Array(0), o: new Float64Array(0), h: new Float64Array(0), l: new Float64Array(0), c: new Float64Array(0), v: new Float64Array(0) };
}

/** History plus newer candles: a candle with the same open time replaces the old one; older ones are ignored. */
export function mergeCandles(base: CandleData, recent: CandleData, max = 1500): CandleData {
  const n = base.t.length;
  const lastT = n > 0 ? base.t[n - 1] : -Infinity;
  let start = 0;
  while (start < recent.t.length && recent.t[start] < lastT) start++;
  if (start === recent.t.length) return base;
  const replace = recent.t[start] === lastT ? 1 : 0;
  const add = recent.t.length - start;
  const total = n - replace + add;
  const drop = Math.max(0, total - max);
  const out = {} as CandleData;
  for (const k of KEYS) {
    const a = new Float64Array(total - drop);
    a.set(base[k].subarray(drop, n - replace), 0);
    a.set(recent[k].subarray(start), n - replace - drop);
    out[k] = a;
  }
  return out;
}

/** Older candles (real history) before the ones we have; only those strictly older than our first are taken. */
export function prependCandles(older: CandleData, base: CandleData, max = 3000): CandleData {
  const first = base.t.length > 0 ? base.t[0] : Infinity;
  let end = 0;
  while (end < older.t.length && older.t[end] < first) end++;
  if (end === 0) return base;
  const start = Math.max(0, end + base.t.length - max);
  const take = Math.max(0, end - start);
  const out = {} as CandleData;
  for (const k of KEYS) {
    const a = new Float64Array(take + base.t.length);
    a.set(older[k].subarray(start, end), 0);
    a.set(base[k], take);
    out[k] = a;
  }
  return out;
}
