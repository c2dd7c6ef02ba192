import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { importCsv } from '../core/backtest/csv';
import type { OhlcvColumns } from '../core/backtest/types';
import { Code } from '../core/codes';
import { SCHEMA_V5, SCHEMA_VERSION } from './db';
import { MAX_SERIES, seriesDataProblem } from './series';
import { Store } from './store';
import { dump, freshName, openStore } from './testkit';

let clock = 1_000;
const stores: Store[] = [];
async function store(): Promise<Store> {
  const s = await openStore({ now: () => clock });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** A few valid bars; `volume` NaN on the second (a source without it). */
function bars(n = 3, start = Date.UTC(2020, 0, 1)): OhlcvColumns {
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    length: n,
    time: col((i) => start + i * 86_400_000),
    open: col((i) => 10 + i),
    high: col((i) => 12 + i),
    low: col((i) => 9 + i),
    close: col((i) => 11 + i),
    volume: col((i) => (i === 1 ? NaN : 100 * i)),
  };
}

const plain = (d: OhlcvColumns) => ({
  length: d.length, time: [...d.time], open: [...d.open], high: [...d.high], low: [...d.low], close: [...d.close], volume: [...d.volume],
});

describe('store.series', () => {
  it('saves, lists without the bars, gets the columns back as Float64Arrays, removes', async () => {
    const s = await store();
    clock = 5_000;
    const a = await s.series.save({ name: 'GOOG daily.csv', source: 'csv' }, bars());
    expect(a).toEqual({
      ok: true, meta: { id: 's-5000', name: 'GOOG daily.csv', source: 'csv', bars: 3, from: Date.UTC(2020, 0, 1), to: Date.UTC(2020, 0, 3), createdAt: 5_000 },
    });
    // Two in one millisecond get distinct ids; symbol and timeframe are kept when given.
    const b = await s.series.save({ name: 'FUN 1m', source: 'sim', symbol: 'FUN', timeframe: '1m' }, bars(2));
    expect(b).toMatchObject({ ok: true, meta: { id: 's-5000-2', symbol: 'FUN', timeframe: '1m', bars: 2 } });
    expect(await s.series.list()).toMatchObject({ ok: true, rows: [{ id: 's-5000' }, { id: 's-5000-2' }] });

    const got = await s.series.get('s-5000');
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.meta.name).toBe('GOOG daily.csv');
    expect(got.data.time).toBeInstanceOf(Float64Array);
    expect(plain(got.data)).toEqual(plain(bars()));

    expect(await s.series.remove('s-5000')).toEqual({ ok: true });
    expect(await s.series.get('s-5000')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND, message: 'There is no saved series "s-5000".' });
    expect(await s.series.remove('s-5000')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await s.db.seriesColumns.count()).toBe(1);
  });

  it('stores a view as its own bars, not the whole buffer behind it', async () => {
    const s = await store();
    const big = bars(10);
    const view: OhlcvColumns = {
      length: 3, time: big.time.subarray(4, 7), open: big.open.subarray(4, 7), high: big.high.subarray(4, 7),
      low: big.low.subarray(4, 7), close: big.close.subarray(4, 7), volume: big.volume.subarray(4, 7),
    };
    const r = await s.series.save({ name: 'slice', source: 'csv' }, view);
    expect(r).toMatchObject({ ok: true, meta: { bars: 3, from: big.time[4], to: big.time[6] } });
    const row = await s.db.seriesColumns.get(r.ok ? r.meta.id : '');
    expect(row?.time.buffer.byteLength).toBe(3 * 8);
    expect([...(row?.close ?? [])]).toEqual([15, 16, 17]);
  });

  it('refuses bad descriptions and bad columns, writing nothing', async () => {
    const s = await store();
    const broken = (f: (d: OhlcvColumns) => void): OhlcvColumns => {
      const d = bars();
      f(d);
      return d;
    };
    const cases: [unknown, unknown, RegExp][] = [
      [{ name: '', source: 'csv' }, bars(), /needs a name/],
      [{ name: 'x'.repeat(121), source: 'csv' }, bars(), /at most 120/],
      [{ name: 'a\u0000b', source: 'csv' }, bars(), /control characters/],
      [{ name: 'x', source: 'web' }, bars(), /source is one of/],
      [{ name: 'x', source: 'csv', timeframe: '2m' }, bars(), /timeframe is one of/],
      [{ name: 'x', source: 'csv', symbol: '' }, bars(), /symbol/],
      [null, bars(), /needs a description/],
      [{ name: 'x', source: 'csv' }, null, /needs its columns/],
      [{ name: 'x', source: 'csv' }, { ...bars(), length: 0 }, /1 to 2,000,000 bars/],
      [{ name: 'x', source: 'csv' }, { ...bars(), close: [1, 2, 3] }, /close column must be 3 numbers/],
      [{ name: 'x', source: 'csv' }, { ...bars(), volume: new Float64Array(2) }, /volume column/],
      [{ name: 'x', source: 'csv' }, broken((d) => (d.time[2] = d.time[1])), /Bar 3: its time/],
      [{ name: 'x', source: 'csv' }, broken((d) => (d.time[0] = NaN)), /Bar 1: its time/],
      [{ name: 'x', source: 'csv' }, broken((d) => (d.open[1] = 0)), /Bar 2: prices must be finite and above 0/],
      [{ name: 'x', source: 'csv' }, broken((d) => (d.high[1] = Infinity)), /Bar 2: prices/],
      [{ name: 'x', source: 'csv' }, broken((d) => (d.low[0] = 11.5)), /Bar 1: high and low must bound/],
      [{ name: 'x', source: 'csv' }, broken((d) => (d.volume[0] = -1)), /Bar 1: the volume/],
    ];
    for (const [meta, data, why] of cases) {
      const r = await s.series.save(meta as never, data as never);
      expect(r).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
      expect(!r.ok && r.message).toMatch(why);
    }
    for (const id of ['', 'x'.repeat(65), 42]) {
      expect(await s.series.get(id as never)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
      expect(await s.series.remove(id as never)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    }
    expect(await dump(s)).not.toHaveProperty('series');
  });

  it(`keeps at most ${MAX_SERIES} series`, async () => {
    const s = await store();
    await s.db.series.bulkAdd(Array.from({ length: MAX_SERIES }, (_, i) => ({ id: `x${i}`, name: 'x', source: 'csv' as const, bars: 1, from: 0, to: 0, createdAt: i })));
    expect(await s.series.save({ name: 'one more', source: 'csv' }, bars())).toMatchObject({ ok: false, message: /100 series saved/ });
  });

  it('every CSV the importer accepts can be stored (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 })), { minLength: 1, maxLength: 30 }), (rows) => {
      const text = `Date,Open,High,Low,Close\n${rows.map(([a, b], i) => `${1_000_000_000 + i * 60},${a / 100},${Math.max(a, b) / 100},${Math.min(a, b) / 100},${b / 100}`).join('\n')}`;
      const r = importCsv(text);
      expect(r.ok && seriesDataProblem(r.data)).toBeNull();
    }));
  });

  it('is refused with the store when the database is', async () => {
    const s = new Store(freshName(), { storage: undefined });
    // Never opened: the run fails as storage does, as a result.
    const r = await s.series.list();
    expect(r.ok).toBe(false);
  });
});

describe('schema 6', () => {
  it('upgrades a version 5 database: its rows untouched, empty series tables that work', async () => {
    const name = freshName();
    const v5 = new Dexie(name);
    v5.version(5).stores(SCHEMA_V5);
    await v5.open();
    await v5.table('settings').put({ key: 'theme', value: 'dark' });
    await v5.table('userStrategies').put({ name: 'mine', code: '//', createdAt: 1, updatedAt: 2 });
    v5.close();

    const s = new Store(name, { storage: undefined });
    stores.push(s);
    expect(await s.open()).toEqual({ ok: true });
    expect(s.db.verno).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(6);
    expect(await s.getSetting('theme')).toEqual({ ok: true, value: 'dark' });
    expect(await s.userStrategies.get('mine')).toMatchObject({ ok: true });
    expect(await s.series.list()).toEqual({ ok: true, rows: [] });
    expect(await s.series.save({ name: 'x', source: 'csv' }, bars())).toMatchObject({ ok: true });
    expect(s.db.all().map((t) => t.name)).toEqual(expect.arrayContaining(['series', 'seriesColumns']));
  });
});

describe('backup: the imported series', () => {
  async function exported(s: Store): Promise<string> {
    const r = await s.exportBackup();
    if (!r.ok) throw new Error(r.message);
    return r.text;
  }

  it('are exported (columns as number lists, a missing volume as null) and imported back exactly', async () => {
    const a = await store();
    clock = 7_000;
    expect(await a.series.save({ name: 'first', source: 'csv' }, bars())).toMatchObject({ ok: true });
    clock = 8_000;
    expect(await a.series.save({ name: 'second', source: 'crypto', symbol: 'BTCUSDT', timeframe: '1h' }, bars(2, 0))).toMatchObject({ ok: true });
    const text = await exported(a);
    const doc = JSON.parse(text);
    expect(doc.tables.series.map((r: { id: string }) => r.id)).toEqual(['s-7000', 's-8000']);
    expect(doc.tables.series[0].columns.volume).toEqual([0, null, 200]);
    expect(doc.tables.series[0].columns.close).toEqual([11, 12, 13]);

    const b = await store();
    clock = 9_000;
    expect(await b.series.save({ name: 'stale', source: 'csv' }, bars())).toMatchObject({ ok: true }); // replaced, not merged
    expect(await b.importBackup(text)).toMatchObject({ ok: true });
    expect(await b.series.list()).toEqual(await a.series.list());
    const got = await b.series.get('s-7000');
    expect(got.ok && plain(got.data)).toEqual(plain(bars()));
    expect(got.ok && got.data.volume).toBeInstanceOf(Float64Array);
    expect(await dump(b)).toEqual(await dump(a));
  });

  it('a backup without any leaves the key out and imports as none', async () => {
    const a = await store();
    const text = await exported(a);
    expect(Object.keys(JSON.parse(text).tables)).not.toContain('series');
    const b = await store();
    expect(await b.series.save({ name: 'stale', source: 'csv' }, bars())).toMatchObject({ ok: true });
    expect(await b.importBackup(text)).toMatchObject({ ok: true });
    expect(await b.series.list()).toEqual({ ok: true, rows: [] });
  });

  type Row = Record<string, unknown> & { columns: Record<string, unknown[]> };
  const bad: [string, (rows: Row[]) => unknown][] = [
    ['a missing name', (rows) => [{ ...rows[0], name: undefined }]],
    ['an unknown source', (rows) => [{ ...rows[0], source: 'ftp' }]],
    ['a bad id', (rows) => [{ ...rows[0], id: '../x' }]],
    ['a repeated id', (rows) => [rows[0], rows[0]]],
    ['no columns', (rows) => [{ ...rows[0], columns: undefined }]],
    ['columns of different lengths', (rows) => [{ ...rows[0], columns: { ...rows[0].columns, open: [1] } }]],
    ['a price that is text', (rows) => [{ ...rows[0], columns: { ...rows[0].columns, close: ['11', 12, 13] } }]],
    ['a null price', (rows) => [{ ...rows[0], columns: { ...rows[0].columns, high: [null, 13, 14] } }]],
    ['a negative price', (rows) => [{ ...rows[0], columns: { ...rows[0].columns, low: [-9, 10, 11] } }]],
    ['times out of order', (rows) => [{ ...rows[0], columns: { ...rows[0].columns, time: [3, 2, 1] } }]],
    ['a missing time', (rows) => [{ ...rows[0], createdAt: undefined }]],
    ['a table that is not a list', () => ({ s: 1 })],
    ['too many', (rows) => Array.from({ length: MAX_SERIES + 1 }, (_, i) => ({ ...rows[0], id: `s${i}` }))],
  ];
  for (const [what, mutate] of bad) {
    it(`a file with ${what} is refused and changes nothing`, async () => {
      const a = await store();
      expect(await a.series.save({ name: 'mine', source: 'csv' }, bars())).toMatchObject({ ok: true });
      const doc = JSON.parse(await exported(a));
      doc.tables.series = mutate(doc.tables.series);
      const b = await store();
      expect(await b.series.save({ name: 'kept', source: 'csv' }, bars())).toMatchObject({ ok: true });
      const before = await dump(b);
      const r = await b.importBackup(JSON.stringify(doc));
      expect(r).toMatchObject({ ok: false, code: Code.INVALID_BACKUP });
      expect(!r.ok && r.message).toMatch(/series/);
      expect(await dump(b)).toEqual(before);
    });
  }

  it('extra fields are dropped, and bars, from and to are counted from the columns, not taken from the file', async () => {
    const a = await store();
    expect(await a.series.save({ name: 'mine', source: 'csv' }, bars())).toMatchObject({ ok: true });
    const doc = JSON.parse(await exported(a));
    Object.assign(doc.tables.series[0], { extra: 'dropped', bars: 99, from: 1, to: 2 });
    const b = await store();
    expect(await b.importBackup(JSON.stringify(doc))).toMatchObject({ ok: true });
    const [meta] = await b.db.series.toArray();
    expect(Object.keys(meta).sort()).toEqual(['bars', 'createdAt', 'from', 'id', 'name', 'source', 'to']);
    expect(meta).toMatchObject({ bars: 3, from: Date.UTC(2020, 0, 1), to: Date.UTC(2020, 0, 3) });
  });
});
