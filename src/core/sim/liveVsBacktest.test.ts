import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIMEFRAME_MS } from '../market/candles';
import { findInstrument } from '../market/instruments';
import type { SimConfig } from './config';
import { liveVsBacktest, type LiveVsBacktest } from './liveVsBacktest';
import { Sim } from './sim';
import type { UserCommand } from './types';

// Why live differs from the backtest, on a real sim: the SMA crossover trades
// FUN (taker fee 5 bps) against the bots; the accessor reads what it saw and
// did, and the comparison runs the same strategy over the same bars.

const START = Date.UTC(2025, 0, 6);
const config = (): SimConfig => ({ seed: 7, start: START, instruments: ['FUN'].map((s) => findInstrument(s)!) });
const sma = (fast = 3, slow = 8): UserCommand => (
  { op: 'strategyStart', strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', params: { fast, slow, short: false }, budget: 2_000 }
);

function must<T extends object>(r: { ok: true } & T | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r;
}

function runFor(sim: Sim, ms: number): void {
  for (let t = 0; t < ms; t += 1_000) sim.step(1_000);
}

describe('a strategy run, as the comparison reads it from the sim', () => {
  const sim = new Sim(config());
  must(sim.submit('you', sma()));
  runFor(sim, 120 * 60_000);
  const run = must(sim.strategyRun('S1')).run;
  const view = sim.strategies()[0];

  it('has the bars the strategy saw: the sim\'s 1m candles at the times its runner recorded a bar', () => {
    const seen = sim.strategyDetail('S1')!.equity.t;
    expect(run.candles.length).toBe(seen.length);
    expect([...run.candles.time]).toEqual(seen);
    const inst = sim.ex.instruments.get('FUN')!;
    const kept = new Map(sim.markets.get('FUN')!.candles.series('1m').toArray().map((c) => [c.t, c]));
    for (let k = 0; k < run.candles.length; k++) {
      const c = kept.get(run.candles.time[k])!;
      expect(run.candles.close[k]).toBeCloseTo(c.c * inst.tick, 9);
      expect(run.candles.high[k]).toBeCloseTo(c.h * inst.tick, 9);
    }
    // Every bar closed before now, one bar apart (the market trades every minute).
    for (let k = 1; k < run.candles.length; k++) expect(run.candles.time[k] - run.candles.time[k - 1]).toBe(TIMEFRAME_MS['1m']);
    expect(run.candles.time[run.candles.length - 1] + TIMEFRAME_MS['1m']).toBeLessThanOrEqual(sim.now);
  });

  it('has its money, parameters, markers and the exchange\'s taker fee', () => {
    expect(run).toMatchObject({ id: 'S1', symbol: 'FUN', timeframe: '1m', budget: 2_000, startEquity: 2_000, partial: null });
    expect(run.params).toEqual({ fast: 3, slow: 8, short: false });
    // Its equity at the last compared bar's close, as the backtest's is.
    const seen = sim.strategyDetail('S1')!.equity;
    expect(run.endEquity).toBe(seen.v[seen.v.length - 1]);
    expect(run.feeRate).toBe(5 / 10_000);
    expect(run.markers.filter((m) => m.kind === 'fill').length).toBeGreaterThan(10);
    expect(run.markers.every((m) => m.kind === 'signal' || m.fee !== undefined)).toBe(true);
    // The last bar's own orders fill live at its close, in the backtest only with a next bar: out of both, and said so.
    expect(run.until).toBe(run.candles.time[run.candles.length - 1] + 60_000 - 1);
    const after = run.markers.filter((m) => m.kind === 'fill' && m.time > run.until).length;
    expect(run.notes).toEqual(after === 0 ? [] : [expect.stringMatching(/^Its last (fill is|\d+ fills are) left out: the backtest fills the orders of a bar at its close once the next bar/)]);
  });

  it('compares them: every signal matched, and the parts add up to the difference in P&L', () => {
    const a = must(liveVsBacktest(run)).answer;
    const s = a.comparison.summary;
    expect(s.livePnl).toBeCloseTo(run.endEquity - 2_000, 9);
    expect(s.matched).toBeGreaterThan(10);
    expect(s.matched).toBe(a.comparison.rows.length - s.missedLive - s.extraLive);
    expect(s.fromSlippage + s.fromFees + s.fromOther).toBeCloseTo(s.difference, 9);
    // Live paid the exchange's fee on whole lots; the backtest the same rate on its own sizes: the fees differ by little.
    const liveFees = a.comparison.rows.reduce((x, r) => x + (r.live?.fee ?? 0), 0);
    expect(liveFees).toBeCloseTo(run.markers.filter((m) => m.kind === 'fill' && m.time <= run.until).reduce((x, m) => x + m.fee!, 0), 9);
    expect(liveFees).toBeLessThanOrEqual(view.fees + 1e-9);
    expect(Math.abs(s.fromFees)).toBeLessThan(liveFees);
    expect(a).toMatchObject({ bars: run.candles.length, from: run.candles.time[0], startEquity: 2_000, feeRate: 0.0005, partial: null });
  });

  it('is pure: the same run gives the same answer, byte for byte', () => {
    const again = must(sim.strategyRun('S1')).run;
    const json = (x: LiveVsBacktest): string => JSON.stringify(x);
    expect(json(must(liveVsBacktest(again)).answer)).toBe(json(must(liveVsBacktest(run)).answer));
  });
});

describe('what cannot be compared, or only in part', () => {
  it('an unknown id, a strategy with too few bars, and user code are refused in plain words', () => {
    const sim = new Sim(config());
    expect(sim.strategyRun('S9')).toMatchObject({ ok: false, code: 'UNKNOWN_STRATEGY' });
    must(sim.submit('you', sma()));
    runFor(sim, 60_000);
    expect(sim.strategyRun('S1')).toMatchObject({ ok: false, code: 'INVALID_DATA', message: expect.stringContaining('needs at least 2') as unknown });
    must(sim.submit('you', { op: 'strategyStart', strategy: 'user:mine', symbol: 'FUN', timeframe: '1m', budget: 1_000 }));
    runFor(sim, 5 * 60_000);
    const r = sim.strategyRun('S2');
    expect(r).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
    expect(r.ok ? '' : r.message).toMatch(/your own code, which runs only in its sandbox/);
  });

  it('a run longer than the kept candles is compared over what is kept, and says so', () => {
    const sim = new Sim(config());
    must(sim.submit('you', sma(20, 60)));
    runFor(sim, 1_600 * 60_000); // 1,600 one-minute bars; the sim keeps 1,500 candles of each timeframe
    const run = must(sim.strategyRun('S1')).run;
    const seen = sim.strategyDetail('S1')!.equity;
    expect(run.barsRun).toBe(seen.t.length);
    expect(run.barsRun).toBeGreaterThan(1_550);
    expect(run.candles.length).toBeLessThanOrEqual(1_500);
    expect(run.candles.length).toBeGreaterThan(1_450);
    expect(run.markers.length).toBeLessThan(500);
    expect(run.partial).toBe(`compared over the last ${run.candles.length} bars (the market keeps its last 1500 1m candles)`);
    // Both start the compared bars with its equity just before the first of them.
    const before = seen.t.indexOf(run.candles.time[0]) - 1;
    expect(run.startEquity).toBe(seen.v[before]);
    // No fill of an order sent before the window is counted in it.
    expect(run.markers.filter((m) => m.kind === 'fill').every((m) => m.time >= run.candles.time[0] + 60_000)).toBe(true);
    const a = must(liveVsBacktest(run)).answer;
    expect(a.partial).toBe(run.partial);
    const s = a.comparison.summary;
    expect(s.fromSlippage + s.fromFees + s.fromOther).toBeCloseTo(s.difference, 9);
  });

  it('a strategy with more fills and signals than are kept is compared from the bar all of its markers are kept, and says so', () => {
    const sim = new Sim(config());
    must(sim.submit('you', sma(2, 3)));
    runFor(sim, 1_000 * 60_000); // a crossing of a 2- and a 3-bar average every few bars: far more than 500 markers
    const run = must(sim.strategyRun('S1')).run;
    expect(run.markers.length).toBeLessThanOrEqual(500);
    expect(run.barsRun).toBeGreaterThan(990);
    expect(run.candles.time[0]).toBeGreaterThanOrEqual(run.markers[0].time + 60_000);
    expect(run.candles.time[0] - 60_000).toBeLessThan(run.markers[0].time + 60_000);
    expect(run.partial).toBe(`compared over the last ${run.candles.length} bars (only its last 500 fills and signals are kept)`);
    const s = must(liveVsBacktest(run)).answer.comparison.summary;
    expect(s.matched).toBeGreaterThan(50);
    expect(s.fromSlippage + s.fromFees + s.fromOther).toBeCloseTo(s.difference, 9);
  });

  it('a stopped strategy is compared up to its stop, with its equity then; a pause is noted', () => {
    const sim = new Sim(config());
    must(sim.submit('you', sma()));
    runFor(sim, 30 * 60_000);
    must(sim.submit('you', { op: 'strategyPause', id: 'S1' }));
    runFor(sim, 5 * 60_000);
    must(sim.submit('you', { op: 'strategyResume', id: 'S1' }));
    runFor(sim, 30 * 60_000);
    must(sim.submit('you', { op: 'strategyStop', id: 'S1' }));
    const stoppedAt = sim.now;
    runFor(sim, 10 * 60_000);
    const run = must(sim.strategyRun('S1')).run;
    const seen = sim.strategyDetail('S1')!.equity;
    expect(run.endEquity).toBe(seen.v[seen.v.length - 1]);
    expect(run.candles.time[run.candles.length - 1]).toBeLessThan(stoppedAt);
    expect(run.notes).toContain('It was paused for a while; the backtest was not: its signals then are fills that did not happen live.');
    const a = must(liveVsBacktest(run)).answer;
    expect(a.comparison.summary.livePnl).toBeCloseTo(run.endEquity - 2_000, 9);
  });
});

describe('by property: any seed, parameters and budget', () => {
  it('the parts add up to the difference, every fill of the compared bars is on a row, and the last bar\'s are said to be left out', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 500, max: 50_000 }),
      (seed, fast, more, budget) => {
        const sim = new Sim({ ...config(), seed });
        must(sim.submit('you', { op: 'strategyStart', strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', params: { fast, slow: fast + more, short: false }, budget }));
        runFor(sim, 40 * 60_000);
        const run = must(sim.strategyRun('S1')).run;
        const a = must(liveVsBacktest(run)).answer;
        const seen = sim.strategyDetail('S1')!.equity;
        const { rows, summary: s } = a.comparison;
        expect(s.fromSlippage + s.fromFees + s.fromOther).toBeCloseTo(s.difference, 6);
        expect(s.matched + s.missedLive + s.extraLive).toBe(rows.length);
        expect(s.livePnl).toBeCloseTo(seen.v[seen.v.length - 1] - budget, 9);
        const fills = run.markers.filter((m) => m.kind === 'fill');
        expect(rows.reduce((x, r) => x + (r.live?.units ?? 0), 0)).toBeCloseTo(fills.filter((m) => m.time <= run.until).reduce((x, m) => x + m.units, 0), 9);
        expect(run.notes.length > 0).toBe(fills.some((m) => m.time > run.until));
        for (const r of rows) {
          expect(r.kind === 'matched').toBe(r.live !== null && r.backtest !== null);
          if (r.kind !== 'matched') expect(r.slippage).toBe(0);
        }
      },
    ), { numRuns: 8 });
  });
});
