import type { OhlcvColumns } from './types';

/** One bar as a row (tests, small sources); the backtester itself reads columns. */
export interface BarRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Rows into columns (copied). */
export function columnsOf(bars: readonly BarRow[]): OhlcvColumns {
  const n = bars.length;
  const c = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    const b = bars[i];
    c.time[i] = b.time;
    c.open[i] = b.open;
    c.high[i] = b.high;
    c.low[i] = b.low;
    c.close[i] = b.close;
    c.volume[i] = b.volume;
  }
  return c;
}

export function emptyColumns(n: number): OhlcvColumns & { length: number } {
  return {
    length: n, time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n),
    low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
  };
}

/** The bars with `from <= time <= to` (views on the same memory, no copy). */
export function sliceColumns(data: OhlcvColumns, from: number, to: number): OhlcvColumns {
  const a = lowerBound(data.time, from);
  const b = upperBound(data.time, to);
  const end = Math.max(a, Math.min(b, data.length));
  return {
    length: end - a, time: data.time.subarray(a, end), open: data.open.subarray(a, end), high: data.high.subarray(a, end),
    low: data.low.subarray(a, end), close: data.close.subarray(a, end), volume: data.volume.subarray(a, end),
  };
}

/** The bars from index `a` (inclusive) to `b` (exclusive), as views. */
export function barsBetween(data: OhlcvColumns, a: number, b: number): OhlcvColumns {
  return {
    length: Math.max(0, b - a), time: data.time.subarray(a, b), open: data.open.subarray(a, b), high: data.high.subarray(a, b),
    low: data.low.subarray(a, b), close: data.close.subarray(a, b), volume: data.volume.subarray(a, b),
  };
}

/** The first index whose time is after `x` (the end of an inclusive range). */
function upperBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What the backtester needs of its data, in plain words (null: fine): at
 * least two bars, times strictly increasing, prices finite and above 0, each
 * bar's high at or above its open and close and its low at or below them.
 */
export function checkColumns(data: OhlcvColumns): string | null {
  const n = data.length;
  if (!Number.isInteger(n) || n < 2) return 'A backtest needs at least two bars.';
  const { time, open, high, low, close, volume } = data;
  for (const col of [time, open, high, low, close, volume]) {
    if (!(col instanceof Float64Array) || col.length < n) return 'The data is not a set of OHLCV columns.';
  }
  for (let i = 0; i < n; i++) {
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    if (!Number.isFinite(time[i])) return `Bar ${i + 1} has no time.`;
    if (i > 0 && !(time[i] > time[i - 1])) return `Bar ${i + 1} is not after bar ${i} (times must increase).`;
    if (!(o > 0 && h > 0 && l > 0 && c > 0) || !Number.isFinite(o + h + l + c)) return `Bar ${i + 1} has a price that is not a number above 0.`;
    if (h < Math.max(o, c) || l > Math.min(o, c)) return `Bar ${i + 1}: high ${h} and low ${l} do not hold open ${o} and close ${c}.`;
    if (!(volume[i] >= 0) && !Number.isNaN(volume[i])) return `Bar ${i + 1} has a negative volume.`;
  }
  return null;
}
