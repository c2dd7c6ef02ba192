import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Gbm, YEAR_SECONDS } from './gbm';
import type { GbmParams } from './gbm';
import { createRng } from './prng';

const paramsArb: fc.Arbitrary<GbmParams> = fc.record({
  price: fc.double({ min: 1e-8, max: 1e6, noNaN: true }),
  tick: fc.constantFrom(1e-8, 1e-6, 0.0001, 0.01, 0.1, 1),
  drift: fc.double({ min: -2, max: 2, noNaN: true }),
  volatility: fc.double({ min: 0, max: 5, noNaN: true }),
});
const dtArb = fc.array(fc.double({ min: 0, max: 30 * 86400, noNaN: true }), { minLength: 1, maxLength: 40 });

describe('Gbm', () => {
  it('prices are always integer ticks >= 1 (property)', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer(), dtArb, (p, seed, dts) => {
        const g = new Gbm(p, createRng(seed));
        for (const dt of dts) {
          const t = g.step(dt);
          expect(Number.isSafeInteger(t) && t >= 1).toBe(true);
          expect(g.ticks).toBe(t);
        }
      }),
    );
  });

  it('same seed, same path (property)', () => {
    fc.assert(
      fc.property(paramsArb, fc.string(), dtArb, (p, seed, dts) => {
        const a = new Gbm(p, createRng(seed));
        const b = new Gbm(p, createRng(seed));
        for (const dt of dts) expect(a.step(dt)).toBe(b.step(dt));
      }),
    );
  });

  it('restore continues the same path (property)', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer(), dtArb, dtArb, (p, seed, before, after) => {
        const a = new Gbm(p, createRng(seed));
        for (const dt of before) a.step(dt);
        const b = Gbm.restore(p, JSON.parse(JSON.stringify(a.getState())));
        for (const dt of after) expect(b.step(dt)).toBe(a.step(dt));
      }),
    );
  });

  it('starts at the start price and reports decimals on the tick', () => {
    const g = new Gbm({ price: 100, tick: 0.01, drift: 0, volatility: 0.3 }, createRng(1));
    expect(g.ticks).toBe(10000);
    expect(g.price).toBe(100);
    g.step(60);
    expect(g.price).toBe(Number((g.ticks * 0.01).toFixed(2)));
    const shib = new Gbm({ price: 0.0000088, tick: 1e-8, drift: 0, volatility: 1 }, createRng(1));
    expect(shib.ticks).toBe(880);
    expect(shib.price).toBe(0.0000088);
  });

  it('zero volatility follows the drift exactly; dt <= 0 changes nothing', () => {
    const g = new Gbm({ price: 100, tick: 0.01, drift: 0.1, volatility: 0 }, createRng(1));
    expect(g.step(0)).toBe(10000);
    expect(g.step(-5)).toBe(10000);
    g.step(YEAR_SECONDS);
    expect(g.ticks).toBe(Math.round(100 * Math.exp(0.1) / 0.01));
  });

  it('never goes below one tick', () => {
    const g = new Gbm({ price: 0.01, tick: 0.01, drift: -50, volatility: 0 }, createRng(1));
    g.step(YEAR_SECONDS);
    expect(g.ticks).toBe(1);
    expect(g.price).toBe(0.01);
  });

  it('log-returns have the textbook mean and variance', () => {
    const mu = 0.2;
    const sigma = 0.8;
    const dt = 3600;
    const n = 20_000;
    const g = new Gbm({ price: 100, tick: 0.01, drift: mu, volatility: sigma }, createRng('stats'));
    // Read the continuous log-price through the state: ticks are quantized.
    let prev = g.getState().logPrice;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      g.step(dt);
      const lp = g.getState().logPrice;
      const r = lp - prev;
      prev = lp;
      sum += r;
      sq += r * r;
    }
    const h = dt / YEAR_SECONDS;
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    expect(variance / (sigma * sigma * h)).toBeGreaterThan(0.95);
    expect(variance / (sigma * sigma * h)).toBeLessThan(1.05);
    // The mean is noisy at this sample size; check it within 4 standard errors.
    expect(Math.abs(mean - (mu - sigma * sigma / 2) * h)).toBeLessThan(4 * sigma * Math.sqrt(h / n));
  });

  it('setPrice re-anchors without a jump and keeps the random stream', () => {
    const a = new Gbm({ price: 100, tick: 0.01, drift: 0, volatility: 0.5 }, createRng(5));
    const b = new Gbm({ price: 100, tick: 0.01, drift: 0, volatility: 0.5 }, createRng(5));
    a.step(60);
    b.step(60);
    a.setPrice(123.45);
    expect(a.ticks).toBe(12345);
    expect(a.price).toBe(123.45);
    // Same shocks after the anchor: the ratio of moves equals the price ratio.
    const ra = a.step(1) / 12345;
    const lb = b.getState().logPrice;
    b.step(1);
    expect(Math.abs(ra - Math.exp(b.getState().logPrice - lb))).toBeLessThan(1e-4);
    expect(() => a.setPrice(0)).toThrow(RangeError);
    expect(() => a.setPrice(NaN)).toThrow(RangeError);
  });

  it('validates its parameters', () => {
    const rng = createRng(1);
    expect(() => new Gbm({ price: 0, tick: 0.01, drift: 0, volatility: 0.1 }, rng)).toThrow(RangeError);
    expect(() => new Gbm({ price: 1, tick: 0, drift: 0, volatility: 0.1 }, rng)).toThrow(RangeError);
    expect(() => new Gbm({ price: 1, tick: 0.01, drift: 0, volatility: -1 }, rng)).toThrow(RangeError);
  });
});
