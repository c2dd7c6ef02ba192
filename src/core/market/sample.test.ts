import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SAMPLE, sampleHistory } from './sample';
import { createRng } from './prng';

const HOUR = 3_600_000;

describe('sampleHistory', () => {
  it('ends where the sim starts: the last candle closes at endTicks, just before end', () => {
    const c = sampleHistory({ end: 100 * HOUR, endTicks: 5_000_000, intervalMs: HOUR, count: 50, volatility: 0.6, rng: createRng(1) });
    expect(c).toHaveLength(50);
    expect(c[49].c).toBe(5_000_000);
    expect(c[49].t).toBe(99 * HOUR);
    expect(c[0].t).toBe(50 * HOUR);
  });

  it('aligns to the interval, joins each close to the next open, and carries no volume', () => {
    const c = sampleHistory({ end: 100 * HOUR + 1234, endTicks: 250, intervalMs: HOUR, count: 200, volatility: 0.9, rng: createRng('x') });
    expect(c[c.length - 1].t).toBe(99 * HOUR);
    for (let i = 1; i < c.length; i++) {
      expect(c[i].t - c[i - 1].t).toBe(HOUR);
      expect(c[i].o).toBe(c[i - 1].c);
    }
    expect(c.every((k) => k.v === 0 && k.n === 0)).toBe(true);
  });

  it('is reproducible from its seed, and another seed gives another path', () => {
    const p = { end: 1e12, endTicks: 10_000, intervalMs: 60_000, count: 100, volatility: 0.5 };
    const a = sampleHistory({ ...p, rng: createRng(7) });
    expect(sampleHistory({ ...p, rng: createRng(7) })).toEqual(a);
    expect(sampleHistory({ ...p, rng: createRng(8) })).not.toEqual(a);
  });

  it('moves with the volatility it is given: daily log-returns have about that spread', () => {
    const vol = 0.8;
    const c = sampleHistory({ end: 4000 * 86_400_000, endTicks: 1e8, intervalMs: 86_400_000, count: 2000, volatility: vol, rng: createRng(3) });
    const r = c.map((k) => Math.log(k.c / k.o));
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
    const expected = vol * Math.sqrt(86_400 / (365.25 * 86_400));
    expect(sd / expected).toBeGreaterThan(0.9);
    expect(sd / expected).toBeLessThan(1.1);
  });

  it('draws a flat line at zero volatility, nothing for a count of 0, and caps the count', () => {
    const flat = sampleHistory({ end: 1e9, endTicks: 42, intervalMs: 1000, count: 3, volatility: 0, rng: createRng(1) });
    expect(flat.map((k) => [k.o, k.h, k.l, k.c])).toEqual([[42, 42, 42, 42], [42, 42, 42, 42], [42, 42, 42, 42]]);
    expect(sampleHistory({ end: 1e9, endTicks: 42, intervalMs: 1000, count: 0, volatility: 1, rng: createRng(1) })).toEqual([]);
    expect(sampleHistory({ end: 1e12, endTicks: 42, intervalMs: 1000, count: 1e9, volatility: 1, rng: createRng(1) })).toHaveLength(MAX_SAMPLE);
  });

  it('property: integer ticks ≥ 1, high and low bound open and close', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.constantFrom(1000, 60_000, HOUR, 86_400_000),
        fc.integer(),
        (endTicks, count, volatility, intervalMs, seed) => {
          const c = sampleHistory({ end: 2e12, endTicks, intervalMs, count, volatility, rng: createRng(seed) });
          expect(c).toHaveLength(count);
          for (const k of c) {
            for (const x of [k.o, k.h, k.l, k.c]) expect(Number.isInteger(x) && x >= 1).toBe(true);
            expect(k.h).toBeGreaterThanOrEqual(Math.max(k.o, k.c));
            expect(k.l).toBeLessThanOrEqual(Math.min(k.o, k.c));
          }
        },
      ),
    );
  });
});
