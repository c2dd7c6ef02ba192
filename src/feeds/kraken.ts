// Kraken spot WebSocket v2, public, no key: wss://ws.kraken.com/v2.
//
// Formats (docs.kraken.com/exchange/api-reference/spot-websocket-v2/ticker):
//   → {"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD","ETH/USD"]},"req_id":1}
//   ← {"method":"subscribe","result":{"channel":"ticker","snapshot":true,"symbol":"BTC/USD"},"success":true,
//      "time_in":"…","time_out":"…","req_id":1}                        (one reply per symbol)
//   ← {"method":"subscribe","error":"Currency pair not supported XBT/USD","success":false,"symbol":"XBT/USD",…}
//   ← {"channel":"ticker","type":"snapshot"|"update","data":[{"symbol":"ALGO/USD","bid":0.10025,"bid_qty":740.0,
//      "ask":0.10036,"ask_qty":…,"last":0.10035,"volume":…,"vwap":…,"low":…,"high":…,
//      "change":-0.00017,"change_pct":-0.17,"timestamp":"2023-09-25T09:04:31.742648Z"}]}
//      (numbers, not strings; `change` is over 24 h, so the 24 h open is last − change)
//   ← {"channel":"heartbeat"} about once a second; {"channel":"status","type":"update","data":[{"system":"online",…}]}
//   → {"method":"ping","req_id":n}  ← {"method":"pong","req_id":n,"time_in":…,"time_out":…}
// Kraken closes a connection that stays idle for about a minute: the server's heartbeats keep a
// subscribed one busy, and we also send an application ping every 30 s. Symbols are BASE/QUOTE in
// v2 (BTC, not v1's XBT).

import { Pacer, finite, isRecord, parseJson, positive, timestamp } from './runtime';
import { SocketSource } from './source';
import { mapped, type QuoteChoice } from './symbols';
import type { SourceEnv } from './types';

export interface KrakenOptions extends SourceEnv {
  wsUrl?: string;
  /** Read BTC/USD (default) or BTC/USDT: see symbols.ts. */
  quote?: QuoteChoice;
  symbolsPerMessage?: number;
  messagesPerSecond?: number;
  pingMs?: number;
  symbolOverrides?: Record<string, string>;
}

export const KRAKEN_WS = 'wss://ws.kraken.com/v2';

export class KrakenSource extends SocketSource {
  readonly id = 'kraken' as const;
  readonly label = 'Kraken';

  private sender: Pacer | undefined;
  private requested = 0;
  private readonly refused = new Set<string>();
  private reqId = 1;

  constructor(private readonly opts: KrakenOptions = {}) {
    super(opts);
  }

  /** BTCUSDT → BTC/USD (or BTC/USDT). */
  venueSymbol(symbol: string): string | undefined {
    const quote = this.opts.quote ?? 'USD';
    return mapped(symbol, this.opts.symbolOverrides, (base) => `${base}/${quote}`);
  }

  protected connect(symbols: string[]): void {
    this.requested = symbols.length;
    this.refused.clear();
    const per = Math.max(1, this.opts.symbolsPerMessage ?? 50);
    this.open(this.opts.wsUrl ?? KRAKEN_WS, {
      open: (conn) => {
        this.sender = this.pacer(conn, Math.max(1, this.opts.messagesPerSecond ?? 4));
        for (let i = 0; i < symbols.length; i += per) {
          this.send({ method: 'subscribe', params: { channel: 'ticker', symbol: symbols.slice(i, i + per) }, req_id: this.reqId++ });
        }
        this.schedulePing();
      },
      text: (_conn, data) => this.read(data),
    });
  }

  private send(msg: object): void {
    this.sender?.send(JSON.stringify(msg));
  }

  private schedulePing(): void {
    this.later(() => {
      this.send({ method: 'ping', req_id: this.reqId++ });
      this.schedulePing();
    }, this.opts.pingMs ?? 30_000);
  }

  private read(text: string): void {
    const msg = parseJson(text);
    if (!isRecord(msg)) return this.malformed(text);
    if (msg.channel === 'heartbeat' || msg.channel === 'status') return;
    if (msg.channel === 'ticker') {
      if ((msg.type === 'snapshot' || msg.type === 'update') && Array.isArray(msg.data) && this.tickers(msg.data)) return;
      return this.malformed(text);
    }
    if (msg.method === 'pong') return;
    if (msg.method === 'subscribe') return this.subscribed(msg, text);
    this.malformed(text);
  }

  private tickers(data: unknown[]): boolean {
    let ok = data.length > 0;
    for (const item of data) {
      if (!isRecord(item) || typeof item.symbol !== 'string') {
        ok = false;
        continue;
      }
      const last = positive(item.last);
      if (last === undefined) {
        ok = false;
        continue;
      }
      const change = finite(item.change);
      const open = change === undefined ? undefined : positive(last - change);
      if (!this.price(item.symbol, last, timestamp(item.timestamp) ?? this.now(), open)) ok = false;
    }
    return ok;
  }

  private subscribed(msg: Record<string, unknown>, text: string): void {
    if (msg.success === true) return this.live();
    if (msg.success !== false) return this.malformed(text);
    // A pair Kraken does not list: it stays on the generator. Not a failure unless none is listed.
    const symbol = typeof msg.symbol === 'string' ? msg.symbol : /(\S+)$/.exec(String(msg.error ?? ''))?.[1];
    if (symbol !== undefined && this.wants(symbol)) this.refused.add(symbol);
    else this.malformed(text);
    if (this.refused.size >= this.requested) this.fail('Kraken lists none of the requested pairs', { permanent: true });
  }
}
