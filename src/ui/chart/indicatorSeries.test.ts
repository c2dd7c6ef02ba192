import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bollinger, Ema, Macd, Rsi, Sma, runSeries } from '../../core/indicators';
import { DEFAULT_CHOICE, type IndicatorChoice } from './indicatorChoice';
import { INDICATOR_COLS, IndicatorRunner } from './indicatorSeries';
import type { CandleData } from './types';

const ALL: IndicatorChoice = {
  volume: { on: true },
  sma: { on: true, period: 3 },
  ema: { on: true, period: 4 },
  bollinger: { on: true, period: 5, k: 2 },
  rsi: { on: true, period: 3 },
  macd: { on: true, fast: 2, slow: 4, signal: 3 },
};

function candles(closes: number[], t0 = 0): CandleData {
  const c = Float64Array.from(closes);
  return { t: Float64Array.from(closes, (_, i) => t0 + i * 60), o: c, h: c, l: c, c, v: c };
}

const nul = (xs: ArrayLike<number>) => Array.from(xs, (x) => (Number.isFinite(x) ? x : null));

/** The columns straight from core's batch form over all the closes: what the runner must give, however it got there. */
function batch(closes: number[], ch: IndicatorChoice) {
  const bb = new Bollinger(ch.bollinger.period, ch.bollinger.k);
  const up: number[] = [];
  const mid: number[] = [];
  const lo: number[] = [];
  for (const x of closes) {
    bb.update(x);
    up.push(bb.upper);
    mid.push(bb.middle);
    lo.push(bb.lower);
  }
  const m = new Macd(ch.macd.fast, ch.macd.slow, ch.macd.signal);
  const line: number[] = [];
  const sig: number[] = [];
  const hist: number[] = [];
  for (const x of closes) {
    m.update(x);
    line.push(m.line);
    sig.push(m.signal);
    hist.push(m.histogram);
  }
  return {
    sma: nul(runSeries(new Sma(ch.sma.period), closes)),
    ema: nul(runSeries(new Ema(ch.ema.period), closes)),
    bbUpper: nul(up),
    bbMiddle: nul(mid),
    bbLower: nul(lo),
    rsi: nul(runSeries(new Rsi(ch.rsi.period), closes)),
    macd: nul(line),
    macdSignal: nul(sig),
    macdHist: nul(hist),
  };
}

const plain = (cols: Record<string, (number | null)[]>) => Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, [...v]]));

describe('IndicatorRunner', () => {
  it('gives core batch values for every indicator, null while warming up', () => {
    const closes = [10, 11, 12, 11, 13, 14, 12, 15, 16, 15];
    const cols = new IndicatorRunner().run(candles(closes), ALL);
    expect(plain(cols)).toEqual(batch(closes, ALL));
    expect(cols.sma.slice(0, 3)).toEqual([null, null, 11]);
  });

  it('an indicator that is off is an all-null column of the candles length', () => {
    const cols = new IndicatorRunner().run(candles([1, 2, 3, 4]), DEFAULT_CHOICE);
    for (const k of INDICATOR_COLS) expect(cols[k]).toHaveLength(4);
    expect(cols.rsi).toEqual([null, null, null, null]);
    expect(cols.macd.every((x) => x === null)).toBe(true);
  });

  it('a changed last candle or one appended costs those candles only, with the values of a fresh run', () => {
    const r = new IndicatorRunner();
    const closes = Array.from({ length: 200 }, (_, i) => 100 + Math.sin(i / 5) * 3);
    r.run(candles(closes), ALL);
    expect(r.fed).toBe(200);
    closes[199] = 104; // the forming candle moved
    expect(plain(r.run(candles(closes), ALL))).toEqual(batch(closes, ALL));
    expect(r.fed).toBe(1);
    closes.push(99); // a new candle
    expect(plain(r.run(candles(closes), ALL))).toEqual(batch(closes, ALL));
    expect(r.fed).toBe(2);
  });

  it('older candles put in front, or a new choice, start over', () => {
    const r = new IndicatorRunner();
    r.run(candles([5, 6, 7, 8], 600), ALL);
    const all = [1, 2, 3, 5, 6, 7, 8];
    expect(plain(r.run(candles(all, 420), ALL))).toEqual(batch(all, ALL));
    expect(r.fed).toBe(7);
    const other = { ...ALL, sma: { on: true, period: 2 } };
    expect(plain(r.run(candles(all, 420), other))).toEqual(batch(all, other));
    expect(r.fed).toBe(7);
  });

  it('the oldest candles dropped (the chart keeps a window) keeps going: windowed values as a fresh run over the window', () => {
    const r = new IndicatorRunner();
    const closes = Array.from({ length: 50 }, (_, i) => 50 + (i % 7));
    r.run(candles(closes), ALL);
    const kept = closes.slice(10).concat([60]);
    const cols = r.run(candles(kept, 600), ALL);
    expect(r.fed).toBe(2);
    expect(cols.sma).toHaveLength(kept.length);
    // SMA and Bollinger have a window: after it is full again they are what a fresh run over the kept candles gives.
    const fresh = batch(kept, ALL);
    expect(cols.sma.slice(5)).toEqual(fresh.sma.slice(5));
    expect(cols.bbUpper.slice(5)).toEqual(fresh.bbUpper.slice(5));
  });

  it('property: any sequence of appends and last-candle changes ends where one batch run ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ append: fc.boolean(), close: fc.double({ min: 1, max: 1000, noNaN: true }) }), { minLength: 1, maxLength: 60 }),
        (steps) => {
          const r = new IndicatorRunner();
          const closes: number[] = [];
          for (const s of steps) {
            if (s.append || closes.length === 0) closes.push(s.close);
            else closes[closes.length - 1] = s.close;
            r.run(candles(closes), ALL);
          }
          expect(plain(r.run(candles(closes), ALL))).toEqual(batch(closes, ALL));
        },
      ),
    );
  });
});
