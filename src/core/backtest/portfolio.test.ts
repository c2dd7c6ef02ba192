import { describe, expect, it } from 'vitest';
import { smaCross } from '../strategy/builtins/smaCross';
import type { StrategyContext, StrategyDef } from '../strategy/types';
import { googColumns } from './backtest.testkit';
import { barsBetween } from './columns';
import { runBacktest } from './engine';
import { runPortfolio } from './portfolio';
import type { OhlcvColumns } from './types';

const sma = smaCross as unknown as StrategyDef;
const params = { fast: 10, slow: 30, short: true };

/** The same bars with every price times k (a second instrument that moves exactly alike). */
function scaled(d: OhlcvColumns, k: number): OhlcvColumns {
  const m = (a: Float64Array) => a.map((x) => x * k);
  return { length: d.length, time: d.time, open: m(d.open), high: m(d.high), low: m(d.low), close: m(d.close), volume: d.volume };
}

describe('a portfolio backtest', () => {
  const goog = googColumns();

  it('of one instrument is that instrument\'s backtest, figure for figure', () => {
    const one = runBacktest(sma, params, goog, { commission: { rate: 0.001, fixed: 0, perUnit: 0 } });
    const port = runPortfolio(sma, params, [{ symbol: 'GOOG', data: goog }], { commission: { rate: 0.001, fixed: 0, perUnit: 0 } });
    if (!one.ok || !port.ok) throw new Error('refused');
    // The index is each close over the first close: Buy & Hold and beta agree to rounding.
    for (const [k, v] of Object.entries(one.result.stats)) {
      const got = port.result.stats[k as keyof typeof one.result.stats];
      if (k === 'buyHoldReturnPct' || k === 'beta' || k === 'alphaPct') expect(got, k).toBeCloseTo(v, 9);
      else expect(got, k).toBe(v);
    }
    expect([...port.result.equity]).toEqual([...one.result.equity]);
    expect(port.result.trades.map(({ symbol: _s, ...t }) => t)).toEqual(one.result.trades);
  });

  it('shares one cash balance: two instruments moving alike, half the money each, make the same', () => {
    const half: StrategyDef = {
      ...sma,
      onBar(ctx: StrategyContext) {
        const { fast, slow } = ctx.indicators as { fast: { value: number; prev(n: number): number }; slow: { value: number; prev(n: number): number; ready: boolean } };
        if (!slow.ready) return;
        if (fast.prev(1) <= slow.prev(1) && fast.value > slow.value && ctx.position.units === 0) void ctx.buy({ size: { fraction: 0.49 } });
        if (fast.prev(1) >= slow.prev(1) && fast.value < slow.value && ctx.position.units > 0) void ctx.close();
      },
    };
    const data = barsBetween(goog, 0, 600);
    const r = runPortfolio(half, params, [{ symbol: 'A', data }, { symbol: 'B', data: scaled(data, 1) }], { cash: 100_000 });
    if (!r.ok) throw new Error(r.message);
    const [a, b] = r.result.legs;
    expect(a.trades.length).toBeGreaterThan(3);
    expect(b.trades.map((t) => t.exitBar)).toEqual(a.trades.map((t) => t.exitBar));
    // Both draw on one balance: the first to fill takes 49 % of the money free, the second 49 % of what is left.
    expect(Math.abs(b.trades[0].size)).toBeLessThan(Math.abs(a.trades[0].size));
    expect(r.result.stats.equityFinal).toBeCloseTo(100_000 + a.pnl + b.pnl, 6);
  });

  it('merges bar times: an instrument that starts later joins when its bars begin', () => {
    const late = barsBetween(goog, 300, 900);
    const r = runPortfolio(sma, params, [{ symbol: 'GOOG', data: barsBetween(goog, 0, 900) }, { symbol: 'LATE', data: late }], {});
    if (!r.ok) throw new Error(r.message);
    expect(r.result.time).toHaveLength(900);
    for (const t of r.result.trades.filter((x) => x.symbol === 'LATE')) expect(r.result.time[t.entryBar]).toBe(t.entryTime);
  });

  it('refuses a duplicate instrument and bad data, naming it', () => {
    expect(runPortfolio(sma, params, [{ symbol: 'A', data: goog }, { symbol: 'A', data: goog }])).toMatchObject({ ok: false, code: 'INVALID_DATA' });
    const bad = barsBetween(goog, 0, 1);
    const r = runPortfolio(sma, params, [{ symbol: 'A', data: goog }, { symbol: 'B', data: bad }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^B:/);
  });
});
