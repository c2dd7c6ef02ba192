import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smaCross } from '../strategy/builtins/smaCross';
import type { StrategyContext, StrategyDef } from '../strategy/types';
import { googColumns } from './backtest.testkit';
import { barsBetween, columnsOf } from './columns';
import { runBacktest } from './engine';
import type { BacktestConfig, BacktestResult, BacktestTrade, OhlcvColumns } from './types';

/** Bars from a start price and relative moves (each bar's range holds its open and close). */
const bars = fc
  .record({
    start: fc.double({ min: 5, max: 500, noNaN: true }),
    moves: fc.array(fc.tuple(fc.double({ min: -0.08, max: 0.08, noNaN: true }), fc.double({ min: 0, max: 0.03, noNaN: true })), { minLength: 2, maxLength: 120 }),
  })
  .map(({ start, moves }): OhlcvColumns => {
    let p = start;
    return columnsOf(
      moves.map(([m, wick], i) => {
        const open = p;
        p = Math.max(0.5, p * (1 + m));
        return { time: Date.UTC(2020, 0, 1) + i * 86_400_000, open, high: Math.max(open, p) * (1 + wick), low: Math.min(open, p) * (1 - wick), close: p, volume: 1 };
      }),
    );
  });

/** A strategy that acts on a seeded hash of the bar: market, limit and stop orders, exits, closes, cancels. */
function randomTrader(seed: number, sent: number[]): StrategyDef {
  const rnd = (k: number) => {
    let x = (seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
    return (x ^ (x >>> 13)) / 2 ** 32;
  };
  return {
    name: 'random', title: 'random', description: '', params: {}, timeframe: '1d', init: () => ({}),
    onBar(ctx: StrategyContext) {
      const r = rnd(ctx.barIndex);
      const px = ctx.bar.close;
      const ok = (a: { ok: boolean }) => {
        if (a.ok) sent.push(ctx.barIndex - 1);
      };
      if (r < 0.12) ok(ctx.buy({ size: { fraction: 0.5 } }));
      else if (r < 0.2) ok(ctx.sell({ size: { units: 1 + Math.floor(rnd(ctx.barIndex + 7) * 5) } }));
      else if (r < 0.26) ok(ctx.buy({ limit: px * 0.98, tp: px * 1.1, sl: px * 0.9, size: { units: 2 } }));
      else if (r < 0.3) ok(ctx.sell({ stop: px * 0.97, size: { units: 1 } }));
      else if (r < 0.36 && ctx.position.units !== 0) ok(ctx.close());
      else if (r < 0.4) for (const o of ctx.openOrders) void ctx.cancel(o.id);
    },
  };
}

const configs = fc.record({
  cash: fc.integer({ min: 1_000, max: 100_000 }),
  spreadBps: fc.constantFrom(0, 5, 20),
  commission: fc.record({ rate: fc.constantFrom(0, 0.001, 0.002), fixed: fc.constantFrom(0, 1), perUnit: fc.constantFrom(0, 0.01) }),
  finalizeTrades: fc.boolean(),
  exclusiveOrders: fc.boolean(),
});

function run(def: StrategyDef, data: OhlcvColumns, config: Partial<BacktestConfig>): BacktestResult {
  const r = runBacktest(def, {}, data, config);
  if (!r.ok) throw new Error(r.message);
  return r.result;
}

describe('the backtester, for any bars, strategy and costs', () => {
  it('marks equity as its cash plus its open trades at every bar (trades rebuilt from the result)', () => {
    fc.assert(
      fc.property(bars, fc.integer(), configs, (data, seed, config) => {
        const r = run(randomTrader(seed, []), data, { ...config, finalizeTrades: true });
        if (r.bars < data.length) return; // out of money: the run ended early, equity is zero from there
        const c = config.commission;
        // A trade's record holds its exit fee and its share of the entry fee (a split trade shares it).
        const entryShare = (t: BacktestTrade) => t.commission - (c.fixed + Math.abs(t.size) * (t.exitPrice * c.rate + c.perUnit));
        for (let i = 0; i < data.length - 1; i++) {
          let eq = config.cash;
          for (const t of r.trades) {
            if (t.exitBar <= i) eq += t.pnl;
            else if (t.entryBar <= i) eq += t.size * (data.close[i] - t.entryPrice) - entryShare(t);
          }
          expect(r.equity[i]).toBeCloseTo(eq, 6);
        }
        // Finalized: nothing is open at the end, so the last equity is the cash plus every trade's P&L.
        const last = config.cash + r.trades.reduce((s, t) => s + t.pnl, 0);
        if (r.trades.every((t) => t.exitBar < data.length)) expect(r.stats.equityFinal).toBeCloseTo(last, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('opens no trade without an order sent on an earlier bar', () => {
    fc.assert(
      fc.property(bars, fc.integer(), configs, (data, seed, config) => {
        const sent: number[] = [];
        const r = run(randomTrader(seed, sent), data, config);
        for (const t of r.trades) expect(sent.some((b) => b < t.entryBar)).toBe(true);
        const idle = run({ ...randomTrader(seed, []), onBar: () => {} }, data, config);
        expect(idle.trades).toHaveLength(0);
        expect([...idle.equity].every((e) => e === config.cash)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same result twice, byte for byte', () => {
    fc.assert(
      fc.property(bars, fc.integer(), configs, (data, seed, config) => {
        const a = run(randomTrader(seed, []), data, config);
        const b = run(randomTrader(seed, []), data, config);
        const bytes = (x: BacktestResult) => JSON.stringify({ ...x, equity: [...x.equity], drawdown: [...x.drawdown] });
        expect(bytes(a)).toBe(bytes(b));
      }),
      { numRuns: 50 },
    );
  });
});

describe('bad input changes nothing and says why', () => {
  const data = columnsOf([
    { time: 0, open: 10, high: 11, low: 9, close: 10, volume: 1 },
    { time: 1, open: 10, high: 11, low: 9, close: 10, volume: 1 },
  ]);
  const idle: StrategyDef = { name: 'idle', title: 'idle', description: '', params: {}, timeframe: '1d', init: () => ({}), onBar: () => {} };
  it.each([
    [{ cash: -1 }, 'cash'],
    [{ spreadBps: Number.NaN }, 'spreadBps'],
    [{ margin: 2 }, 'margin'],
    [{ commission: { rate: 0.5 } }, 'commission.rate'],
    [{ leverage: 3 }, 'leverage'],
    [{ tradeOnClose: 'yes' }, 'tradeOnClose'],
  ])('config %j names %s', (config, name) => {
    const r = runBacktest(idle, {}, data, config as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(name);
  });
  it('refuses unsorted bars, a high below the close, and a single bar', () => {
    const swap = columnsOf([
      { time: 5, open: 10, high: 11, low: 9, close: 10, volume: 1 },
      { time: 1, open: 10, high: 11, low: 9, close: 10, volume: 1 },
    ]);
    expect(runBacktest(idle, {}, swap)).toMatchObject({ ok: false, code: 'INVALID_DATA' });
    const low = columnsOf([
      { time: 0, open: 10, high: 9, low: 8, close: 10, volume: 1 },
      { time: 1, open: 10, high: 11, low: 9, close: 10, volume: 1 },
    ]);
    expect(runBacktest(idle, {}, low)).toMatchObject({ ok: false, code: 'INVALID_DATA' });
    expect(runBacktest(idle, {}, columnsOf([{ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 }]))).toMatchObject({ ok: false });
  });
  it('refuses parameters the strategy does not take', () => {
    expect(runBacktest(idle, { fast: 3 }, data)).toMatchObject({ ok: false, code: 'INVALID_SETTING' });
  });
});

describe('trading from a later bar (history first)', () => {
  const goog = googColumns();
  const sma = smaCross as unknown as StrategyDef;
  const params = { fast: 10, slow: 30, short: true };

  it('feeds the history to the indicators, sends nothing before, and reports only the bars traded', () => {
    const k = 500;
    const r = runBacktest(sma, params, goog, {}, { tradeFrom: k });
    if (!r.ok) throw new Error(r.message);
    const res = r.result;
    expect(res.equity).toHaveLength(goog.length - k);
    expect(res.equity[0]).toBe(10_000);
    expect(res.stats.start).toBe(goog.time[k]);
    expect(res.trades.every((t) => t.entryBar >= 1)).toBe(true);
    expect(res.overlays[1].values[0]).not.toBeNaN(); // SMA(30) is warm on the first traded bar
    // Cold, on the same bars alone, it could not trade before its 30-bar average had its window.
    const cold = runBacktest(sma, params, barsBetween(goog, k, goog.length));
    if (!cold.ok) throw new Error(cold.message);
    expect(cold.result.trades[0].entryBar).toBeGreaterThan(30);
    expect(res.trades[0].entryBar).toBeLessThan(cold.result.trades[0].entryBar);
  });

  it('from bar 0 is the plain run; a bar past the end is refused', () => {
    const plain = runBacktest(sma, params, goog);
    const zero = runBacktest(sma, params, goog, {}, { tradeFrom: 0 });
    expect(zero.ok && zero.result.stats).toEqual(plain.ok && plain.result.stats);
    expect(runBacktest(sma, params, goog, {}, { tradeFrom: goog.length - 1 })).toMatchObject({ ok: false, code: 'INVALID_SETTING' });
    expect(runBacktest(sma, params, goog, {}, { tradeFrom: 1.5 })).toMatchObject({ ok: false });
  });
});

describe('a strategy that throws mid-run', () => {
  it('gives figures for the bars it ran, what it held closed there, and its error', () => {
    const goog = googColumns();
    const base = smaCross as unknown as StrategyDef;
    const boom: StrategyDef = {
      ...base,
      onBar(ctx) {
        if (ctx.barIndex === 300) throw new Error('boom');
        base.onBar(ctx);
      },
    };
    const r = runBacktest(boom, { fast: 10, slow: 30, short: true }, goog);
    if (!r.ok) throw new Error(r.message);
    const res = r.result;
    expect(res.error?.message).toMatch(/boom/);
    expect(res.bars).toBe(300);
    expect(res.equity).toHaveLength(300);
    expect(res.stats.end).toBe(goog.time[299]);
    // Nothing is left open: the final equity is the cash plus every trade's P&L.
    expect(res.stats.equityFinal).toBeCloseTo(10_000 + res.trades.reduce((s, t) => s + t.pnl, 0), 6);
    expect(res.trades.at(-1)?.exitReason).toBe('the strategy stopped with an error');
  });
});
