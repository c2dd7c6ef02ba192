/**
 * A series of bars the backtester runs over, as the app keeps and lists it:
 * its description (`SeriesMeta`) beside its columns (`OhlcvColumns`). Here,
 * in core, because storage keeps it, the worker answers it and the page shows
 * it, and those layers meet only in core and the protocol.
 */
import type { Timeframe } from '../market/candles';

/** Where a series comes from: an imported CSV, a bundled sample, the sim's own candles, the crypto kline cache. */
export type SeriesSource = 'csv' | 'sample' | 'sim' | 'crypto';
export const SERIES_SOURCES: readonly SeriesSource[] = ['csv', 'sample', 'sim', 'crypto'];

export interface SeriesMeta {
  /** `s-<ms>` for a stored one; `sample:GOOG`, `sim:FUN:1m`, `crypto:BTCUSDT:1h` for one made on demand. */
  id: string;
  /** What the person sees: the file's name, or the sample's title. */
  name: string;
  source: SeriesSource;
  /** The market, when the series is one market's (sim, crypto, a sample). */
  symbol?: string;
  /** The bars' timeframe, when known (a CSV's is not). */
  timeframe?: Timeframe;
  bars: number;
  /** First and last bar's open time, UTC ms. */
  from: number;
  to: number;
  /** Wall-clock UTC ms when it was imported (0 for one made on demand). */
  createdAt: number;
}
