import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStats, drawdownOf, geometricMean } from './stats';
import type { BacktestTrade } from './types';

const DAY = 86_400_000;
const MON = Date.UTC(2024, 0, 1); // a Monday

function trade(entryBar: number, exitBar: number, pnl: number, returnPct: number): BacktestTrade {
  return {
    size: 1, entryBar, exitBar, entryTime: MON + entryBar * DAY, exitTime: MON + exitBar * DAY, entryPrice: 100, exitPrice: 100 + pnl,
    pnl, returnPct, commission: 0, sl: null, tp: null, entryReason: 'test', exitReason: 'test',
  };
}

describe('computeStats, worked out by hand on four days', () => {
  // Equity 100 → 110 → 99 → 121 over Monday to Thursday; the market (close) moved the same.
  const equity = Float64Array.from([100, 110, 99, 121]);
  const time = Float64Array.from([0, 1, 2, 3].map((d) => MON + d * DAY));
  const trades = [trade(0, 1, 10, 0.1), trade(2, 3, -5, -0.05)];
  const s = computeStats(trades, equity, time, equity, 0);

  it('returns, drawdown and its length', () => {
    expect(s.returnPct).toBeCloseTo(21, 12);
    expect(s.buyHoldReturnPct).toBeCloseTo(21, 12);
    expect(s.equityPeak).toBe(121);
    // The one fall: from 110 (Tuesday) to 99, back above on Thursday: 10 %, two days from peak to recovery.
    expect(s.maxDrawdownPct).toBeCloseTo(-10, 12);
    expect(s.avgDrawdownPct).toBeCloseTo(-10, 12);
    expect(s.maxDrawdownDurationMs).toBe(2 * DAY);
    expect(s.exposurePct).toBe(100);
    expect(s.durationMs).toBe(3 * DAY);
  });

  it('annualises the compounded daily return over 252 trading days (no weekends in the data)', () => {
    // Daily returns +10 %, −10 %, +22.2…%: their product is 1.21, so the geometric mean day is 1.21^(1/3).
    expect(s.returnAnnPct).toBeCloseTo((1.21 ** 84 - 1) * 100, 0);
    expect(s.returnAnnPct / ((1.21 ** 84 - 1) * 100)).toBeCloseTo(1, 12);
    // Equity moved exactly as the market: beta 1, no alpha.
    expect(s.beta).toBeCloseTo(1, 12);
    expect(s.alphaPct).toBeCloseTo(0, 9);
    // CAGR: 1.21 over 3 days of 365.25-day years.
    expect(s.cagrPct / ((1.21 ** (365.25 / 3) - 1) * 100)).toBeCloseTo(1, 9);
  });

  it('trade figures: a win of 10 % and a loss of 5 %', () => {
    expect(s.trades).toBe(2);
    expect(s.winRatePct).toBe(50);
    expect(s.bestTradePct).toBeCloseTo(10, 12);
    expect(s.worstTradePct).toBeCloseTo(-5, 12);
    expect(s.avgTradePct).toBeCloseTo((Math.sqrt(1.1 * 0.95) - 1) * 100, 12);
    expect(s.profitFactor).toBeCloseTo(2, 12); // 0.10 / 0.05
    expect(s.expectancyPct).toBeCloseTo(2.5, 12);
    // SQN: √2 × mean P&L 2.5 / sample std of (10, −5) = 7.5·√2 → 1/3.
    expect(s.sqn).toBeCloseTo(1 / 3, 12);
    // Kelly: 0.5 − 0.5 / (average win 10 / average loss 5) = 0.25.
    expect(s.kelly).toBeCloseTo(0.25, 12);
    expect(s.maxTradeDurationMs).toBe(DAY);
  });

  it('with no trade: trade figures are NaN, not zero', () => {
    const none = computeStats([], Float64Array.from([100, 100, 100]), time.subarray(0, 3), Float64Array.from([1, 2, 3]), 0);
    expect(none.trades).toBe(0);
    for (const k of ['winRatePct', 'bestTradePct', 'profitFactor', 'sqn', 'kelly', 'avgTradeDurationMs'] as const) expect(none[k]).toBeNaN();
    expect(none.returnPct).toBe(0);
    expect(none.buyHoldReturnPct).toBeCloseTo(200, 12);
  });

  it('a geometric mean is 0 once a return loses everything', () => {
    expect(geometricMean([0.5, -1])).toBe(0);
    expect(geometricMean([0.21, 0])).toBeCloseTo(Math.sqrt(1.21) - 1, 15);
  });
});

describe('computeStats without a drawdown column', () => {
  it('property: the same figures to the bit as with drawdownOf(equity) given (the drawdown made where it is read)', () => {
    const equities = fc.array(
      fc.oneof({ weight: 3, arbitrary: fc.double({ min: 50, max: 200, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(100) }),
      { minLength: 2, maxLength: 200 },
    );
    fc.assert(
      fc.property(equities, (xs) => {
        const equity = Float64Array.from(xs);
        const t = Float64Array.from(xs, (_, i) => Date.UTC(2021, 0, 4) + i * 86_400_000);
        const close = Float64Array.from(xs, (_, i) => 10 + (i % 7));
        expect(computeStats([], equity, t, close, 0)).toEqual(computeStats([], equity, t, close, 0, drawdownOf(equity)));
      }),
      { numRuns: 300 },
    );
  });
});
