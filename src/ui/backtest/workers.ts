/**
 * The page's one pool of backtest workers, made on first use (nothing starts
 * until a person runs a backtest). Each worker is a module Worker running
 * `src/worker/backtest/backtest.worker.ts`, bundled by Vite as its own chunk
 * (the SDK, the engine and the sample's loader; nothing of the exchange).
 */
import { BacktestPool, poolSize, type JobWorker } from './pool';

let pool: BacktestPool | null = null;
let userPool: BacktestPool | null = null;

export function backtestPool(): BacktestPool {
  pool ??= new BacktestPool(
    () => new Worker(new URL('../../worker/backtest/backtest.worker.ts', import.meta.url), { type: 'module', name: 'bourse-backtest' }) as unknown as JobWorker,
    poolSize(navigator.hardwareConcurrency),
  );
  return pool;
}

/**
 * The pool for the person's own code: the sandboxed backtest worker
 * (`sandbox.worker.ts`: locked down, no network by its CSP), a fresh one per
 * run, terminated after.
 */
export function userBacktestPool(): BacktestPool {
  userPool ??= new BacktestPool(
    () => new Worker(new URL('../../worker/backtest/sandbox.worker.ts', import.meta.url), { type: 'module', name: 'bourse-backtest-sandbox' }) as unknown as JobWorker,
    poolSize(navigator.hardwareConcurrency),
    false,
  );
  return userPool;
}
