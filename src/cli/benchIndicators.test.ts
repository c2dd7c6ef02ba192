import { describe, expect, it } from 'vitest';
import { benchIndicators, priceSeries, SUBJECTS } from './benchIndicators';

describe('benchIndicators', () => {
  it('gives every JSON key the issue names, ours and both peers, as positive rates, and prints a table', () => {
    const lines: string[] = [];
    const r = benchIndicators({ quick: true, values: 5_000, runs: 5, log: (l) => lines.push(l) });
    for (const ind of ['sma', 'rsi', 'ema']) {
      for (const suffix of ['', '_trading_signals', '_technicalindicators']) {
        for (const stat of ['', '_best']) {
          const v = r[`${ind}_updates_per_s${suffix}${stat}`];
          expect(v, `${ind}${suffix}${stat}`).toBeGreaterThan(0);
        }
        expect(r[`${ind}_updates_per_s${suffix}_best`]).toBeGreaterThanOrEqual(r[`${ind}_updates_per_s${suffix}`] as number);
      }
    }
    expect(Object.keys(r)).toHaveLength(18);
    expect(lines[0]).toMatch(/5,000 values, 5 runs/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(['sma', 'rsi', 'ema']);
  });

  it('every library computes the same SMA and RSI on the series (the loops do the same work)', () => {
    const xs = priceSeries(3_000);
    for (const { indicator, loops } of SUBJECTS) {
      if (indicator === 'ema') continue; // trading-signals' EMA is not seeded with an SMA: another number by design
      const sums = loops.map(({ make, loop }) => loop(xs, make()));
      // technicalindicators rounds RSI to 2 decimals: sums of ~3,000 values agree to a few units.
      for (const s of sums) expect(Math.abs(s - sums[0]), indicator).toBeLessThanOrEqual(indicator === 'rsi' ? 10 : 1e-6 * Math.abs(sums[0]));
    }
  });

  it('the series is the same every time (a fixed seed) and stays a price', () => {
    const a = priceSeries(10_000);
    expect(priceSeries(10_000)).toEqual(a);
    expect(a.every((x) => x >= 1 && x <= 10_000)).toBe(true);
  });
});
