/**
 * Test support for the indicators' tests (not product code): the GOOG daily
 * history, random series, and every indicator behind one feeding interface so
 * the property tests (round trip, batch equality) cover them all alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Atr } from './atr';
import { Bollinger } from './bollinger';
import { Ema } from './ema';
import { Highest, Lowest } from './extremes';
import type { BarIndicator, Indicator } from './indicator';
import { Macd } from './macd';
import { Rsi } from './rsi';
import { Sma } from './sma';
import type { Saveable } from './state';
import { StdDev } from './stddev';
import { Vwap } from './vwap';
import { Wma } from './wma';
import { ZScore } from './zscore';

export interface Bars {
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/**
 * GOOG daily, 2004–2013, from the workplace's shared data (`../shared/data/GOOG.csv`
 * beside the repository, Yahoo layout: date,Open,High,Low,Close,Volume; no Adj Close
 * column in this file), else the app's bundled copy of the same rows.
 */
export function loadGoog(): Bars {
  const shared = fileURLToPath(new URL('../../../../shared/data/GOOG.csv', import.meta.url));
  const bundled = fileURLToPath(new URL('../../feeds/data/GOOG-1d.csv', import.meta.url));
  const text = readFileSync(existsSync(shared) ? shared : bundled, 'utf8');
  const [header, ...rows] = text.trim().split('\n');
  const cols = header.split(',').map((c) => c.trim().toLowerCase());
  const at = (name: string) => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`GOOG.csv has no ${name} column: ${header}`);
    return i;
  };
  const [h, l, c, v] = [at('high'), at('low'), at('close'), at('volume')];
  const out: Bars = { high: [], low: [], close: [], volume: [] };
  for (const row of rows) {
    const f = row.split(',').map(Number);
    out.high.push(f[h]);
    out.low.push(f[l]);
    out.close.push(f[c]);
    out.volume.push(f[v]);
  }
  return out;
}

/** A price path: a positive start and relative moves, as a market makes them (no gaps). */
export const pricePath = (opts: { minLength?: number; maxLength?: number } = {}) =>
  fc
    .tuple(
      fc.double({ min: 0.01, max: 1e5, noNaN: true }),
      fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? 300 }),
    )
    .map(([p0, moves]) => {
      const out = [p0];
      for (const m of moves) out.push(out[out.length - 1] * (1 + m));
      return out;
    });

/** Bars around a price path: high ≥ open/close ≥ low, positive volume. */
export const barPath = (opts: { minLength?: number; maxLength?: number } = {}) =>
  pricePath(opts).chain((close) =>
    fc
      .array(fc.tuple(fc.double({ min: 0, max: 0.05, noNaN: true }), fc.double({ min: 0, max: 0.05, noNaN: true }), fc.integer({ min: 1, max: 1e7 })), {
        minLength: close.length,
        maxLength: close.length,
      })
      .map((extra) => ({
        close,
        high: close.map((c, i) => c * (1 + extra[i][0])),
        low: close.map((c, i) => c * (1 - extra[i][1])),
        volume: extra.map((e) => e[2]),
      })),
  );

/**
 * Values of any sign and scale with the odd gap, spike and repeat: what the property tests throw at every
 * indicator. Magnitudes below 1e-9 are flushed to 0: the indicators are for prices and volumes, and below
 * ~1e-154 squares and products underflow (the README's domain), which no price reaches.
 */
export const roughValue = fc
  .oneof(
    { weight: 20, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
    { weight: 2, arbitrary: fc.double({ min: -1e12, max: 1e12, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0, -0) },
  )
  .map((x) => (Math.abs(x) < 1e-9 ? x * 0 : x));

/** A volume: none, whole lots, any size, or a gap. */
export const roughVolume = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 1e6 }) },
  { weight: 4, arbitrary: fc.double({ min: 1e-3, max: 1e9, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, 0) },
);

/** One bar of rough values (gaps included). */
export const roughBar = fc.tuple(roughValue, roughValue, roughValue, roughVolume);

/** Any indicator, fed one bar at a time (single-input ones read the close). */
export interface Subject extends Saveable {
  readonly name: string;
  feed(high: number, low: number, close: number, volume: number): number;
  /** Every output after the last feed (multi-output indicators give all of theirs). */
  outputs(): number[];
  readonly ready: boolean;
  reset(): void;
}

function single(name: string, ind: Indicator, extra: () => number[] = () => []): Subject {
  return {
    name,
    feed: (_h, _l, c) => ind.update(c),
    outputs: () => [ind.value, ...extra()],
    get ready() {
      return ind.ready;
    },
    reset: () => ind.reset(),
    save: () => ind.save(),
    load: (s) => ind.load(s),
  };
}

function bar(name: string, ind: BarIndicator, extra: () => number[] = () => []): Subject {
  return {
    name,
    feed: (h, l, c, v) => ind.updateBar(h, l, c, v),
    outputs: () => [ind.value, ...extra()],
    get ready() {
      return ind.ready;
    },
    reset: () => ind.reset(),
    save: () => ind.save(),
    load: (s) => ind.load(s),
  };
}

/** Every indicator, built with parameters drawn by the caller (a period ≥ 1, a second one, a k). */
export function makeSubjects(p: number, q: number, k: number): Subject[] {
  const macd = new Macd(p, p + q, Math.max(1, q));
  const bb = new Bollinger(p, k);
  const atr = new Atr(p);
  const sd = new StdDev(p);
  return [
    single('sma', new Sma(p)),
    single('ema', new Ema(p)),
    single('wma', new Wma(p)),
    single('rsi', new Rsi(p)),
    single('macd', macd, () => [macd.signal, macd.histogram]),
    single('stddev', sd, () => [sd.mean, sd.variance]),
    single('bollinger', bb, () => [bb.upper, bb.lower]),
    single('zscore', new ZScore(p)),
    single('highest', new Highest(p)),
    single('lowest', new Lowest(p)),
    bar('atr', atr, () => [atr.trueRange]),
    bar('vwap', new Vwap(p)),
  ];
}
