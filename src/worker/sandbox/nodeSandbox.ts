/**
 * A sandbox in Node: the same SandboxHost in a worker_threads Worker (its
 * own thread and heap, as a browser Worker), so an endless loop really blocks
 * it and the bridge's time limit really has to terminate it. The strategy
 * command line runs a person's file in it (`npm run -s strategy -- --code
 * FILE`), and the tests use it. The thread's entry is `nodeThread.ts`, loaded
 * through tsx's ESM API (a thread does not inherit the parent's TypeScript
 * loader).
 */
import { Worker } from 'node:worker_threads';
import type { SandboxPort } from './bridge';
import type { Request } from './messages';

export function spawnNodeSandbox(opts: { maxOldGenerationSizeMb?: number } = {}): SandboxPort {
  const entry = new URL('./nodeThread.ts', import.meta.url).href;
  const boot = `import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(entry)});`;
  const w = new Worker(boot, {
    eval: true,
    resourceLimits: opts.maxOldGenerationSizeMb === undefined ? undefined : { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb },
  });
  return {
    post: (r: Request) => w.postMessage(r),
    onMessage: (h) => void w.on('message', h),
    onCrash: (h) => {
      w.on('error', (e: Error) => h(e.message));
      w.on('exit', (code) => code !== 0 && h(`the thread exited with ${code}`));
    },
    terminate: () => void w.terminate(),
  };
}
