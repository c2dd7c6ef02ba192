/**
 * The thread of `nodeSandbox.ts`: the sandbox's host on worker_threads' port.
 * Node's network and timers are taken from its global first, as the browser
 * sandbox's lockdown does (the code's own compile shadows them too).
 */
import { parentPort } from 'node:worker_threads';
import { SandboxHost } from './host';
import { BLOCKED_GLOBALS } from './lockdown';

const scope = globalThis as unknown as Record<string, unknown>;
for (const name of BLOCKED_GLOBALS) {
  if (!(name in scope)) continue;
  if (!Reflect.deleteProperty(scope, name)) Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false });
}

const host = new SandboxHost();
parentPort?.on('message', (data: unknown) => {
  const answer = host.handle(data);
  if (answer !== null) parentPort?.postMessage(answer);
});
