import { checkPeriod, type BarIndicator } from './indicator';
import { encodeNumber, LOADED, StateReader, type LoadResult } from './state';

/**
 * Average true range, Wilder's. The true range of a bar is
 * max(high − low, |high − previous close|, |low − previous close|); the ATR
 * is its Wilder average: the simple average of the first `period` true
 * ranges, then atr += (tr − atr) / period (technicalindicators' expression,
 * which the tests hold it to the bit).
 *
 * The first bar has no previous close, so it has no true range here (as in
 * technicalindicators): the ATR is defined from bar period + 1.
 * TradingView's ta.atr instead takes high − low as the first bar's range and
 * is defined one bar earlier; the two converge as the seed is forgotten.
 *
 * A bar with a non-finite high, low or close is a gap: skipped (NaN for that
 * update), the next range taken from the last finite close.
 */
export class Atr implements BarIndicator {
  readonly period: number;
  private readonly factor: number;
  private prevClose = Number.NaN;
  /** True ranges seen, up to `period`. */
  private ranges = 0;
  private seedSum = 0;
  private atr = Number.NaN;
  /** The last bar's true range (NaN on the first bar and on gaps). */
  trueRange = Number.NaN;
  value = Number.NaN;

  constructor(period: number) {
    this.period = checkPeriod('An ATR', period);
    this.factor = 1 / period;
  }

  get ready(): boolean {
    return this.ranges === this.period;
  }

  updateBar(high: number, low: number, close: number, _volume?: number): number {
    if (high - high !== 0 || low - low !== 0 || close - close !== 0) return (this.trueRange = this.value = Number.NaN);
    const pc = this.prevClose;
    this.prevClose = close;
    if (pc !== pc) return (this.trueRange = this.value = Number.NaN);
    const tr = Math.max(high - low, Math.abs(high - pc), Math.abs(low - pc));
    this.trueRange = tr;
    if (this.ranges === this.period) {
      this.atr = (tr - this.atr) * this.factor + this.atr;
    } else {
      this.seedSum += tr;
      if (++this.ranges === this.period) this.atr = this.seedSum / this.period;
    }
    return (this.value = this.atr);
  }

  reset(): void {
    this.prevClose = Number.NaN;
    this.ranges = 0;
    this.seedSum = 0;
    this.atr = this.trueRange = this.value = Number.NaN;
  }

  save(): unknown {
    return {
      kind: 'atr',
      period: this.period,
      prevClose: encodeNumber(this.prevClose),
      ranges: this.ranges,
      seedSum: encodeNumber(this.seedSum),
      atr: encodeNumber(this.atr),
      trueRange: encodeNumber(this.trueRange),
      value: encodeNumber(this.value),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'atr', { period: this.period });
    const prevClose = r.number('prevClose');
    const ranges = r.int('ranges', 0, this.period);
    const seedSum = r.number('seedSum');
    const atr = r.number('atr');
    const trueRange = r.number('trueRange');
    const value = r.number('value');
    if (r.error !== null) return r.failure();
    this.prevClose = prevClose;
    this.ranges = ranges;
    this.seedSum = seedSum;
    this.atr = atr;
    this.trueRange = trueRange;
    this.value = value;
    return LOADED;
  }
}
