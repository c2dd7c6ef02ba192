// DurableTerminal when storage cannot be used (it will not open, or the saved
// market cannot be read): the engine runs in memory, says so once, pages the
// person's history from memory, and refuses what needs storage with a clear
// answer. Also the order row <-> view mapping that storage round-trips.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import type { OrderView } from '../protocol';
import { Store } from '../storage/store';
import { DurableTerminal, orderRow, orderView, PROFILE_KEY } from './durableTerminal';

const wall = () => Date.UTC(2025, 2, 4, 15, 0);

/** A store that will not open (IndexedDB blocked, or the disk refuses), as Store.open answers then. */
const unopenable = { open: async () => ({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: 'Storage is blocked.' }) } as unknown as Store;

async function inMemory() {
  const d = await DurableTerminal.start(unopenable, wall);
  expect(d.terminal.setSpeed(60)).toMatchObject({ ok: true });
  d.terminal.advance(3_000);
  return d;
}

type Notices = { code: string; message: string }[];
const notices = (d: DurableTerminal) => d.terminal.frame().notices as Notices;

describe('DurableTerminal without storage', () => {
  it('runs in memory, not persistent, and tells the person once that nothing will be saved', async () => {
    const d = await inMemory();
    expect(d.persistent).toBe(false);
    const n = notices(d);
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ code: Code.STORAGE_UNAVAILABLE });
    // The storage's own words first, then what it means for the person.
    expect(n[0].message).toMatch(/^Storage is blocked\. .*saved/);
    expect(notices(d)).toEqual([]);
    // Commits and snapshots have nowhere to go: they neither throw nor pretend to persist.
    expect(await d.commit()).toMatchObject({ ok: true });
    await d.tick();
    expect(d.persistent).toBe(false);
  });

  it('settings: none stored, and saving one is not an error', async () => {
    const d = await inMemory();
    expect(await d.setting('feedMode')).toBeUndefined();
    expect(await d.saveSetting('feedMode', 'kraken')).toEqual({ ok: true });
    expect(await d.setSpeed(10)).toEqual({ ok: true });
    expect(d.terminal.speed).toBe(10);
  });

  it('export, the trades CSV and import are refused with STORAGE_UNAVAILABLE, and the state is untouched', async () => {
    const d = await inMemory();
    const hash = d.stateHash();
    expect(await d.exportBackup()).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await d.tradesCsv()).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await d.importBackup('{}')).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(d.replaced).toBe(false);
    expect(d.stateHash()).toBe(hash);
  });

  it('the person’s trades and orders are paged from memory, newest first, filtered, with the total and "more"', async () => {
    const d = await inMemory();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = d.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 1 });
      expect(r.ok).toBe(true);
      if (r.ok) ids.push(r.id);
      d.terminal.advance(200);
    }
    const resting = d.terminal.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 1, price: 0.01 });
    expect(resting.ok).toBe(true);
    d.terminal.advance(200);

    const fills = d.terminal.activity.fills;
    expect(fills.length).toBeGreaterThanOrEqual(3);
    const first = await d.trades({ limit: 2 });
    expect(first.total).toBe(fills.length);
    expect(first.rows).toEqual([...fills].reverse().slice(0, 2));
    const last = first.rows.at(-1)!;
    const next = await d.trades({ limit: 2, before: { ts: last.ts, seq: last.seq } });
    expect(next.total).toBeUndefined();
    expect(next.rows).toEqual([...fills].reverse().slice(2, 4));
    expect((await d.trades({ symbol: 'MEME' })).rows).toEqual([]);
    expect((await d.trades({ side: 'sell' })).rows).toEqual([]);
    expect((await d.trades({ side: 'buy', symbol: 'FUN' })).rows).toHaveLength(fills.length);

    const all = await d.orders({});
    expect(all.rows.map((o) => o.id).sort()).toEqual([...ids, resting.ok ? resting.id : ''].sort());
    expect(all.more).toBe(false);
    for (let i = 1; i < all.rows.length; i++) expect(all.rows[i - 1].updatedAt).toBeGreaterThanOrEqual(all.rows[i].updatedAt);
    const page1 = await d.orders({ limit: 3 });
    expect(page1.more).toBe(true);
    const lastOrder = page1.rows.at(-1)!;
    const page2 = await d.orders({ limit: 3, before: { updatedAt: lastOrder.updatedAt, id: lastOrder.id } });
    expect(page2).toEqual({ rows: all.rows.slice(3), more: false });
    expect((await d.orders({ status: 'open' })).rows.map((o) => o.symbol)).toEqual(['MEME']);
    expect((await d.orders({ symbol: 'FUN', status: 'filled' })).rows).toHaveLength(3);
  });
});

describe('DurableTerminal with a saved profile it cannot restore', () => {
  it('a profile without a market snapshot: a new market, saved, and the person is told', async () => {
    const name = `durable-memory-${Math.random()}`;
    const s = new Store(name);
    expect((await s.open()).ok).toBe(true);
    expect((await s.setSetting(PROFILE_KEY, { v: 1, seed: 'lost', start: wall() - 60_000, createdAt: wall() })).ok).toBe(true);
    const d = await DurableTerminal.start(new Store(name), wall);
    await d.settled();
    expect(d.persistent).toBe(true);
    expect(notices(d)).toEqual([{ code: Code.INVALID_SNAPSHOT, message: 'The saved market could not be found; a new one was started.' }]);
    // The new market is the one stored now: a reload finds it.
    expect(await d.commit()).toMatchObject({ ok: true });
    await d.snapshot();
    const again = await DurableTerminal.start(new Store(name), wall);
    expect(again.stateHash()).toBe(d.stateHash());
    expect(notices(again)).toEqual([]);
  });

  it('storage that opens but cannot load: in memory, with the storage’s own message', async () => {
    const name = `durable-memory-${Math.random()}`;
    const seed = await DurableTerminal.start(new Store(name), wall);
    await seed.settled();
    const store = new Store(name);
    store.load = async () => ({ ok: false, code: Code.STORAGE_UNAVAILABLE, message: 'The disk is full.' });
    const d = await DurableTerminal.start(store, wall);
    expect(d.persistent).toBe(false);
    expect(notices(d)[0].message).toMatch(/^The disk is full\. .*saved/);
  });
});

describe('orderRow / orderView', () => {
  const base: OrderView = {
    id: 'o1', symbol: 'FUN', side: 'buy', type: 'limit', price: 10, stopPrice: null, qty: 2, filled: 1, tif: 'GTC', status: 'open',
    avgPrice: 10, createdAt: 1, updatedAt: 2,
  };

  it('an order with every optional field survives the row and back', () => {
    const full: OrderView = { ...base, type: 'stop_limit', stopPrice: 9, reason: 'why', parent: 'p1', takeProfit: 12, stopLoss: 8 };
    const row = orderRow(full, 'me');
    expect(row).toMatchObject({ account: 'me', stopPrice: 9, reason: 'why', parent: 'p1', takeProfit: 12, stopLoss: 8, avgPrice: 10 });
    expect(orderView(row)).toEqual(full);
  });

  it('absent fields stay absent (no undefined keys), no price is 0 in the row and null in the view', () => {
    const market: OrderView = { ...base, type: 'market', price: null, avgPrice: null, filled: 0 };
    const row = orderRow(market, 'me');
    expect(Object.keys(row)).not.toContain('reason');
    expect(Object.keys(row)).not.toContain('avgPrice');
    expect(row.price).toBe(0);
    expect(orderView(row)).toEqual(market);
  });

  it('a stored "rejected" reads as cancelled (the view has no rejected state)', () => {
    expect(orderView({ ...orderRow(base, 'me'), status: 'rejected', reason: 'risk' })).toMatchObject({ status: 'cancelled', reason: 'risk' });
  });
});

describe('DurableTerminal with a saved market this version cannot restore', () => {
  it('keeps what is stored untouched (nothing written over it) and runs a new market in memory, saying so', async () => {
    const name = `durable-unreadable-${Math.random()}`;
    const first = await DurableTerminal.start(new Store(name), wall);
    await first.settled();
    expect(first.terminal.place({ symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 }).ok).toBe(true);
    expect(await first.commit()).toMatchObject({ ok: true });
    await first.snapshot();
    const hash = first.stateHash();
    // The latest snapshot is one this version cannot read back as itself (as a snapshot from a buggy version was).
    const db = new Store(name);
    expect((await db.open()).ok).toBe(true);
    const loaded = await db.load();
    if (!loaded.ok || loaded.snapshot === null) throw new Error('no snapshot');
    // Stands for a snapshot written by a version with a bug (one that does not restore to itself).
    expect((await db.saveSnapshot({ ...loaded.snapshot, data: { v: 1, unreadable: true } })).ok).toBe(true);
    const before = JSON.stringify(await db.load());

    const d = await DurableTerminal.start(new Store(name), wall);
    expect(d.persistent).toBe(false);
    expect(notices(d)[0]).toMatchObject({ code: Code.INVALID_SNAPSHOT, message: expect.stringMatching(/could not be opened .*kept as it was, untouched.*will not be saved/) });
    expect(d.terminal.place({ symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 }).ok).toBe(true);
    expect(await d.commit()).toMatchObject({ ok: true });
    await d.settled();
    expect(JSON.stringify(await db.load())).toBe(before);
    expect(d.stateHash()).not.toBe(hash);
  });
});
