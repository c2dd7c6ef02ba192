import { checkPeriod, type Indicator } from './indicator';
import { readWindow, encodeNumber, encodeNumbers, LOADED, StateReader, type LoadResult } from './state';

/** Veltkamp's splitter for doubles: 2²⁷ + 1. */
const SPLIT = 134217729;

/**
 * Weighted moving average: the newest value weighs `period`, the oldest 1,
 * divided by period·(period + 1)/2 (technicalindicators, TradingView's ta.wma).
 *
 * O(1) per update with two running sums over the window: S = Σx and
 * N = Σ wᵢ·xᵢ. When the window slides every weight drops by one, which is
 * N − S, and the new value comes in at weight `period`:
 *   N ← N − S + period·x,  S ← S − x_leaving + x.
 * Drift: both sums are Neumaier-compensated, and period·x is added exactly
 * (its product split into a rounded part and the exact error, Dekker's
 * product with the period needing no split as it is below 2²⁶), so what
 * enters N is taken out again to the last bit as the value's weight falls to
 * zero; only the compensation's own rounding remains (n·ε² of the sums).
 *
 * A gap counts as 0 in both sums and makes the average NaN while it is in
 * the window; it recovers once the gap has left.
 */
export class Wma implements Indicator {
  readonly period: number;
  private readonly ring: Float64Array;
  private readonly denominator: number;
  private next = 0;
  private count = 0;
  private gaps = 0;
  /** S = Σx over the window, and its compensation. */
  private s = 0;
  private sc = 0;
  /** N = Σ weight·x over the window, and its compensation. */
  private n = 0;
  private nc = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.period = checkPeriod('A WMA', period);
    this.ring = new Float64Array(period);
    this.denominator = (period * (period + 1)) / 2;
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  update(x: number): number {
    const i = this.next;
    const period = this.period;
    const fin = x - x === 0;
    const xv = fin ? x : 0;
    let s = this.s;
    let sc = this.sc;
    let n = this.n;
    let nc = this.nc;
    let t: number;
    let w: number;
    if (this.count === period) {
      // Every weight drops by one: N −= S (both parts of S), before S loses the leaving value.
      t = n - s;
      nc += Math.abs(n) >= Math.abs(s) ? n - t - s : -s - t + n;
      n = t;
      t = n - sc;
      nc += Math.abs(n) >= Math.abs(sc) ? n - t - sc : -sc - t + n;
      n = t;
      const old = this.ring[i];
      if (old - old === 0) {
        t = s - old;
        sc += Math.abs(s) >= Math.abs(old) ? s - t - old : -old - t + s;
        s = t;
      } else {
        this.gaps--;
      }
      w = period;
    } else {
      w = ++this.count;
    }
    if (!fin) this.gaps++;
    this.ring[i] = x;
    // w·x exactly: hi rounded, lo its error (Dekker; w < 2²⁶ needs no split, so w·xh and w·xl are exact).
    const c = SPLIT * xv;
    const xh = c - (c - xv);
    const xl = xv - xh;
    const hi = w * xv;
    const lo = w * xh - hi + w * xl;
    t = n + hi;
    nc += Math.abs(n) >= Math.abs(hi) ? n - t + hi : hi - t + n;
    n = t;
    t = n + lo;
    nc += Math.abs(n) >= Math.abs(lo) ? n - t + lo : lo - t + n;
    n = t;
    t = s + xv;
    sc += Math.abs(s) >= Math.abs(xv) ? s - t + xv : xv - t + s;
    s = t;
    this.s = s;
    this.sc = sc;
    this.n = n;
    this.nc = nc;
    this.next = i + 1 === period ? 0 : i + 1;
    return (this.value = this.count === period && this.gaps === 0 ? (n + nc) / this.denominator : Number.NaN);
  }

  reset(): void {
    this.ring.fill(0);
    this.next = 0;
    this.count = 0;
    this.gaps = 0;
    this.s = this.sc = this.n = this.nc = 0;
    this.value = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'wma',
      period: this.period,
      ring: encodeNumbers(this.ring),
      next: this.next,
      count: this.count,
      gaps: this.gaps,
      s: encodeNumber(this.s),
      sc: encodeNumber(this.sc),
      n: encodeNumber(this.n),
      nc: encodeNumber(this.nc),
      value: encodeNumber(this.value),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'wma', { period: this.period });
    const { ring, count, next, gaps } = readWindow(r, this.period);
    const s = r.number('s');
    const sc = r.number('sc');
    const n = r.number('n');
    const nc = r.number('nc');
    const value = r.number('value');
    if (r.error !== null) return r.failure();
    this.ring.set(ring);
    this.next = next;
    this.count = count;
    this.gaps = gaps;
    this.s = s;
    this.sc = sc;
    this.n = n;
    this.nc = nc;
    this.value = value;
    return LOADED;
  }
}
