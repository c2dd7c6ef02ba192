/**
 * A sample of outcomes (Monte Carlo's final equities, its drawdowns) as a
 * person reads it: percentiles, mean, range, and histogram bins to draw.
 */

/** The percentiles reported: the middle half (25–75) and the 90 % band (5–95) around the median. */
export const PERCENTILES = [5, 25, 50, 75, 95] as const;

export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** `PERCENTILES` in order, each with its value; ordered as the percentiles are. */
  percentiles: { p: number; value: number }[];
  /** Equal-width bins from min to max (the last one closed); one bin when every value is the same. */
  bins: { from: number; to: number; count: number }[];
}

/**
 * The p-th percentile (0–100) of values sorted ascending, interpolated
 * linearly between the two nearest ranks (numpy's default, the figure
 * pandas' `quantile` gives); NaN for no values.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  const w = rank - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  // Clamped to [a, b]: rounding could put a + w(b − a) a hair outside, and then a higher p could come out lower.
  return w === 0 || a === b ? a : Math.min(b, Math.max(a, a + w * (b - a)));
}

/** Percentiles, mean, range and `binCount` histogram bins of finite values (NaN and ±Infinity are not counted). */
export function describeSample(values: ArrayLike<number>, binCount = 20): Distribution {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const sorted = Float64Array.from(finite).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const min = n > 0 ? sorted[0] : Number.NaN;
  const max = n > 0 ? sorted[n - 1] : Number.NaN;
  return {
    count: n,
    min,
    max,
    mean: n > 0 ? sum / n : Number.NaN,
    percentiles: PERCENTILES.map((p) => ({ p, value: percentile(sorted, p) })),
    bins: histogram(sorted, Math.max(1, Math.floor(binCount))),
  };
}

function histogram(sorted: Float64Array, binCount: number): Distribution['bins'] {
  const n = sorted.length;
  if (n === 0) return [];
  const min = sorted[0];
  const max = sorted[n - 1];
  if (min === max) return [{ from: min, to: max, count: n }];
  const span = max - min;
  const edge = (i: number): number => (i === binCount ? max : min + (span * i) / binCount);
  const bins = Array.from({ length: binCount }, (_, i) => ({ from: edge(i), to: edge(i + 1), count: 0 }));
  // By the share of the span, not by a bin width: with a span of a few denormals the width underflows to 0.
  for (let i = 0; i < n; i++) {
    const k = Math.floor(((sorted[i] - min) / span) * binCount);
    bins[k >= 0 ? Math.min(binCount - 1, k) : 0].count++;
  }
  return bins;
}
