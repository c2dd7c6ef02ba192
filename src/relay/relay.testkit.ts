/**
 * For tests that need a real relay in this process: each started on a
 * loopback ephemeral port with the embedded store in a temporary folder, and
 * everything started or opened closed after each test. `relayTestKit`
 * registers its own clean-up hooks in the calling test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { LogStore } from './logStore';
import { startRelay, type RunningRelay } from './server';

export interface RelayTestKit {
  /** Closed after each test (clients, seats, links). */
  closers: { close(): void }[];
  /** A relay on its own log file `name` in the kit's folder, stopped after the test. */
  relayOn(name: string): Promise<RunningRelay>;
}

export function relayTestKit(prefix: string): RelayTestKit {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const running: RunningRelay[] = [];
  const closers: { close(): void }[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) c.close();
    for (const r of running.splice(0)) await r.close();
  });
  return {
    closers,
    async relayOn(name) {
      const r = await startRelay({ store: LogStore.open({ path: join(dir, name) }), port: 0, host: '127.0.0.1', dist: null, loopMs: 20, log: () => {} });
      running.push(r);
      return r;
    },
  };
}
