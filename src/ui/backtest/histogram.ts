/**
 * A distribution's histogram as shapes in a w × h box: a bar per bin (height
 * by its count, the tallest at full height) and the percentiles' x, on the
 * same linear scale from the lowest value to the highest. Pure.
 */
import type { Distribution } from '../../core/backtest/distribution';

export interface HistogramShape {
  bars: { x: number; y: number; w: number; h: number; count: number }[];
  marks: { p: number; x: number }[];
}

export function histogramBars(d: Distribution, w: number, h: number): HistogramShape {
  if (d.count === 0 || d.bins.length === 0) return { bars: [], marks: [] };
  const tallest = Math.max(...d.bins.map((b) => b.count));
  const span = d.max - d.min;
  // Every value the same: one bar across the middle third, the marks at its centre.
  const xOf = (v: number) => (span > 0 ? ((v - d.min) / span) * w : w / 2);
  const bars = d.bins.map((b) => {
    const x0 = span > 0 ? xOf(b.from) : w / 3;
    const x1 = span > 0 ? xOf(b.to) : (2 * w) / 3;
    const bh = tallest > 0 ? (b.count / tallest) * h : 0;
    return { x: x0, y: h - bh, w: Math.max(0, x1 - x0 - 0.5), h: bh, count: b.count };
  });
  return { bars, marks: d.percentiles.filter((p) => Number.isFinite(p.value)).map((p) => ({ p: p.p, x: xOf(p.value) })) };
}
