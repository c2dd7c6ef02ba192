import { describe, expect, it } from 'vitest';
import type { StrategyContext, StrategyDef } from '../strategy/types';
import { googColumns } from './backtest.testkit';
import { barsBetween, columnsOf } from './columns';
import { runBacktest } from './engine';
import { drawdownPeriods } from './stats';
import type { BacktestConfig } from './types';

/**
 * backtesting.py's own tests of its broker (backtesting/test/_test.py), with
 * its expected values: the same strategies written against the SDK, run
 * here. backtesting.py first calls a strategy on bar 1 when it declares no
 * indicator (so a crossover always has two values): ours too.
 */
function strategy(onBar: (ctx: StrategyContext) => void): StrategyDef {
  return { name: 'test', title: 'test', description: '', params: {}, timeframe: '1d', init: () => ({}), onBar };
}

const run = (def: StrategyDef, data: ReturnType<typeof googColumns>, config: Partial<BacktestConfig>) => {
  const r = runBacktest(def, {}, data, config);
  if (!r.ok) throw new Error(r.message);
  return r.result;
};

const round2 = (x: number) => Math.round(x * 100) / 100;

describe("backtesting.py's test_spread_commission", () => {
  // Buy with all the money on the first call, close on the second, then nothing.
  const buyThenClose = () => {
    let done = false;
    return strategy((ctx) => {
      if (done) return;
      if (ctx.position.units === 0) void ctx.buy();
      else {
        void ctx.close();
        done = true;
      }
    });
  };
  const SHORT = barsBetween(googColumns(), 0, 20);

  it('enters at the open plus the spread, and marks equity after both commissions', () => {
    const r = run(buyThenClose(), SHORT, { spreadBps: 100, commission: { rate: 0.01, fixed: 0, perUnit: 0 } });
    expect(r.trades[0].entryPrice).toBe(SHORT.open[2] * (1 + 0.01));
    expect([...r.equity.subarray(2, 4)].map(round2)).toEqual([9685.31, 9749.33]);
  });

  it('charges a fixed commission on each fill besides the rate', () => {
    const r = run(buyThenClose(), SHORT, { commission: { rate: 0.01, fixed: 100, perUnit: 0 } });
    expect([...r.equity.subarray(2, 4)].map(round2)).toEqual([9784.5, 9718.69]);
  });
});

describe("backtesting.py's test_commissions", () => {
  it('pays the fixed and the rate on entry and on the take-profit exit', () => {
    const prices = [1, 1, 1, 2, 4, 1, 2];
    const data = columnsOf(prices.map((p, i) => ({ time: i * 86_400_000, open: p, high: p, low: p, close: p, volume: 0 })));
    const def = strategy((ctx) => {
      if (ctx.barIndex === 2) void ctx.buy({ size: { units: 100 }, tp: 3 });
    });
    const r = run(def, data, { cash: 5000, commission: { rate: 0.01, fixed: 10, perUnit: 0 } });
    const paid = 10 + 0.01 * 100 * 1 + 10 + 0.01 * 100 * 4;
    expect(r.stats.commissions).toBe(paid);
    expect(r.trades[0].commission).toBe(paid);
    expect(r.trades[0].exitReason).toBe('take-profit');
    expect(r.stats.equityFinal).toBe(5000 + (4 - 1) * 100 - paid);
  });
});

describe("backtesting.py's test_compute_drawdown", () => {
  it('finds each drawdown from peak to recovery, its length and depth', () => {
    const dd = Float64Array.from([0, 1, 7, 0, 4, 0, 0]);
    const t = Float64Array.from([0, 1, 2, 3, 4, 5, 6]);
    expect(drawdownPeriods(dd, t)).toEqual({ durations: [3, 2], peaks: [7, 4], deepest: 7 });
  });
});
