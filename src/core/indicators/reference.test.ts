/**
 * Our indicators held against the technicalindicators package (and, for RSI,
 * trading-signals, which does not round) on GOOG's real daily history and on
 * generated price paths. The package emits nothing during the warm-up; ours
 * emits NaN there, so its output is aligned on the last values of ours.
 *
 * Where the arithmetic is the same expression in the same order (EMA, MACD,
 * ATR, highest/lowest) the values are equal to the bit; elsewhere ours sums
 * with compensation (SMA, SD, Bollinger, VWAP) or in O(1) (WMA) and the
 * package plainly, so they agree to a relative 1e-12 of the price scale.
 * Definitional differences, documented where they live: technicalindicators
 * rounds RSI to 2 decimals; its VWAP never forgets (ours is over a window);
 * its CrossUp calls the first point a crossing and looks back over ties.
 */
import fc from 'fast-check';
import * as TI from 'technicalindicators';
import { RSI as TsRsi } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { Atr } from './atr';
import { Bollinger } from './bollinger';
import { crossovers, crossunders } from './cross';
import { Ema } from './ema';
import { Highest, Lowest } from './extremes';
import { runBars, runSeries } from './indicator';
import { barPath, loadGoog, pricePath, type Bars } from './indicators.testkit';
import { Macd } from './macd';
import { Rsi } from './rsi';
import { Sma } from './sma';
import { StdDev } from './stddev';
import { Vwap } from './vwap';
import { Wma } from './wma';

const goog = loadGoog();

/** Ours is NaN where the package has not started; returns ours from where it has. */
function aligned(ours: Float64Array, theirsLength: number): Float64Array {
  const offset = ours.length - theirsLength;
  expect(offset).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < offset; i++) expect(ours[i], `warm-up at ${i}`).toBeNaN();
  return ours.subarray(offset);
}

function expectClose(ours: ArrayLike<number>, theirs: ArrayLike<number | undefined>, tol: number, what: string): void {
  expect(ours.length, what).toBe(theirs.length);
  for (let i = 0; i < ours.length; i++) {
    const t = theirs[i];
    if (t === undefined) throw new Error(`${what}: the package has no value at ${i}`);
    if (Math.abs(ours[i] - t) > tol) expect(ours[i], `${what} at ${i}`).toBe(t);
  }
}

function expectSame(ours: ArrayLike<number>, theirs: ArrayLike<number | undefined>, what: string): void {
  expectClose(ours, theirs, 0, what);
}

/** 1e-12 of the largest magnitude in the series: a few thousand ulps at most, far below any price step. */
const scaleTol = (xs: ArrayLike<number>) => 1e-12 * Math.max(...Array.from(xs, Math.abs));

function checkCloseOnly(close: number[], period: number): void {
  const tol = scaleTol(close);
  expectClose(aligned(runSeries(new Sma(period), close), TI.SMA.calculate({ period, values: close }).length), TI.SMA.calculate({ period, values: close }), tol, `SMA(${period})`);
  const ema = TI.EMA.calculate({ period, values: close });
  expectSame(aligned(runSeries(new Ema(period), close), ema.length), ema, `EMA(${period})`);
  const wma = TI.WMA.calculate({ period, values: close });
  expectClose(aligned(runSeries(new Wma(period), close), wma.length), wma, tol, `WMA(${period})`);
  // The package rounds RSI to 2 decimals (toFixed(2)): half a hundredth apart at most.
  const rsi = TI.RSI.calculate({ period, values: close });
  expectClose(aligned(runSeries(new Rsi(period), close), rsi.length), rsi, 0.005 + 1e-9, `RSI(${period})`);
  const sd = TI.SD.calculate({ period, values: close });
  expectClose(aligned(runSeries(new StdDev(period), close), sd.length), sd, tol, `SD(${period})`);
  const hi = TI.Highest.calculate({ period, values: close });
  expectSame(aligned(runSeries(new Highest(period), close), hi.length), hi, `Highest(${period})`);
  const lo = TI.Lowest.calculate({ period, values: close });
  expectSame(aligned(runSeries(new Lowest(period), close), lo.length), lo, `Lowest(${period})`);

  const bands = TI.BollingerBands.calculate({ period, stdDev: 2, values: close });
  const bb = new Bollinger(period, 2);
  const upper: number[] = [];
  const middle: number[] = [];
  const lower: number[] = [];
  for (const x of close) {
    bb.update(x);
    upper.push(bb.upper);
    middle.push(bb.middle);
    lower.push(bb.lower);
  }
  const off = close.length - bands.length;
  expectClose(upper.slice(off), bands.map((b) => b.upper), tol, `BB upper(${period})`);
  expectClose(middle.slice(off), bands.map((b) => b.middle), tol, `BB middle(${period})`);
  expectClose(lower.slice(off), bands.map((b) => b.lower), tol, `BB lower(${period})`);
  expect(middle.slice(0, off).every(Number.isNaN)).toBe(true);
}

function checkMacd(close: number[], fast: number, slow: number, signal: number): void {
  const theirs = TI.MACD.calculate({ values: close, fastPeriod: fast, slowPeriod: slow, signalPeriod: signal, SimpleMAOscillator: false, SimpleMASignal: false });
  const m = new Macd(fast, slow, signal);
  const rows = close.map((x) => {
    m.update(x);
    return { MACD: m.line, signal: m.signal, histogram: m.histogram };
  });
  const off = close.length - theirs.length;
  expect(rows.slice(0, off).every((r) => Number.isNaN(r.MACD))).toBe(true);
  const ours = rows.slice(off);
  expectSame(ours.map((r) => r.MACD), theirs.map((r) => r.MACD), 'MACD line');
  // The package leaves signal and histogram undefined during the signal's warm-up (signal − 1 lines), and also
  // wherever they are exactly 0 (it tests them for truth); ours is NaN
  // during the warm-up only, and 0 where they are 0.
  const firstSignal = signal - 1;
  expect(ours.slice(0, firstSignal).every((r) => Number.isNaN(r.signal) && Number.isNaN(r.histogram))).toBe(true);
  const pick = (v: number | undefined, o: number) => (v === undefined && o === 0 ? 0 : v);
  const rest = ours.slice(firstSignal);
  expectSame(rest.map((r) => r.signal), theirs.slice(firstSignal).map((r, i) => pick(r.signal, rest[i].signal)), 'MACD signal');
  expectSame(rest.map((r) => r.histogram), theirs.slice(firstSignal).map((r, i) => pick(r.histogram, rest[i].histogram)), 'MACD histogram');
}

function checkBars(bars: Bars, period: number): void {
  const atr = TI.ATR.calculate({ period, high: bars.high, low: bars.low, close: bars.close });
  expectSame(aligned(runBars(new Atr(period), bars), atr.length), atr, `ATR(${period})`);
  // The package's VWAP is cumulative from the first bar: ours over a window of n bars equals it at bar n.
  const cumulative = TI.VWAP.calculate({ high: bars.high, low: bars.low, close: bars.close, volume: bars.volume });
  const n = bars.close.length;
  for (const p of [1, 2, period, n].filter((p) => p <= n)) {
    const ours = runBars(new Vwap(p), bars);
    const tol = 1e-12 * Math.max(...bars.high);
    expect(Math.abs(ours[p - 1] - cumulative[p - 1]), `VWAP(${p}) at ${p - 1}`).toBeLessThanOrEqual(tol);
    // And every later window is the package's VWAP of that window alone.
    for (const i of [p, Math.floor((p + n) / 2), n - 1].filter((i) => i >= p && i < n)) {
      const slice = (xs: number[]) => xs.slice(i - p + 1, i + 1);
      const theirs = TI.VWAP.calculate({ high: slice(bars.high), low: slice(bars.low), close: slice(bars.close), volume: slice(bars.volume) });
      expect(Math.abs(ours[i] - theirs[p - 1]), `VWAP(${p}) at ${i}`).toBeLessThanOrEqual(tol);
    }
  }
}

describe('against technicalindicators on GOOG daily (2,148 sessions)', () => {
  it('reads the file: 2,148 bars, high ≥ close ≥ low', () => {
    expect(goog.close).toHaveLength(2148);
    expect(goog.close[0]).toBe(100.34);
    expect(goog.close.every((c, i) => goog.high[i] >= c && c >= goog.low[i] && goog.volume[i] > 0)).toBe(true);
  });

  it.each([1, 2, 5, 14, 20, 50, 200])('SMA, EMA, WMA, RSI, SD, Bollinger, highest, lowest with period %i', (period) => {
    checkCloseOnly(goog.close, period);
  });

  it.each([
    [12, 26, 9],
    [5, 35, 5],
    [3, 10, 16],
  ])('MACD(%i, %i, %i): line, signal and histogram to the bit', (fast, slow, signal) => {
    checkMacd(goog.close, fast, slow, signal);
  });

  it.each([1, 14, 50])('ATR(%i) to the bit, VWAP over windows', (period) => {
    checkBars(goog, period);
  });

  it('RSI(14) against trading-signals (which does not round): the same Wilder average', () => {
    const ts = new TsRsi(14);
    const ours = new Rsi(14);
    let compared = 0;
    for (const x of goog.close) {
      const t = ts.update(x, false);
      const o = ours.update(x);
      if (t === null) expect(o).toBeNaN();
      else {
        expect(Math.abs(o - t)).toBeLessThanOrEqual(1e-9);
        compared++;
      }
    }
    expect(compared).toBe(goog.close.length - 14);
  });

  it('crossings of the close and its SMA(20) are the package crossUp/crossDown (no ties in this series)', () => {
    const sma = runSeries(new Sma(20), goog.close);
    const a = goog.close.slice(19);
    const b = Array.from(sma.subarray(19));
    expect(a.some((x, i) => x === b[i])).toBe(false);
    const up = crossovers(a, b);
    const down = crossunders(a, b);
    const tiUp = TI.CrossUp.calculate({ lineA: a, lineB: b });
    const tiDown = TI.CrossDown.calculate({ lineA: a, lineB: b });
    // The package calls the first point a crossing when a is above there; a crossing needs a bar before it.
    for (let i = 1; i < a.length; i++) {
      expect(up[i] === 1, `up at ${i}`).toBe(tiUp[i]);
      expect(down[i] === 1, `down at ${i}`).toBe(tiDown[i]);
    }
    expect(up.reduce((s, x) => s + x, 0)).toBeGreaterThan(50);
  });
});

describe('against technicalindicators on generated price paths', () => {
  it('single-input indicators, any period', () => {
    fc.assert(
      fc.property(pricePath({ minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (close, period) => {
        fc.pre(close.length >= period + 1);
        checkCloseOnly(close, period);
      }),
      { numRuns: 80 },
    );
  });

  it('MACD, any periods', () => {
    fc.assert(
      fc.property(pricePath({ minLength: 60, maxLength: 200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 12 }), (close, fast, extra, signal) => {
        checkMacd(close, fast, fast + extra, signal);
      }),
      { numRuns: 60 },
    );
  });

  it('ATR and VWAP, any period', () => {
    fc.assert(
      fc.property(barPath({ minLength: 2, maxLength: 150 }), fc.integer({ min: 1, max: 30 }), (bars, period) => {
        fc.pre(bars.close.length > period);
        checkBars(bars, period);
      }),
      { numRuns: 60 },
    );
  });
});
