/**
 * One backtest job, as a backtest worker runs it: the job read field by field
 * (protocol's parseBacktestJob), the strategy by name, the bars (a sample the
 * worker loads, or columns the page sent) within the job's range, the
 * engine's `runBacktest` with progress posted now and then, and the answer
 * posted once with its typed arrays transferred (not copied). Kept apart
 * from the Worker's global so it runs in Node's tests as it is.
 */
import { runBacktest } from '../../core/backtest/engine';
import { sliceColumns } from '../../core/backtest/columns';
import type { OhlcvColumns } from '../../core/backtest/types';
import { Code, fail, type Result } from '../../core/codes';
import { builtinStrategy } from '../../core/strategy/registry';
import type { StrategyDef } from '../../core/strategy/types';
import { parseBacktestJob, type BacktestAnswer, type BacktestJob, type BacktestWorkerMessage } from '../../protocol';

export type Post = (message: BacktestWorkerMessage, transfer: Transferable[]) => void;
export type SampleLoader = (name: string) => Promise<Result<{ data: OhlcvColumns }>>;
/**
 * The strategy a job names: a built-in here; the person's own code in the
 * sandboxed backtest worker, with how to find the line of its code a throw
 * came from.
 */
export type Resolve = (job: BacktestJob) => Result<{ def: StrategyDef; lineOf?: (e: unknown) => number | undefined }>;

/** The built-ins, by name; `user:` strategies are refused here (this worker never runs a person's code). */
export const builtinOnly: Resolve = (job) => {
  const def = job.code === undefined ? builtinStrategy(job.strategy) : undefined;
  if (def === undefined) {
    return fail(Code.UNKNOWN_STRATEGY, job.code !== undefined ? 'Your own code runs in the sandboxed backtest worker only.' : `There is no built-in strategy ${JSON.stringify(job.strategy.slice(0, 80))}.`);
  }
  return { ok: true, def };
};

/** Progress is posted at most this often (in hundredths of the run), so a million bars do not flood the page. */
const PROGRESS_STEPS = 100;

/** A copy of the columns (the range's slice is a view on the cached sample, which must stay whole). */
function copyColumns(d: OhlcvColumns): OhlcvColumns {
  return { length: d.length, time: d.time.slice(), open: d.open.slice(), high: d.high.slice(), low: d.low.slice(), close: d.close.slice(), volume: d.volume.slice() };
}

/** Every buffer of an answer, to transfer it rather than copy it. */
export function answerTransfers(a: BacktestAnswer): Transferable[] {
  if (!a.ok) return [];
  const { result, data } = a;
  const arrays = [result.equity, result.drawdown, ...result.overlays.map((o) => o.values), data.time, data.open, data.high, data.low, data.close, data.volume];
  return [...new Set(arrays.map((x) => x.buffer as ArrayBuffer))];
}

/** A source's bars within [from, to] (UTC ms), copied (a cached sample is never transferred away); at least 2. */
export async function jobData(source: BacktestJob['source'], from: number | undefined, to: number | undefined, load: SampleLoader): Promise<Result<{ data: OhlcvColumns }>> {
  let all: OhlcvColumns;
  if (source.kind === 'sample') {
    const s = await load(source.name);
    if (!s.ok) return s;
    all = s.data;
  } else all = source.data;
  const data = copyColumns(sliceColumns(all, from ?? -Infinity, to ?? Infinity));
  if (data.length < 2) return fail(Code.INVALID_DATA, `The range holds ${data.length} bar${data.length === 1 ? '' : 's'}; a backtest needs at least 2.`);
  return { ok: true, data };
}

export async function answerJob(raw: unknown, load: SampleLoader, post: Post, resolve: Resolve = builtinOnly): Promise<BacktestAnswer> {
  const parsed = parseBacktestJob(raw);
  if (!parsed.ok) return parsed;
  const job = parsed.value;
  const resolved = resolve(job);
  if (!resolved.ok) return resolved;
  const def = resolved.def;
  const bars = await jobData(job.source, job.from, job.to, load);
  if (!bars.ok) return bars;
  const data = bars.data;
  let posted = -1;
  const r = runBacktest(def, job.params, data, job.config, {
    lineOf: resolved.lineOf,
    onProgress: (done, total) => {
      const step = total > 0 ? Math.floor((done / total) * PROGRESS_STEPS) : 0;
      if (step === posted) return;
      posted = step;
      post({ type: 'progress', done, total }, []);
    },
  });
  return r.ok ? { ok: true, result: r.result, data } : r;
}

/** Runs one job and posts its answer (never throws: a bug in the engine is an answer too). */
export async function runJob(raw: unknown, load: SampleLoader, post: Post, resolve: Resolve = builtinOnly): Promise<void> {
  let answer: BacktestAnswer;
  try {
    answer = await answerJob(raw, load, post, resolve);
  } catch (e) {
    answer = fail(Code.INVALID_DATA, `The backtest failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  post({ type: 'done', answer }, answerTransfers(answer));
}
