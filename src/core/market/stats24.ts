import { TIMEFRAME_MS, type CandleSet, type Candle } from './candles';

/**
 * A market's last 24 hours and its sparkline, from the candles its trades
 * left (so a replay gives the same numbers). Engine units: prices in ticks,
 * traded value in minor units of the quote asset. The worker turns them into
 * decimals for the tickers.
 */

export const DAY_MS = 24 * 3_600_000;
/** The 24 h statistics read 15-minute candles: 96 cover a day, one more for the candle that straddles its start. */
export const STATS24_TIMEFRAME = '15m';
export const STATS24_CANDLES = 97;
/** The sparkline is drawn from 1-minute closes. */
export const SPARK_TIMEFRAME = '1m';

export interface Stats24 {
  /** The price 24 h ago, in ticks; NaN when nothing traded in the last 24 h. */
  open: number;
  /** Σ volume × typical price (o + h + l + c) / 4 over the last 24 h, minor units of the quote asset, not rounded; 0 when nothing traded. */
  value: number;
}

/**
 * 24 h statistics over candles (oldest first) of the timeframe `tfMs`, at
 * `now` (ms). A candle counts when any of it lies after now − 24 h; the one
 * that straddles that mark opened a little earlier, and its open stands in
 * for the price then. `notionalUnit` converts tick × lot to minor units.
 */
export function stats24Of(cs: readonly Candle[], tfMs: number, now: number, notionalUnit: number): Stats24 {
  const since = now - DAY_MS;
  let first = -1;
  let value = 0;
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k];
    if (c.t + tfMs <= since) continue;
    if (first < 0) first = k;
    value += c.v * ((c.o + c.h + c.l + c.c) / 4);
  }
  if (first < 0) return { open: Number.NaN, value: 0 };
  return { open: cs[first].o, value: value * notionalUnit };
}

/** stats24Of over an instrument's candle set (its 15-minute series). */
export function stats24(candles: CandleSet, now: number, notionalUnit: number): Stats24 {
  return stats24Of(candles.series(STATS24_TIMEFRAME).toArray(STATS24_CANDLES), TIMEFRAME_MS[STATS24_TIMEFRAME], now, notionalUnit);
}

/**
 * The last `points` 1-minute closes, oldest first, written into
 * out[offset … offset + points) through `convert` (ticks → what the caller
 * stores, e.g. decimals), NaN first when fewer candles exist so a young
 * market's line ends at the right edge. Writes in place: the worker keeps
 * one typed array for every market's sparkline.
 */
export function writeSparkline(
  candles: CandleSet,
  points: number,
  out: { [i: number]: number },
  offset: number,
  convert: (ticks: number) => number,
): void {
  writeSparklineOf(candles.series(SPARK_TIMEFRAME).toArray(points), points, out, offset, convert);
}

/** writeSparkline over 1-minute candles already read (oldest first; the newest `points` are drawn), e.g. a seeded past joined to the sim's. */
export function writeSparklineOf(
  candles: readonly Candle[],
  points: number,
  out: { [i: number]: number },
  offset: number,
  convert: (ticks: number) => number,
): void {
  const cs = candles.length > points ? candles.slice(candles.length - points) : candles;
  const pad = points - cs.length;
  for (let k = 0; k < points; k++) out[offset + k] = k < pad ? Number.NaN : convert(cs[k - pad].c);
}

/**
 * The change since 24 h ago, in percent: (last − open) / open × 100, in
 * whatever price unit both share. NaN when either is unknown (NaN); not
 * finite when the open is 0 (no market opens at 0, so callers show "—").
 */
export function change24Pct(last: number, open24: number): number {
  return ((last - open24) / open24) * 100;
}
