import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { MAX_SAVED_POINTS, MAX_SAVED_TRADES, STAT_KEYS, type SavedRunRecord, type SavedStats } from '../protocol/backtest';
import { MAX_SAVED_RUNS, RUN_CSV_HEADER } from './backtestRuns';
import type { Store } from './store';
import { Dexie } from 'dexie';
import { SCHEMA_V6, SCHEMA_VERSION } from './db';
import { Store as StoreClass } from './store';
import { dump, freshName, openStore, steps } from './testkit';

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

const DAY = 86_400_000;
const T0 = Date.UTC(2005, 0, 3);

function stats(over: Partial<SavedStats> = {}): SavedStats {
  const s = Object.fromEntries(STAT_KEYS.map((k, i) => [k, i])) as SavedStats;
  return { ...s, sharpe: null, ...over };
}

function record(over: Partial<SavedRunRecord> = {}): SavedRunRecord {
  return {
    inputs: {
      strategy: 'sma-cross', title: 'Moving-average crossover', params: { fast: 10, slow: 30, short: true },
      sourceId: 'sample:GOOG', sourceName: 'GOOG daily', from: T0, to: T0 + 9 * DAY, bars: 10, cash: 10_000, commissionPct: 0.2, spreadBps: 0,
    },
    stats: stats(),
    trades: [
      { size: 10, entryTime: T0 + DAY, exitTime: T0 + 4 * DAY, entryPrice: 100, exitPrice: 110, pnl: 98, returnPct: 0.098, commission: 2, entryReason: 'fast crossed above slow', exitReason: '=HYPERLINK("x")' },
      { size: -5, entryTime: T0 + 4 * DAY, exitTime: T0 + 9 * DAY, entryPrice: 110, exitPrice: 1e-7, pnl: -0.5, returnPct: -0.01, commission: 0, entryReason: 'short, "quoted"', exitReason: 'end of data' },
    ],
    tradeCount: 2,
    equity: { t: Array.from({ length: 10 }, (_, i) => T0 + i * DAY), v: Array.from({ length: 10 }, (_, i) => 10_000 + i) },
    ...over,
  };
}

describe('saved backtests', () => {
  it('save, list newest first without trades or curve, get, delete', async () => {
    const s = await store();
    const b = s.backtestRuns;
    clock = 5_000;
    expect(await b.save(record())).toEqual({ ok: true, id: 1, dropped: 0 });
    clock = 6_000;
    expect(await b.save(record({ tradeCount: 7 }))).toEqual({ ok: true, id: 2, dropped: 0 });
    const listed = await b.list();
    expect(listed.ok && listed.runs.map((r) => [r.id, r.createdAt, r.tradeCount])).toEqual([[2, 6_000, 7], [1, 5_000, 2]]);
    expect(listed.ok && Object.keys(listed.runs[0]).sort()).toEqual(['createdAt', 'id', 'inputs', 'stats', 'tradeCount']);
    const got = await b.get(1);
    expect(got).toEqual({ ok: true, run: { ...record(), id: 1, createdAt: 5_000 } });
    expect(got.ok && got.run.stats.sharpe).toBeNull();
    expect(await b.delete(1)).toEqual({ ok: true });
    expect(await b.get(1)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND, message: /no saved backtest number 1/ });
    expect(await b.delete(1)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
  });

  it('keeps the newest MAX_SAVED_RUNS, dropping the oldest', async () => {
    const s = await store();
    for (let i = 0; i < MAX_SAVED_RUNS; i++) expect(await s.backtestRuns.save(record())).toMatchObject({ ok: true, dropped: 0 });
    expect(await s.backtestRuns.save(record())).toEqual({ ok: true, id: MAX_SAVED_RUNS + 1, dropped: 1 });
    const listed = await s.backtestRuns.list();
    expect(listed.ok && listed.runs.length).toBe(MAX_SAVED_RUNS);
    expect(listed.ok && listed.runs[listed.runs.length - 1].id).toBe(2);
  }, 30_000);

  const bad: [string, () => unknown][] = [
    ['no inputs', () => ({ ...record(), inputs: undefined })],
    ['a statistic that is text', () => record({ stats: { ...stats(), trades: '7' as unknown as number } })],
    ['a statistic that is NaN (the page sends null)', () => record({ stats: stats({ sqn: NaN }) })],
    ['a missing statistic', () => ({ ...record(), stats: { trades: 1 } })],
    ['too many trades', () => record({ trades: Array.from({ length: MAX_SAVED_TRADES + 1 }, () => record().trades[0]) })],
    ['too many points', () => record({ equity: { t: Array.from({ length: MAX_SAVED_POINTS + 1 }, () => T0), v: Array.from({ length: MAX_SAVED_POINTS + 1 }, () => 1) } })],
    ['a curve of two lengths', () => record({ equity: { t: [T0], v: [1, 2] } })],
    ['a trade time that is no time', () => record({ trades: [{ ...record().trades[0], entryTime: -5 }] })],
    ['a reason too long', () => record({ trades: [{ ...record().trades[0], exitReason: 'x'.repeat(201) }] })],
    ['parameters that are not values', () => record({ inputs: { ...record().inputs, params: { fast: { x: 1 } } as never } })],
    ['an empty strategy name', () => record({ inputs: { ...record().inputs, strategy: '' } })],
  ];
  for (const [what, make] of bad) {
    it(`refuses a run with ${what}, saving nothing`, async () => {
      const s = await store();
      const r = await s.backtestRuns.save(make() as SavedRunRecord);
      expect(r.ok).toBe(false);
      expect([Code.INVALID_COMMAND, Code.INVALID_SETTING]).toContain(!r.ok && r.code);
      expect(await s.backtestRuns.list()).toEqual({ ok: true, runs: [] });
    });
  }

  it('drops unknown fields and keeps the parameters in a null-prototype map', async () => {
    const s = await store();
    const params = JSON.parse('{"fast":3,"__proto__":5}') as Record<string, number>;
    const r = await s.backtestRuns.save({ ...record(), extra: 1, inputs: { ...record().inputs, params } } as SavedRunRecord);
    expect(r).toMatchObject({ ok: true });
    const row = await s.db.backtestRuns.get(1);
    expect(Object.keys(row ?? {}).sort()).toEqual(['createdAt', 'equity', 'id', 'inputs', 'stats', 'tradeCount', 'trades']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("exports a run's trades as CSV with formula-safe text and plain decimals", async () => {
    const s = await store();
    expect(await s.backtestRuns.save(record())).toMatchObject({ ok: true });
    const r = await s.backtestRuns.tradesCsv(1);
    expect(r.ok).toBe(true);
    const lines = (r.ok ? r.csv : '').split('\r\n');
    expect(lines[0] + '\r\n').toBe(RUN_CSV_HEADER);
    expect(lines[1]).toBe('2005-01-04T00:00:00.000Z,2005-01-07T00:00:00.000Z,10,100,110,98,9.8,2,3,fast crossed above slow,"\'=HYPERLINK(""x"")"');
    expect(lines[2]).toBe('2005-01-07T00:00:00.000Z,2005-01-12T00:00:00.000Z,-5,110,0.0000001,-0.5,-1,0,5,"short, ""quoted""",end of data');
    expect(r.ok && r.rows).toBe(2);
    expect(await s.backtestRuns.tradesCsv(9)).toMatchObject({ ok: false });
  });
});

describe('schema 7', () => {
  it('upgrades a version 6 database: its rows untouched, an empty table of runs that works', async () => {
    const name = freshName();
    const v6 = new Dexie(name);
    v6.version(6).stores(SCHEMA_V6);
    await v6.open();
    await v6.table('settings').put({ key: 'theme', value: 'dark' });
    v6.close();
    const s = new StoreClass(name, { storage: undefined, now: () => clock });
    stores.push(s);
    expect(await s.open()).toEqual({ ok: true });
    expect(s.db.verno).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(7);
    expect(await s.getSetting('theme')).toEqual({ ok: true, value: 'dark' });
    expect(await s.backtestRuns.list()).toEqual({ ok: true, runs: [] });
    expect(await s.backtestRuns.save(record())).toMatchObject({ ok: true, id: 1 });
  });
});

describe('saved backtests in a backup', () => {
  async function exported(s: Store): Promise<string> {
    const r = await s.exportBackup();
    if (!r.ok) throw new Error(r.message);
    return r.text;
  }

  it('are exported and imported with everything else; a backup without them leaves the key out', async () => {
    const a = await store();
    expect(await a.commit({ inputs: steps(2) })).toMatchObject({ ok: true });
    expect(Object.keys(JSON.parse(await exported(a)).tables)).not.toContain('backtestRuns');
    expect(await a.backtestRuns.save(record())).toMatchObject({ ok: true });
    expect(await a.backtestRuns.save(record({ tradeCount: 3 }))).toMatchObject({ ok: true });
    const text = await exported(a);
    expect(JSON.parse(text).tables.backtestRuns.map((r: { id: number }) => r.id)).toEqual([1, 2]);
    const b = await store();
    expect(await b.backtestRuns.save(record({ tradeCount: 99 }))).toMatchObject({ ok: true }); // replaced, not merged
    expect(await b.importBackup(text)).toMatchObject({ ok: true });
    expect(await dump(b)).toEqual(await dump(a));
    // The key generator goes on after the imported ids.
    expect(await b.backtestRuns.save(record())).toMatchObject({ ok: true, id: 3 });
  });

  const bad: [string, (rows: Record<string, unknown>[]) => unknown][] = [
    ['a run without an id', (rows) => [{ ...rows[0], id: undefined }]],
    ['a repeated id', (rows) => [rows[0], rows[0]]],
    ['a statistic that is text', (rows) => [{ ...rows[0], stats: { ...(rows[0].stats as object), sqn: 'x' } }]],
    ['too many runs', (rows) => Array.from({ length: MAX_SAVED_RUNS + 1 }, (_, i) => ({ ...rows[0], id: i + 1 }))],
    ['a table that is not a list', () => ({ 1: 'x' })],
  ];
  for (const [what, mutate] of bad) {
    it(`a file with ${what} is refused and changes nothing`, async () => {
      const a = await store();
      expect(await a.backtestRuns.save(record())).toMatchObject({ ok: true });
      const doc = JSON.parse(await exported(a));
      doc.tables.backtestRuns = mutate(doc.tables.backtestRuns);
      const b = await store();
      expect(await b.backtestRuns.save(record({ tradeCount: 5 }))).toMatchObject({ ok: true });
      const before = await dump(b);
      const r = await b.importBackup(JSON.stringify(doc));
      expect(r).toMatchObject({ ok: false, code: Code.INVALID_BACKUP });
      expect(!r.ok && r.message).toMatch(/backtest/i);
      expect(await dump(b)).toEqual(before);
    });
  }
});
