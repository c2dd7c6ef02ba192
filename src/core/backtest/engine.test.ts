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

describe('runBacktest: indicator columns lent from one run to the next', () => {
  const data = googColumns();
  const run = (fast: number, slow: number) => {
    const r = runBacktest(smaCross as unknown as StrategyDef, { fast, slow, short: true }, data, { cash: 10_000 });
    if (!r.ok) throw new Error(r.message);
    return r.result;
  };
  const copy = (o: { name: string; values: Float64Array }[]) => o.map((x) => ({ name: x.name, values: Float64Array.from(x.values) }));

  it('a run whose overlays were never read gives its columns to the next, and reading them later computes them again, to the bit', () => {
    const alone = copy(run(10, 30).overlays);
    const first = run(10, 30); // overlays not read: its columns go to the next run
    const second = run(7, 45); // other averages, written into those columns
    const secondOverlays = copy(second.overlays);
    // Read after the second run wrote its own averages where the first run's were: still the first run's values.
    expect(first.overlays).toEqual(alone);
    expect(first.overlays[0].values).not.toBe(second.overlays[0].values);
    expect(secondOverlays.map((o) => o.name)).toEqual(['SMA(7)', 'SMA(45)']);
    expect(secondOverlays[0].values).not.toEqual(alone[0].values);
    // And the second run's figures are its own: the same as a run of (7, 45) on fresh columns.
    const fresh = run(7, 45);
    expect(copy(fresh.overlays)).toEqual(secondOverlays);
    expect(second.stats).toEqual(fresh.stats);
  });

  it('a run whose overlays were read keeps them: the next run takes fresh columns', () => {
    const first = run(10, 30);
    const read = first.overlays;
    const before = copy(read);
    run(5, 60);
    expect(first.overlays).toBe(read);
    expect(copy(first.overlays)).toEqual(before);
  });

  it('the statistics of runs one after another are those of each run alone (lent columns are written over, every value)', () => {
    const sets: [number, number][] = [[10, 30], [3, 200], [20, 25], [10, 30]];
    const chained = sets.map(([f, s]) => run(f, s).stats);
    const alone = sets.map(([f, s]) => {
      const r = run(f, s);
      void r.overlays; // read: its columns stay its own, so the next run of this list takes fresh ones
      return r.stats;
    });
    expect(chained).toEqual(alone);
  });
});
