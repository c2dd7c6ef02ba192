/**
 * A sweep's heatmap, as data: one statistic over two swept parameters (x
 * across, y down), the other parameters held at one set's values (the best
 * set's), each cell the row of the set there (empty until it arrives, or
 * when no set is there: skipped by the strategy's rule). A colour scale from
 * the lowest to the highest value (viridis, readable in both themes and by
 * most colour-blind people), and the arrow keys' moves between cells. Pure.
 */
import type { BacktestStats } from '../../core/backtest/types';
import type { SweepRow } from '../../core/backtest/sweep';
import type { ParamValue, ParamValues } from '../../core/strategy/types';

/** More cells than this are too small to see or to move through: narrower ranges, or other axes. */
export const MAX_HEAT_CELLS = 10_000;
/** A cell's side in CSS pixels: big enough to point at on a phone's screen with the box scrolling. */
export const CELL_PX = 16;
/** The labels' font is 11 px: about this wide per character. */
const CHAR_PX = 6.5;

export interface HeatLayout {
  /** Where the cells start (after the y labels, under the x labels), and the canvas's size, in CSS pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Every k-th x label is written (all when they fit a cell's width). */
  xEvery: number;
  xText: string[];
  yText: string[];
}

/** Where the labels and the cells go on the heatmap's canvas. */
export function heatLayout(xText: string[], yText: string[]): HeatLayout {
  const longest = (xs: string[]) => xs.reduce((m, t) => Math.max(m, t.length), 0);
  const left = Math.ceil(longest(yText) * CHAR_PX) + 8;
  const top = 18;
  const xEvery = Math.max(1, Math.ceil((longest(xText) * CHAR_PX + 4) / CELL_PX));
  return { left, top, width: left + xText.length * CELL_PX + 2, height: top + yText.length * CELL_PX + 2, xEvery, xText, yText };
}

export interface HeatmapGrid {
  xs: ParamValue[];
  ys: ParamValue[];
  /** Row-major (y then x): the statistic, NaN when the cell has no row (yet) or the figure is NaN. */
  values: Float64Array;
  /** The set number of each cell's row, −1 when none. */
  sets: Int32Array;
  /** The range of the finite values (NaN when there are none). */
  min: number;
  max: number;
  /** Cells with a row. */
  filled: number;
}

/**
 * The cells of `key` over parameters `x` and `y`. Rows whose other
 * parameters differ from `at` are not drawn (they are another slice of the
 * sweep); with `at` null, no cell is.
 */
export function heatmapOf(
  axes: readonly { name: string; values: readonly ParamValue[] }[], rows: readonly (SweepRow | undefined)[],
  x: string, y: string, key: keyof BacktestStats, at: ParamValues | null,
): HeatmapGrid {
  const xs = [...(axes.find((a) => a.name === x)?.values ?? [])];
  const ys = [...(axes.find((a) => a.name === y)?.values ?? [])];
  const xi = new Map(xs.map((v, i) => [v, i]));
  const yi = new Map(ys.map((v, i) => [v, i]));
  const values = new Float64Array(xs.length * ys.length).fill(Number.NaN);
  const sets = new Int32Array(xs.length * ys.length).fill(-1);
  const others = axes.map((a) => a.name).filter((n) => n !== x && n !== y);
  let min = Infinity;
  let max = -Infinity;
  let filled = 0;
  if (at !== null && x !== y) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r === undefined || others.some((n) => r.params[n] !== at[n])) continue;
      const cx = xi.get(r.params[x]);
      const cy = yi.get(r.params[y]);
      if (cx === undefined || cy === undefined) continue;
      const c = cy * xs.length + cx;
      const v = r.stats[key];
      values[c] = v;
      sets[c] = i;
      filled++;
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  return { xs, ys, values, sets, min: Number.isFinite(min) ? min : Number.NaN, max: Number.isFinite(max) ? max : Number.NaN, filled };
}

/** Where a value sits between min and max, 0 to 1 (0.5 when they are equal; NaN stays NaN). */
export function scaleOf(v: number, min: number, max: number): number {
  if (!Number.isFinite(v) || !Number.isFinite(min) || !Number.isFinite(max)) return Number.NaN;
  if (max === min) return 0.5;
  return Math.min(1, Math.max(0, (v - min) / (max - min)));
}

/** viridis at nine points (matplotlib's), from dark blue-purple (low) to yellow (high). */
const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** The colour at t (0 to 1), interpolated between viridis's points. */
export function colorAt(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const w = x - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * w));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The legend's gradient, low to high. */
export function legendGradient(): string {
  return `linear-gradient(to right, ${VIRIDIS.map((c, i) => `rgb(${c.join(', ')}) ${Math.round((i / (VIRIDIS.length - 1)) * 100)}%`).join(', ')})`;
}

/** The cell an arrow key (or Home/End) moves to in a w × h grid, staying inside it; null for other keys. */
export function moveCell(cell: { x: number; y: number }, key: string, w: number, h: number): { x: number; y: number } | null {
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  switch (key) {
    case 'ArrowLeft': return { x: clamp(cell.x - 1, w), y: cell.y };
    case 'ArrowRight': return { x: clamp(cell.x + 1, w), y: cell.y };
    case 'ArrowUp': return { x: cell.x, y: clamp(cell.y - 1, h) };
    case 'ArrowDown': return { x: cell.x, y: clamp(cell.y + 1, h) };
    case 'Home': return { x: 0, y: cell.y };
    case 'End': return { x: w - 1, y: cell.y };
    default: return null;
  }
}
