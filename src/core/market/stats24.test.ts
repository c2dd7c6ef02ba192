import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandleSet, TIMEFRAME_MS, type Candle } from './candles';
import { change24Pct, DAY_MS, stats24, stats24Of, writeSparkline } from './stats24';

const Q = TIMEFRAME_MS['15m'];
const candle = (t: number, o: number, h: number, l: number, c: number, v: number): Candle => ({ t, o, h, l, c, v, n: 1 });

describe('stats24Of', () => {
  const now = 10 * DAY_MS;

  it('nothing traded in the last day: no open, no value', () => {
    expect(stats24Of([], Q, now, 1)).toEqual({ open: NaN, value: 0 });
    expect(stats24Of([candle(now - DAY_MS - Q, 5, 5, 5, 5, 1)], Q, now, 1)).toEqual({ open: NaN, value: 0 });
  });

  it('the candle straddling the 24 h mark counts, and its open is the open', () => {
    const cs = [
      candle(now - DAY_MS - 2 * Q, 1, 1, 1, 1, 100), // wholly before: left out
      candle(now - DAY_MS - Q / 3, 10, 14, 6, 12, 2), // straddles
      candle(now - Q, 12, 12, 8, 8, 4),
    ];
    const s = stats24Of(cs, Q, now, 3);
    expect(s.open).toBe(10);
    expect(s.value).toBe((2 * 10.5 + 4 * 10) * 3);
  });

  it('a candle ending exactly at the mark is left out', () => {
    expect(stats24Of([candle(now - DAY_MS - Q, 7, 7, 7, 7, 1), candle(now - Q, 9, 9, 9, 9, 1)], Q, now, 1).open).toBe(9);
  });

  it('property: the open is the first counted candle, the value Σ v × typical price', () => {
    const arb = fc.array(fc.record({ dt: fc.integer({ min: 1, max: 200 }), p: fc.integer({ min: 1, max: 1e6 }), v: fc.integer({ min: 0, max: 1e4 }) }), { maxLength: 120 });
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 400 }), (steps, back) => {
        let t = now - back * Q;
        const cs = steps.map((s) => candle((t += s.dt * 60_000), s.p, s.p + 2, s.p - 1, s.p + 1, s.v));
        const s = stats24Of(cs, Q, now, 1);
        const counted = cs.filter((c) => c.t + Q > now - DAY_MS);
        expect(s.open).toBe(counted.length ? counted[0].o : NaN);
        expect(s.value).toBeCloseTo(counted.reduce((a, c) => a + c.v * ((c.o + c.h + c.l + c.c) / 4), 0), 6);
      }),
    );
  });
});

describe('stats24 and writeSparkline over a candle set', () => {
  it('read the 15-minute and 1-minute series', () => {
    const set = new CandleSet(['1m', '15m']);
    const t0 = 5 * DAY_MS;
    set.onTrade(t0, 100, 2);
    set.onTrade(t0 + 30_000, 110, 1);
    set.onTrade(t0 + 60_000, 90, 1);
    const s = stats24(set, t0 + 120_000, 10);
    expect(s.open).toBe(100);
    expect(s.value).toBe(4 * ((100 + 110 + 90 + 90) / 4) * 10);

    const out = new Float32Array(8).fill(-1);
    writeSparkline(set, 4, out, 2, (x) => x / 100);
    expect([...out]).toEqual([-1, -1, NaN, NaN, Math.fround(1.1), Math.fround(0.9), -1, -1]);
  });

  it('a full sparkline keeps the newest closes', () => {
    const set = new CandleSet(['1m', '15m']);
    for (let i = 0; i < 6; i++) set.onTrade(i * 60_000, 10 + i, 1);
    const out: number[] = [];
    writeSparkline(set, 3, out, 0, (x) => x);
    expect(out).toEqual([13, 14, 15]);
  });
});

describe('change24Pct', () => {
  it('is the move since the 24 h open, in percent', () => {
    expect(change24Pct(110, 100)).toBeCloseTo(10, 12);
    expect(change24Pct(95, 100)).toBeCloseTo(-5, 12);
    expect(change24Pct(100, NaN)).toBeNaN();
    expect(change24Pct(NaN, 100)).toBeNaN();
    expect(Number.isFinite(change24Pct(1, 0))).toBe(false);
  });
});
