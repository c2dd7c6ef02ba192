import type { SandboxPort, Timers } from './bridge';
import type { Request } from './messages';

/**
 * A real sandbox: a dedicated module Worker started from the engine's Worker
 * (a nested worker, never the engine's own thread), with the bridge's view of
 * it. Vite bundles `sandbox.worker.ts` as its own chunk, which holds only the
 * sandbox and the SDK: nothing of the engine, the storage or the feeds.
 */
export function spawnSandbox(): SandboxPort {
  const w = new Worker(new URL('./sandbox.worker.ts', import.meta.url), { type: 'module', name: 'bourse-sandbox' });
  return {
    post: (request: Request) => w.postMessage(request),
    onMessage: (handler) => w.addEventListener('message', (e: MessageEvent) => handler(e.data)),
    onCrash: (handler) => {
      w.addEventListener('error', (e: ErrorEvent) => {
        e.preventDefault();
        handler(e.message || 'the Worker failed');
      });
      w.addEventListener('messageerror', () => handler('a message could not be read'));
    },
    terminate: () => w.terminate(),
  };
}

/** The Worker's own timers, for the bridge's time limits. */
export const workerTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
