/**
 * The studies a backtest worker runs besides a single run: a slice of a
 * parameter sweep (rows posted as they come, packed and transferred), a
 * walk-forward, a Monte Carlo over a run's trades and a portfolio backtest.
 * Each message read by its protocol parser, the work done by core, the
 * answer posted once; never throws (a bug is an answer too). Kept apart from
 * the Worker's global so it runs in Node's tests as it is.
 */
import { monteCarlo } from '../../core/backtest/monteCarlo';
import { runPortfolio } from '../../core/backtest/portfolio';
import { runSweep, type SweepRow } from '../../core/backtest/sweep';
import { walkForward } from '../../core/backtest/walkForward';
import { Code, fail } from '../../core/codes';
import {
  packStats, parseMonteCarloJob, parsePortfolioJob, parseSweepSlice, parseWalkForwardJob,
  type ApiResult, type MonteCarloAnswer, type PortfolioAnswer, type SweepRowsMessage, type SweepSliceAnswer, type WalkForwardAnswer,
} from '../../protocol';
import { builtinOnly, jobData, type Resolve, type SampleLoader } from './run';

/** What a study posts: progress, a sweep's rows, and its answer (`done`), each with the buffers to transfer. */
export type StudyPost = (message: { type: 'progress'; done: number; total: number } | SweepRowsMessage | { type: 'done'; answer: ApiResult<object> }, transfer: Transferable[]) => void;

export interface StudyEnv {
  load: SampleLoader;
  post: StudyPost;
  resolve?: Resolve;
  /** A clock for batching a sweep's rows (ms; `performance.now` in a worker). */
  now?: () => number;
}

/** A sweep's rows reach the page at most this often per worker (one message per batch, not per row). */
export const ROWS_EVERY_MS = 50;

export async function sweepSlice(raw: unknown, env: StudyEnv): Promise<SweepSliceAnswer> {
  const parsed = parseSweepSlice(raw);
  if (!parsed.ok) return parsed;
  const { job, start, sets } = parsed.value;
  const def = (env.resolve ?? builtinOnly)(job);
  if (!def.ok) return def;
  const bars = await jobData(job.source, job.from, job.to, env.load);
  if (!bars.ok) return bars;
  const now = env.now ?? (() => 0);
  let batch: SweepRow[] = [];
  let batchStart = start;
  let last = now();
  const flush = () => {
    if (batch.length === 0) return;
    const stats = packStats(batch.map((r) => r.stats));
    env.post({ type: 'rows', start: batchStart, count: batch.length, stats, errors: batch.map((r) => r.error) }, [stats.buffer]);
    batchStart += batch.length;
    batch = [];
    last = now();
  };
  const r = runSweep(def.def, sets, bars.data, job.config, {
    onRow: (row) => {
      batch.push(row);
      if (now() - last >= ROWS_EVERY_MS) flush();
    },
  });
  flush();
  if (!r.ok) return fail(r.code, r.message.replace(/^Set (\d+) /, (_, k: string) => `Set ${start + Number(k)} `));
  return { ok: true, rows: r.rows.length };
}

/** Progress at most a hundred times a study. */
function throttled(post: StudyPost): (done: number, total: number) => void {
  let posted = -1;
  return (done, total) => {
    const step = total > 0 ? Math.floor((done / total) * 100) : 0;
    if (step === posted) return;
    posted = step;
    post({ type: 'progress', done, total }, []);
  };
}

export async function walkForwardStudy(raw: unknown, env: StudyEnv): Promise<WalkForwardAnswer> {
  const parsed = parseWalkForwardJob(raw);
  if (!parsed.ok) return parsed;
  const w = parsed.value;
  const def = (env.resolve ?? builtinOnly)(w.job);
  if (!def.ok) return def;
  const bars = await jobData(w.job.source, w.job.from, w.job.to, env.load);
  if (!bars.ok) return bars;
  return walkForward(def.def, bars.data, {
    inSampleBars: w.inSampleBars, outOfSampleBars: w.outOfSampleBars, ranges: w.ranges, fixed: w.fixed, statKey: w.statKey, maximize: w.maximize,
    ...(w.random !== undefined ? { random: w.random } : {}), config: w.job.config, control: { onProgress: throttled(env.post) },
  });
}

export function monteCarloStudy(raw: unknown): MonteCarloAnswer {
  const parsed = parseMonteCarloJob(raw);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  return monteCarlo(Array.from(m.returns), { method: m.method, runs: m.runs, cash: m.cash, seed: m.seed, bins: 24 });
}

export async function portfolioStudy(raw: unknown, env: StudyEnv): Promise<PortfolioAnswer> {
  const parsed = parsePortfolioJob(raw);
  if (!parsed.ok) return parsed;
  const { job, legs } = parsed.value;
  const def = (env.resolve ?? builtinOnly)(job);
  if (!def.ok) return def;
  const inputs = [];
  for (const leg of legs) {
    const bars = await jobData(leg.source, job.from, job.to, env.load);
    if (!bars.ok) return fail(bars.code, `${leg.symbol}: ${bars.message}`);
    inputs.push({ symbol: leg.symbol, data: bars.data });
  }
  const r = runPortfolio(def.def, job.params, inputs, job.config, { onProgress: throttled(env.post) });
  if (!r.ok) return r;
  const { stats, time, equity, drawdown, legs: done, trades } = r.result;
  return {
    ok: true,
    result: {
      stats, time, equity, drawdown, tradeCount: trades.length,
      legs: done.map((l) => ({ symbol: l.symbol, pnl: l.pnl, trades: l.trades.length, wins: l.trades.filter((t) => t.pnl > 0).length })),
    },
  };
}

/** The typed arrays of an answer, to transfer rather than copy. */
function transfers(a: ApiResult<object>): Transferable[] {
  if (!a.ok || !('result' in a)) return [];
  const r = a.result as Record<string, unknown>;
  const out: ArrayBuffer[] = [];
  const add = (x: unknown) => {
    if (x instanceof Float64Array && !out.includes(x.buffer as ArrayBuffer)) out.push(x.buffer as ArrayBuffer);
  };
  for (const v of Object.values(r)) {
    add(v);
    if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) for (const w of Object.values(v)) add(w);
  }
  return out;
}

const STUDIES: Record<string, (raw: unknown, env: StudyEnv) => Promise<ApiResult<object>> | ApiResult<object>> = {
  sweep: sweepSlice,
  walkForward: walkForwardStudy,
  monteCarlo: monteCarloStudy,
  portfolio: portfolioStudy,
};

/** Whether a message is a study this file answers. */
export function isStudy(type: unknown): type is string {
  return typeof type === 'string' && Object.hasOwn(STUDIES, type);
}

/** Runs a study and posts its answer (`{ type: 'done', answer }`), whatever happens. */
export async function runStudy(type: string, raw: unknown, env: StudyEnv): Promise<void> {
  let answer: ApiResult<object>;
  try {
    answer = isStudy(type) ? await STUDIES[type](raw, env) : fail(Code.INVALID_COMMAND, `Unknown study ${JSON.stringify(String(type).slice(0, 40))}.`);
  } catch (e) {
    answer = fail(Code.INVALID_DATA, `The study failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  env.post({ type: 'done', answer }, transfers(answer));
}
