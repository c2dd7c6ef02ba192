/**
 * A parameter sweep in one thread: the same strategy over the same data once
 * per parameter set, one row of statistics per set, in set order. A pool of
 * workers (worker_threads in the CLI, Web Workers in the app) gives each
 * worker a slice of the sets, runs this on it and puts the rows back in set
 * order: each run is pure, so the answer does not depend on the number of
 * workers. The sets come from `sweepSets.ts` (grid or random, checked).
 */
import { Code, fail, type Result } from '../codes';
import type { ParamValues, StrategyDef } from '../strategy/types';
import { runBacktest } from './engine';
import type { BacktestConfig, BacktestStats, OhlcvColumns, RunControl } from './types';

export { axisValues, gridSets, MAX_SWEEP_SETS, randomSets, type SweepAxis, type SweepRange, type SweepRanges, type SweepSets } from './sweepSets';

/** One run of a sweep: its parameters and its statistics (no equity or trades: a sweep keeps thousands of these). */
export interface SweepRow {
  params: ParamValues;
  stats: BacktestStats;
  /** The strategy threw (the figures cover the bars before it), or null. */
  error: string | null;
}

/** Progress and cancel as for one run, and each row as it is done (a heatmap fills in as the sweep goes). */
export interface SweepControl extends RunControl {
  onRow?(row: SweepRow, index: number): void;
}

/**
 * Runs every set in order. A set the engine refuses (bad data or config: the
 * same for every set) stops the sweep with the engine's message and the set;
 * a cancel stops it with CANCELLED between runs or inside one.
 */
export function runSweep(
  def: StrategyDef, sets: readonly ParamValues[], data: OhlcvColumns, config: Partial<BacktestConfig> = {}, control: SweepControl = {},
): Result<{ rows: SweepRow[] }> {
  const rows: SweepRow[] = [];
  const inner: RunControl = control.cancelled === undefined ? {} : { cancelled: control.cancelled };
  for (let i = 0; i < sets.length; i++) {
    if (control.cancelled?.() === true) return fail(Code.CANCELLED, `The sweep was cancelled after ${i} of ${sets.length} runs.`);
    const r = runBacktest(def, sets[i], data, config, inner);
    if (!r.ok) {
      if (r.code === Code.CANCELLED) return fail(Code.CANCELLED, `The sweep was cancelled after ${i} of ${sets.length} runs.`);
      return fail(r.code, `Set ${i + 1} (${paramsText(sets[i])}): ${r.message}`);
    }
    const row: SweepRow = { params: sets[i], stats: r.result.stats, error: r.result.error?.message ?? null };
    rows.push(row);
    control.onRow?.(row, i);
    control.onProgress?.(i + 1, sets.length);
  }
  return { ok: true, rows };
}

/** `fast=10,slow=30`: a set as the command line writes it. */
export function paramsText(p: ParamValues): string {
  return Object.keys(p).map((k) => `${k}=${String(p[k])}`).join(',');
}

/** -1 when a ranks before b: higher first (or lower, `maximize` false), NaN last, ties in set order (the sort is stable). */
function rank(a: number, b: number, maximize: boolean): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  return a === b ? 0 : (a > b) === maximize ? -1 : 1;
}

/** The rows by one statistic, best first; rows whose figure is NaN (no trades: no SQN) last. A new array. */
export function sortRows<R extends { stats: BacktestStats }>(rows: readonly R[], key: keyof BacktestStats, maximize = true): R[] {
  return [...rows].sort((a, b) => rank(a.stats[key], b.stats[key], maximize));
}

/** The best row by one statistic (the first such in set order on a tie), or null when there are no rows. */
export function bestOf<R extends { stats: BacktestStats }>(rows: readonly R[], key: keyof BacktestStats, maximize = true): R | null {
  let best: R | null = null;
  for (const r of rows) if (best === null || rank(r.stats[key], best.stats[key], maximize) < 0) best = r;
  return best;
}
