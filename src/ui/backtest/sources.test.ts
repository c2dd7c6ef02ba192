import { describe, expect, it } from 'vitest';
import { Code } from '../../core/codes';
import type { SeriesMeta } from '../../core/backtest/series';
import type { ApiResult, SeriesData } from '../../protocol';
import { marketSource, sourceOf } from './sources';

const meta = (over: Partial<SeriesMeta>): SeriesMeta => ({ id: 's-1', name: 'mine.csv', source: 'csv', bars: 3, from: 0, to: 2, createdAt: 5, ...over });
const data = { length: 0, time: new Float64Array(), open: new Float64Array(), high: new Float64Array(), low: new Float64Array(), close: new Float64Array(), volume: new Float64Array() };

describe('sourceOf', () => {
  it('a sample is loaded by the worker, by name, without asking the engine', async () => {
    const asked: string[] = [];
    const s = sourceOf(meta({ id: 'sample:GOOG', name: 'GOOG', source: 'sample' }), async (id) => (asked.push(id), { ok: false, code: Code.INVALID_DATA, message: 'x' }));
    expect(await s.source()).toEqual({ ok: true, source: { kind: 'sample', name: 'GOOG' } });
    expect(s.imported).toBe(false);
    expect(asked).toEqual([]);
  });

  it("an imported series' bars are asked of the engine and sent as columns; its failure is the answer", async () => {
    let answer: ApiResult<SeriesData> = { ok: true, meta: meta({}), data };
    const s = sourceOf(meta({}), async () => answer);
    expect(s.imported).toBe(true);
    expect(s.note).toContain('Imported from a CSV file');
    expect(await s.source()).toEqual({ ok: true, source: { kind: 'columns', name: 'mine.csv', data } });
    answer = { ok: false, code: Code.STORAGE_UNAVAILABLE, message: 'gone' };
    expect(await s.source()).toEqual(answer);
  });
});

describe('marketSource', () => {
  it("asks the engine for the market's candles when it runs, named as the engine names them", async () => {
    const asked: [string, string][] = [];
    const s = marketSource('sim', 'FUN', '1m', async (sym, tf) => (asked.push([sym, tf]), { ok: true, meta: meta({ id: 'sim:FUN:1m', name: 'FUN 1m', source: 'sim' }), data }));
    expect(s.id).toBe('market:sim');
    expect(s.note).toContain('FUN 1m');
    expect(await s.source()).toEqual({ ok: true, source: { kind: 'columns', name: 'FUN 1m', data } });
    expect(asked).toEqual([['FUN', '1m']]);
    const c = marketSource('crypto', 'BTCUSDT', '1h', async () => ({ ok: false, code: Code.INVALID_DATA, message: 'offline' }));
    expect(await c.source()).toMatchObject({ ok: false, message: 'offline' });
  });
});
