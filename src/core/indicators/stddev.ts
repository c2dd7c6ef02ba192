import { checkPeriod, type Indicator } from './indicator';
import { readWindow, encodeNumber, encodeNumbers, LOADED, StateReader, type LoadResult } from './state';

/** Veltkamp's splitter for doubles: 2²⁷ + 1. */
const SPLIT = 134217729;

/**
 * Standard deviation over the last `period` values, POPULATION (divided by
 * period, not period − 1), as technicalindicators' SD and Bollinger bands and
 * TradingView's ta.stdev compute it. `mean` is the window's average, the
 * same number Sma gives (same compensated sum, same order of operations), so
 * Bollinger's middle band is the SMA to the bit.
 *
 * O(1): the window's Σx and Σx² are running sums, and the variance is
 * (period·Σx² − (Σx)²) / period². Two sources of error, both handled:
 * - Drift: both sums are Neumaier-compensated, and each x² enters Σx² exactly
 *   (Dekker's product: the rounded square plus its exact error), so a value
 *   leaves the sums exactly as it entered; what remains is the compensation's
 *   own rounding, n·ε² of the sums.
 * - Cancellation: with prices, Σx² and (Σx)²/period agree in their first
 *   digits (mean² ≫ variance). The difference is taken in double-double
 *   (each sum as its rounded part plus compensation, the products exact), so
 *   the relative error is ε² · mean²/variance, not ε · mean²/variance.
 * A window of identical values has variance exactly 0 (a run counter sees
 * it), not a rounding residue: z-scores divide by this.
 *
 * Gaps count as 0 in the sums and make the value NaN while among the last `period` values.
 * Values beyond about 1e150 in magnitude overflow x² (the value is then not finite).
 */
export class StdDev implements Indicator {
  readonly period: number;
  private readonly ring: Float64Array;
  private next = 0;
  private count = 0;
  private gaps = 0;
  /** Trailing values equal to the last one (capped at period): the window is constant when it reaches period. */
  private run = 0;
  /** The last value fed. */
  private last = Number.NaN;
  /** Σx and its compensation. */
  private s = 0;
  private sc = 0;
  /** Σx² and its compensation. */
  private q = 0;
  private qc = 0;
  /** The window's average (NaN while not ready or a gap is in the window). */
  mean = Number.NaN;
  /** The population variance. */
  variance = Number.NaN;
  value = Number.NaN;

  constructor(period: number) {
    this.period = checkPeriod('A standard deviation', period);
    this.ring = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  update(x: number): number {
    const i = this.next;
    const period = this.period;
    let s = this.s;
    let sc = this.sc;
    let q = this.q;
    let qc = this.qc;
    let t: number;
    let c: number;
    let h: number;
    let hi: number;
    let lo: number;
    if (this.count === period) {
      const old = this.ring[i];
      if (old - old === 0) {
        t = s - old;
        sc += Math.abs(s) >= Math.abs(old) ? s - t - old : -old - t + s;
        s = t;
        // old² exactly (hi + lo), taken out of Σx² part by part.
        c = SPLIT * old;
        h = c - (c - old);
        hi = old * old;
        lo = h * h - hi + 2 * h * (old - h) + (old - h) * (old - h);
        t = q - hi;
        qc += Math.abs(q) >= hi ? q - t - hi : -hi - t + q;
        q = t;
        t = q - lo;
        qc += Math.abs(q) >= Math.abs(lo) ? q - t - lo : -lo - t + q;
        q = t;
      } else {
        this.gaps--;
      }
    } else {
      this.count++;
    }
    this.ring[i] = x;
    if (x - x === 0) {
      t = s + x;
      sc += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
      s = t;
      c = SPLIT * x;
      h = c - (c - x);
      hi = x * x;
      lo = h * h - hi + 2 * h * (x - h) + (x - h) * (x - h);
      t = q + hi;
      qc += Math.abs(q) >= hi ? q - t + hi : hi - t + q;
      q = t;
      t = q + lo;
      qc += Math.abs(q) >= Math.abs(lo) ? q - t + lo : lo - t + q;
      q = t;
    } else {
      this.gaps++;
    }
    this.run = x === this.last ? Math.min(this.run + 1, period) : 1;
    this.last = x;
    this.s = s;
    this.sc = sc;
    this.q = q;
    this.qc = qc;
    this.next = i + 1 === period ? 0 : i + 1;
    if (this.count !== period || this.gaps !== 0) {
      this.mean = this.variance = Number.NaN;
      return (this.value = Number.NaN);
    }
    this.mean = (s + sc) / period;
    this.variance = this.run === period ? 0 : windowVariance(s, sc, q, qc, period);
    return (this.value = Math.sqrt(this.variance));
  }

  reset(): void {
    this.ring.fill(0);
    this.next = this.count = this.gaps = this.run = 0;
    this.last = Number.NaN;
    this.s = this.sc = this.q = this.qc = 0;
    this.mean = this.variance = this.value = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'stddev',
      period: this.period,
      ring: encodeNumbers(this.ring),
      next: this.next,
      count: this.count,
      gaps: this.gaps,
      run: this.run,
      last: encodeNumber(this.last),
      s: encodeNumber(this.s),
      sc: encodeNumber(this.sc),
      q: encodeNumber(this.q),
      qc: encodeNumber(this.qc),
      mean: encodeNumber(this.mean),
      variance: encodeNumber(this.variance),
      value: encodeNumber(this.value),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'stddev', { period: this.period });
    const { ring, count, next, gaps } = readWindow(r, this.period);
    const run = r.int('run', 0, Math.min(count, this.period));
    const last = r.number('last');
    const s = r.number('s');
    const sc = r.number('sc');
    const q = r.number('q');
    const qc = r.number('qc');
    const mean = r.number('mean');
    const variance = r.number('variance');
    const value = r.number('value');
    if (r.error !== null) return r.failure();
    this.ring.set(ring);
    this.next = next;
    this.count = count;
    this.gaps = gaps;
    this.run = run;
    this.last = last;
    this.s = s;
    this.sc = sc;
    this.q = q;
    this.qc = qc;
    this.mean = mean;
    this.variance = variance;
    this.value = value;
    return LOADED;
  }
}

/**
 * (period·Q − S²) / period² in double-double, S = s + sc and Q = q + qc
 * (Neumaier sums: rounded part plus compensation). Never negative: a
 * variance below the rounding of the sums is 0.
 */
function windowVariance(s: number, sc: number, q: number, qc: number, period: number): number {
  // Normalise S (TwoSum) so sh carries the rounded sum and sl what it lost.
  const sh = s + sc;
  const sv = sh - s;
  const sl = s - (sh - sv) + (sc - sv);
  // S² = sh² exactly (Dekker: p1 + e1) + 2·sh·sl (+ sl², below ε² of the rest).
  const p1 = sh * sh;
  let c = SPLIT * sh;
  const h = c - (c - sh);
  const l = sh - h;
  const e1 = h * h - p1 + 2 * h * l + l * l;
  // period·Q = period·q exactly (period < 2²⁶: the split of q suffices) + period·qc.
  const p2 = period * q;
  c = SPLIT * q;
  const qh = c - (c - q);
  const e2 = period * qh - p2 + period * (q - qh);
  // (p2 − p1) exactly (TwoSum), then the small parts.
  const d = p2 - p1;
  const dv = d - p2;
  const de = p2 - (d - dv) + (-p1 - dv);
  const m = d + (de + (e2 + period * qc - e1 - 2 * sh * sl));
  return m > 0 ? m / (period * period) : 0;
}
