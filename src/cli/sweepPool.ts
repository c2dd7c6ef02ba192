/**
 * A sweep across Node worker threads: the sets are cut into slices that the
 * workers take one at a time as they finish (a slow slice does not hold the
 * others back), and the rows go back in set order. Each run is pure, so the
 * rows are the same whatever the number of workers, and the same as
 * `runSweep` in one thread gives.
 *
 * The worker's code: `sweepWorker.ts`, imported here so that a bundle that
 * holds this file holds the worker too. Where it is depends on how the
 * program runs, so the caller says (`SweepWorkerEntry`).
 */
import { Worker } from 'node:worker_threads';
import { fail, type Code, type Result } from '../core/codes';
import type { SweepRow } from '../core/backtest/sweep';
import type { BacktestConfig, OhlcvColumns } from '../core/backtest/types';
import type { ParamValues } from '../core/strategy/types';
import { SWEEP_WORKER_ROLE, type SweepJob, type SweepReply, type SweepWorkerData } from './sweepWorker';

/**
 * Where a worker's code is:
 * - `{ script }`: a JavaScript file run as is, e.g. the bench's bundle
 *   itself (it serves as a worker when workerData says so);
 * - `{ ts, tsxApi }`: sweepWorker.ts under tsx. A worker thread does not
 *   inherit tsx's loader, so it registers it first (`tsxApi`: the URL of
 *   `tsx/esm/api`, from `import.meta.resolve`).
 */
export type SweepWorkerEntry = { script: string } | { ts: URL; tsxApi: string };

export interface PoolSweepOptions {
  entry: SweepWorkerEntry;
  workers: number;
  /** A built-in strategy's name: code does not cross to a thread, a name does. */
  strategy: string;
  sets: readonly ParamValues[];
  data: OhlcvColumns;
  config: Partial<BacktestConfig>;
  /** Sets per slice (default: enough slices for each worker to take about eight). */
  slice?: number;
  onProgress?(done: number, total: number): void;
}

function startWorker(entry: SweepWorkerEntry, init: SweepWorkerData): Worker {
  if ('script' in entry) return new Worker(entry.script, { workerData: init });
  const boot = `import(${JSON.stringify(entry.tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.ts.href)}); })`;
  return new Worker(boot, { eval: true, workerData: init });
}

/**
 * Workers kept for several sweeps of one strategy over one series (each
 * worker gets the bars once, and its code warms up once): `run` as often as
 * wanted, one at a time, then `close`.
 */
export class SweepPool {
  private readonly workers: Worker[] = [];
  /** Set when a worker failed or stopped: the pool is unusable from then on. */
  private broken: Error | null = null;
  private onBroken: ((e: Error) => void) | null = null;

  constructor(entry: SweepWorkerEntry, count: number, strategy: string, data: OhlcvColumns, config: Partial<BacktestConfig>) {
    const init: SweepWorkerData = { role: SWEEP_WORKER_ROLE, strategy, data, config };
    for (let i = 0; i < Math.max(1, count); i++) {
      const w = startWorker(entry, init);
      const breaks = (e: Error): void => {
        this.broken ??= e;
        this.onBroken?.(e);
      };
      w.on('error', breaks);
      w.on('exit', (code) => breaks(new Error(`a sweep worker stopped (exit code ${code})`)));
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The rows of every set in set order, or the first failure in set order (what a one-thread sweep answers). */
  async run(sets: readonly ParamValues[], opts: { slice?: number; onProgress?(done: number, total: number): void } = {}): Promise<Result<{ rows: SweepRow[] }>> {
    if (this.broken !== null) throw this.broken;
    const total = sets.length;
    const size = opts.slice ?? Math.max(1, Math.ceil(total / (this.workers.length * 8)));
    const jobs: SweepJob[] = [];
    for (let s = 0; s < total; s += size) jobs.push({ start: s, sets: sets.slice(s, s + size) });
    const rows = new Array<SweepRow>(total);
    let next = 0;
    let done = 0;
    // Failures are kept by where they happened: the earliest in set order is the one a single thread would meet first.
    let failure: { start: number; code: string; message: string } | null = null;
    const listeners: [Worker, (m: SweepReply) => void][] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        this.onBroken = reject;
        let running = 0;
        const give = (w: Worker): void => {
          if (next < jobs.length && failure === null) {
            running++;
            w.postMessage(jobs[next++]);
          } else if (running === 0) resolve();
        };
        for (const w of this.workers) {
          const listen = (m: SweepReply): void => {
            running--;
            if (m.ok) {
              m.rows.forEach((row, k) => (rows[m.start + k] = row));
              done += m.rows.length;
              opts.onProgress?.(done, total);
            } else if (failure === null || m.start < failure.start) {
              failure = { start: m.start, code: m.code, message: shiftSetNumber(m.message, m.start) };
            }
            give(w);
          };
          w.on('message', listen);
          listeners.push([w, listen]);
        }
        for (const w of this.workers) give(w);
      });
    } finally {
      this.onBroken = null;
      for (const [w, listen] of listeners) w.off('message', listen);
    }
    const f = failure as { start: number; code: string; message: string } | null;
    if (f !== null) return fail(f.code as Code, f.message);
    return { ok: true, rows };
  }

  async close(): Promise<void> {
    this.onBroken = null;
    this.broken ??= new Error('the sweep pool is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** One sweep on a pool of its own: started, run, closed. */
export async function poolSweep(o: PoolSweepOptions): Promise<Result<{ rows: SweepRow[] }>> {
  if (o.sets.length === 0) return { ok: true, rows: [] };
  const pool = new SweepPool(o.entry, Math.min(o.workers, o.sets.length), o.strategy, o.data, o.config);
  try {
    return await pool.run(o.sets, { slice: o.slice, onProgress: o.onProgress });
  } finally {
    await pool.close();
  }
}

/** "Set 3 (…)" within a slice starting at `start` is set start + 3 of the whole sweep. */
function shiftSetNumber(message: string, start: number): string {
  return message.replace(/^Set (\d+) /, (_, k: string) => `Set ${start + Number(k)} `);
}
