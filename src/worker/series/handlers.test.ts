import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importCsv } from '../../core/backtest/csv';
import type { OhlcvColumns } from '../../core/backtest/types';
import { Code } from '../../core/codes';
import { TIMEFRAME_MS } from '../../core/market/candles';
import type { SeriesData, SeriesImportProgress, SeriesMeta } from '../../protocol';
import { Store } from '../../storage/store';
import { DurableTerminal } from '../durableTerminal';
import { METHODS, type HandlerContext } from '../handlers';
import { MAX_IMPORTS } from './imports';
import { SAMPLES } from './samples';

/**
 * The backtester's data handlers through the real handler table, over a real
 * DurableTerminal on fake-indexeddb: the samples, CSV imports (a Blob read
 * in chunks, progress, cancel, a bad line), removal, the sim's candles and
 * the kline cache as sources.
 */
const wall = () => Date.UTC(2025, 2, 4, 15, 0);
const GOOG = readFileSync(new URL('../../core/backtest/samples/GOOG.csv', import.meta.url), 'utf8');

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function setUp() {
  const durable = await DurableTerminal.start(new Store(`series-handlers-${Math.random()}`), wall);
  await durable.settled();
  const ctx: HandlerContext = {
    durable, terminal: durable.terminal, live: { setMode: () => {}, setKeys: () => {} }, commit: () => durable.commit(), restart: async () => {},
  };
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a) as Promise<Record<string, unknown> & { ok: boolean; message?: string }>;
  return { durable, ctx, run };
}

const plain = (d: OhlcvColumns) => ({
  length: d.length, time: [...d.time], open: [...d.open], high: [...d.high], low: [...d.low], close: [...d.close], volume: [...d.volume],
});

/** A CSV of `n` minute bars, as a Blob (what a file input gives). */
function bigCsv(n: number): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  for (let i = 0; i < n; i++) lines.push(`${new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString()},${10 + (i % 7)},${20},${5},${11},${11},${i}`);
  return `${lines.join('\n')}\n`;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

async function until<T>(f: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 10_000; i++) {
    const v = await f();
    if (v !== null) return v;
    await tick();
  }
  throw new Error('never happened');
}

describe('the samples', () => {
  it('each sample\'s description is what its file holds', () => {
    for (const s of SAMPLES) {
      const r = importCsv(GOOG);
      expect(s.meta.id).toBe('sample:GOOG');
      expect(r.ok && { bars: r.rows, from: r.data.time[0], to: r.data.time[r.rows - 1] }).toEqual({ bars: s.meta.bars, from: s.meta.from, to: s.meta.to });
    }
  });

  it('lists GOOG first, before anything is imported, and answers its bars (a fresh copy each time)', async () => {
    const { run } = await setUp();
    const list = await run('seriesList');
    expect(list).toEqual({ ok: true, rows: [SAMPLES[0].meta] });
    expect((list.rows as SeriesMeta[])[0].name).toBe('GOOG — daily, 2004–2013 (sample)');

    const a = (await run('seriesGet', 'sample:GOOG')) as unknown as { ok: true } & SeriesData;
    expect(a.ok).toBe(true);
    expect(a.meta).toEqual(SAMPLES[0].meta);
    const file = importCsv(GOOG);
    expect(file.ok && plain(a.data)).toEqual(file.ok && plain(file.data));
    a.data.close.fill(0);
    const b = (await run('seriesGet', 'sample:GOOG')) as unknown as SeriesData;
    expect(b.data.close[0]).toBe(100.34);
    expect(await run('seriesRemove', 'sample:GOOG')).toMatchObject({ ok: false, code: Code.INVALID_COMMAND, message: /comes with Bourse/ });
  });
});

describe('CSV import', () => {
  it('reads a file in chunks, saves it as a series, lists it after the samples, answers its bars, removes it', async () => {
    const { run } = await setUp();
    const text = bigCsv(3_000);
    const r = await run('seriesImport', 'imp-1', 'minutes.csv', new Blob([text]));
    expect(r).toMatchObject({ ok: true, rows: 3_000, layout: { kind: 'yahoo', delimiter: ',' }, meta: { name: 'minutes.csv', source: 'csv', bars: 3_000 } });
    const meta = r.meta as SeriesMeta;
    expect((await run('seriesList')).rows).toEqual([SAMPLES[0].meta, meta]);
    const got = (await run('seriesGet', meta.id)) as unknown as SeriesData;
    const direct = importCsv(text);
    expect(direct.ok && plain(got.data)).toEqual(direct.ok && plain(direct.data));
    expect(await run('seriesRemove', meta.id)).toEqual({ ok: true });
    expect((await run('seriesList')).rows).toEqual([SAMPLES[0].meta]);
    expect(await run('seriesGet', meta.id)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await run('seriesRemove', meta.id)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
  });

  it('takes the text too, and the mapping options', async () => {
    const { run } = await setUp();
    const r = await run('seriesImport', 'imp-2', 'eu.csv', 'Tag;Schluss\n01.02.2020;1,5\n02.02.2020;2\n', {
      columns: { time: 0, open: 1, high: 1, low: 1, close: 'schluss', volume: null }, decimalComma: true,
    });
    expect(r).toMatchObject({ ok: true, rows: 2, layout: { kind: 'mapped', delimiter: ';' } });
    const got = (await run('seriesGet', (r.meta as SeriesMeta).id)) as unknown as SeriesData;
    expect([...got.data.close]).toEqual([1.5, 2]);
    expect([...got.data.time]).toEqual([Date.UTC(2020, 1, 1), Date.UTC(2020, 1, 2)]);
  });

  it('refuses a file with a bad line, naming it, and saves nothing', async () => {
    const { run } = await setUp();
    const text = bigCsv(2_000).replace(/\n(2020-01-01T10:00[^\n]*)/, (_, line: string) => `\n${line.replace(',20,5,', ',4,5,')}`);
    const r = await run('seriesImport', 'imp-3', 'bad.csv', new Blob([text]));
    // 10:00 is the 601st bar: line 602 (the header is line 1).
    expect(r).toMatchObject({ ok: false, code: Code.INVALID_DATA, message: 'Line 602: high (4) is below low (5)' });
    expect((await run('seriesList')).rows).toEqual([SAMPLES[0].meta]);
  });

  it('reports progress by bytes, and a cancel stops it with nothing saved', async () => {
    const { run, durable } = await setUp();
    const blob = new Blob([bigCsv(60_000)]);
    const pending = run('seriesImport', 'imp-4', 'big.csv', blob);
    const seen = await until(async () => {
      const p = await run('seriesImportProgress', 'imp-4');
      return p.ok && (p as unknown as SeriesImportProgress).bytes > 0 ? (p as unknown as SeriesImportProgress) : null;
    });
    expect(seen).toMatchObject({ total: blob.size, phase: 'reading' });
    expect(seen.bytes).toBeLessThan(blob.size);
    expect(seen.rows).toBeGreaterThan(0);
    expect(await run('seriesImportCancel', 'imp-4')).toEqual({ ok: true });
    expect(await pending).toMatchObject({ ok: false, code: Code.CANCELLED, message: 'The import was cancelled; nothing was saved.' });
    expect(await run('seriesImportProgress', 'imp-4')).toMatchObject({ ok: false, message: 'No import imp-4 is running.' });
    expect(await run('seriesImportCancel', 'imp-4')).toMatchObject({ ok: false });
    expect(await durable.storage!.db.seriesColumns.count()).toBe(0);
  });

  it('refuses a second import under a running one\'s id, and more than a few at once', async () => {
    const { run } = await setUp();
    const blob = new Blob([bigCsv(30_000)]);
    const running = Array.from({ length: MAX_IMPORTS }, (_, i) => run('seriesImport', `run-${i}`, 'a.csv', blob));
    await until(async () => ((await run('seriesImportProgress', `run-${MAX_IMPORTS - 1}`)).ok ? true : null));
    expect(await run('seriesImport', 'run-0', 'b.csv', 'x')).toMatchObject({ ok: false, code: Code.DUPLICATE_ID });
    expect(await run('seriesImport', 'other', 'b.csv', 'x')).toMatchObject({ ok: false, message: /imports are running already/ });
    for (let i = 0; i < MAX_IMPORTS; i++) expect(await run('seriesImportCancel', `run-${i}`)).toEqual({ ok: true });
    for (const r of await Promise.all(running)) expect(r).toMatchObject({ ok: false, code: Code.CANCELLED });
  });

  it('refuses bad arguments before reading anything', async () => {
    const { run } = await setUp();
    const csv = 'Date,Open,High,Low,Close\n2020-01-01,1,1,1,1\n';
    const cases: [unknown[], RegExp][] = [
      [['bad id!', 'a.csv', csv], /import id/],
      [['', 'a.csv', csv], /import id/],
      [['i', 42, csv], /name must be text/],
      [['i', 'a.csv', 42], /needs a file/],
      [['i', 'a.csv', { size: 3, stream: () => null }], /needs a file/],
      [['i', 'a.csv', csv, { delimiter: '|' }], /delimiter/],
      [['i', 'a.csv', csv, { dayFirst: 'yes' }], /Day first/],
      [['i', 'a.csv', csv, { columns: { time: 0 } }], /column/],
      [['i', 'a.csv', csv, { columns: { time: {}, open: 1, high: 1, low: 1, close: 1 } }], /column is its header's name/],
      [['i', 'a.csv', csv, 'comma'], /options must be an object/],
      [['i', '', csv], /needs a name/],
    ];
    for (const [a, why] of cases) {
      const r = await run('seriesImport', ...a);
      expect(r.ok, JSON.stringify(a)).toBe(false);
      expect(r.message).toMatch(why);
    }
    expect((await run('seriesList')).rows).toHaveLength(SAMPLES.length);
    for (const bad of [42, '', 'x'.repeat(65)]) expect(await run('seriesGet', bad)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await run('seriesImportProgress', '__proto__')).toMatchObject({ ok: false });
  });

  it('without storage, says so', async () => {
    const { ctx } = await setUp();
    const durable = Object.create(ctx.durable, { storage: { value: null } }) as HandlerContext['durable'];
    const bare: HandlerContext = { ...ctx, durable };
    const run = (m: string, ...a: unknown[]) => METHODS.invoke(bare, m, 'tab-1', a);
    expect(await run('seriesList')).toEqual({ ok: true, rows: [SAMPLES[0].meta] });
    expect(await run('seriesImport', 'i', 'a.csv', 'x')).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await run('seriesGet', 's-1')).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
    expect(await run('seriesGet', 'sample:GOOG')).toMatchObject({ ok: true });
  });
});

describe('the sim and the kline cache as sources', () => {
  it('answers a market\'s closed candles as the sim recorded them, in decimals', async () => {
    const { run, durable } = await setUp();
    expect(await run('seriesFromSim', 'FUN', '1m')).toMatchObject({ ok: false, code: Code.INVALID_DATA, message: /needs at least 2/ });
    expect(durable.terminal.setSpeed(60)).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) durable.terminal.advance(2_000);
    const r = (await run('seriesFromSim', 'FUN', '1m')) as unknown as { ok: true } & SeriesData;
    expect(r).toMatchObject({ ok: true, meta: { id: 'sim:FUN:1m', source: 'sim', symbol: 'FUN', timeframe: '1m' } });
    const sim = durable.terminal.sim;
    const candles = sim.markets.get('FUN')!.candles.series('1m').toArray();
    const closed = candles.filter((c) => c.t + TIMEFRAME_MS['1m'] <= sim.now);
    expect(r.data.length).toBe(closed.length);
    expect(r.meta.bars).toBe(closed.length);
    expect([...r.data.time]).toEqual(closed.map((c) => c.t));
    // FUN's tick is 0.01: prices are ticks / 100.
    expect([...r.data.close]).toEqual(closed.map((c) => Number((c.c / 100).toFixed(2))));
    expect(await run('seriesFromSim', 'NOPE', '1m')).toMatchObject({ ok: false, code: Code.UNKNOWN_SYMBOL });
    expect(await run('seriesFromSim', 'FUN', '7m')).toMatchObject({ ok: false });
    // A timeframe the sim does not record (a profile from an older save) is said so, not thrown.
    const series = sim.markets.get('FUN')!.candles.series.bind(sim.markets.get('FUN')!.candles);
    vi.spyOn(sim.markets.get('FUN')!.candles, 'series').mockImplementation((tf) => (tf === '1d' ? series('7m' as never) : series(tf)));
    expect(await run('seriesFromSim', 'FUN', '1d')).toMatchObject({ ok: false, code: Code.INVALID_DATA, message: /does not record FUN's 1d candles/ });
  });

  it('answers a crypto pair\'s cached candles offline, saying what is missing', async () => {
    const { run, durable } = await setUp();
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    const iv = TIMEFRAME_MS['1h'];
    const end = Math.floor(Date.now() / iv) * iv;
    const rows = Array.from({ length: 10 }, (_, i) => ({ t: end - (10 - i) * iv, o: 100 + i, h: 110 + i, l: 90 + i, c: 105 + i, v: i }));
    expect(await durable.storage!.klines.put('BTCUSDT', '1h', rows, rows[0].t, end)).toMatchObject({ ok: true });
    const r = (await run('seriesFromKlines', 'BTCUSDT', '1h')) as unknown as { ok: true; partial: string | null } & SeriesData;
    expect(r).toMatchObject({ ok: true, meta: { id: 'crypto:BTCUSDT:1h', source: 'crypto', bars: 10, from: rows[0].t, to: rows[9].t } });
    expect([...r.data.time]).toEqual(rows.map((k) => k.t));
    expect([...r.data.close]).toEqual(rows.map((k) => k.c));
    expect(r.partial).toEqual(expect.any(String));
    // A span inside what is cached is whole.
    const inside = await run('seriesFromKlines', 'BTCUSDT', '1h', rows[2].t, rows[6].t);
    expect(inside).toMatchObject({ ok: true, partial: null, meta: { bars: 4 } });

    expect(await run('seriesFromKlines', 'FUN', '1h')).toMatchObject({ ok: false, code: Code.UNKNOWN_SYMBOL });
    expect(await run('seriesFromKlines', 'ETHUSDT', '1h')).toMatchObject({ ok: false, code: Code.INVALID_DATA, message: /Not enough ETHUSDT 1h candles/ });
    expect(await run('seriesFromKlines', 'BTCUSDT', '1m', 0, 1e12)).toMatchObject({ ok: false, code: Code.INVALID_SETTING, message: /more than 50,000/ });
    expect(await run('seriesFromKlines', 'BTCUSDT', '1h', end, end - iv)).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
    expect(await run('seriesFromKlines', 'BTCUSDT', '1h', 'yesterday')).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
  });
});
