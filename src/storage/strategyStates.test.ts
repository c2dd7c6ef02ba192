import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { SCHEMA_V4 } from './db';
import type { StrategyStateRow } from './rows';
import { Store } from './store';
import { freshName, openStore, order, steps } from './testkit';

const stores: Store[] = [];
async function store(): Promise<Store> {
  const s = await openStore({ now: () => 1_000 });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const row = (over: Partial<StrategyStateRow> = {}): StrategyStateRow => ({
  id: 'S1', strategy: 'user:counter', startedAt: 5_000, at: 65_000, bar: 0, state: '{"v":1}',
  pending: [{ bar: { time: 60_000, open: 1, high: 1, low: 1, close: 1, volume: 0 }, params: {}, fills: [] }], ...over,
});

describe('the sandboxes’ states (schema 5)', () => {
  it('are written with the journal, in one transaction: a bad one fails the whole commit', async () => {
    const s = await store();
    expect(await s.strategyState('S1')).toEqual({ ok: true, row: null });
    expect(await s.commit({ inputs: steps(2), strategyStates: [row()] })).toEqual({ ok: true, seq: 2 });
    expect(await s.strategyState('S1')).toEqual({ ok: true, row: row() });
    // Upserted by id: the latest commit's is the one kept.
    expect(await s.commit({ inputs: steps(1), strategyStates: [row({ at: 66_000, bar: 60_000, state: null, pending: [] })] })).toEqual({ ok: true, seq: 3 });
    expect(await s.strategyState('S1')).toMatchObject({ ok: true, row: { at: 66_000, bar: 60_000, state: null, pending: [] } });

    const bad = await s.commit({ inputs: steps(1), orders: [order()], strategyStates: [row({ id: 'S2', state: 7 as unknown as string })] });
    expect(bad).toMatchObject({ ok: false, code: Code.STORAGE_FAILED });
    expect(await s.strategyState('S2')).toEqual({ ok: true, row: null });
    expect(await s.db.orders.count()).toBe(0);
    expect(await s.db.inputs.count()).toBe(3);
    expect(await s.strategyState('')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
  });

  it('are in the backup (left out when none) and an import replaces them; a bad row refuses the file', async () => {
    const a = await store();
    const empty = await a.exportBackup();
    expect(empty.ok && JSON.parse(empty.text).tables).not.toHaveProperty('strategyStates');
    expect(await a.commit({ inputs: steps(2), strategyStates: [row(), row({ id: 'S2', bar: null, state: null, pending: [] })] })).toMatchObject({ ok: true });
    const b = await a.exportBackup();
    if (!b.ok) throw new Error(b.message);
    expect((JSON.parse(b.text) as { tables: { strategyStates: unknown[] } }).tables.strategyStates).toHaveLength(2);

    const c = await store();
    expect(await c.commit({ inputs: steps(1), strategyStates: [row({ id: 'S9' })] })).toMatchObject({ ok: true });
    expect(await c.importBackup(b.text)).toMatchObject({ ok: true });
    expect(await c.strategyState('S1')).toEqual({ ok: true, row: row() });
    expect(await c.strategyState('S9')).toEqual({ ok: true, row: null });

    const doc = JSON.parse(b.text) as { tables: { strategyStates: Record<string, unknown>[] } };
    for (const broken of [{ pending: 'x' }, { startedAt: -1 }, { state: 'x'.repeat(300_001) }, { id: '' }]) {
      const d = structuredClone(doc);
      Object.assign(d.tables.strategyStates[0], broken);
      expect(await c.importBackup(JSON.stringify(d))).toMatchObject({ ok: false, code: Code.INVALID_BACKUP });
    }
    const twice = structuredClone(doc);
    twice.tables.strategyStates[1].id = 'S1';
    expect(await c.importBackup(JSON.stringify(twice))).toMatchObject({ ok: false, message: expect.stringMatching(/repeats the key S1/) as unknown });
    expect(await c.strategyState('S1')).toEqual({ ok: true, row: row() });
  });

  it('a schema 4 database opens as 5 with its rows kept and the new table empty', async () => {
    const name = freshName();
    const v4 = new Dexie(name);
    v4.version(4).stores(SCHEMA_V4);
    await v4.open();
    await v4.table('orders').add(order({ id: 'kept' }));
    v4.close();
    const s = new Store(name, { storage: undefined });
    stores.push(s);
    expect(await s.open()).toEqual({ ok: true });
    expect(await s.db.orders.get('kept')).toMatchObject({ id: 'kept' });
    expect(await s.strategyState('S1')).toEqual({ ok: true, row: null });
  });
});
