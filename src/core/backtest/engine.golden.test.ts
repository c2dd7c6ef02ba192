import { describe, expect, it } from 'vitest';
import { smaCross } from '../strategy/builtins/smaCross';
import type { StrategyDef } from '../strategy/types';
import { googColumns } from './backtest.testkit';
import { runBacktest } from './engine';
import type { BacktestStats } from './types';

const DAY = 86_400_000;

/**
 * backtesting.py's own test of its statistics (`test_compute_stats` in
 * backtesting/test/_test.py): `Backtest(GOOG, SmaCross, finalize_trades=True).run()`
 * with SmaCross(fast=10, slow=30): on an up-cross close and buy, on a
 * down-cross close and sell (short), all the money each time, cash 10,000, no
 * commission. Its expected values, copied from that test, checked to its own
 * tolerance (rtol 1e-8). Our `sma-cross` with `short` on is that strategy,
 * written once against the SDK; the backtester runs it unchanged.
 */
const EXPECTED: Partial<Record<keyof BacktestStats, number>> = {
  trades: 66,
  avgDrawdownDurationMs: 41 * DAY,
  avgDrawdownPct: -5.925851581948801,
  avgTradeDurationMs: 46 * DAY,
  avgTradePct: 2.531715975158555,
  bestTradePct: 53.59595229490424,
  buyHoldReturnPct: 522.0601851851852,
  calmar: 0.44166409202994605,
  durationMs: 3116 * DAY,
  end: Date.UTC(2013, 2, 1),
  equityFinal: 51422.98999999996,
  equityPeak: 75787.44,
  expectancyPct: 3.2748078066748834,
  exposurePct: 96.74115456238361,
  maxDrawdownDurationMs: 584 * DAY,
  maxDrawdownPct: -47.98012705007589,
  maxTradeDurationMs: 183 * DAY,
  profitFactor: 2.167945974262033,
  returnAnnPct: 21.191099249053224,
  returnPct: 414.2298999999996,
  volatilityAnnPct: 36.49716090702389,
  cagrPct: 21.160245705962623,
  sqn: 1.0766187356697705,
  kelly: 0.1518705127029717,
  sharpe: 0.5806232244485349,
  sortino: 1.0853434352488662,
  start: Date.UTC(2004, 7, 19),
  winRatePct: 46.96969696969697,
  worstTradePct: -18.39887353835481,
  alphaPct: 394.37391142027462,
  beta: 0.03803390709192,
};

describe("backtesting.py's SmaCross on GOOG", () => {
  const goog = googColumns();
  const run = runBacktest(smaCross as unknown as StrategyDef, { fast: 10, slow: 30, short: true }, goog, { finalizeTrades: true });

  it('gives every figure of its own test, to its tolerance', () => {
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const s = run.result.stats;
    for (const [key, want] of Object.entries(EXPECTED)) {
      const got = s[key as keyof BacktestStats];
      expect(Math.abs(got - want), `${key}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-8 * Math.abs(want));
    }
  });

  it('makes its 66 trades, alternating long and short, each exit the next entry', () => {
    if (!run.ok) throw new Error(run.message);
    const t = run.result.trades;
    expect(t).toHaveLength(66);
    for (let k = 1; k < t.length; k++) {
      expect(Math.sign(t[k].size)).toBe(-Math.sign(t[k - 1].size));
      expect(t[k].entryBar).toBe(t[k - 1].exitBar);
    }
    // The first signal is a down-cross (bar 69, filled at bar 70's open); the last trade is closed at the last bar's open.
    expect(t[0]).toMatchObject({ size: -55, entryBar: 70, entryPrice: goog.open[70] });
    expect(t[65].exitBar).toBe(goog.length - 1);
    expect(t[65].exitPrice).toBe(goog.open[goog.length - 1]);
    expect(t[65].exitReason).toBe('end of data');
    // Warm-up: SMA(30) has its first value on bar 29, so Buy & Hold starts there.
    expect(run.result.warmup).toBe(29);
  });

  it('draws its two averages, one value per bar, NaN until each has its window', () => {
    if (!run.ok) throw new Error(run.message);
    const [fast, slow] = run.result.overlays;
    expect([fast.name, slow.name]).toEqual(['SMA(10)', 'SMA(30)']);
    expect(fast.values).toHaveLength(goog.length);
    expect(fast.values[8]).toBeNaN();
    const mean = (from: number, to: number) => goog.close.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    expect(fast.values[9]).toBeCloseTo(mean(0, 10), 9);
    expect(slow.values[28]).toBeNaN();
    expect(slow.values[goog.length - 1]).toBeCloseTo(mean(goog.length - 30, goog.length), 9);
  });

  it('is byte for byte the same run twice', () => {
    const again = runBacktest(smaCross as unknown as StrategyDef, { fast: 10, slow: 30, short: true }, goog, { finalizeTrades: true });
    expect(JSON.stringify(again.ok && { ...again.result, equity: [...again.result.equity] })).toBe(
      JSON.stringify(run.ok && { ...run.result, equity: [...run.result.equity] }),
    );
  });
});
