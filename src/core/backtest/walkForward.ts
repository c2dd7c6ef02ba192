/**
 * Walk-forward: optimise on a stretch of history, then test the winner on the
 * bars that follow, which the optimisation never saw; roll forward and
 * repeat. Rolling windows of `inSampleBars` (the sweep's) then
 * `outOfSampleBars` (the test's), stepping by `outOfSampleBars`, so that the
 * tests follow one another without gap or overlap (the last may be shorter,
 * down to 2 bars).
 *
 * Answers each window's best parameters and both runs' statistics, and two
 * equity curves on one time axis, each window's piece rescaled to continue
 * from where the previous piece ended:
 * - out-of-sample: the tests, one after the other (what trading the method
 *   would have given);
 * - in-sample: the first window's optimised run, then each later window's
 *   optimised run over its last `outOfSampleBars` bars — the bars that were
 *   the previous window's test (its whole window when that is no longer
 *   than a test, and then the in-sample pieces leave gaps). Over those bars the two curves are the same
 *   market traded with parameters chosen in hindsight (in-sample) and chosen
 *   beforehand (out-of-sample): the gap between them is the overfitting.
 *
 * Each in-sample run starts afresh on its own bars (cash, no position,
 * indicators empty), as a backtest does. Each test starts with the cash and
 * no position but its indicators already fed the in-sample bars before it
 * (`RunControl.tradeFrom`), so even a test shorter than the strategy's
 * warm-up trades from its first bar.
 */
import { Code, fail, type Result } from '../codes';
import type { ParamValue, ParamValues, StrategyDef } from '../strategy/types';
import { barsBetween } from './columns';
import { runBacktest } from './engine';
import { bestOf, gridSets, randomSets, runSweep, type SweepRanges } from './sweep';
import { DEFAULT_BACKTEST_CONFIG, type BacktestConfig, type BacktestStats, type OhlcvColumns, type RunControl } from './types';

export interface WalkForwardOptions {
  inSampleBars: number;
  outOfSampleBars: number;
  ranges: SweepRanges;
  fixed?: Readonly<Record<string, ParamValue>>;
  /** The statistic the in-sample sweep picks by (e.g. 'sqn', 'sharpe', 'returnPct') and whether higher is better (default true). */
  statKey: keyof BacktestStats;
  maximize?: boolean;
  /** A random sample of `n` sets (seeded) instead of the whole grid, for every window alike. */
  random?: { n: number; seed: number };
  config?: Partial<BacktestConfig>;
  control?: RunControl;
}

/** Bars [from, to) of the data, and their times (the first bar's and the last's). */
export interface BarSpan {
  fromBar: number;
  toBar: number;
  start: number;
  end: number;
}

export interface WalkForwardWindow {
  inSample: BarSpan;
  outOfSample: BarSpan;
  /** The best set in-sample (the first in set order on a tie; when every set's statistic is NaN, the first set). */
  params: ParamValues;
  inSampleStats: BacktestStats;
  outOfSampleStats: BacktestStats;
}

export interface EquityCurve {
  time: Float64Array;
  equity: Float64Array;
}

export interface WalkForwardResult {
  windows: WalkForwardWindow[];
  outOfSample: EquityCurve;
  inSample: EquityCurve;
  /** Sets each window's sweep ran, and combinations refused by the strategy (fast ≥ slow). */
  sets: number;
  skipped: number;
  /** Backtests run in all (each window: its sweep, the winner again in-sample for its equity, and the test). */
  runs: number;
}

export function walkForward(def: StrategyDef, data: OhlcvColumns, o: WalkForwardOptions): Result<{ result: WalkForwardResult }> {
  const n = o.inSampleBars;
  const m = o.outOfSampleBars;
  if (!Number.isInteger(n) || n < 2) return fail(Code.INVALID_SETTING, `The in-sample window must be a whole number of bars, at least 2 (got ${String(n)}).`);
  if (!Number.isInteger(m) || m < 2) return fail(Code.INVALID_SETTING, `The out-of-sample window must be a whole number of bars, at least 2 (got ${String(m)}).`);
  if (data.length < n + 2) {
    return fail(Code.INVALID_SETTING, `Walk-forward with ${n} in-sample bars needs at least ${n + 2} bars (${n} to optimise on, 2 to test); the data has ${data.length}.`);
  }
  const planned = o.random === undefined ? gridSets(def, o.ranges, o.fixed) : randomSets(def, o.ranges, o.fixed ?? {}, o.random.n, o.random.seed);
  if (!planned.ok) return planned;
  const { sets, skipped } = planned;
  if (sets.length === 0) return fail(Code.INVALID_SETTING, `Every parameter set was refused: ${planned.firstSkip ?? 'none to run'}`);

  const spans: [BarSpan, BarSpan][] = [];
  for (let s = 0; s + n + 2 <= data.length; s += m) spans.push([span(data, s, s + n), span(data, s + n, Math.min(s + n + m, data.length))]);
  const cash = o.config?.cash ?? DEFAULT_BACKTEST_CONFIG.cash;
  const totalRuns = spans.length * (sets.length + 2);
  const control = o.control ?? {};
  const windows: WalkForwardWindow[] = [];
  const oos: CurvePiece[] = [];
  const ins: CurvePiece[] = [];
  let runs = 0;
  for (const [is, os] of spans) {
    const isData = bars(data, is);
    const swept = runSweep(def, sets, isData, o.config, {
      cancelled: control.cancelled,
      onProgress: (done) => control.onProgress?.(runs + done, totalRuns),
    });
    if (!swept.ok) return swept;
    runs += sets.length;
    const best = bestOf(swept.rows, o.statKey, o.maximize ?? true)!;
    const inRun = runBacktest(def, best.params, isData, o.config, { cancelled: control.cancelled });
    if (!inRun.ok) return inRun;
    // The test trades its own bars only, its indicators fed the in-sample bars first: it starts warm, as the
    // method would trade live the day after the optimisation.
    const osData = bars(data, os);
    const outRun = runBacktest(def, best.params, barsBetween(data, is.fromBar, os.toBar), o.config, { cancelled: control.cancelled, tradeFrom: n });
    if (!outRun.ok) return outRun;
    runs += 2;
    control.onProgress?.(runs, totalRuns);
    // The first window's in-sample curve is whole; later ones add only the bars the previous window tested.
    ins.push({ time: isData.time, equity: inRun.result.equity, from: windows.length === 0 ? 0 : Math.max(0, n - m) });
    oos.push({ time: osData.time, equity: outRun.result.equity, from: 0 });
    windows.push({ inSample: is, outOfSample: os, params: best.params, inSampleStats: inRun.result.stats, outOfSampleStats: outRun.result.stats });
  }
  return { ok: true, result: { windows, outOfSample: stitch(cash, oos), inSample: stitch(cash, ins), sets: sets.length, skipped, runs } };
}

function span(data: OhlcvColumns, fromBar: number, toBar: number): BarSpan {
  return { fromBar, toBar, start: data.time[fromBar], end: data.time[toBar - 1] };
}

/** The bars of a span, as views on the data's own arrays (no copy). */
function bars(data: OhlcvColumns, s: BarSpan): OhlcvColumns {
  return barsBetween(data, s.fromBar, s.toBar);
}

/** A piece of an equity curve: bars `from..` of a run that started with the cash. */
export interface CurvePiece {
  time: Float64Array;
  equity: Float64Array;
  from: number;
}

/**
 * Pieces of equity curves joined end to end, each scaled so that it grows
 * from where the last one ended: piece k's point i is end × equity[i] / base,
 * where base is its equity just before `from` (the starting cash when `from`
 * is 0). So the joined curve compounds the pieces' returns, as one account
 * trading them in turn would.
 */
export function stitch(cash: number, pieces: readonly CurvePiece[]): EquityCurve {
  const t: number[] = [];
  const e: number[] = [];
  let end = cash;
  for (const { time, equity, from } of pieces) {
    const base = from === 0 ? cash : equity[from - 1];
    for (let i = from; i < equity.length; i++) {
      t.push(time[i]);
      // A run that had lost everything before the piece has no growth left to scale: the curve stays where it was.
      e.push(base > 0 ? (equity[i] / base) * end : end);
    }
    end = e.length > 0 ? e[e.length - 1] : end;
  }
  return { time: Float64Array.from(t), equity: Float64Array.from(e) };
}
