import type { Indicator } from './indicator';
import { encodeNumber, LOADED, StateReader, type LoadResult } from './state';
import { StdDev } from './stddev';

/**
 * z-score of the latest value against its window: (x − mean) / stddev over
 * the last `period` values, the POPULATION standard deviation (stddev.ts),
 * the window including x itself (as TradingView scripts usually write it:
 * (src − ta.sma(src, n)) / ta.stdev(src, n)). A window whose values are all
 * equal has no spread: the z-score is NaN there (0/0), not ±Infinity or 0.
 * Nor does one whose values lie within a few ulps of each other, as far as
 * doubles can tell: its variance may come out as exactly 0, and NaN then.
 * Drift and gaps: as stddev.ts.
 */
export class ZScore implements Indicator {
  readonly period: number;
  private sd: StdDev;
  value = Number.NaN;

  constructor(period: number) {
    this.sd = new StdDev(period);
    this.period = period;
  }

  get ready(): boolean {
    return this.sd.ready;
  }

  update(x: number): number {
    const sd = this.sd.update(x);
    return (this.value = sd > 0 ? (x - this.sd.mean) / sd : Number.NaN);
  }

  reset(): void {
    this.sd.reset();
    this.value = Number.NaN;
  }

  save(): unknown {
    return { kind: 'zscore', period: this.period, sd: this.sd.save(), value: encodeNumber(this.value) };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'zscore', { period: this.period });
    const value = r.number('value');
    if (r.error !== null) return r.failure();
    const sd = new StdDev(this.period);
    const loaded = sd.load(r.field('sd'));
    if (!loaded.ok) return loaded;
    this.sd = sd;
    this.value = value;
    return LOADED;
  }
}
