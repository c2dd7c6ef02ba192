import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignUp, mergeSpans, missingSpans, type Span } from './span';

/** Small integer spans (possibly empty or inverted), so overlaps and touches are common. */
const span = fc.record({ from: fc.integer({ min: 0, max: 60 }), to: fc.integer({ min: 0, max: 60 }) });
const spans = fc.array(span, { maxLength: 8 });

/** Is the point `x` in any of `ss`? (Half-open, so each integer x stands for [x, x+1).) */
const covers = (ss: readonly Span[], x: number) => ss.some((s) => s.from <= x && x < s.to);
const POINTS = Array.from({ length: 62 }, (_, i) => i - 1);

describe('span arithmetic', () => {
  it('merges overlapping and touching spans, drops empty ones', () => {
    expect(mergeSpans([{ from: 5, to: 7 }, { from: 0, to: 2 }, { from: 2, to: 3 }, { from: 6, to: 9 }, { from: 4, to: 4 }])).toEqual([
      { from: 0, to: 3 },
      { from: 5, to: 9 },
    ]);
  });

  it('finds what a list of spans misses', () => {
    const have = [{ from: 10, to: 20 }, { from: 30, to: 40 }];
    expect(missingSpans({ from: 0, to: 50 }, have)).toEqual([{ from: 0, to: 10 }, { from: 20, to: 30 }, { from: 40, to: 50 }]);
    expect(missingSpans({ from: 12, to: 18 }, have)).toEqual([]);
    expect(missingSpans({ from: 15, to: 35 }, have)).toEqual([{ from: 20, to: 30 }]);
    expect(missingSpans({ from: 0, to: 5 }, [])).toEqual([{ from: 0, to: 5 }]);
  });

  it('aligns a time up to the interval, leaving aligned ones alone', () => {
    expect(alignUp(0, 60_000)).toBe(0);
    expect(alignUp(1, 60_000)).toBe(60_000);
    expect(alignUp(120_000, 60_000)).toBe(120_000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.constantFrom(1_000, 60_000, 86_400_000), (ms, step) => {
        const a = alignUp(ms, step);
        return a % step === 0 && a >= ms && a < ms + step;
      }),
    );
  });

  it('merging keeps exactly the covered times, as sorted, non-empty, non-touching spans, and leaves its input alone', () => {
    fc.assert(
      fc.property(spans, (ss) => {
        const before = JSON.stringify(ss);
        const m = mergeSpans(ss);
        expect(JSON.stringify(ss)).toBe(before);
        for (let i = 0; i < m.length; i++) {
          expect(m[i].to).toBeGreaterThan(m[i].from);
          if (i > 0) expect(m[i].from).toBeGreaterThan(m[i - 1].to);
        }
        for (const x of POINTS) expect(covers(m, x)).toBe(covers(ss, x));
      }),
    );
  });

  it('the missing spans and the ones held cover the request exactly once between them', () => {
    fc.assert(
      fc.property(span, spans, (want, ss) => {
        const have = mergeSpans(ss);
        const gaps = missingSpans(want, have);
        for (let i = 0; i < gaps.length; i++) {
          expect(gaps[i].to).toBeGreaterThan(gaps[i].from);
          expect(gaps[i].from).toBeGreaterThanOrEqual(want.from);
          expect(gaps[i].to).toBeLessThanOrEqual(want.to);
          if (i > 0) expect(gaps[i].from).toBeGreaterThan(gaps[i - 1].to);
        }
        for (const x of POINTS) {
          const wanted = want.from <= x && x < want.to;
          expect(covers(gaps, x)).toBe(wanted && !covers(have, x));
        }
      }),
    );
  });
});
