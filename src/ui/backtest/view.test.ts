import { describe, expect, it } from 'vitest';
import { barSeconds, drawdownPct, savedView } from './view';
import type { SavedRun } from '../../protocol';

describe('view helpers', () => {
  it('drawdown in percent below the running peak', () => {
    expect(drawdownPct([100, 120, 90, 120, 130])).toEqual([0, 0, -25, 0, 0]);
    expect(drawdownPct([])).toEqual([]);
  });

  it('the bar spacing is the smallest gap (a weekend is not the timeframe)', () => {
    const day = 86_400_000;
    expect(barSeconds([0, day, 2 * day, 5 * day])).toBe(86_400);
    expect(barSeconds([0])).toBe(86_400);
  });

  it('a saved run has no candles, its curve in seconds and its drawdown from the kept points', () => {
    const v = savedView({ id: 3, createdAt: 1, equity: { t: [1000, 2000], v: [10, 5] }, trades: [], tradeCount: 0 } as unknown as SavedRun);
    expect(v).toMatchObject({ id: 3, candles: null, equity: { t: [1, 2], v: [10, 5] }, drawdown: { v: [0, -50] } });
  });
});

describe('a fresh run', () => {
  it('says why orders did not go through (a cash below one share makes no trade, and says so)', async () => {
    const { runBacktest } = await import('../../core/backtest/engine');
    const { smaCross } = await import('../../core/strategy/builtins/smaCross');
    const { googColumns } = await import('../../core/backtest/backtest.testkit');
    const { freshView } = await import('./view');
    const data = googColumns();
    const r = runBacktest(smaCross as never, { fast: 10, slow: 30, short: false }, data, { cash: 50 });
    if (!r.ok) throw new Error(r.message);
    const v = freshView(r.result, data, { strategy: 'sma-cross' } as never, 'SMA');
    expect(v.tradeCount).toBe(0);
    expect(v.notes.length).toBeGreaterThan(0);
    expect(v.notes[0]).toMatch(/^\d{4}-\d\d-\d\d: Not filled: .*not enough money for one unit/);
  });
});
