/**
 * What every indicator here is: a small object fed one value at a time, O(1)
 * per update and no allocation after construction, so the same object runs
 * live (one update per candle close) and in a backtest (millions of updates).
 */
export interface Indicator {
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
