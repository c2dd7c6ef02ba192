import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TIMEFRAME_MS, TIMEFRAMES, type Candle } from './candles';
import { isOpen } from './hours';
import { drawPast, joinPast, PAST_MINUTES, rollUp, type PastParams } from './past';
import { createRng } from './prng';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Sunday 6 December 2026, 15:02:37 UTC: NYSE has been closed since Friday. */
const SUNDAY = Date.UTC(2026, 11, 6, 15, 2, 37);

const params = (over: Partial<PastParams> = {}): PastParams => ({
  end: SUNDAY, endTicks: 10_000, volatility: 0.9, lotsPerMinute: 100, calendar: '24/7', rng: createRng('seed'), ...over,
});

function sane(cs: readonly Candle[]): void {
  for (const c of cs) {
    expect(Number.isInteger(c.o) && Number.isInteger(c.h) && Number.isInteger(c.l) && Number.isInteger(c.c)).toBe(true);
    expect(c.l).toBeGreaterThanOrEqual(1);
    expect(c.l).toBeLessThanOrEqual(Math.min(c.o, c.c));
    expect(c.h).toBeGreaterThanOrEqual(Math.max(c.o, c.c));
    expect(c.v).toBeGreaterThan(0);
  }
}

describe('drawPast', () => {
  it('draws two days of minutes that end at the minute the market opened, closing at its first price', () => {
    const cs = drawPast(params());
    expect(cs).toHaveLength(PAST_MINUTES);
    const openedMinute = Math.floor(SUNDAY / MINUTE) * MINUTE;
    expect(cs[cs.length - 1].t).toBe(openedMinute - MINUTE);
    expect(cs[0].t).toBe(openedMinute - PAST_MINUTES * MINUTE);
    expect(cs[cs.length - 1].c).toBe(10_000);
    for (let i = 1; i < cs.length; i++) {
      expect(cs[i].t - cs[i - 1].t).toBe(MINUTE);
      expect(cs[i].o).toBe(cs[i - 1].c);
    }
    expect(cs.every((c) => c.n === 0 && Number.isInteger(c.v))).toBe(true);
  });

  it('property: deterministic from its seed, continuous into the first live price, OHLC sane, volume positive', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        fc.integer({ min: 1e12, max: 4e12 }),
        fc.constantFrom('24/7' as const, 'NYSE' as const),
        fc.integer({ min: 1, max: 400 }),
        (seed, endTicks, volatility, lotsPerMinute, end, calendar, minutes) => {
          const p = { end, endTicks, volatility, lotsPerMinute, calendar, minutes };
          const a = drawPast({ ...p, rng: createRng(seed) });
          expect(drawPast({ ...p, rng: createRng(seed) })).toEqual(a);
          expect(a).toHaveLength(minutes);
          sane(a);
          expect(a[a.length - 1].c).toBe(endTicks);
          expect(a[a.length - 1].t).toBeLessThan(end);
          // Every open minute from the first to the end has its candle, and no closed one does.
          let openMinutes = 0;
          for (let t = a[0].t; t < Math.floor(end / MINUTE) * MINUTE; t += MINUTE) if (isOpen(calendar, t)) openMinutes++;
          expect(openMinutes).toBe(a.length);
          for (let i = 0; i < a.length; i++) {
            expect(a[i].t % MINUTE).toBe(0);
            if (calendar === 'NYSE') expect(isOpen('NYSE', a[i].t)).toBe(true);
            if (i > 0) {
              expect(a[i].t).toBeGreaterThan(a[i - 1].t);
              expect(a[i].o).toBe(a[i - 1].c);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('another seed draws another past; the same profile seed the same one', () => {
    const a = drawPast(params({ rng: createRng('a') }));
    expect(drawPast(params({ rng: createRng('b') }))).not.toEqual(a);
    expect(drawPast(params({ rng: createRng('a') }))).toEqual(a);
  });

  it('gives a stock candles in its sessions only: on a Sunday, Friday and the days before', () => {
    const cs = drawPast(params({ calendar: 'NYSE' }));
    expect(cs).toHaveLength(PAST_MINUTES);
    expect(cs.every((c) => isOpen('NYSE', c.t))).toBe(true);
    // Friday 4 December 2026 closed at 16:00 New York (21:00 UTC): the last open minute is 20:59.
    expect(cs[cs.length - 1].t).toBe(Date.UTC(2026, 11, 4, 20, 59));
  });

  it('moves with the volatility it is given, and trades about the volume it is given', () => {
    const vol = 0.8;
    const cs = drawPast(params({ volatility: vol, endTicks: 1e8, minutes: 20_000, lotsPerMinute: 1000, rng: createRng(3) }));
    const r = cs.map((k) => Math.log(k.c / k.o));
    const sd = Math.sqrt(r.reduce((a, b) => a + b * b, 0) / r.length);
    const expected = vol * Math.sqrt(60 / (365.25 * 86_400));
    expect(sd / expected).toBeGreaterThan(0.95);
    expect(sd / expected).toBeLessThan(1.05);
    const meanV = cs.reduce((a, c) => a + c.v, 0) / cs.length;
    expect(meanV).toBeGreaterThan(900);
    expect(meanV).toBeLessThan(1100);
  });

  it('draws nothing for no minutes or no price, and a flat line at zero volatility', () => {
    expect(drawPast(params({ minutes: 0 }))).toEqual([]);
    expect(drawPast(params({ endTicks: 0 }))).toEqual([]);
    expect(drawPast(params({ end: NaN }))).toEqual([]);
    const flat = drawPast(params({ volatility: 0, minutes: 5, endTicks: 42 }));
    expect(flat.map((c) => [c.o, c.h, c.l, c.c])).toEqual(Array(5).fill([42, 42, 42, 42]));
  });
});

describe('rollUp', () => {
  it('property: every timeframe keeps the volume, the first open, the last close, and sane candles on its own grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 3000 }), fc.constantFrom(...TIMEFRAMES.filter((t) => t !== '1s')), (seed, minutes, tf) => {
        const m = drawPast(params({ minutes, rng: createRng(seed) }));
        const r = rollUp(m, tf);
        const ms = TIMEFRAME_MS[tf];
        expect(r.reduce((a, c) => a + c.v, 0)).toBe(m.reduce((a, c) => a + c.v, 0));
        expect(r[0].o).toBe(m[0].o);
        expect(r[r.length - 1].c).toBe(m[m.length - 1].c);
        sane(r);
        for (let i = 0; i < r.length; i++) {
          expect(r[i].t % ms).toBe(0);
          if (i > 0) expect(r[i].o).toBe(r[i - 1].c);
        }
        expect(r.length).toBe(new Set(m.map((c) => Math.floor(c.t / ms))).size);
      }),
      { numRuns: 60 },
    );
  });

  it('gives two days of minutes 48 or 49 hour candles and 2 or 3 day candles; none of a second', () => {
    const m = drawPast(params());
    expect(rollUp(m, '1h').length).toBeGreaterThanOrEqual(48);
    expect(rollUp(m, '1h').length).toBeLessThanOrEqual(49);
    expect(rollUp(m, '1d').length).toBeGreaterThanOrEqual(2);
    expect(rollUp(m, '1s')).toEqual([]);
  });
});

describe('joinPast', () => {
  const c = (t: number, o: number, h: number, l: number, cl: number, v: number, n = 0): Candle => ({ t, o, h, l, c: cl, v, n });

  it('puts the past before the sim\'s first candle and folds the period they share into one', () => {
    const past = [c(0, 10, 12, 9, 11, 5), c(HOUR, 11, 13, 10, 12, 6)];
    const own = [c(HOUR, 12, 15, 12, 14, 2, 3), c(2 * HOUR, 14, 14, 13, 13, 1, 1)];
    expect(joinPast(past, own)).toEqual([c(0, 10, 12, 9, 11, 5), c(HOUR, 11, 15, 10, 14, 8, 3), c(2 * HOUR, 14, 14, 13, 13, 1, 1)]);
    expect(past[1]).toEqual(c(HOUR, 11, 13, 10, 12, 6));
    expect(own[0]).toEqual(c(HOUR, 12, 15, 12, 14, 2, 3));
  });

  it('is the past alone with no own candles, and the own alone with no past', () => {
    const past = [c(0, 1, 1, 1, 1, 1)];
    expect(joinPast(past, [])).toEqual(past);
    expect(joinPast([], past)).toEqual(past);
  });

  it('property: the joined series is strictly ordered, sane, and conserves the volume up to the sim\'s first candle', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('5m' as const, '15m' as const, '1h' as const, '1d' as const), (seed, into, tf) => {
        const end = Date.UTC(2026, 0, 1, 12) + into * MINUTE;
        const m = drawPast(params({ end, minutes: 300, rng: createRng(seed) }));
        const past = rollUp(m, tf);
        // The sim's first minute trades at the past's last close.
        const last = m[m.length - 1].c;
        const own = rollUp([c(end - (end % MINUTE), last, last + 3, last - 2, last + 1, 7, 4)], tf);
        const j = joinPast(past, own);
        sane(j);
        for (let i = 1; i < j.length; i++) {
          expect(j[i].t).toBeGreaterThan(j[i - 1].t);
          expect(j[i].o).toBe(j[i - 1].c);
        }
        expect(j.reduce((a, k) => a + k.v, 0)).toBe(m.reduce((a, k) => a + k.v, 0) + 7);
      }),
      { numRuns: 60 },
    );
  });
});
