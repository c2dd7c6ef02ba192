// Pure data shaping for the charts: no DOM, no uPlot instance, so it is tested
// in Node. Everything here runs on every update from the worker (at most one a
// frame), so it is linear in the candle count, allocates a handful of arrays,
// and passes the worker's typed arrays to uPlot as they are (no copies).

import { NO_INDICATORS } from './indicatorChoice';
import { INDICATOR_COLS, IndicatorRunner, type IndicatorColumns } from './indicatorSeries';
import type { CandleData, DepthData, FillMarker, Overlay, SignalMarker } from './types';

/** uPlot wants gaps as null; a Float64Array cannot hold them, so NaN becomes null here. */
export function nanToNull(xs: Float64Array): (number | null)[] {
  const out: (number | null)[] = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = Number.isNaN(xs[i]) ? null : xs[i];
  return out;
}

/** Column order of the candle chart's uPlot data; the component's series follow it (the indicators as INDICATOR_COLS orders them). */
export const COL = {
  t: 0, o: 1, h: 2, l: 3, c: 4, v: 5,
  sma: 6, ema: 7, bbUpper: 8, bbMiddle: 9, bbLower: 10, rsi: 11, macd: 12, macdSignal: 13, macdHist: 14,
} as const;

export type CandleUplotData = [
  t: Float64Array,
  o: Float64Array,
  h: Float64Array,
  l: Float64Array,
  c: Float64Array,
  v: Float64Array,
  ...indicators: (number | null)[][],
];

/** The candle columns as given, then the indicator columns in COL's order. */
export function candleUplotData(candles: CandleData, cols: IndicatorColumns): CandleUplotData {
  return [candles.t, candles.o, candles.h, candles.l, candles.c, candles.v, ...INDICATOR_COLS.map((k) => cols[k])];
}

/**
 * The candle columns as given plus the SMA column alone (core's
 * indicators/sma through the chart's runner, the same average a strategy
 * sees; all null when `smaPeriod` is null), in one go: the shape the chart
 * had before its other indicators, kept for what reads only that.
 */
export function toUplotData(candles: CandleData, smaPeriod: number | null): CandleUplotData {
  const choice = { ...NO_INDICATORS, sma: { on: smaPeriod !== null, period: smaPeriod ?? 1 } };
  return candleUplotData(candles, new IndicatorRunner().run(candles, choice)).slice(0, COL.sma + 1) as CandleUplotData;
}

export interface CumulativeDepth {
  /** Every price level of both sides, ascending, each once. */
  price: Float64Array;
  /** Cumulative bid quantity at prices >= x (what a seller could hit down to x); null off the bid side. */
  bid: (number | null)[];
  /** Cumulative ask quantity at prices <= x (what a buyer could lift up to x); null off the ask side. */
  ask: (number | null)[];
  bestBid: number | null;
  bestAsk: number | null;
  /** Midpoint when both sides are present. */
  mid: number | null;
  totalBid: number;
  totalAsk: number;
}

type Level = { price: number; qty: number };

/** Valid levels merged by price and sorted best first (bids descending, asks ascending). */
function cleanSide(levels: Level[], descending: boolean): Level[] {
  const byPrice = new Map<number, number>();
  for (const { price, qty } of levels) {
    if (!Number.isFinite(price) || !Number.isFinite(qty) || qty <= 0) continue;
    byPrice.set(price, (byPrice.get(price) ?? 0) + qty);
  }
  const out = [...byPrice].map(([price, qty]) => ({ price, qty }));
  out.sort(descending ? (a, b) => b.price - a.price : (a, b) => a.price - b.price);
  return out;
}

/**
 * Cumulative depth on one ascending price axis. The contract says levels come
 * best first, but a level repeated, out of order, empty or non-finite is
 * tolerated (merged, sorted, dropped) rather than drawn wrong; a crossed book
 * puts both sides' values on a shared price.
 */
export function cumulativeDepth(depth: DepthData): CumulativeDepth {
  const bids = cleanSide(depth.bids, true);
  const asks = cleanSide(depth.asks, false);

  const bidCum = new Map<number, number>();
  let totalBid = 0;
  for (const { price, qty } of bids) bidCum.set(price, (totalBid += qty));
  const askCum = new Map<number, number>();
  let totalAsk = 0;
  for (const { price, qty } of asks) askCum.set(price, (totalAsk += qty));

  const prices = [...new Set([...bidCum.keys(), ...askCum.keys()])].sort((a, b) => a - b);
  const bid = prices.map((p) => bidCum.get(p) ?? null);
  const ask = prices.map((p) => askCum.get(p) ?? null);

  const bestBid = bids.length > 0 ? bids[0].price : null;
  const bestAsk = asks.length > 0 ? asks[0].price : null;
  const mid = bestBid !== null && bestAsk !== null ? (bestBid + bestAsk) / 2 : null;
  return { price: Float64Array.from(prices), bid, ask, bestBid, bestAsk, mid, totalBid, totalAsk };
}

/** Own fills gathered onto a candle: one entry per candle, side and price. */
export interface CandleFill {
  /** Index of the candle in the data. */
  idx: number;
  side: 'buy' | 'sell';
  price: number;
  /** Summed quantity of the fills gathered here. */
  qty: number;
  /** How many fills were gathered here. */
  count: number;
}

/** Index of the last candle whose open time is <= ts, or -1. `t` is ascending. */
export function candleIndexAt(t: Float64Array, ts: number): number {
  return bound(t, ts, true) - 1;
}

/**
 * Each fill belongs to the candle whose [t, t + tf) contains it; fills that
 * land in no candle (before the first, in a gap, after the last) are dropped.
 * Fills in the same candle on the same side at the same price are gathered
 * into one marker, so duplicates and order in the input do not matter.
 * Sorted by candle, then buys before sells, then price.
 */
export function fillsToCandles(t: Float64Array, tfSeconds: number, fills: readonly FillMarker[]): CandleFill[] {
  const byKey = new Map<string, CandleFill>();
  for (const f of fills) {
    if (!Number.isFinite(f.t) || !Number.isFinite(f.price)) continue;
    const idx = candleIndexAt(t, f.t);
    if (idx < 0 || f.t >= t[idx] + tfSeconds) continue;
    const key = `${idx}|${f.side}|${f.price}`;
    const hit = byKey.get(key);
    if (hit) {
      hit.qty += f.qty;
      hit.count += 1;
    } else {
      byKey.set(key, { idx, side: f.side, price: f.price, qty: f.qty, count: 1 });
    }
  }
  return [...byKey.values()].sort(
    (a, b) => a.idx - b.idx || (a.side === b.side ? 0 : a.side === 'buy' ? -1 : 1) || a.price - b.price,
  );
}

/**
 * The visible time window: the newest candles that fit at about `candlePx`
 * CSS pixels each, with half a candle of room on the right. It is a time span,
 * so a gap in trading shows as a gap and candles keep one width.
 */
export function visibleWindow(
  lastT: number,
  tfSeconds: number,
  plotWidthPx: number,
  candlePx = 8,
): [min: number, max: number] {
  const count = Math.max(5, Math.floor(plotWidthPx / candlePx));
  const max = lastT + tfSeconds * 0.75;
  return [max - count * tfSeconds, max];
}

/**
 * What the book holds out to `price`: on the bid side (price at or under the
 * best bid) the bids at `price` or better; on the ask side the asks at `price`
 * or better (the whole side beyond its last level); null inside the spread
 * or on an empty side.
 */
export function depthAt(d: CumulativeDepth, price: number): { side: 'bid' | 'ask'; qty: number } | null {
  const xs = d.price;
  if (d.bestBid !== null && price <= d.bestBid) {
    // the lowest bid level at or above price
    for (let i = bound(xs, price, false); i < xs.length; i++) {
      const q = d.bid[i];
      if (q !== null) return { side: 'bid', qty: q };
    }
  }
  if (d.bestAsk !== null && price >= d.bestAsk) {
    // the highest ask level at or below price
    for (let i = bound(xs, price, true) - 1; i >= 0; i--) {
      const q = d.ask[i];
      if (q !== null) return { side: 'ask', qty: q };
    }
  }
  return null;
}

/** First index with xs[i] >= x, or with xs[i] > x when `after` (xs ascending). */
function bound(xs: Float64Array, x: number, after: boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x || (after && xs[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The strategies' markers as the chart draws them: on their candle, gathered as fills are (fillsToCandles). */
export function signalsToCandles(t: Float64Array, tfSeconds: number, signals: readonly SignalMarker[]): CandleFill[] {
  return fillsToCandles(t, tfSeconds, signals.map((s) => ({ t: s.t, price: s.price, side: s.side, qty: s.units })));
}

/** The markers inside candle `idx` (its [t, t + tf)), in time order: what the readout says for the hovered candle. */
export function signalsInCandle(t: Float64Array, tfSeconds: number, signals: readonly SignalMarker[], idx: number): SignalMarker[] {
  if (idx < 0 || idx >= t.length) return [];
  const from = t[idx];
  return signals.filter((s) => s.t >= from && s.t < from + tfSeconds).sort((a, b) => a.t - b.t);
}

/** An overlay's value at time `at`: its last point at or before it (NaN before its first, or while warming up). */
export function overlayAt(o: Overlay, at: number): number {
  let lo = 0;
  let hi = o.t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (o.t[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? NaN : o.v[lo - 1];
}

/** The y range: the values with 10 % room, or ±0.5 % around a flat line. */
export function flatRange(min: number, max: number): [number, number] {
  if (max > min) {
    const pad = (max - min) * 0.1;
    return [min - pad, max + pad];
  }
  const pad = Math.abs(min) * 0.005 || 1;
  return [min - pad, max + pad];
}
