/**
 * A backtest worker: a dedicated Web Worker of the page (never the engine's
 * worker, so a long backtest cannot stall the market), started by the page's
 * pool (src/ui/backtest/pool.ts). It answers `{ type: 'run', job }` with
 * progress messages, then `{ type: 'done', answer }` (typed arrays
 * transferred). One job at a time; Cancel terminates the worker.
 */
import { runJob } from './run';
import { loadSample } from './samples';

addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type?: unknown; job?: unknown } | null;
  if (m === null || typeof m !== 'object' || m.type !== 'run') return;
  void runJob(m.job, loadSample, (message, transfer) => postMessage(message, { transfer }));
});
