/**
 * The contract every RelayStore keeps, run against each implementation: the
 * embedded store in memory and on disk, and the Redis store on a throwaway
 * redis-server (skipped, saying why, only where none is installed and `CI` is
 * not set). `reopen` is how an implementation that survives a restart is
 * restarted; `twin` opens another instance on the same data (Redis: another
 * relay behind the same address).
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JournalEntry, ServerMessage } from '../protocol/relay';
import { LogStore } from './logStore';
import { redisMissing, startRedis } from './redis.testkit';
import { RedisStore } from './redisStore';
import type { RelayStore, RoomRecord, StoreChange } from './store';

const dir = mkdtempSync(join(tmpdir(), 'relay-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const noRedis = redisMissing();
if (noRedis !== null) console.warn(noRedis);
const redis = noRedis === null ? await startRedis() : null;
afterAll(() => redis?.stop());

interface Impl {
  name: string;
  /** Why this row cannot run here (it is skipped, saying so), or null. */
  missing: string | null;
  make(): Promise<{ store: RelayStore; reopen: (() => Promise<RelayStore>) | null; twin: (() => Promise<RelayStore>) | null }>;
}

const IMPLS: Impl[] = [
  { name: 'embedded, memory only', missing: null, make: async () => ({ store: LogStore.open(), reopen: null, twin: null }) },
  {
    name: 'embedded, with its log',
    missing: null,
    make: async () => {
      const path = join(dir, `log${++n}.jsonl`);
      return { store: LogStore.open({ path }), reopen: async () => LogStore.open({ path }), twin: null };
    },
  },
  {
    name: 'Redis',
    missing: noRedis,
    make: async () => {
      // A prefix per test: one server, and every test starts from an empty store.
      const open = ((prefix) => () => RedisStore.open({ url: redis!.url, prefix, log: () => {} }))(`t${++n}:`);
      return { store: await open(), reopen: open, twin: open };
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
  describe.skipIf(impl.missing !== null)(`RelayStore contract: ${impl.name}`, () => {
    it('creates a room once: a second room with its code is refused and changes nothing', async () => {
      const { store } = await impl.make();
      expect(await store.createRoom(room('ABCDEF'))).toBe(true);
      expect(await store.createRoom({ ...room('ABCDEF'), seed: 'other' })).toBe(false);
      const rooms = await store.rooms();
      expect(rooms.map((r) => [r.room.code, r.room.seed])).toEqual([['ABCDEF', 'seed']]);
      await store.close();
    });

    it('gives back the clock, players, entries in order and flags it was given', async () => {
      const { store } = await impl.make();
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
      expect((await store.entriesAfter('ABCDEF', 'p1', 1)).map((e) => e.seq)).toEqual([2, 3]);
      expect(await store.entriesAfter('ABCDEF', 'p1', 3)).toEqual([]);
      // A replay's page: at most `limit` read.
      expect((await store.entriesAfter('ABCDEF', 'p1', 0, 2)).map((e) => e.seq)).toEqual([1, 2]);
      expect((await store.entriesAfter('ABCDEF', 'p1', 2, 5)).map((e) => e.seq)).toEqual([3]);
      expect(await store.entriesAfter('ABCDEF', 'nobody', 0)).toEqual([]);
      expect(r.flags).toEqual([{ playerId: 'p1', seq: 4, code: 'BACKDATED', message: 'late', at: 9 }]);
      await store.close();
    });

    it('ignores changes for a room it does not hold', async () => {
      const { store } = await impl.make();
      expect(await store.addPlayer('NOROOM', { playerId: 'p', name: 'x', tokenHash: '', joinedAt: 0 })).toBe(false);
      await store.setClock('NOROOM', { state: 'running', elapsed: 0, wallAt: 1 });
      await store.appendEntries('NOROOM', 'p', [entry(1)]);
      await store.addFlag('NOROOM', { playerId: 'p', seq: 1, code: 'BACKDATED', message: 'late', at: 9 });
      await store.setScore('NOROOM', 'p', 5);
      expect(await store.rooms()).toEqual([]);
      expect(await store.room('NOROOM')).toBeNull();
      expect(await store.board('NOROOM')).toEqual([]);
      await store.close();
    });

    it('seats a player id once and a name once, case-insensitively: the store is where two instances meet', async () => {
      const { store } = await impl.make();
      await store.createRoom(room('ABCDEF'));
      expect(await store.addPlayer('ABCDEF', { playerId: 'p1', name: 'Ada', tokenHash: 'a', joinedAt: 1 })).toBe(true);
      expect(await store.addPlayer('ABCDEF', { playerId: 'p1', name: 'Grace', tokenHash: 'b', joinedAt: 2 })).toBe(false);
      expect(await store.addPlayer('ABCDEF', { playerId: 'p2', name: 'ADA', tokenHash: 'c', joinedAt: 3 })).toBe(false);
      expect(await store.addPlayer('ABCDEF', { playerId: 'p2', name: 'Grace', tokenHash: 'd', joinedAt: 4 })).toBe(true);
      expect((await store.room('ABCDEF'))!.players.map((p) => [p.playerId, p.name, p.tokenHash])).toEqual([['p1', 'Ada', 'a'], ['p2', 'Grace', 'd']]);
      await store.close();
    });

    it('gives back one room by its code, as rooms() has it', async () => {
      const { store } = await impl.make();
      await store.createRoom(room('ABCDEF'));
      await store.createRoom(room('GHJKMN'));
      await store.addPlayer('GHJKMN', { playerId: 'p1', name: 'Ada', tokenHash: 'a', joinedAt: 1 });
      await store.appendEntries('GHJKMN', 'p1', [entry(1)]);
      const all = await store.rooms();
      expect(all.map((r) => r.room.code).sort()).toEqual(['ABCDEF', 'GHJKMN']);
      expect(await store.room('GHJKMN')).toEqual(all.find((r) => r.room.code === 'GHJKMN'));
      await store.close();
    });

    it('ranks a board highest first, ties by player id, the latest score of each', async () => {
      const { store } = await impl.make();
      await store.createRoom(room('ABCDEF'));
      await store.setScore('ABCDEF', 'b', 10);
      await store.setScore('ABCDEF', 'a', 10);
      await store.setScore('ABCDEF', 'c', 99);
      await store.setScore('ABCDEF', 'c', 1);
      expect(await store.board('ABCDEF')).toEqual([{ playerId: 'a', score: 10 }, { playerId: 'b', score: 10 }, { playerId: 'c', score: 1 }]);
      await store.close();
    });

    it('fans a published message out to every subscriber until it unsubscribes', async () => {
      const { store } = await impl.make();
      const got: [string, string, string][] = [];
      const off = store.subscribe((code, msg, audience) => got.push([code, msg.type, audience]));
      const msg: ServerMessage = { v: 1, type: 'ack', seq: 1 };
      store.publish('ABCDEF', msg, 'all');
      off();
      store.publish('ABCDEF', msg, 'admin');
      expect(got).toEqual([['ABCDEF', 'ack', 'all']]);
      await store.close();
    });

    it('tells another instance on the same data what this one changed and published, and not its own (when it has one)', async () => {
      const { store, twin } = await impl.make();
      if (twin === null) return;
      const other = await twin();
      const heard: StoreChange[] = [];
      const got: [string, string, string][] = [];
      other.watch((c) => heard.push(c));
      other.subscribe((code, msg, audience) => got.push([code, msg.type, audience]));
      const own: StoreChange[] = [];
      store.watch((c) => own.push(c));
      await store.createRoom(room('ABCDEF'));
      await store.setClock('ABCDEF', { state: 'running', elapsed: 0, wallAt: 5 });
      await store.addPlayer('ABCDEF', { playerId: 'p1', name: 'Ada', tokenHash: 'a', joinedAt: 1 });
      await store.appendEntries('ABCDEF', 'p1', [entry(1), entry(2)]);
      const figures = { seq: 2, equity: 100_000, netIn: 100_000, trades: 0, drawdownPct: 0, flagged: false };
      store.shareFigures('ABCDEF', 'p1', figures);
      await store.addFlag('ABCDEF', { playerId: 'p1', seq: 3, code: 'TAMPERED', message: 'x', at: 9 });
      store.setPresence('ABCDEF', 'p1', 2);
      store.publish('ABCDEF', { v: 1, type: 'round', round: { state: 'running', marketNow: 0, endsAt: 1, tick: 0 } }, 'all');
      await expect.poll(() => got.length, { timeout: 5000 }).toBe(1);
      expect(got).toEqual([['ABCDEF', 'round', 'all']]);
      expect(heard.map((c) => c.k)).toEqual(['clock', 'player', 'figures', 'flag', 'presence']);
      expect(heard[2]).toEqual({ k: 'figures', code: 'ABCDEF', playerId: 'p1', figures });
      expect(own).toEqual([]);
      // The other instance reads what this one stored.
      expect((await other.room('ABCDEF'))!.entries.get('p1')!.length).toBe(2);
      await other.close();
      await store.close();
    });

    it('survives a restart with everything it acknowledged (when it has a restart)', async () => {
      const { store, reopen } = await impl.make();
      if (reopen === null) return;
      await store.createRoom(room('ABCDEF'));
      await store.addPlayer('ABCDEF', { playerId: 'p1', name: 'Ada', tokenHash: 'cd'.repeat(32), joinedAt: 2 });
      await store.appendEntries('ABCDEF', 'p1', [entry(1), entry(2)]);
      await store.setScore('ABCDEF', 'p1', 1234);
      const before = await store.rooms();
      await store.close();
      const again = await reopen();
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
