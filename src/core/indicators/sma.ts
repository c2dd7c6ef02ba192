import { checkPeriod, MAX_PERIOD, runSeries, type Indicator } from './indicator';
import { readWindow, encodeNumber, encodeNumbers, LOADED, StateReader, type LoadResult } from './state';

/**
 * Simple moving average over the last `period` values, incremental: a ring of
 * the window and a running sum, O(1) and allocation-free per update.
 *
 * Drift: a plain running sum (add the new value, subtract the one leaving)
 * keeps every rounding error forever. After a large value passes through the
 * window the small ones it rounded away are lost for good: 1e15 followed by
 * 0.1s gives a 3-period average of 0.125 instead of 0.1 long after 1e15 left.
 * The sum here is Neumaier-compensated (Kahan's variant that also holds when
 * the added term is larger than the sum, as when a spike enters): the lost
 * low-order parts are kept in `comp`, so the error is about 2ε × the window's
 * sum plus n·ε² × the sum of |values| fed (ε = 2⁻⁵³): with prices, a few ulps
 * of the average after a billion updates, where the plain sum's error grows
 * with n·ε and never shrinks back. Chosen over recomputing
 * the window sum every `period` updates because that costs O(period) on one
 * update in `period` (a spike per bar for a 200-period average fed live) and
 * is only as good as the plain sum between recomputations; compensation is
 * four flops more on every update, never more.
 *
 * A value that is not finite (NaN, ±Infinity: a gap) makes the average NaN
 * while it is inside the window, and the average recovers once it has left
 * (the plain running sum would stay NaN for good).
 */
export class Sma implements Indicator {
  readonly period: number;
  /** The last `period` values, a ring. */
  private readonly ring: Float64Array;
  /** Ring slot the next value goes to. */
  private next = 0;
  /** Values in the window (≤ period). */
  private count = 0;
  /** Non-finite values in the window; they are not in the sum. */
  private gaps = 0;
  private sum = 0;
  /** Neumaier compensation: what rounding took from `sum`. */
  private comp = 0;
  value = Number.NaN;

  /** `period` must be a positive integer: a programming error otherwise (parameters are checked where they are read). */
  constructor(period: number) {
    this.period = checkPeriod('An SMA', period);
    this.ring = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  /*
   * Speed (the bench holds this at ≥ 100 M updates/s; 110–180 M/s measured
   * on the 2-core CI machine, busy or not): the sum and its compensation live
   * in locals for the whole update and are written back once; the ring index
   * wraps with a compare, not a modulo (an integer division). Measured and
   * found to cost nothing worth removing: the finiteness tests
   * (`x - x === 0`, one subtraction that is NaN for NaN and ±Infinity, runs
   * as fast as Number.isFinite, which V8 inlines), the branches of Fast2Sum
   * (a branch-free TwoSum is no faster: prices make them predictable), and
   * the single running sum (two partial sums by ring-slot parity, to shorten
   * the dependency chain, came out slower). So soundness costs nothing here:
   * every value goes through Neumaier's sum, the leaving value out first,
   * then the new one in (stddev.ts does the same, so Bollinger's middle band
   * is this average to the bit).
   */
  update(x: number): number {
    const i = this.next;
    const period = this.period;
    let sum = this.sum;
    let comp = this.comp;
    if (this.count === period) {
      const old = this.ring[i];
      if (old - old === 0) {
        const t = sum - old;
        // Fast2Sum: with the larger-magnitude operand first, (big − t) + small is exactly what rounding dropped from t.
        comp += Math.abs(sum) >= Math.abs(old) ? sum - t - old : -old - t + sum;
        sum = t;
      } else {
        this.gaps--;
      }
    } else {
      this.count++;
    }
    this.ring[i] = x;
    if (x - x === 0) {
      const t = sum + x;
      comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
    } else {
      this.gaps++;
    }
    this.sum = sum;
    this.comp = comp;
    this.next = i + 1 === period ? 0 : i + 1;
    return (this.value = this.count === period && this.gaps === 0 ? (sum + comp) / period : Number.NaN);
  }

  reset(): void {
    this.ring.fill(0);
    this.next = 0;
    this.count = 0;
    this.gaps = 0;
    this.sum = 0;
    this.comp = 0;
    this.value = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'sma',
      period: this.period,
      ring: encodeNumbers(this.ring),
      next: this.next,
      count: this.count,
      gaps: this.gaps,
      sum: encodeNumber(this.sum),
      comp: encodeNumber(this.comp),
      value: encodeNumber(this.value),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'sma', { period: this.period });
    const { ring, count, next, gaps } = readWindow(r, this.period);
    const sum = r.number('sum');
    const comp = r.number('comp');
    const value = r.number('value');
    if (r.error !== null) return r.failure();
    this.ring.set(ring);
    this.count = count;
    this.next = next;
    this.gaps = gaps;
    this.sum = sum;
    this.comp = comp;
    this.value = value;
    return LOADED;
  }
}

/**
 * The SMA of a whole series (the chart's moving average): out[i] is the
 * average of values[i − period + 1 … i], NaN for the first period − 1 entries
 * and everywhere when `period` is not a positive integer (a setting the
 * caller did not check draws no line rather than throwing).
 */
export function sma(values: ArrayLike<number>, period: number): Float64Array {
  if (!Number.isInteger(period) || period < 1 || period > MAX_PERIOD) return new Float64Array(values.length).fill(Number.NaN);
  return runSeries(new Sma(period), values);
}
