import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { BourseDb, SCHEMA_V1, SCHEMA_V2, SCHEMA_VERSION } from './db';
import { Store } from './store';
import { freshName, order, trade } from './testkit';

/** A database as version 1 of the app left it. */
async function makeV1(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores(SCHEMA_V1);
  await v1.open();
  await v1.table('settings').put({ key: 'prefs', value: { theme: 'dark', sound: false, layout: { chart: 'candles' } } });
  await v1.table('inputs').bulkAdd([{ input: { t: 'step', dt: 1000 }, at: 1 }, { input: { t: 'step', dt: 1000 }, at: 2 }]);
  await v1.table('trades').bulkAdd([
    trade({ ts: 10, tradeSeq: 1 }),
    trade({ ts: 20, tradeSeq: 2, symbol: 'ETH-USD', side: 'sell' }),
    trade({ ts: 20, tradeSeq: 3, account: 'other' }),
  ]);
  await v1.table('orders').bulkAdd([order({ id: 'a', updatedAt: 5 }), order({ id: 'b', status: 'filled', updatedAt: 6 })]);
  v1.close();
}

describe('schema', () => {
  it('a new database starts at the current version', async () => {
    const db = new BourseDb(freshName());
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.trades.schema.indexes.map((i) => i.name)).toContain('[account+ts+n]');
    db.close();
  });

  it('upgrades a version 1 database: settings split per key, rows reachable by the new indexes', async () => {
    const name = freshName();
    await makeV1(name);

    const store = new Store(name, { storage: undefined });
    expect(await store.open()).toEqual({ ok: true });
    // Upgraded through version 2 to the current one.
    expect(store.db.verno).toBe(SCHEMA_VERSION);

    // The one `prefs` row became a row per preference.
    expect(await store.db.settings.orderBy('key').toArray()).toEqual([
      { key: 'layout', value: { chart: 'candles' } },
      { key: 'sound', value: false },
      { key: 'theme', value: 'dark' },
    ]);
    expect(await store.getSetting('theme')).toEqual({ ok: true, value: 'dark' });
    expect(await store.getSetting('prefs')).toEqual({ ok: true, value: undefined });

    // Old rows are found through the version 2 compound indexes.
    const mine = await store.trades({ account: 'me', limit: 10 });
    expect(mine.ok && mine.rows.map((t) => [t.ts, t.tradeSeq])).toEqual([[20, 2], [10, 1]]);
    const eth = await store.trades({ account: 'me', symbol: 'ETH-USD', limit: 10 });
    expect(eth.ok && eth.rows.map((t) => t.tradeSeq)).toEqual([2]);
    const filled = await store.orders({ account: 'me', status: 'filled', limit: 10 });
    expect(filled.ok && filled.rows.map((o) => o.id)).toEqual(['b']);

    // The journal goes on after the old inputs.
    expect(await store.commit({ inputs: [{ input: { t: 'step', dt: 1 }, at: 3 }] })).toEqual({ ok: true, seq: 3 });
    store.close();

    // The upgraded database reopens as it is.
    const again = new Store(name, { storage: undefined });
    expect(await again.open()).toEqual({ ok: true });
    expect(await again.getSetting('theme')).toEqual({ ok: true, value: 'dark' });
    again.close();
  });

  it('a version 1 database without preferences upgrades to empty settings', async () => {
    const name = freshName();
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    v1.close();
    const db = new BourseDb(name);
    await db.open();
    expect(await db.settings.count()).toBe(0);
    db.close();
  });

  it('upgrades a version 2 database to 3: its rows untouched, an empty kline cache that works', async () => {
    const name = freshName();
    const v2 = new Dexie(name);
    v2.version(2).stores(SCHEMA_V2);
    await v2.open();
    await v2.table('settings').put({ key: 'theme', value: 'dark' });
    await v2.table('trades').bulkAdd([trade({ ts: 10, tradeSeq: 1 }), trade({ ts: 20, tradeSeq: 2 })]);
    await v2.table('orders').add(order({ id: 'a' }));
    await v2.table('inputs').add({ input: { t: 'step', dt: 1000 }, at: 1 });
    v2.close();

    const store = new Store(name, { storage: undefined });
    expect(await store.open()).toEqual({ ok: true });
    expect(store.db.verno).toBe(SCHEMA_VERSION);
    expect(store.db.backendDB().version).toBe(SCHEMA_VERSION * 10);
    expect(store.db.klines.schema.primKey.keyPath).toEqual(['symbol', 'interval', 't']);
    expect(store.db.klineRanges.schema.primKey.keyPath).toEqual(['symbol', 'interval', 'from']);
    expect(await store.db.klines.count()).toBe(0);

    // Version 2's rows and indexes are as they were.
    expect(await store.getSetting('theme')).toEqual({ ok: true, value: 'dark' });
    const mine = await store.trades({ account: 'me', limit: 10 });
    expect(mine.ok && mine.rows.map((t) => t.tradeSeq)).toEqual([2, 1]);
    expect(await store.commit({ inputs: [{ input: { t: 'step', dt: 1 }, at: 2 }] })).toEqual({ ok: true, seq: 2 });

    // The cache works, and is not part of the person's data (backups).
    const bar = { t: 60_000, o: 1, h: 2, l: 0.5, c: 1.5, v: 3 };
    expect(await store.klines.put('BTCUSDT', '1m', [bar], 60_000, 120_000)).toEqual({ ok: true, covered: { from: 60_000, to: 120_000 } });
    expect(await store.klines.get('BTCUSDT', '1m', 0, 120_000)).toEqual({ ok: true, rows: [bar], gaps: [{ from: 0, to: 60_000 }] });
    expect(store.db.all().map((t) => t.name)).not.toContain('klines');
    store.close();

    // Reopens as it is.
    const again = new Store(name, { storage: undefined });
    expect(await again.open()).toEqual({ ok: true });
    expect(await again.klines.get('BTCUSDT', '1m', 60_000, 120_000)).toEqual({ ok: true, rows: [bar], gaps: [] });
    again.close();
  });
});
