/**
 * Issue 10, defect 3: a command is answered only once committed, in every
 * state. Storage fails the way Dexie reports a full disk (the transaction's
 * AbortError around the browser's QuotaExceededError), on a real Store over
 * fake-indexeddb, through the handler table as the page calls it.
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Code } from '../core/codes';
import { FULL_MESSAGE } from '../storage/errors';
import { Store } from '../storage/store';
import { DurableTerminal, SAVED_AGAIN } from './durableTerminal';
import { METHODS, type HandlerContext } from './handlers';

const wall = () => Date.UTC(2025, 2, 4, 15, 0);
const quota = () => new Dexie.AbortError('Transaction aborted', new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
const ticket = { symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1 };

afterEach(() => vi.restoreAllMocks());

async function setUp(name = `full-${Math.random()}`) {
  const store = new Store(name);
  const durable = await DurableTerminal.start(store, wall);
  await durable.settled();
  expect(durable.terminal.setSpeed(60)).toMatchObject({ ok: true });
  const ctx: HandlerContext = {
    durable, terminal: durable.terminal, live: { setMode: () => {}, setKeys: () => {} }, commit: () => durable.commit(), restart: async () => {},
  };
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a) as Promise<{ ok: boolean; code?: string; message?: string; id?: string }>;
  const notices = () => durable.terminal.baseFrame().notices;
  const orderIds = () => [...durable.terminal.activity.orders.keys()].sort();
  return { name, store, durable, run, notices, orderIds };
}

/** The disk is full from now on (every journal write), until the returned function frees space. */
function fill(store: Store): () => void {
  const spy = vi.spyOn(store.db.inputs, 'bulkAdd').mockRejectedValue(quota());
  return () => spy.mockRestore();
}

describe('a full disk (issue 10, defect 3)', () => {
  it('once a commit failed, a mutator is refused as STORAGE_FULL and changes nothing; freeing space saves everything held back', async () => {
    const { name, store, durable, run, notices, orderIds } = await setUp();
    const first = await run('place', ticket);
    expect(first.ok).toBe(true);
    notices();

    const free = fill(store);
    durable.terminal.advance(1_000);
    await durable.tick(); // the clock's commit finds the disk full
    expect(durable.persistent).toBe(false);
    const told = notices();
    expect(told).toHaveLength(1);
    expect(told[0].code).toBe(Code.STORAGE_FULL);
    expect(told[0].message).toMatch(/^Your browser's storage for Bourse is full/);
    expect(told[0].message).not.toMatch(/private/i);

    const before = { ids: orderIds(), hash: durable.stateHash(), cash: durable.terminal.portfolio() };
    for (const [method, arg] of [['place', ticket], ['cancel', first.id], ['deposit', 100], ['setSpeed', 1]] as const) {
      const r = await run(method, arg);
      expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
      expect(r.message).toContain(FULL_MESSAGE);
      expect(r.message).toMatch(/Nothing was done/);
    }
    expect(orderIds()).toEqual(before.ids);
    expect(durable.stateHash()).toBe(before.hash);
    expect(durable.terminal.portfolio()).toEqual(before.cash);
    // Still full a second later: still refused, and the person is not told the same thing twice.
    durable.terminal.advance(1_000);
    await durable.tick();
    expect(await run('place', ticket)).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    expect(notices()).toEqual([]);

    free();
    durable.terminal.advance(1_000);
    await durable.tick();
    expect(durable.persistent).toBe(true);
    expect(notices()).toEqual([{ code: Code.STORAGE_FULL, message: SAVED_AGAIN }]);
    const second = await run('place', ticket);
    expect(second.ok).toBe(true);
    const hash = durable.stateHash();
    const ids = orderIds();

    // What the market did while the disk was full was held back and is stored: a reload rebuilds the same state.
    const again = await DurableTerminal.start(new Store(name), wall);
    expect(again.stateHash()).toBe(hash);
    expect([...again.terminal.activity.orders.keys()].sort()).toEqual(ids);
    expect(ids).toEqual([first.id, second.id].sort());
  });

  it('the commit after a command fails: the answer says it ran and is NOT saved; it is stored once space is freed', async () => {
    const { name, store, durable, run } = await setUp();
    expect(await durable.commit()).toMatchObject({ ok: true }); // nothing pending: the mutator's first commit writes nothing
    const spy = vi.spyOn(store.db.inputs, 'bulkAdd').mockRejectedValueOnce(quota());
    const r = await run('place', ticket);
    expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    expect(r.message).toMatch(/This was carried out but is NOT saved/);
    expect(spy).toHaveBeenCalledOnce();
    const placed = [...durable.terminal.activity.orders.keys()];
    expect(placed).toHaveLength(1);

    durable.terminal.advance(1_000);
    await durable.tick(); // space again: the held order and what followed are written
    expect(durable.persistent).toBe(true);
    const again = await DurableTerminal.start(new Store(name), wall);
    expect(again.stateHash()).toBe(durable.stateHash());
    expect([...again.terminal.activity.orders.keys()]).toEqual(placed);
  });

  it('a full disk stays the reason while the retries meet what follows from it (a connection the browser closed)', async () => {
    const { store, durable, run, notices } = await setUp();
    const free = fill(store);
    durable.terminal.advance(1_000);
    await durable.tick();
    expect(notices()).toMatchObject([{ code: Code.STORAGE_FULL }]);
    free();
    // Chromium closes the connection after the failed write; the database stays closed (src/storage/store.ts).
    const idb = store.db.backendDB();
    idb.close();
    idb.onclose?.call(idb, new Event('close'));
    durable.terminal.advance(1_000);
    await durable.tick();
    expect(notices()).toEqual([]);
    expect(durable.storageFailure).toMatchObject({ code: Code.STORAGE_FULL, message: FULL_MESSAGE });
    expect(await run('place', ticket)).toMatchObject({ ok: false, code: Code.STORAGE_FULL, message: expect.stringContaining(FULL_MESSAGE) });
  });

  it('a snapshot while the disk is full stores nothing and loses nothing', async () => {
    const { name, store, durable, run } = await setUp();
    expect((await run('place', ticket)).ok).toBe(true);
    const free = fill(store);
    vi.spyOn(store.db.snapshots, 'put').mockRejectedValue(quota());
    durable.terminal.advance(1_000);
    await durable.snapshot();
    expect(durable.persistent).toBe(false);
    free();
    vi.restoreAllMocks();
    durable.terminal.advance(1_000);
    await durable.snapshot();
    expect(durable.persistent).toBe(true);
    const again = await DurableTerminal.start(new Store(name), wall);
    expect(again.stateHash()).toBe(durable.stateHash());
  });
});

describe('no storage at all (private browsing, told at start)', () => {
  it('every mutator says its change is not saved', async () => {
    const refusing = { open: () => { throw new DOMException('no', 'InvalidStateError'); } };
    const durable = await DurableTerminal.start(new Store(`none-${Math.random()}`, { storage: undefined, dexie: { indexedDB: refusing, IDBKeyRange } }), wall);
    expect(durable.persistent).toBe(false);
    expect(durable.terminal.baseFrame().notices[0]).toMatchObject({ code: Code.STORAGE_UNAVAILABLE, message: expect.stringMatching(/private browsing/) });
    const ctx: HandlerContext = { durable, terminal: durable.terminal, live: { setMode: () => {}, setKeys: () => {} }, commit: () => durable.commit(), restart: async () => {} };
    expect(await METHODS.invoke(ctx, 'deposit', 't', [100])).toEqual({ ok: true, saved: false });
    expect(await METHODS.invoke(ctx, 'place', 't', [ticket])).toMatchObject({ ok: true, saved: false });
  });
});
