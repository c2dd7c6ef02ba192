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

/** The rows of every set in set order, or the first failure (the same a one-thread sweep would answer). */
export async function poolSweep(o: PoolSweepOptions): Promise<Result<{ rows: SweepRow[] }>> {
  const total = o.sets.length;
  const count = Math.max(1, Math.min(o.workers, total));
  const size = o.slice ?? Math.max(1, Math.ceil(total / (count * 8)));
  const jobs: SweepJob[] = [];
  for (let s = 0; s < total; s += size) jobs.push({ start: s, sets: o.sets.slice(s, s + size) });
  const rows = new Array<SweepRow>(total);
  if (jobs.length === 0) return { ok: true, rows: [] };
  const init: SweepWorkerData = { role: SWEEP_WORKER_ROLE, strategy: o.strategy, data: o.data, config: o.config };
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  // Failures are kept by where they happened: the earliest in set order is the one a single thread would meet first.
  let failure: { start: number; code: string; message: string } | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const give = (w: Worker): void => {
        if (next < jobs.length && failure === null) {
          running++;
          w.postMessage(jobs[next++]);
        } else if (running === 0) resolve();
      };
      for (let i = 0; i < count; i++) {
        const w = startWorker(o.entry, init);
        workers.push(w);
        w.on('message', (m: SweepReply) => {
          running--;
          if (m.ok) {
            m.rows.forEach((row, k) => (rows[m.start + k] = row));
            done += m.rows.length;
            o.onProgress?.(done, total);
          } else if (failure === null || m.start < failure.start) {
            failure = { start: m.start, code: m.code, message: shiftSetNumber(m.message, m.start) };
          }
          give(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0) reject(new Error(`a sweep worker stopped with exit code ${code}`));
        });
        give(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const f = failure as { start: number; code: string; message: string } | null;
  if (f !== null) return fail(f.code as Code, f.message);
  return { ok: true, rows };
}

/** "Set 3 (…)" within a slice starting at `start` is set start + 3 of the whole sweep. */
function shiftSetNumber(message: string, start: number): string {
  return message.replace(/^Set (\d+) /, (_, k: string) => `Set ${start + Number(k)} `);
}
