/**
 * One worker of a sweep pool (sweepPool.ts): it gets the strategy's name, the
 * bars and the config once (workerData), then runs each slice of parameter
 * sets it is sent with the one-thread `runSweep` and posts the rows back.
 *
 * Loaded two ways: as this file under tsx (the CLI), or as the whole
 * esbuild bundle (`npm run bench`, where every module is in one file): so it
 * serves only when workerData names its role, and the bundle's own main
 * runs only on the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runSweep, type SweepRow } from '../core/backtest/sweep';
import type { BacktestConfig, OhlcvColumns } from '../core/backtest/types';
import { builtinStrategy } from '../core/strategy/registry';
import type { ParamValues } from '../core/strategy/types';

export const SWEEP_WORKER_ROLE = 'bourse-backtest-sweep';

/** What a worker is started with. */
export interface SweepWorkerData {
  role: typeof SWEEP_WORKER_ROLE;
  strategy: string;
  data: OhlcvColumns;
  config: Partial<BacktestConfig>;
}

/** A slice of the sets, from `start` in the whole list. */
export interface SweepJob {
  start: number;
  sets: ParamValues[];
}

/** A slice's rows, or why it stopped (its message numbers the sets from 1 within the slice: the pool renumbers them). */
export type SweepReply =
  | { start: number; ok: true; rows: SweepRow[] }
  | { start: number; ok: false; code: string; message: string };

function isSweepWorkerData(d: unknown): d is SweepWorkerData {
  return typeof d === 'object' && d !== null && (d as { role?: unknown }).role === SWEEP_WORKER_ROLE;
}

function serve(init: SweepWorkerData): void {
  const port = parentPort!;
  const def = builtinStrategy(init.strategy);
  port.on('message', (job: SweepJob) => {
    if (def === undefined) {
      port.postMessage({ start: job.start, ok: false, code: 'UNKNOWN_STRATEGY', message: `Unknown strategy ${JSON.stringify(init.strategy)}.` } satisfies SweepReply);
      return;
    }
    const r = runSweep(def, job.sets, init.data, init.config);
    port.postMessage((r.ok ? { start: job.start, ok: true, rows: r.rows } : { start: job.start, ok: false, code: r.code, message: r.message }) satisfies SweepReply);
  });
}

if (!isMainThread && isSweepWorkerData(workerData)) serve(workerData);
