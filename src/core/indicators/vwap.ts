import { checkPeriod, type BarIndicator } from './indicator';
import { countGaps, encodeNumber, encodeNumbers, LOADED, StateReader, type LoadResult } from './state';

/**
 * Volume-weighted average price over the last `period` bars:
 * Σ(typical price × volume) / Σ volume, typical price = (high + low + close) / 3
 * (technicalindicators' VWAP is the same sum from the first bar on, never
 * forgetting: ours over a window of `period` bars equals it while the series
 * is no longer than the window). NaN while the window's volume is 0.
 *
 * Drift: both sums are Neumaier-compensated, and the ring keeps each bar's
 * product tp × volume as it was added, so a bar leaves the sum exactly as it
 * entered; what remains is the compensation's own rounding (n·ε²).
 *
 * A bar with a non-finite high, low, close or volume is a gap: NaN while it
 * is among the last `period` bars.
 */
export class Vwap implements BarIndicator {
  readonly period: number;
  /** Each bar's typical price × volume, a ring (NaN for a gap). */
  private readonly pv: Float64Array;
  /** Each bar's volume, a ring. */
  private readonly vol: Float64Array;
  private next = 0;
  private count = 0;
  private gaps = 0;
  /** Σ tp·volume and its compensation. */
  private a = 0;
  private ac = 0;
  /** Σ volume and its compensation. */
  private v = 0;
  private vc = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.period = checkPeriod('A VWAP', period);
    this.pv = new Float64Array(period);
    this.vol = new Float64Array(period);
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  updateBar(high: number, low: number, close: number, volume: number): number {
    const i = this.next;
    const period = this.period;
    let a = this.a;
    let ac = this.ac;
    let v = this.v;
    let vc = this.vc;
    let t: number;
    if (this.count === period) {
      const oldPv = this.pv[i];
      if (oldPv - oldPv === 0) {
        const oldV = this.vol[i];
        t = a - oldPv;
        ac += Math.abs(a) >= Math.abs(oldPv) ? a - t - oldPv : -oldPv - t + a;
        a = t;
        t = v - oldV;
        vc += Math.abs(v) >= Math.abs(oldV) ? v - t - oldV : -oldV - t + v;
        v = t;
      } else {
        this.gaps--;
      }
    } else {
      this.count++;
    }
    const pv = ((high + low + close) / 3) * volume;
    if (pv - pv === 0 && volume - volume === 0) {
      this.pv[i] = pv;
      this.vol[i] = volume;
      t = a + pv;
      ac += Math.abs(a) >= Math.abs(pv) ? a - t + pv : pv - t + a;
      a = t;
      t = v + volume;
      vc += Math.abs(v) >= Math.abs(volume) ? v - t + volume : volume - t + v;
      v = t;
    } else {
      this.pv[i] = Number.NaN;
      this.vol[i] = Number.NaN;
      this.gaps++;
    }
    this.a = a;
    this.ac = ac;
    this.v = v;
    this.vc = vc;
    this.next = i + 1 === period ? 0 : i + 1;
    if (this.count !== period || this.gaps !== 0) return (this.value = Number.NaN);
    const totalV = v + vc;
    return (this.value = totalV !== 0 ? (a + ac) / totalV : Number.NaN);
  }

  reset(): void {
    this.pv.fill(0);
    this.vol.fill(0);
    this.next = this.count = this.gaps = 0;
    this.a = this.ac = this.v = this.vc = 0;
    this.value = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'vwap',
      period: this.period,
      pv: encodeNumbers(this.pv),
      vol: encodeNumbers(this.vol),
      next: this.next,
      count: this.count,
      gaps: this.gaps,
      a: encodeNumber(this.a),
      ac: encodeNumber(this.ac),
      v: encodeNumber(this.v),
      vc: encodeNumber(this.vc),
      value: encodeNumber(this.value),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'vwap', { period: this.period });
    const pv = r.numbers('pv', this.period);
    const vol = r.numbers('vol', this.period);
    const count = r.int('count', 0, this.period);
    const next = r.int('next', 0, this.period - 1);
    const gaps = r.int('gaps', 0, count);
    const a = r.number('a');
    const ac = r.number('ac');
    const v = r.number('v');
    const vc = r.number('vc');
    const value = r.number('value');
    if (r.error === null && count < this.period && next !== count) r.fail('next must equal count while warming up');
    if (r.error === null && countGaps(pv, count) !== gaps) r.fail('gaps must count the non-finite values in the window');
    if (r.error !== null) return r.failure();
    this.pv.set(pv);
    this.vol.set(vol);
    this.next = next;
    this.count = count;
    this.gaps = gaps;
    this.a = a;
    this.ac = ac;
    this.v = v;
    this.vc = vc;
    this.value = value;
    return LOADED;
  }
}
