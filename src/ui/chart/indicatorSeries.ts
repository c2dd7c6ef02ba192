// The chart's indicator columns, computed with core's indicators (the ones
// strategies use, so the chart and a strategy see the same numbers) and
// incrementally: the chart gets new candle arrays on every frame, but almost
// always they are the old candles with the last one changed or one appended,
// so the runner keeps the indicators' state after the last closed candle and
// feeds only what is new. The still-forming last candle is fed on top of a
// saved state and the state put back, so its next version starts clean.

import { Bollinger, Ema, Macd, Rsi, Sma, type Indicator } from '../../core/indicators';
import type { IndicatorChoice } from './indicatorChoice';
import type { CandleData } from './types';

/** The indicator columns, in the order the chart's uPlot data holds them after the candles. */
export const INDICATOR_COLS = ['sma', 'ema', 'bbUpper', 'bbMiddle', 'bbLower', 'rsi', 'macd', 'macdSignal', 'macdHist'] as const;
export type IndicatorCol = (typeof INDICATOR_COLS)[number];

/** One column per indicator output, a value per candle; null while warming up, or for an indicator that is off. */
export type IndicatorColumns = Record<IndicatorCol, (number | null)[]>;

interface Live {
  sma: Sma | null;
  ema: Ema | null;
  bb: Bollinger | null;
  rsi: Rsi | null;
  macd: Macd | null;
}

function fresh(c: IndicatorChoice): Live {
  return {
    sma: c.sma.on ? new Sma(c.sma.period) : null,
    ema: c.ema.on ? new Ema(c.ema.period) : null,
    bb: c.bollinger.on ? new Bollinger(c.bollinger.period, c.bollinger.k) : null,
    rsi: c.rsi.on ? new Rsi(c.rsi.period) : null,
    macd: c.macd.on ? new Macd(c.macd.fast, c.macd.slow, c.macd.signal) : null,
  };
}

/** What makes two choices compute different columns (labels and volume do not). */
function computeKey(c: IndicatorChoice): string {
  const p = (on: boolean, ...xs: number[]) => (on ? xs.join(',') : '-');
  return [
    p(c.sma.on, c.sma.period),
    p(c.ema.on, c.ema.period),
    p(c.bollinger.on, c.bollinger.period, c.bollinger.k),
    p(c.rsi.on, c.rsi.period),
    p(c.macd.on, c.macd.fast, c.macd.slow, c.macd.signal),
  ].join('|');
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

function emptyColumns(): IndicatorColumns {
  return Object.fromEntries(INDICATOR_COLS.map((k) => [k, []])) as unknown as IndicatorColumns;
}

/** Feeds close `x` to every indicator that is on and writes their outputs at row `i` (null for those off). */
function feed(live: Live, cols: IndicatorColumns, i: number, x: number): void {
  cols.sma[i] = live.sma ? num(live.sma.update(x)) : null;
  cols.ema[i] = live.ema ? num(live.ema.update(x)) : null;
  if (live.bb) {
    live.bb.update(x);
    cols.bbUpper[i] = num(live.bb.upper);
    cols.bbMiddle[i] = num(live.bb.middle);
    cols.bbLower[i] = num(live.bb.lower);
  } else cols.bbUpper[i] = cols.bbMiddle[i] = cols.bbLower[i] = null;
  cols.rsi[i] = live.rsi ? num(live.rsi.update(x)) : null;
  if (live.macd) {
    live.macd.update(x);
    cols.macd[i] = num(live.macd.line);
    cols.macdSignal[i] = num(live.macd.signal);
    cols.macdHist[i] = num(live.macd.histogram);
  } else cols.macd[i] = cols.macdSignal[i] = cols.macdHist[i] = null;
}

function each(live: Live): Indicator[] {
  return [live.sma, live.ema, live.bb, live.rsi, live.macd].filter((x): x is NonNullable<typeof x> => x !== null);
}

/**
 * Keeps the indicator columns of one chart up to date. `run` answers the
 * columns for the candles given: after the previous call's candles with the
 * last one changed or new ones appended (or the oldest dropped, as the
 * chart's window does), the cost is the new candles only; anything else
 * (another choice, older history put in front, a candle in the middle
 * changed) starts over from the first candle. The columns are the runner's
 * own arrays, changed by the next call: hand them to uPlot, not to a cache.
 */
export class IndicatorRunner {
  private key = '';
  private live: Live | null = null;
  private cols = emptyColumns();
  /** Candles fed for good: all but the last one of the previous call. */
  private done = 0;
  /** Open time and close of the last candle fed for good, to find it again. */
  private lastT = NaN;
  private lastC = NaN;
  /** How many candles the last call fed (tests read it: the cost of an update). */
  fed = 0;

  run(candles: CandleData, choice: IndicatorChoice): IndicatorColumns {
    const { t, c } = candles;
    const n = t.length;
    const key = computeKey(choice);
    if (key !== this.key || this.live === null || !this.resume(t, c)) {
      this.key = key;
      this.live = fresh(choice);
      this.cols = emptyColumns();
      this.done = 0;
    }
    const live = this.live;
    this.fed = 0;
    for (let i = this.done; i < n - 1; i++) {
      feed(live, this.cols, i, c[i]);
      this.fed++;
    }
    if (n > 0) {
      this.done = n - 1;
      this.lastT = n > 1 ? t[n - 2] : NaN;
      this.lastC = n > 1 ? c[n - 2] : NaN;
      // The last candle is still forming: feed it on a copy of the state, then put the state back.
      const saved = each(live).map((x) => x.save());
      feed(live, this.cols, n - 1, c[n - 1]);
      this.fed++;
      each(live).forEach((x, i) => x.load(saved[i]));
    }
    for (const k of INDICATOR_COLS) this.cols[k].length = n;
    return this.cols;
  }

  /** Whether the state can go on with these candles: the last candle fed for good is still there, unchanged; drops what fell off the front. */
  private resume(t: Float64Array, c: Float64Array): boolean {
    if (this.done === 0) return false; // nothing kept worth resuming
    const at = this.done - 1;
    // Where that candle is now: the same place, or earlier when the oldest candles were dropped.
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t[mid] < this.lastT) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= t.length || t[lo] !== this.lastT || c[lo] !== this.lastC || lo > at) return false;
    const shift = at - lo;
    if (shift > 0) {
      for (const k of INDICATOR_COLS) this.cols[k].splice(0, shift);
      this.done -= shift;
    }
    return true;
  }
}
