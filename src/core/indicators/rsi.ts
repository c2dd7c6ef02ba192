import { checkPeriod, type Indicator } from './indicator';
import { encodeNumber, LOADED, StateReader, type LoadResult } from './state';

/**
 * Relative strength index, Wilder's: the average gain and average loss of
 * the last changes, seeded with the simple average of the first `period`
 * changes (so `period + 1` values) and then smoothed as
 * avg ← (avg·(period − 1) + change) / period, as technicalindicators does
 * (TradingView's ta.rsi uses the same seed and smoothing; the division is a
 * multiplication by 1/period here, a rounding apart). The value is
 * 100 − 100 / (1 + gain/loss), computed as 100·gain / (gain + loss); 100
 * when there was no loss, 0 when there was no gain (and 100 for a flat
 * series, as both of them answer). technicalindicators rounds its RSI to 2
 * decimals; this one does not.
 *
 * No drift: a recursive average forgets rounding errors geometrically.
 *
 * A gap (NaN, ±Infinity) is skipped: that update answers NaN and the next
 * change is taken from the last finite value.
 */
export class Rsi implements Indicator {
  readonly period: number;
  /** period − 1 and 1/period: Wilder's smoothing as two multiplications, where a division costs several. */
  private readonly keep: number;
  private readonly inv: number;
  /** The last finite value (NaN before the first). */
  private last = Number.NaN;
  /** Changes seen, up to `period`. */
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;
  value = Number.NaN;

  constructor(period: number) {
    this.period = checkPeriod('An RSI', period);
    this.keep = period - 1;
    this.inv = 1 / period;
  }

  get ready(): boolean {
    return this.changes === this.period;
  }

  update(x: number): number {
    if (x - x !== 0) return (this.value = Number.NaN);
    const change = x - this.last;
    this.last = x;
    // change is NaN on the very first value: no previous one to change from, nothing counted yet.
    if (change !== change) return (this.value = Number.NaN);
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    const period = this.period;
    if (this.changes === period) {
      this.avgGain = (this.avgGain * this.keep + gain) * this.inv;
      this.avgLoss = (this.avgLoss * this.keep + loss) * this.inv;
    } else {
      // The seed: sums first, divided once the period is complete.
      this.avgGain += gain;
      this.avgLoss += loss;
      if (++this.changes < period) return (this.value = Number.NaN);
      this.avgGain /= period;
      this.avgLoss /= period;
    }
    const g = this.avgGain;
    const l = this.avgLoss;
    // 100·g/(g + l) is 100 − 100/(1 + g/l) with one division instead of two (and one rounding less).
    return (this.value = l === 0 ? 100 : (100 * g) / (g + l));
  }

  reset(): void {
    this.last = Number.NaN;
    this.changes = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.value = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'rsi',
      period: this.period,
      last: encodeNumber(this.last),
      changes: this.changes,
      avgGain: encodeNumber(this.avgGain),
      avgLoss: encodeNumber(this.avgLoss),
      value: encodeNumber(this.value),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'rsi', { period: this.period });
    const last = r.number('last');
    const changes = r.int('changes', 0, this.period);
    const avgGain = r.number('avgGain');
    const avgLoss = r.number('avgLoss');
    const value = r.number('value');
    if (r.error !== null) return r.failure();
    this.last = last;
    this.changes = changes;
    this.avgGain = avgGain;
    this.avgLoss = avgLoss;
    this.value = value;
    return LOADED;
  }
}
