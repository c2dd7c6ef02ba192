/**
 * The sandboxed backtest worker: a backtest of the person's own code. Its
 * file name is what gives it the sandbox's Content-Security-Policy (no
 * network at all: vite.config.ts's rule matches `/sandbox.worker…`, in dev
 * and preview, and a static host adds it to `assets/sandbox.worker-*.js`).
 * It takes its messaging first, then deletes the network, storage, threads
 * and timers from its global (`../sandbox/lockdown.ts`) before any of the
 * person's code runs; then it answers one job as `backtest.worker.ts` does.
 * The pool starts a fresh one per run and terminates it after: top-level
 * code could have changed this one's built-ins.
 */
import { lockDown } from '../sandbox/lockdown';
import { runJob } from './run';
import { isStudy, runStudy } from './studies';
import { loadSample } from './samples';
import { userStrategy } from './userDef';

const scope = self as unknown as Record<string, unknown>;
// Kept before the lockdown, with its transfer list (the lockdown's own `post` has none).
const post = (scope.postMessage as (m: unknown, o: { transfer: Transferable[] }) => void).bind(scope);
const { kept } = lockDown(scope);
kept.listen((data) => {
  const m = data as { type?: unknown; job?: unknown; study?: unknown } | null;
  if (m === null || typeof m !== 'object') return;
  const send = (message: unknown, transfer: Transferable[]) => post(message, { transfer });
  if (m.type === 'run') void runJob(m.job, loadSample, send, userStrategy);
  else if (isStudy(m.type)) void runStudy(m.type, m.study, { load: loadSample, post: send, resolve: userStrategy, now: () => performance.now() });
});
