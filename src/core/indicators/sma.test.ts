import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSeries } from './indicator';
import { Sma, sma } from './sma';

const f64 = (xs: number[]) => Float64Array.from(xs);

/** The reference: each window summed afresh (O(n × period)), NaN while a non-finite value is in it. */
function direct(xs: ArrayLike<number>, period: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i < period - 1) {
      out.push(NaN);
      continue;
    }
    let s = 0;
    for (let k = i - period + 1; k <= i; k++) s += Number.isFinite(xs[k]) ? xs[k] : NaN;
    out.push(s / period);
  }
  return out;
}

describe('sma (batch, the chart)', () => {
  it('averages each full window and leaves the warm-up as NaN', () => {
    expect([...sma(f64([1, 2, 3, 4, 5]), 3)]).toEqual([NaN, NaN, 2, 3, 4]);
  });
  it('period 1 is the series itself', () => {
    expect([...sma(f64([3, 1, 4]), 1)]).toEqual([3, 1, 4]);
  });
  it('empty input gives an empty output', () => {
    expect(sma(new Float64Array(0), 5).length).toBe(0);
  });
  it('one candle: defined for period 1 only', () => {
    expect([...sma(f64([7]), 1)]).toEqual([7]);
    expect([...sma(f64([7]), 2)]).toEqual([NaN]);
  });
  it('period longer than the series is all NaN', () => {
    expect([...sma(f64([1, 2, 3]), 4)]).toEqual([NaN, NaN, NaN]);
  });
  it('period equal to the length defines only the last value', () => {
    expect([...sma(f64([1, 2, 3]), 3)]).toEqual([NaN, NaN, 2]);
  });
  it('a period that is not a positive integer is all NaN', () => {
    for (const p of [0, -2, 2.5, NaN]) expect([...sma(f64([1, 2, 3]), p)]).toEqual([NaN, NaN, NaN]);
  });
  it('stays accurate over a long series (running sum drift)', () => {
    const n = 5000;
    const close = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 7) * 3 + i * 1e-3);
    const out = sma(close, 20);
    let d = 0;
    for (let i = n - 20; i < n; i++) d += close[i];
    expect(out[n - 1]).toBeCloseTo(d / 20, 9);
  });
  it('takes plain arrays as well as typed ones', () => {
    expect([...sma([2, 4, 6], 2)]).toEqual([NaN, 3, 5]);
  });
});

describe('Sma (incremental)', () => {
  it('is NaN until warmed up, then the window average; ready says which', () => {
    const s = new Sma(2);
    expect(s.ready).toBe(false);
    expect(s.update(1)).toBeNaN();
    expect(s.value).toBeNaN();
    expect(s.update(3)).toBe(2);
    expect(s.ready).toBe(true);
    expect(s.update(5)).toBe(4);
    expect(s.value).toBe(4);
  });

  it('forgets a spike exactly: the small values it rounded away are kept (a plain running sum gives 0.125 here)', () => {
    const s = new Sma(3);
    s.update(1e15);
    for (let i = 0; i < 20; i++) s.update(0.1);
    expect(s.value).toBe((0.1 + 0.1 + 0.1) / 3);
  });

  it('a gap makes it NaN while in the window, and it recovers after', () => {
    const s = new Sma(2);
    s.update(1);
    expect(s.update(NaN)).toBeNaN();
    expect(s.update(3)).toBeNaN();
    expect(s.update(5)).toBe(4);
    expect(s.update(Infinity)).toBeNaN();
    expect(s.update(-Infinity)).toBeNaN();
    expect(s.update(1)).toBeNaN();
    expect(s.update(2)).toBe(1.5);
  });

  it('reset starts afresh', () => {
    const s = new Sma(2);
    s.update(100);
    s.update(NaN);
    s.reset();
    expect(s.value).toBeNaN();
    expect(s.ready).toBe(false);
    s.update(1);
    expect(s.update(2)).toBe(1.5);
  });

  it('refuses a period that is not a positive integer', () => {
    for (const p of [0, -1, 1.5, NaN, Infinity]) expect(() => new Sma(p)).toThrow(RangeError);
  });

  it('runSeries writes into a given array of the same length only', () => {
    const out = new Float64Array(3);
    expect(runSeries(new Sma(1), [1, 2, 3], out)).toBe(out);
    expect([...out]).toEqual([1, 2, 3]);
    expect(() => runSeries(new Sma(1), [1, 2], out)).toThrow(RangeError);
  });

  it('property: incremental equals a batch recomputation of every window', () => {
    // Prices of any scale with small moves, the occasional spike, and gaps.
    const value = fc.oneof(
      { weight: 20, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
      { weight: 2, arbitrary: fc.double({ min: -1e15, max: 1e15, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (xs, period) => {
        const s = new Sma(period);
        const want = direct(xs, period);
        for (let i = 0; i < xs.length; i++) {
          const got = s.update(xs[i]);
          if (Number.isNaN(want[i])) {
            expect(got).toBeNaN();
            continue;
          }
          // Neumaier's bound: a few ulps of the window, plus n·ε² of everything fed so far (the plain running sum has
          // n·ε there instead: the spike test); 1e-300 covers subnormals.
          let scale = 0;
          for (let k = i - period + 1; k <= i; k++) scale = Math.max(scale, Math.abs(xs[k]));
          let fed = 0;
          for (let k = 0; k <= i; k++) if (Number.isFinite(xs[k])) fed += Math.abs(xs[k]);
          expect(Math.abs(got - want[i])).toBeLessThanOrEqual(scale * period * 4e-16 + fed * (i + 1) * 1e-31 + 1e-300);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Sma.updateColumn (the backtester\'s averages computed ahead)', () => {
  const value = fc.oneof(
    { weight: 20, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: -1e15, max: 1e15, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
  );

  it('property: the same values to the bit as update, ready from the bar it answers on, the same state after (fed in any pieces)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), fc.array(fc.nat(300), { maxLength: 4 }), (xs, period, cuts) => {
        const one = new Sma(period);
        const want = xs.map((x) => [one.update(x), one.ready ? 1 : 0]);
        // The column in pieces (a run that goes on from where the last left the window: state in, state out).
        const col = new Sma(period);
        const input = Float64Array.from(xs);
        const values = new Float64Array(xs.length);
        const at = [0, ...cuts.map((c) => Math.min(c, xs.length)).sort((a, b) => a - b), xs.length];
        for (let p = 0; p + 1 < at.length; p++) {
          const piece = input.subarray(at[p], at[p + 1]);
          const from = col.updateColumn(piece, values.subarray(at[p], at[p + 1]));
          expect(from).toBeGreaterThanOrEqual(0);
          expect(from).toBeLessThanOrEqual(piece.length);
          for (let i = at[p]; i < at[p + 1]; i++) expect(i - at[p] >= from ? 1 : 0).toBe(want[i][1]);
        }
        for (let i = 0; i < xs.length; i++) expect(Object.is(values[i], want[i][0])).toBe(true);
        expect(col.save()).toEqual(one.save());
        expect(Object.is(col.update(1.5), one.update(1.5))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
