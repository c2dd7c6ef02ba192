/**
 * For the worker's classroom tests: a relay in this process (relayTestKit),
 * a room on it made by a teacher client, and the sockets a seat opens.
 */
import { WebSocket } from 'ws';
import type { Scenario } from '../../protocol/relayScenario';
import { TestClient } from '../../relay/client.testkit';
import { relayTestKit } from '../../relay/relay.testkit';
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
  const { closers, relayOn } = relayTestKit(prefix);
  return {
    closers,
    async room(name) {
      const relay = await relayOn(name);
      const teacher = await TestClient.open(relay.port);
      closers.push(teacher);
      const created = await teacher.ask({ type: 'create', scenario: SCENARIO });
      if (created.type !== 'created') throw new Error(JSON.stringify(created));
      return { url: `ws://127.0.0.1:${relay.port}/ws`, teacher, code: created.code };
    },
  };
}
