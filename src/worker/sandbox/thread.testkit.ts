/** The thread of `node.testkit.ts`: the sandbox's host on worker_threads' port (tests only). */
import { parentPort } from 'node:worker_threads';
import { SandboxHost } from './host';

const host = new SandboxHost();
parentPort?.on('message', (data: unknown) => {
  const answer = host.handle(data);
  if (answer !== null) parentPort?.postMessage(answer);
});
