/**
 * A sandbox: the Worker that runs one person-written strategy (or one
 * editor's check). It first takes its own messaging and deletes the network,
 * storage, threads and timers from its global (`lockdown.ts`), then answers
 * the engine's bridge one request at a time (`host.ts`). It never sees the
 * engine: only the bars it is sent, and its answers are read as untrusted.
 */
import { SandboxHost } from './host';
import { lockDown } from './lockdown';

const { kept } = lockDown(self as unknown as Record<string, unknown>);
const host = new SandboxHost();
kept.listen((data) => {
  const answer = host.handle(data);
  if (answer !== null) kept.post(answer);
});
