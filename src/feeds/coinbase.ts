// Coinbase Exchange market data, no key: wss://ws-feed.exchange.coinbase.com.
//
// Formats (docs.cdp.coinbase.com/exchange/websocket-feed/overview and …/channels):
//   → {"type":"subscribe","product_ids":["ETH-USD","BTC-USD"],"channels":["ticker"]}
//     (within 5 s of connecting, or the server disconnects)
//   ← {"type":"subscriptions","channels":[{"name":"ticker","product_ids":[…]}]}
//   ← {"type":"ticker","sequence":37475248783,"product_id":"ETH-USD","price":"1285.22","open_24h":"1310.79",
//      "volume_24h":…,"low_24h":…,"high_24h":…,"volume_30d":…,"best_bid":…,"best_bid_size":…,
//      "best_ask":…,"best_ask_size":…,"side":"buy","time":"2022-10-19T23:28:22.061769Z",
//      "trade_id":370843401,"last_size":"11.4396987"}
//   ← {"type":"error","message":"Failed to subscribe","reason":"GIBBERISH-USD is not a valid product"}
//   ← {"type":"heartbeat",…} only when that channel is subscribed (it is not)
// "New message types can be added at any time. Clients are expected to ignore messages they do
// not support": they are ignored, and counted. Limits (…/rate-limits): 8 requests a second per IP
// (bursts of 20), 100 client messages a second; we send at most 4 a second. No application ping.
//
// Listings: many of our pairs have no Coinbase market. Bases known to be absent are not asked for;
// if Coinbase still names a product as invalid, it is dropped and the subscribe sent again.

import { Pacer, isRecord, parseJson, positive, timestamp } from './runtime';
import { SocketSource } from './source';
import { mapped, type QuoteChoice } from './symbols';
import type { SourceEnv } from './types';

export interface CoinbaseOptions extends SourceEnv {
  wsUrl?: string;
  /** Read BTC-USD (default) or BTC-USDT: see symbols.ts for the choice. */
  quote?: QuoteChoice;
  messagesPerSecond?: number;
  /** Bases not to ask Coinbase for. */
  unlisted?: readonly string[];
  /** How many "not a valid product" rejections to absorb before giving up. */
  maxPrunes?: number;
  symbolOverrides?: Record<string, string>;
}

export const COINBASE_WS = 'wss://ws-feed.exchange.coinbase.com';

/**
 * Of our pairs, bases with no Coinbase Exchange market (late 2025). A wrong
 * entry only leaves that pair on the synthetic generator; a missing one costs
 * one rejected subscribe.
 */
export const COINBASE_UNLISTED: readonly string[] = [
  'BNB', 'TRX', 'TON', 'CAKE', 'NEO', 'LUNC', 'BOME', 'NOT', 'PEOPLE', 'THETA', 'IOTA', 'CFX',
];

export class CoinbaseSource extends SocketSource {
  readonly id = 'coinbase' as const;
  readonly label = 'Coinbase Exchange';

  private readonly unlisted: ReadonlySet<string>;
  private products: string[] = [];
  private sender: Pacer | undefined;
  private prunes = 0;

  constructor(private readonly opts: CoinbaseOptions = {}) {
    super(opts);
    this.unlisted = new Set(opts.unlisted ?? COINBASE_UNLISTED);
  }

  /** BTCUSDT → BTC-USD (or BTC-USDT). */
  venueSymbol(symbol: string): string | undefined {
    const quote = this.opts.quote ?? 'USD';
    return mapped(symbol, this.opts.symbolOverrides, (base) => (this.unlisted.has(base) ? undefined : `${base}-${quote}`));
  }

  protected connect(products: string[]): void {
    this.products = products;
    this.prunes = 0;
    this.open(this.opts.wsUrl ?? COINBASE_WS, {
      open: (conn) => {
        this.sender = this.pacer(conn, Math.min(Math.max(1, this.opts.messagesPerSecond ?? 4), 8));
        this.subscribe();
      },
      text: (_conn, data) => this.read(data),
    });
  }

  private subscribe(): void {
    this.sender?.send(JSON.stringify({ type: 'subscribe', product_ids: this.products, channels: ['ticker'] }));
  }

  private read(text: string): void {
    const msg = parseJson(text);
    if (!isRecord(msg)) return this.malformed(text);
    switch (msg.type) {
      case 'ticker': {
        const p = positive(msg.price);
        if (typeof msg.product_id !== 'string' || p === undefined) return this.malformed(text);
        const ts = timestamp(msg.time) ?? this.now();
        if (!this.price(msg.product_id, p, ts, positive(msg.open_24h))) this.malformed(text);
        return;
      }
      case 'subscriptions':
        return this.live();
      case 'heartbeat':
        return;
      case 'error':
        return this.error(msg, text);
      default:
        return this.malformed(text);
    }
  }

  private error(msg: Record<string, unknown>, text: string): void {
    const reason = typeof msg.reason === 'string' ? msg.reason : '';
    const invalid = /^(\S+) is not a valid product/.exec(reason)?.[1];
    if (invalid === undefined || !this.products.includes(invalid)) return this.malformed(text);
    this.products = this.products.filter((p) => p !== invalid);
    this.prunes += 1;
    if (this.products.length === 0) return this.fail('Coinbase lists none of the requested products', { permanent: true });
    if (this.prunes > (this.opts.maxPrunes ?? 40)) return this.fail(`Coinbase kept refusing products (last: ${reason})`);
    this.subscribe();
  }
}
