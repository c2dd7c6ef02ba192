import type { Saveable } from './state';

/**
 * What every indicator here is: a small object fed one value at a time, O(1)
 * per update and no allocation after construction, so the same object runs
 * live (one update per candle close) and in a backtest (millions of updates).
 * It saves and restores its whole state exactly (`Saveable`), so a live
 * strategy resumes bit-for-bit after a reload.
 */
export interface Indicator extends Saveable {
  /** Feeds the next value (oldest first) and returns the indicator's value after it (`value`). */
  update(x: number): number;
  /** The value after the last update; NaN until warmed up. */
  readonly value: number;
  /** Whether enough values have been fed for `value` to be defined. */
  readonly ready: boolean;
  /** Back to the state just after construction. */
  reset(): void;
}

/**
 * An indicator that needs the whole bar (ATR: the true range needs high, low
 * and the previous close; VWAP: the typical price and the volume). The same
 * contract as `Indicator` otherwise; it ignores the fields it does not use.
 */
export interface BarIndicator extends Saveable {
  /** Feeds the next closed bar and returns the value after it. */
  updateBar(high: number, low: number, close: number, volume: number): number;
  readonly value: number;
  readonly ready: boolean;
  reset(): void;
}

/** Columns of bars, oldest first, as the chart and the backtester hold them. */
export interface BarColumns {
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

/**
 * An indicator over a whole series, oldest first: out[i] is its value after
 * values[i]. The batch form is the incremental one run in a loop, so a chart
 * and a strategy fed bar by bar see the same numbers. `out` is written in
 * place when given (same length as values), else a new array.
 */
export function runSeries(ind: Indicator, values: ArrayLike<number>, out: Float64Array = new Float64Array(values.length)): Float64Array {
  if (out.length !== values.length) throw new RangeError(`out has ${out.length} slots for ${values.length} values`);
  for (let i = 0; i < values.length; i++) out[i] = ind.update(values[i]);
  return out;
}

/** `runSeries` for a bar indicator over columns of the same length. */
export function runBars(ind: BarIndicator, bars: BarColumns, out: Float64Array = new Float64Array(bars.close.length)): Float64Array {
  const n = bars.close.length;
  if (bars.high.length !== n || bars.low.length !== n || bars.volume.length !== n) throw new RangeError('bar columns differ in length');
  if (out.length !== n) throw new RangeError(`out has ${out.length} slots for ${n} bars`);
  for (let i = 0; i < n; i++) out[i] = ind.updateBar(bars.high[i], bars.low[i], bars.close[i], bars.volume[i]);
  return out;
}

/** Checks a window or smoothing length: a programming error if not a positive integer (parameters a person types are checked where they are read). */
export function checkPeriod(name: string, period: number, max = MAX_PERIOD): number {
  if (!Number.isInteger(period) || period < 1 || period > max) throw new RangeError(`${name} period must be an integer from 1 to ${max}, not ${period}`);
  return period;
}

/**
 * The longest window: 2²⁵ values (256 MiB of ring at most). WMA relies on it:
 * period × a 27-bit half of a double is exact only below 2²⁶.
 */
export const MAX_PERIOD = 2 ** 25;
