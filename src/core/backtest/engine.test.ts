import { describe, expect, it } from 'vitest';
import type { Bar, StrategyDef } from '../strategy/types';
import { googColumns } from './backtest.testkit';
import { smaCross } from '../strategy/builtins/smaCross';
import { runBacktest } from './engine';
import { drawdownOf } from './stats';

describe('runBacktest: the bar a strategy sees', () => {
  it('is each bar in turn, all six fields, in onBar and in onFill (the bar the order was sent on), as JSON too', () => {
    const data = googColumns();
    const seen: Bar[] = [];
    const onFill: Bar[] = [];
    const def: StrategyDef = {
      name: 'bars', title: 'bars', description: '', params: {}, timeframe: '1d', init: () => ({}),
      onBar(ctx) {
        seen.push(JSON.parse(JSON.stringify(ctx.bar)) as Bar);
        if (ctx.barIndex === 100) void ctx.buy({ size: { units: 1 } });
      },
      onFill(ctx) {
        onFill.push({ time: ctx.bar.time, open: ctx.bar.open, high: ctx.bar.high, low: ctx.bar.low, close: ctx.bar.close, volume: ctx.bar.volume });
      },
    };
    const r = runBacktest(def, {}, data, { cash: 10_000 });
    expect(r.ok).toBe(true);
    // With no indicator, onBar starts on the second bar (backtesting.py's start: README.md, "Warm-up").
    expect(seen).toHaveLength(data.length - 1);
    const at = (i: number): Bar => ({ time: data.time[i], open: data.open[i], high: data.high[i], low: data.low[i], close: data.close[i], volume: data.volume[i] });
    for (const i of [1, 2, 99, 1000, data.length - 1]) expect(seen[i - 1]).toEqual(at(i));
    // The buy sent on bar 99 (0-based: barIndex 100) fills at bar 100's open, before bar 100 is shown: ctx.bar is still bar 99.
    expect(onFill).toEqual([at(99)]);
  });
});

describe('runBacktest: the drawdown column', () => {
  it('is made when first read, the equity\'s drawdown, and the statistics agree with it', () => {
    const data = googColumns();
    const r = runBacktest(smaCross as unknown as StrategyDef, { fast: 10, slow: 30, short: true }, data, { cash: 10_000 });
    if (!r.ok) throw new Error(r.message);
    const dd = r.result.drawdown;
    expect(dd).toHaveLength(data.length);
    expect(dd).toEqual(drawdownOf(r.result.equity));
    expect(r.result.drawdown).toBe(dd); // made once
    expect(r.result.stats.maxDrawdownPct).toBe(-Math.max(...dd) * 100);
  });
});
