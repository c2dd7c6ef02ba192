import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAT_KEYS, parseSavedRunRecord } from '../../protocol';
import type { BacktestResult, BacktestStats, OhlcvColumns } from '../../core/backtest/types';
import { recordOf, statsJson, thinCurve } from './record';

describe('thinCurve', () => {
  it('keeps every point when they fit', () => {
    expect(thinCurve([1, 2, 3], [5, 6, 7], 3)).toEqual({ t: [1, 2, 3], v: [5, 6, 7] });
  });

  it('stays within the bound, in time order, with the ends, the lowest and the highest', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 4, max: 500 }),
      (v, max) => {
        const t = v.map((_, i) => i * 10);
        const c = thinCurve(t, v, max);
        expect(c.t.length).toBe(c.v.length);
        expect(c.t.length).toBeLessThanOrEqual(Math.max(max, Math.min(v.length, max)));
        for (let i = 1; i < c.t.length; i++) expect(c.t[i]).toBeGreaterThan(c.t[i - 1]);
        expect(c.t[0]).toBe(0);
        expect(c.t.at(-1)).toBe(t.at(-1));
        expect(Math.min(...c.v)).toBe(Math.min(...v));
        expect(Math.max(...c.v)).toBe(Math.max(...v));
        c.t.forEach((x, i) => expect(c.v[i]).toBe(v[x / 10]));
      },
    ), { numRuns: 200 });
  });
});

function result(n: number, trades: number): { result: BacktestResult; data: OhlcvColumns } {
  const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2005, 0, 1) + i * 86_400_000);
  const col = Float64Array.from({ length: n }, (_, i) => 100 + i);
  const stats = Object.fromEntries(STAT_KEYS.map((k) => [k, 1.5])) as unknown as BacktestStats;
  stats.sqn = NaN;
  const trade = { size: 3, entryBar: 1, exitBar: 2, entryTime: time[1], exitTime: time[2], entryPrice: 101, exitPrice: 102, pnl: 3, returnPct: 0.01, commission: 0, sl: null, tp: null, entryReason: 'x'.repeat(300), exitReason: 'end of data' };
  return {
    data: { length: n, time, open: col, high: col, low: col, close: col, volume: col },
    result: {
      stats, trades: Array.from({ length: trades }, () => trade), equity: col.slice(), drawdown: new Float64Array(n), markers: [], overlays: [], log: [],
      warmup: 0, error: null, bars: n,
    },
  };
}

describe('recordOf', () => {
  const inputs = { strategy: 'sma-cross', title: 'SMA', params: { fast: 3 }, sourceId: 'sample:GOOG', sourceName: 'GOOG', cash: 10_000, commissionPct: 0, spreadBps: 0 };

  it('is what the engine accepts to save: NaN as null, the bars it ran, reasons cut to their bound', () => {
    const { result: r, data } = result(50, 3);
    const rec = recordOf(r, data, inputs);
    expect(parseSavedRunRecord(rec)).toMatchObject({ ok: true });
    expect(rec.stats.sqn).toBeNull();
    expect(rec.stats.trades).toBe(1.5);
    expect(rec.inputs).toMatchObject({ from: data.time[0], to: data.time[49], bars: 50 });
    expect(rec.trades[0].entryReason.length).toBe(200);
    expect(rec.equity.v.length).toBe(50);
  });

  it('a huge run is thinned to what a saved run keeps, and counts its trades', () => {
    const { result: r, data } = result(200_000, 6_000);
    const rec = recordOf(r, data, inputs);
    expect(parseSavedRunRecord(rec)).toMatchObject({ ok: true });
    expect(rec.tradeCount).toBe(6_000);
    expect(rec.trades.length).toBe(5_000);
    expect(rec.equity.t.length).toBeLessThanOrEqual(5_000);
  });

  it('a run stopped early (an error) keeps only the bars it ran', () => {
    const { result: r, data } = result(50, 0);
    r.bars = 20;
    const rec = recordOf(r, data, inputs);
    expect(rec.inputs.to).toBe(data.time[19]);
    expect(rec.equity.t.length).toBe(20);
  });
});

describe('statsJson', () => {
  it('labels the figures as backtesting.py does, null where none', () => {
    const stats = Object.fromEntries(STAT_KEYS.map((k) => [k, 2])) as Record<(typeof STAT_KEYS)[number], number | null>;
    stats.sharpe = null;
    const doc = JSON.parse(statsJson({ strategy: 's' } as never, stats, [{ key: 'trades', label: '# Trades' }, { key: 'sharpe', label: 'Sharpe Ratio' }]));
    expect(doc).toEqual({ inputs: { strategy: 's' }, stats: { '# Trades': 2, 'Sharpe Ratio': null } });
  });

  it('gives times as ISO dates and durations in days, for a person reading the file', () => {
    const stats = Object.fromEntries(STAT_KEYS.map((k) => [k, 2])) as Record<(typeof STAT_KEYS)[number], number | null>;
    stats.start = Date.UTC(2004, 7, 19);
    stats.durationMs = 3116 * 86_400_000;
    const inputs = { strategy: 's', from: Date.UTC(2004, 7, 19), to: Date.UTC(2013, 2, 1) } as never;
    const doc = JSON.parse(statsJson(inputs, stats, [{ key: 'start', label: 'Start', unit: 'time' }, { key: 'durationMs', label: 'Duration', unit: 'duration' }]));
    expect(doc.stats).toEqual({ Start: '2004-08-19T00:00:00.000Z', 'Duration [days]': 3116 });
    expect(doc.inputs).toMatchObject({ from: '2004-08-19T00:00:00.000Z', to: '2013-03-01T00:00:00.000Z' });
  });
});
