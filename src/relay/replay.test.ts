/**
 * Replays after the round (the `replay` request): a real relay on a loopback
 * port, real `ws` clients, the embedded store. Anyone in the room may read
 * any seat's verified session once the round has ended, page by page; the
 * pages hold only what the relay verified, and replayed with src/core they
 * end on the very equity the board shows.
 */
import { describe, expect, it } from 'vitest';
import { replaySession } from '../core/classroom/sessionReplay';
import { REPLAY_PAGE_ENTRIES, type JournalEntry, type PriceTick, type ReplayPage, type ServerMessage } from '../protocol/relay';
import { CLASSROOM_ACCOUNT, classroomSimConfig, type Scenario } from '../protocol/relayScenario';
import { TestClient } from './client.testkit';
import { MAX_PAYLOAD } from './server';
import { SimStudent } from './student';
import { relayTestKit } from './relay.testkit';

const { closers: clients, relayOn } = relayTestKit('relay-replay-');

const scenario: Scenario = {
  title: 'Replays', instruments: ['FUN', 'MEME'], startingCash: 10_000, roundMinutes: 30, speed: 60,
  makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit', 'market'],
};

async function client(port: number): Promise<TestClient> {
  const c = await TestClient.open(port);
  clients.push(c);
  return c;
}

/** A seated student whose sim takes every tick the relay sends. */
async function seat(port: number, code: string, name: string) {
  const c = await client(port);
  const joined = await c.ask({ type: 'join', code, name });
  if (joined.type !== 'joined') throw new Error(JSON.stringify(joined));
  const sim = new SimStudent(joined.scenario, joined.sim);
  const pending: JournalEntry[] = [];
  c.ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as ServerMessage;
    if (m.type === 'prices') for (const t of m.ticks) pending.push(...sim.take(t as PriceTick));
  });
  /** Sends what is journaled, in batches the relay takes. */
  const flush = async (): Promise<ServerMessage> => {
    let last: ServerMessage = { v: 1, type: 'ack', seq: 0 };
    while (pending.length > 0) last = await c.ask({ type: 'entries', entries: pending.splice(0, 100) });
    return last;
  };
  return { c, joined, sim, pending, flush };
}

/** Every page of a seat's session, as the app asks for them; the raw frames too (their size). */
async function fetchAll(c: TestClient, playerId: string): Promise<{ pages: ReplayPage[]; frames: number[] }> {
  const pages: ReplayPage[] = [];
  const frames: number[] = [];
  const sizes = (d: unknown) => frames.push(String(d).length);
  c.ws.on('message', sizes);
  let after = 0;
  for (;;) {
    const m = await c.ask({ type: 'replay', playerId, after });
    if (m.type !== 'replayPage') throw new Error(JSON.stringify(m));
    pages.push(m.page);
    after += m.page.entries.length;
    if (after >= m.page.last) break;
  }
  c.ws.off('message', sizes);
  return { pages, frames };
}

describe('relay: replays after the round', () => {
  it('opens only when the round has ended, to members only, and answers a bad seat or seq with an error', async () => {
    const relay = await relayOn('a.jsonl');
    const teacher = await client(relay.port);
    const created = await teacher.ask({ type: 'create', scenario });
    if (created.type !== 'created') throw new Error(JSON.stringify(created));
    const ada = await seat(relay.port, created.code, 'Ada');
    const id = ada.joined.playerId;
    const stranger = await client(relay.port);

    expect(await ada.c.ask({ type: 'replay', playerId: id, after: 0 })).toMatchObject({ type: 'error', code: 'ROUND_STATE', message: 'Replays open when the round ends.' });
    await teacher.ask({ type: 'round', action: 'start' });
    expect(await teacher.ask({ type: 'replay', playerId: id, after: 0 })).toMatchObject({ type: 'error', code: 'ROUND_STATE' });
    await teacher.ask({ type: 'round', action: 'end' });

    expect(await stranger.ask({ type: 'replay', playerId: id, after: 0 })).toMatchObject({ type: 'error', code: 'NOT_ALLOWED' });
    expect(await ada.c.ask({ type: 'replay', playerId: 'p99', after: 0 })).toMatchObject({ type: 'error', code: 'UNKNOWN_SEAT' });
    expect(await ada.c.ask({ type: 'replay', playerId: id, after: 5 })).toMatchObject({ type: 'error', code: 'INVALID_COMMAND' });
    expect(await ada.c.ask({ type: 'replay', playerId: id, after: -1 })).toMatchObject({ type: 'error', code: 'INVALID_COMMAND' });
    expect(await ada.c.ask({ type: 'replay', playerId: id })).toMatchObject({ type: 'error', code: 'INVALID_COMMAND' });
    // A seat with nothing verified is an empty session, not an error.
    expect(await teacher.ask({ type: 'replay', playerId: id, after: 0 })).toMatchObject({ type: 'replayPage', page: { playerId: id, name: 'Ada', after: 0, last: 0, entries: [] } });
  });

  it('pages a long session under the frame limit, holds only verified entries, and replays to the board’s equity', async () => {
    const relay = await relayOn('b.jsonl');
    const teacher = await client(relay.port);
    const created = await teacher.ask({ type: 'create', scenario });
    if (created.type !== 'created') throw new Error(JSON.stringify(created));
    const ada = await seat(relay.port, created.code, 'Ada');
    const grace = await seat(relay.port, created.code, 'Grace');
    const mallory = await seat(relay.port, created.code, 'Mallory');
    await teacher.ask({ type: 'round', action: 'start' });

    await ada.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 20));
    await ada.flush();
    ada.pending.push(ada.sim.command({ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 4 }));
    ada.pending.push(ada.sim.command({ op: 'place', symbol: 'MEME', side: 'sell', type: 'limit', qty: 2, price: 500 }));
    expect(await ada.flush()).toMatchObject({ type: 'ack' });
    // Mallory forges her equity after a verified start: the forged entry and what follows are never in a replay.
    await mallory.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 20));
    expect(await mallory.flush()).toMatchObject({ type: 'ack' });
    const verifiedOfMallory = mallory.sim.command({ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 1 });
    const forged = { ...mallory.sim.command({ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 1 }), equity: 1_000_000 };
    expect(await mallory.c.ask({ type: 'entries', entries: [verifiedOfMallory, forged] })).toMatchObject({ type: 'refused', code: 'REFUSED' });

    // Long enough for several pages (a tick is two entries).
    await ada.c.until('prices', (p) => p.ticks.some((t) => t.tick >= 180), 20_000);
    await teacher.ask({ type: 'round', action: 'pause' });
    await ada.c.until('round', (r) => r.round.state === 'paused');
    await new Promise((r) => setTimeout(r, 100));
    const acked = await ada.flush();
    if (acked.type !== 'ack') throw new Error(JSON.stringify(acked));
    expect(acked.seq).toBeGreaterThan(360);
    await teacher.ask({ type: 'round', action: 'end' });
    // The board Grace sees once Ada's every entry is verified and Mallory is flagged.
    const board = await grace.c.until('board', (b) => b.rows.find((r) => r.name === 'Ada')?.verifiedSeq === acked.seq && b.rows.some((r) => r.flagged));
    const adaRow = board.rows.find((r) => r.name === 'Ada')!;

    // Grace (another student) and the teacher read Ada's whole session, page by page.
    for (const reader of [grace.c, teacher]) {
      const { pages, frames } = await fetchAll(reader, ada.joined.playerId);
      expect(pages.length).toBeGreaterThan(2);
      for (const p of pages) expect(p.entries.length).toBeLessThanOrEqual(REPLAY_PAGE_ENTRIES);
      for (const f of frames) expect(f).toBeLessThan(MAX_PAYLOAD);
      const entries = pages.flatMap((p) => p.entries);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      expect(entries.length).toBe(adaRow.verifiedSeq);
      expect(pages.every((p) => p.name === 'Ada' && p.last === adaRow.verifiedSeq)).toBe(true);
      const r = replaySession(classroomSimConfig(created.scenario, created.sim), CLASSROOM_ACCOUNT, entries);
      if (!r.ok) throw new Error(r.message);
      expect(r.steps[r.steps.length - 1].equity).toBe(adaRow.equity);
      expect(r.steps.some((s) => s.action.k === 'place' && s.fills.length > 0)).toBe(true);
    }

    // Mallory's session ends at her last verified entry: the forged one is not in it.
    const m = await fetchAll(ada.c, mallory.joined.playerId);
    const mEntries = m.pages.flatMap((p) => p.entries);
    expect(mEntries[mEntries.length - 1]).toEqual(verifiedOfMallory);
    expect(mEntries.some((e) => e.seq === forged.seq)).toBe(false);
    expect(relay.relay.rooms.get(created.code)!.players.get(mallory.joined.playerId)!.verifier.seq).toBe(verifiedOfMallory.seq);
  });
});
