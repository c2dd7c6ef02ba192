import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { parseBacktestJob, parseColumns, parseSavedRun, parseSavedRunId, parseSavedRunRecord, STAT_KEYS, type BacktestJob, type SavedRunRecord } from './backtest';

const cols = (n: number) => ({
  time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
});
const job: BacktestJob = { strategy: 'sma-cross', params: { fast: 10 }, source: { kind: 'sample', name: 'GOOG' }, from: 1, to: 2, config: { cash: 5, spreadBps: 1 } };
const record: SavedRunRecord = {
  inputs: { strategy: 's', title: 'S', params: {}, sourceId: 'sample:GOOG', sourceName: 'GOOG', from: 0, to: 1, bars: 2, cash: 1, commissionPct: 0, spreadBps: 0 },
  stats: Object.fromEntries(STAT_KEYS.map((k) => [k, null])) as SavedRunRecord['stats'],
  trades: [],
  tradeCount: 0,
  equity: { t: [0, 1], v: [1, 1] },
};

describe('a backtest job', () => {
  it('keeps the known fields only, into fresh objects', () => {
    const raw = JSON.parse(JSON.stringify({ ...job, extra: 1, config: { ...job.config, evil: 2 }, source: { ...job.source, x: 3 } }).replace('{', '{"__proto__":{"polluted":true},'));
    const r = parseBacktestJob(raw);
    expect(r).toEqual({ ok: true, value: job });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes columns of one length as Float64Arrays only', () => {
    expect(parseBacktestJob({ ...job, source: { kind: 'columns', name: 'mine', data: { ...cols(3), length: 99 } } })).toMatchObject({ ok: true, value: { source: { data: { length: 3 } } } });
    for (const data of [{ ...cols(3), close: new Float64Array(2) }, { ...cols(3), open: [1, 2, 3] }, { ...cols(3), time: undefined }, null, 'x']) {
      expect(parseColumns(data)).toMatchObject({ ok: false, code: Code.INVALID_DATA });
    }
  });

  it('refuses a wrong type with a result, never throws', () => {
    for (const bad of [null, 1, [], { ...job, strategy: 1 }, { ...job, source: { kind: 'url', name: 'x' } }, { ...job, source: { kind: 'sample', name: 'AAPL' } },
      { ...job, from: '1' }, { ...job, config: { cash: NaN } }, { ...job, config: { commission: { rate: 1 } } }, { ...job, config: { fractional: 'yes' } }]) {
      expect(parseBacktestJob(bad).ok).toBe(false);
    }
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withTypedArray: true }), (x) => void parseBacktestJob(x)), { numRuns: 300 });
  });
});

describe('a saved run', () => {
  it('is read field by field; with its id and time from a backup', () => {
    expect(parseSavedRunRecord({ ...record, id: 5, extra: 1 })).toEqual({ ok: true, value: record });
    expect(parseSavedRun({ ...record, id: 5, createdAt: 7 })).toEqual({ ok: true, value: { ...record, id: 5, createdAt: 7 } });
    expect(parseSavedRun(record)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
  });

  it('keeps the error a strategy stopped with, as text', () => {
    const stopped = { ...record, error: 'boom (line 21)' };
    expect(parseSavedRunRecord(stopped)).toEqual({ ok: true, value: stopped });
    expect(parseSavedRunRecord({ ...record, error: 42 })).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(parseSavedRunRecord({ ...record, error: 'x'.repeat(501) })).toMatchObject({ ok: false });
  });

  it('ids are whole numbers above 0', () => {
    expect(parseSavedRunId(3)).toEqual({ ok: true, value: 3 });
    for (const id of [0, -1, 1.5, '3', NaN, null]) expect(parseSavedRunId(id).ok).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true }), (x) => void parseSavedRunRecord(x)), { numRuns: 300 });
  });
});
