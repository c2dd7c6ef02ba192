import type { Indicator } from './indicator';
import { encodeNumber, LOADED, StateReader, type LoadResult } from './state';
import { StdDev } from './stddev';

/**
 * Bollinger bands: middle = SMA(period), upper/lower = middle ± k × the
 * window's POPULATION standard deviation (Bollinger's definition, as
 * technicalindicators and TradingView's ta.bb compute it). `value` is the
 * middle band. Drift and gaps: as stddev.ts (the middle is the same
 * compensated average Sma gives, to the bit).
 */
export class Bollinger implements Indicator {
  readonly period: number;
  readonly k: number;
  private sd: StdDev;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;

  /** `k`: how many standard deviations from the middle (2 usually); finite and not negative. */
  constructor(period: number, k: number) {
    if (!Number.isFinite(k) || k < 0) throw new RangeError(`Bollinger's k must be a finite number ≥ 0, not ${k}`);
    this.sd = new StdDev(period);
    this.period = period;
    this.k = k;
  }

  get value(): number {
    return this.middle;
  }

  get ready(): boolean {
    return this.sd.ready;
  }

  /** The window's standard deviation (NaN until ready). */
  get deviation(): number {
    return this.sd.value;
  }

  update(x: number): number {
    const sd = this.sd.update(x);
    const m = this.sd.mean;
    this.middle = m;
    this.upper = m + sd * this.k;
    this.lower = m - sd * this.k;
    return m;
  }

  reset(): void {
    this.sd.reset();
    this.upper = this.middle = this.lower = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'bollinger',
      period: this.period,
      k: this.k,
      sd: this.sd.save(),
      upper: encodeNumber(this.upper),
      middle: encodeNumber(this.middle),
      lower: encodeNumber(this.lower),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'bollinger', { period: this.period, k: this.k });
    const upper = r.number('upper');
    const middle = r.number('middle');
    const lower = r.number('lower');
    if (r.error !== null) return r.failure();
    const sd = new StdDev(this.period);
    const loaded = sd.load(r.field('sd'));
    if (!loaded.ok) return loaded;
    this.sd = sd;
    this.upper = upper;
    this.middle = middle;
    this.lower = lower;
    return LOADED;
  }
}
