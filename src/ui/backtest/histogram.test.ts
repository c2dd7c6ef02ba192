import { describe, expect, it } from 'vitest';
import { describeSample } from '../../core/backtest/distribution';
import { histogramBars } from './histogram';

describe('histogramBars', () => {
  it('draws each bin by its count (the tallest at full height) and the percentiles on the same scale', () => {
    const d = describeSample([0, 1, 1, 2, 3, 4, 4, 4, 10], 5);
    const s = histogramBars(d, 100, 50);
    expect(s.bars.map((b) => b.count)).toEqual([3, 2, 3, 0, 1]);
    expect(s.bars.map((b) => b.h)).toEqual([50, (2 / 3) * 50, 50, 0, (1 / 3) * 50]);
    expect(s.bars[0].x).toBe(0);
    expect(s.bars[4].x + s.bars[4].w).toBeCloseTo(99.5);
    const median = d.percentiles.find((p) => p.p === 50)!.value;
    expect(median).toBe(3);
    expect(s.marks.find((m) => m.p === 50)!.x).toBeCloseTo(30);
    expect(s.marks.map((m) => m.x)).toEqual([...s.marks.map((m) => m.x)].sort((a, b) => a - b));
  });
  it('draws one value repeated as one bar in the middle, and nothing for no values', () => {
    const s = histogramBars(describeSample([7, 7, 7]), 90, 30);
    expect(s.bars).toEqual([{ x: 30, y: 0, w: 29.5, h: 30, count: 3 }]);
    expect(s.marks.every((m) => m.x === 45)).toBe(true);
    expect(histogramBars(describeSample([]), 90, 30)).toEqual({ bars: [], marks: [] });
  });
});
