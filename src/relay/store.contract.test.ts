/**
 * The contract every RelayStore keeps, run against each implementation: the
 * embedded store in memory and on disk now (a Redis store joins the table).
 * `reopen` is how an implementation that survives a restart is restarted.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalEntry, ServerMessage } from '../protocol/relay';
import { LogStore } from './logStore';
import type { RelayStore, RoomRecord } from './store';

const dir = mkdtempSync(join(tmpdir(), 'relay-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface Impl {
  name: string;
  make(): { store: RelayStore; reopen: (() => RelayStore) | null };
}

const IMPLS: Impl[] = [
  { name: 'embedded, memory only', make: () => ({ store: LogStore.open(), reopen: null }) },
  {
    name: 'embedded, with its log',
    make: () => {
      const path = join(dir, `log${++n}.jsonl`);
      return { store: LogStore.open({ path }), reopen: () => LogStore.open({ path }) };
    },
  },
];

const room = (code: string): RoomRecord => ({
  code, seed: 'seed', adminHash: 'ab'.repeat(32), createdAt: 1,
  scenario: { title: '', instruments: ['FUN'], startingCash: 1000, roundMinutes: 5, speed: 10, makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit'] },
  sim: { botSeed: 1, start: 0, tickMs: 1000 },
});
const entry = (seq: number): JournalEntry => ({ seq, input: { t: 'step', dt: 1000 }, now: seq * 1000, equity: 1000 });

for (const impl of IMPLS) {
  describe(`RelayStore contract: ${impl.name}`, () => {
    it('creates a room once: a second room with its code is refused and changes nothing', async () => {
      const { store } = impl.make();
      expect(await store.createRoom(room('ABCDEF'))).toBe(true);
      expect(await store.createRoom({ ...room('ABCDEF'), seed: 'other' })).toBe(false);
      const rooms = await store.rooms();
      expect(rooms.map((r) => [r.room.code, r.room.seed])).toEqual([['ABCDEF', 'seed']]);
      await store.close();
    });

    it('gives back the clock, players, entries in order and flags it was given', async () => {
      const { store } = impl.make();
      await store.createRoom(room('ABCDEF'));
      await store.setClock('ABCDEF', { state: 'running', elapsed: 0, wallAt: 5 });
      await store.setClock('ABCDEF', { state: 'paused', elapsed: 3000, wallAt: 8 });
      await store.addPlayer('ABCDEF', { playerId: 'p1', name: 'Ada', tokenHash: 'cd'.repeat(32), joinedAt: 2 });
      await store.appendEntries('ABCDEF', 'p1', [entry(1), entry(2)]);
      await store.appendEntries('ABCDEF', 'p1', [entry(3)]);
      await store.addFlag('ABCDEF', { playerId: 'p1', seq: 4, code: 'BACKDATED', message: 'late', at: 9 });
      const [r] = await store.rooms();
      expect(r.clock).toEqual({ state: 'paused', elapsed: 3000, wallAt: 8 });
      expect(r.players.map((p) => p.name)).toEqual(['Ada']);
      expect(r.entries.get('p1')!.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(r.flags).toEqual([{ playerId: 'p1', seq: 4, code: 'BACKDATED', message: 'late', at: 9 }]);
      await store.close();
    });

    it('ignores changes for a room it does not hold', async () => {
      const { store } = impl.make();
      await store.addPlayer('NOROOM', { playerId: 'p', name: 'x', tokenHash: '', joinedAt: 0 });
      await store.setScore('NOROOM', 'p', 5);
      expect(await store.rooms()).toEqual([]);
      expect(await store.board('NOROOM')).toEqual([]);
      await store.close();
    });

    it('ranks a board highest first, ties by player id, the latest score of each', async () => {
      const { store } = impl.make();
      await store.createRoom(room('ABCDEF'));
      await store.setScore('ABCDEF', 'b', 10);
      await store.setScore('ABCDEF', 'a', 10);
      await store.setScore('ABCDEF', 'c', 99);
      await store.setScore('ABCDEF', 'c', 1);
      expect(await store.board('ABCDEF')).toEqual([{ playerId: 'a', score: 10 }, { playerId: 'b', score: 10 }, { playerId: 'c', score: 1 }]);
      await store.close();
    });

    it('fans a published message out to every subscriber until it unsubscribes', async () => {
      const { store } = impl.make();
      const got: [string, string, string][] = [];
      const off = store.subscribe((code, msg, audience) => got.push([code, msg.type, audience]));
      const msg: ServerMessage = { v: 1, type: 'ack', seq: 1 };
      store.publish('ABCDEF', msg, 'all');
      off();
      store.publish('ABCDEF', msg, 'admin');
      expect(got).toEqual([['ABCDEF', 'ack', 'all']]);
      await store.close();
    });

    it('survives a restart with everything it acknowledged (when it has a restart)', async () => {
      const { store, reopen } = impl.make();
      if (reopen === null) return;
      await store.createRoom(room('ABCDEF'));
      await store.addPlayer('ABCDEF', { playerId: 'p1', name: 'Ada', tokenHash: 'cd'.repeat(32), joinedAt: 2 });
      await store.appendEntries('ABCDEF', 'p1', [entry(1), entry(2)]);
      await store.setScore('ABCDEF', 'p1', 1234);
      const before = await store.rooms();
      await store.close();
      const again = reopen();
      expect(await again.rooms()).toEqual(before);
      expect(await again.board('ABCDEF')).toEqual([{ playerId: 'p1', score: 1234 }]);
      await again.close();
    });
  });
}

describe('LogStore (embedded) on disk', () => {
  it('skips a torn last line (a power cut mid-write) and keeps everything before it', async () => {
    const path = join(dir, 'torn.jsonl');
    const s = LogStore.open({ path });
    await s.createRoom(room('ABCDEF'));
    await s.appendEntries('ABCDEF', 'p1', [entry(1)]);
    await s.close();
    appendFileSync(path, '{"k":"entries","code":"ABCDEF","playerId":"p1","entr');
    const again = LogStore.open({ path });
    expect(again.skipped).toBe(1);
    expect((await again.rooms())[0].entries.get('p1')!.length).toBe(1);
    await again.close();
  });
});
