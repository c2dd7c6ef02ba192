import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../../core/backtest/sweep';
import type { BacktestStats } from '../../core/backtest/types';
import { CELL_PX, colorAt, heatLayout, heatmapOf, moveCell, scaleOf } from './heatmap';

const stats = (sqn: number) => ({ sqn, returnPct: sqn * 10 }) as unknown as BacktestStats;
const row = (fast: number, slow: number, short: boolean, sqn: number): SweepRow => ({ params: { fast, slow, short }, stats: stats(sqn), error: null });
const AXES = [
  { name: 'fast', values: [5, 10, 15] },
  { name: 'slow', values: [20, 30] },
  { name: 'short', values: [false, true] },
];

describe('heatmapOf', () => {
  it('puts each row at its x and y, only the rows at the other parameters of `at`, with their set numbers', () => {
    const rows = [row(5, 20, false, 1), row(5, 20, true, 9), undefined, row(15, 30, false, -2), row(10, 30, false, Number.NaN)];
    const g = heatmapOf(AXES, rows, 'fast', 'slow', 'sqn', { fast: 5, slow: 20, short: false });
    expect(g.xs).toEqual([5, 10, 15]);
    expect(g.ys).toEqual([20, 30]);
    expect(Array.from(g.values)).toEqual([1, NaN, NaN, NaN, NaN, -2]);
    expect(Array.from(g.sets)).toEqual([0, -1, -1, -1, 4, 3]);
    expect([g.min, g.max, g.filled]).toEqual([-2, 1, 3]);
    // The other slice: short on.
    const other = heatmapOf(AXES, rows, 'fast', 'slow', 'sqn', { fast: 5, slow: 20, short: true });
    expect(other.filled).toBe(1);
    expect(other.values[0]).toBe(9);
  });

  it('draws nothing before a row has arrived, or over one parameter twice', () => {
    expect(heatmapOf(AXES, [row(5, 20, false, 1)], 'fast', 'slow', 'sqn', null).filled).toBe(0);
    expect(heatmapOf(AXES, [row(5, 20, false, 1)], 'fast', 'fast', 'sqn', { fast: 5, slow: 20, short: false }).filled).toBe(0);
  });

  it('every row of the slice lands in exactly one cell', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(5, 10, 15), fc.constantFrom(20, 30), fc.double({ noNaN: true, min: -1e6, max: 1e6 })), { maxLength: 30 }), (xs) => {
      const rows = xs.map(([f, s, v]) => row(f, s, false, v));
      const g = heatmapOf(AXES, rows, 'fast', 'slow', 'sqn', { fast: 5, slow: 20, short: false });
      const distinct = new Set(xs.map(([f, s]) => `${f}/${s}`)).size;
      expect(g.filled).toBe(rows.length);
      expect(Array.from(g.sets).filter((s) => s >= 0).length).toBe(distinct);
      for (let c = 0; c < g.sets.length; c++) {
        if (g.sets[c] < 0) continue;
        const r = rows[g.sets[c]];
        expect(g.xs[c % 3]).toBe(r.params.fast);
        expect(g.ys[Math.floor(c / 3)]).toBe(r.params.slow);
        expect(g.values[c]).toBe(r.stats.sqn);
        expect(g.values[c]).toBeGreaterThanOrEqual(g.min);
        expect(g.values[c]).toBeLessThanOrEqual(g.max);
      }
    }));
  });
});

describe('the colour scale', () => {
  it('maps min to 0, max to 1, clamps outside, and a flat range to the middle', () => {
    expect(scaleOf(-2, -2, 1)).toBe(0);
    expect(scaleOf(1, -2, 1)).toBe(1);
    expect(scaleOf(-0.5, -2, 1)).toBe(0.5);
    expect(scaleOf(5, -2, 1)).toBe(1);
    expect(scaleOf(3, 3, 3)).toBe(0.5);
    expect(scaleOf(Number.NaN, 0, 1)).toBeNaN();
  });
  it("is viridis's ends, clamped outside 0 to 1", () => {
    expect(colorAt(0)).toBe('rgb(68, 1, 84)');
    expect(colorAt(1)).toBe('rgb(253, 231, 37)');
    expect(colorAt(2)).toBe(colorAt(1));
  });
  it('grows lighter from low to high (its luminance rises), so order reads without hue', () => {
    const lum = (t: number) => {
      const [r, g, b] = colorAt(t).match(/\d+/g)!.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let i = 0; i < 20; i++) expect(lum((i + 1) / 20)).toBeGreaterThan(lum(i / 20));
  });
});

describe('moveCell', () => {
  it('moves with the arrows, Home and End, and stays inside the grid', () => {
    expect(moveCell({ x: 0, y: 0 }, 'ArrowLeft', 3, 2)).toEqual({ x: 0, y: 0 });
    expect(moveCell({ x: 0, y: 0 }, 'ArrowRight', 3, 2)).toEqual({ x: 1, y: 0 });
    expect(moveCell({ x: 1, y: 0 }, 'ArrowDown', 3, 2)).toEqual({ x: 1, y: 1 });
    expect(moveCell({ x: 1, y: 1 }, 'ArrowDown', 3, 2)).toEqual({ x: 1, y: 1 });
    expect(moveCell({ x: 1, y: 1 }, 'ArrowUp', 3, 2)).toEqual({ x: 1, y: 0 });
    expect(moveCell({ x: 1, y: 1 }, 'End', 3, 2)).toEqual({ x: 2, y: 1 });
    expect(moveCell({ x: 1, y: 1 }, 'Home', 3, 2)).toEqual({ x: 0, y: 1 });
    expect(moveCell({ x: 1, y: 1 }, 'Enter', 3, 2)).toBeNull();
  });
});

describe('heatLayout', () => {
  it('puts the cells after the widest y label and under the x labels, every k-th x label when they do not fit a cell', () => {
    const l = heatLayout(['5', '10', '15'], ['100', '200']);
    expect(l.left).toBe(Math.ceil(3 * 6.5) + 8);
    expect([l.width, l.height]).toEqual([l.left + 3 * CELL_PX + 2, l.top + 2 * CELL_PX + 2]);
    expect(l.xEvery).toBe(2); // "10" is 17 px wide with its margin: every other label
    expect(heatLayout(['1', '2'], ['1']).xEvery).toBe(1);
  });
});
