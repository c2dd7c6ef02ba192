/**
 * For the worker's classroom tests: a real relay in this process (loopback,
 * an ephemeral port, the embedded store in a temporary folder), a room on it
 * made by a teacher client, and the sockets a seat opens. `relayKit` registers
 * its own clean-up hooks in the calling test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, afterEach } from 'vitest';
import type { Scenario } from '../../protocol/relayScenario';
import { TestClient } from '../../relay/client.testkit';
import { LogStore } from '../../relay/logStore';
import { startRelay, type RunningRelay } from '../../relay/server';
import type { OpenSocket } from './session';

export const SCENARIO: Scenario = {
  title: 'Period 3', instruments: ['FUN', 'MEME'], startingCash: 10_000, roundMinutes: 30, speed: 60,
  makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit', 'market'],
};

export const openWs: OpenSocket = (url) => new WebSocket(url) as unknown as ReturnType<OpenSocket>;

export interface RelayKit {
  /** Closed after each test (seats, clients). */
  closers: { close(): void }[];
  /** A new relay with its own log file `name`, and a room on it made by a teacher client. */
  room(name: string): Promise<{ url: string; teacher: TestClient; code: string }>;
}

export function relayKit(prefix: string): RelayKit {
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
    async room(name) {
      const relay = await startRelay({ store: LogStore.open({ path: join(dir, name) }), port: 0, host: '127.0.0.1', dist: null, loopMs: 20, log: () => {} });
      running.push(relay);
      const teacher = await TestClient.open(relay.port);
      closers.push(teacher);
      const created = await teacher.ask({ type: 'create', scenario: SCENARIO });
      if (created.type !== 'created') throw new Error(JSON.stringify(created));
      return { url: `ws://127.0.0.1:${relay.port}/ws`, teacher, code: created.code };
    },
  };
}
