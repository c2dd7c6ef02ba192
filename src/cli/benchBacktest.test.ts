import { describe, expect, it } from 'vitest';
import { barsBetween } from '../core/backtest/columns';
import { runBacktest } from '../core/backtest/engine';
import { builtinStrategy } from '../core/strategy/registry';
import { handLoop, syntheticBars } from './benchBacktest';

const sma = builtinStrategy('sma-cross')!;

/** The hand loop against the SDK on the same bars: the same equity at every bar, the same trades. */
function agree(data: ReturnType<typeof syntheticBars>): number {
  const equity = new Float64Array(data.length);
  const hand = handLoop(data, equity);
  const sdk = runBacktest(sma, { fast: 10, slow: 30, short: true }, data, { cash: 10_000 });
  if (!sdk.ok) throw new Error(sdk.message);
  expect(hand.trades).toBe(sdk.result.trades.length);
  expect(hand.final).toBe(sdk.result.stats.equityFinal);
  expect(equity).toEqual(sdk.result.equity);
  return hand.trades;
}

describe("the bench's hand loop is the SDK's sma-cross, to the bit", () => {
  it('on seeded synthetic series of several lengths and seeds', () => {
    for (const [n, seed] of [[5_000, 1], [20_000, 2], [3_000, 99]] as const) expect(agree(syntheticBars(n, seed))).toBeGreaterThan(20);
  });

  it('when the data ends on the bar of a cross (the order it sends is dropped) or on the bar a trade opens', () => {
    const data = syntheticBars(4_000, 5);
    const sdk = runBacktest(sma, { fast: 10, slow: 30, short: true }, data, { cash: 10_000 });
    if (!sdk.ok) throw new Error(sdk.message);
    const entry = sdk.result.trades[10].entryBar;
    agree(barsBetween(data, 0, entry));
    agree(barsBetween(data, 0, entry + 1));
  });

  it('the synthetic series is seeded: the same seed, the same bars; valid bars (high ≥ open, close ≥ low)', () => {
    const a = syntheticBars(1000, 3);
    expect(syntheticBars(1000, 3)).toEqual(a);
    expect(syntheticBars(1000, 4).close).not.toEqual(a.close);
    for (let i = 0; i < a.length; i++) {
      expect(a.high[i]).toBeGreaterThanOrEqual(Math.max(a.open[i], a.close[i]));
      expect(a.low[i]).toBeLessThanOrEqual(Math.min(a.open[i], a.close[i]));
    }
  });
});
