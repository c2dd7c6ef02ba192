/**
 * Random messages at a real relay: whatever a socket sends, every message is
 * answered (an error for a bad one), nothing is thrown, and the relay goes on
 * serving the next client.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from './client.testkit';
import { LogStore } from './logStore';
import { startRelay } from './server';

const TYPES = ['create', 'join', 'rejoin', 'admin', 'round', 'entries', 'export', 'ack', '__proto__', 'constructor'];

/** Near-misses of real messages: a right envelope with random fields, and random fields in entries. */
const nearMiss = fc.record({
  v: fc.oneof(fc.constant(1), fc.anything()),
  type: fc.constantFrom(...TYPES),
  code: fc.oneof(fc.constant('ABCDEF'), fc.string()),
  name: fc.oneof(fc.string(), fc.anything()),
  token: fc.oneof(fc.string(), fc.anything()),
  action: fc.oneof(fc.constantFrom('start', 'pause', 'resume', 'end'), fc.anything()),
  scenario: fc.oneof(fc.anything(), fc.record({ instruments: fc.array(fc.constantFrom('FUN', 'MEME', 'X', '__proto__')), startingCash: fc.anything(), speed: fc.constantFrom(1, 60, 7) })),
  entries: fc.array(fc.record({ seq: fc.anything(), input: fc.oneof(fc.anything(), fc.record({ t: fc.constantFrom('step', 'refs', 'cmd'), dt: fc.anything(), cmd: fc.anything() })), now: fc.anything(), equity: fc.anything() }), { maxLength: 5 }),
}, { requiredKeys: ['v', 'type'] });

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.anything({ withNullPrototype: true }).map((x) => {
    try {
      return JSON.stringify(x) ?? 'undefined';
    } catch {
      return '{}';
    }
  }),
  nearMiss.map((x) => JSON.stringify(x)),
);

describe('relay fuzz', () => {
  const started = startRelay({
    store: LogStore.open(), port: 0, host: '127.0.0.1', dist: null, log: () => {}, relay: { roomsPerIp: 1e9 },
    limits: { perSocket: { perSecond: 1e6, burst: 1e6 }, perIp: { perSecond: 1e6, burst: 1e6 }, socketsPerIp: 100, strikes: 1e9 },
  });
  afterAll(async () => (await started).close());

  it('answers every random message and never falls over', async () => {
    const relay = await started;
    const c = await TestClient.open(relay.port);
    const texts = fc.sample(anyText, { numRuns: 600, seed: 14 });
    // Binary frames too.
    c.ws.send(Buffer.from([0, 1, 2, 255]));
    for (const t of texts) c.send(t);
    // Each message gets at least one answer (an error, or the reply to a valid one and what follows it).
    await new Promise<void>((ok, ko) => {
      const timer = setTimeout(() => ko(new Error(`only ${c.got.length} answers to ${texts.length + 1} messages`)), 20_000);
      const check = setInterval(() => {
        if (c.got.length >= texts.length + 1) {
          clearTimeout(timer);
          clearInterval(check);
          ok();
        }
      }, 20);
    });
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    expect(c.got.filter((m) => m.type === 'error').length).toBeGreaterThan(texts.length / 2);
    const fresh = await TestClient.open(relay.port);
    const created = await fresh.ask({ type: 'create', scenario: { instruments: ['FUN'], startingCash: 1000, roundMinutes: 5, speed: 10, makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit'] } });
    expect(created.type).toBe('created');
    c.close();
    fresh.close();
  });
});
