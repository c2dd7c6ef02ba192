// The feeds' public face, for the worker.

import { BinanceSource, type BinanceOptions } from './binance';
import { CoinbaseSource, type CoinbaseOptions } from './coinbase';
import { KrakenSource, type KrakenOptions } from './kraken';
import type { FeedSource, SourceEnv } from './types';

export type { FeedSink, FeedSource, Network, ProbeResult, SourceEnv, SourceId, SourceState, StatusFlags, Timers, TroubleKind } from './types';
export { OFFLINE_PLAIN } from './words';
export { FeedManager, type FeedBatch, type FeedManagerOptions, type FeedMode, type FeedPrice, type FeedState, type FeedStatus } from './manager';
export { BinanceSource, type BinanceOptions } from './binance';
export { CoinbaseSource, type CoinbaseOptions } from './coinbase';
export { KrakenSource, type KrakenOptions } from './kraken';
export { AlpacaSource, type AlpacaOptions, type AlpacaFeed } from './alpaca';
export { usdtBase, type QuoteChoice } from './symbols';

/** The crypto sources in "auto" order: Binance → Coinbase → Kraken (then synthetic). */
export function cryptoSources(
  env: SourceEnv = {},
  opts: { binance?: BinanceOptions; coinbase?: CoinbaseOptions; kraken?: KrakenOptions } = {},
): FeedSource[] {
  return [
    new BinanceSource({ ...env, ...opts.binance }),
    new CoinbaseSource({ ...env, ...opts.coinbase }),
    new KrakenSource({ ...env, ...opts.kraken }),
  ];
}
