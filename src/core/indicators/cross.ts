/**
 * Crossings, as TradingView defines them (ta.crossover / ta.crossunder):
 * a crosses over b on this bar when a > b now and a ≤ b one bar ago. A NaN
 * anywhere (an indicator not warmed up, a gap) is no crossing.
 *
 * technicalindicators' CrossUp differs only on ties: where a touched b
 * (a == b one bar ago) it looks further back and calls a bounce off b from
 * above no crossing; here the touch and the rise after it are a crossing, as
 * in TradingView and backtesting.py's `crossover`.
 */
export function crossover(a: number, b: number, aPrev: number, bPrev: number): boolean {
  return a > b && aPrev <= bPrev;
}

/** a crosses under b: a < b now and a ≥ b one bar ago. */
export function crossunder(a: number, b: number, aPrev: number, bPrev: number): boolean {
  return a < b && aPrev >= bPrev;
}

/** What the helpers read from a series: its value now and `prev(1)`, one bar ago (the SDK's `Series` is one). */
export interface SeriesLike {
  readonly value: number;
  prev(barsAgo: number): number;
}

function now(s: SeriesLike | number): number {
  return typeof s === 'number' ? s : s.value;
}

function before(s: SeriesLike | number): number {
  return typeof s === 'number' ? s : s.prev(1);
}

/** Whether series `a` crossed over `b` (a series or a level, e.g. an RSI over 30) on the last bar. */
export function crossedOver(a: SeriesLike, b: SeriesLike | number): boolean {
  return crossover(a.value, now(b), a.prev(1), before(b));
}

/** Whether series `a` crossed under `b` on the last bar. */
export function crossedUnder(a: SeriesLike, b: SeriesLike | number): boolean {
  return crossunder(a.value, now(b), a.prev(1), before(b));
}

/** Batch form over whole series (a chart's markers, a backtest's signals): out[i] = 1 where a crossed over b at i. */
export function crossovers(a: ArrayLike<number>, b: ArrayLike<number> | number): Uint8Array {
  return crossings(a, b, crossover);
}

/** out[i] = 1 where a crossed under b at i. */
export function crossunders(a: ArrayLike<number>, b: ArrayLike<number> | number): Uint8Array {
  return crossings(a, b, crossunder);
}

function crossings(a: ArrayLike<number>, b: ArrayLike<number> | number, test: typeof crossover): Uint8Array {
  if (typeof b !== 'number' && b.length !== a.length) throw new RangeError(`series differ in length: ${a.length} and ${b.length}`);
  const out = new Uint8Array(a.length);
  const at = (i: number) => (typeof b === 'number' ? b : b[i]);
  for (let i = 1; i < a.length; i++) out[i] = test(a[i], at(i), a[i - 1], at(i - 1)) ? 1 : 0;
  return out;
}
