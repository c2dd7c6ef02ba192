/**
 * A backtest worker: a dedicated Web Worker of the page (never the engine's
 * worker, so a long backtest cannot stall the market), started by the page's
 * pool (src/ui/backtest/pool.ts). It answers `{ type: 'run', job }` with
 * progress messages, then `{ type: 'done', answer }` (typed arrays
 * transferred); the studies of `studies.ts` likewise (a sweep's slice posts
 * its rows as they come). One job at a time; Cancel terminates the worker.
 */
import { runJob } from './run';
import { loadSample } from './samples';
import { isStudy, runStudy } from './studies';

const post = (message: unknown, transfer: Transferable[]) => postMessage(message, { transfer });

addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type?: unknown; job?: unknown; study?: unknown } | null;
  if (m === null || typeof m !== 'object') return;
  if (m.type === 'run') void runJob(m.job, loadSample, post);
  // A sweep's slice, a walk-forward, a Monte Carlo, a portfolio (studies.ts).
  else if (isStudy(m.type)) void runStudy(m.type, m.study, { load: loadSample, post, now: () => performance.now() });
});
