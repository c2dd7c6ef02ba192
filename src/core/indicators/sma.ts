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

  /**
   * `update` over a whole column, for a backtest's averages computed ahead
   * (`../strategy/columns.ts`): `values[k]` is what `update(input[k])` would
   * answer, and the object is left as those updates would leave it. The
   * answer: the first k after which `ready` holds (`input.length` if none);
   * it holds after every later one too (the window only fills). `update`'s lines, in its order,
   * so the same bits (sma.test.ts holds them equal, gaps and spikes
   * included); written once more because here the window's state stays in
   * registers for the whole column, where `update` reads it from the object
   * and writes it back every value (~20 % faster on the bench's million
   * bars). The chart's batch form stays `runSeries` (the README's rule).
   */
  updateColumn(input: Float64Array, values: Float64Array): number {
    const readyFrom = Math.min(input.length, Math.max(0, this.period - this.count - 1));
    columnInts[0] = this.next;
    columnInts[1] = this.count;
    columnInts[2] = this.gaps;
    columnSums[0] = this.sum;
    columnSums[1] = this.comp;
    columnSums[2] = this.value;
    smaColumn(this.ring, this.period, input, values, columnInts, columnSums);
    this.next = columnInts[0];
    this.count = columnInts[1];
    this.gaps = columnInts[2];
    this.sum = columnSums[0];
    this.comp = columnSums[1];
    this.value = columnSums[2];
    return readyFrom;
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

/** The window's state on its way in and out of smaColumn: next, count, gaps; sum, comp, value. */
const columnInts = new Int32Array(3);
const columnSums = new Float64Array(3);

/**
 * `Sma.updateColumn`'s loop: a function that is only its loop (the
 * backtester's README, "Speed", says why), its state read from and written
 * to typed arrays. Not passed as arguments: a double argument that the loop
 * reassigns stayed a boxed number in V8's code, a new heap number every
 * value (measured: twice as slow as `update`).
 */
function smaColumn(ring: Float64Array, period: number, input: Float64Array, values: Float64Array, ints: Int32Array, sums: Float64Array): void {
  let i = ints[0];
  let count = ints[1];
  let gaps = ints[2];
  let sum = sums[0];
  let comp = sums[1];
  let value = sums[2];
  for (let k = 0; k < input.length; k++) {
    const x = input[k];
    if (count === period) {
      const old = ring[i];
      if (old - old === 0) {
        const t = sum - old;
        comp += Math.abs(sum) >= Math.abs(old) ? sum - t - old : -old - t + sum;
        sum = t;
      } else {
        gaps--;
      }
    } else {
      count++;
    }
    ring[i] = x;
    if (x - x === 0) {
      const t = sum + x;
      comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
    } else {
      gaps++;
    }
    i = i + 1 === period ? 0 : i + 1;
    value = count === period && gaps === 0 ? (sum + comp) / period : Number.NaN;
    values[k] = value;
  }
  ints[0] = i;
  ints[1] = count;
  ints[2] = gaps;
  sums[0] = sum;
  sums[1] = comp;
  sums[2] = value;
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
