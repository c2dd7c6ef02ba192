// Binance spot market data, read-only, no key: wss://data-stream.binance.vision
// (market data only), REST ping at https://data-api.binance.vision/api/v3/ping.
//
// Formats (binance-spot-api-docs, web-socket-streams.md):
//   combined stream URL  /stream?streams=<name1>/<name2>…   (lowercase symbols)
//   every event wrapped  {"stream":"<name>","data":<payload>}
//   !miniTicker@arr      data: [{"e":"24hrMiniTicker","E":ms,"s":"BNBBTC","c":"0.0025","o":"0.0010",
//                               "h":…,"l":…,"v":…,"q":…}, …]  (only the symbols that changed, every 1 s)
//   <symbol>@trade       data: {"e":"trade","E":ms,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":ms,"m":true,"M":true}
//   <symbol>@kline_<i>   data: {"e":"kline","E":ms,"s":"BNBBTC","k":{"t":ms,"T":ms,"s":…,"i":"1m","o":…,"c":"0.0020",…}}
//   SUBSCRIBE            → {"method":"SUBSCRIBE","params":["btcusdt@trade",…],"id":1}  ← {"result":null,"id":1}
//   errors               ← {"code":2,"msg":"Invalid request: …","id":…}
//   serverShutdown       "A serverShutdown event will be sent when the server is about to shutdown";
//                        the WebSocket API documents it as {"event":{"e":"serverShutdown","E":ms}}; the
//                        streams page gives no frame, so it is recognised bare, as a stream's data, or so wrapped.
// Limits: 5 incoming messages a second per connection, counting PING, PONG and JSON control
// messages (we send at most 4 a second, leaving room for the pong the browser sends by itself);
// 1024 streams per connection (more go on further connections); a connection lasts 24 hours
// (maxConnectionMs: the manager reconnects before the mark). Ping: the server sends a ping frame
// every 20 s (3 min in older docs) and wants a pong with its payload; browsers (and Node's
// WebSocket) answer ping frames by themselves, and page code cannot send one.

import { fetchOf, isRecord, parseJson, positive, timestamp } from './runtime';
import { SocketSource } from './source';
import { mapped } from './symbols';
import type { ProbeResult, SourceEnv } from './types';

export type BinanceStreams = 'miniTicker' | 'trade' | 'kline_1m';

export interface BinanceOptions extends SourceEnv {
  wsBase?: string;
  restBase?: string;
  /**
   * `miniTicker` (default): the one all-market stream `!miniTicker@arr` covers every pair, with the
   * 24 h open. `trade` / `kline_1m`: one stream per symbol, subscribed in paced chunks.
   */
  streams?: BinanceStreams;
  maxStreamsPerConnection?: number;
  streamsPerMessage?: number;
  messagesPerSecond?: number;
  /** Our symbol → Binance's, where a rule on the base would be wrong. */
  symbolOverrides?: Record<string, string>;
}

export const BINANCE_WS = 'wss://data-stream.binance.vision';
export const BINANCE_REST = 'https://data-api.binance.vision';
export const BINANCE_MAX_STREAMS = 1024;
export const BINANCE_MAX_CONNECTION_MS = 24 * 60 * 60 * 1000;

export class BinanceSource extends SocketSource {
  readonly id = 'binance' as const;
  readonly label = 'Binance';
  override readonly maxConnectionMs = BINANCE_MAX_CONNECTION_MS;

  private readonly wsBase: string;
  private readonly restBase: string;
  private readonly streams: BinanceStreams;
  private readonly maxStreams: number;
  private readonly perMessage: number;
  private readonly perSecond: number;
  private nextId = 1;

  constructor(private readonly opts: BinanceOptions = {}) {
    super(opts);
    this.wsBase = opts.wsBase ?? BINANCE_WS;
    this.restBase = opts.restBase ?? BINANCE_REST;
    this.streams = opts.streams ?? 'miniTicker';
    this.maxStreams = Math.min(opts.maxStreamsPerConnection ?? BINANCE_MAX_STREAMS, BINANCE_MAX_STREAMS);
    this.perMessage = Math.max(1, opts.streamsPerMessage ?? 100);
    this.perSecond = Math.min(Math.max(1, opts.messagesPerSecond ?? 4), 5);
  }

  /** Binance's symbol is ours (BTCUSDT); in stream names it is lowercase. */
  venueSymbol(symbol: string): string | undefined {
    return mapped(symbol, this.opts.symbolOverrides, (base) => base + 'USDT');
  }

  async probe(): Promise<ProbeResult> {
    const f = fetchOf(this.opts);
    if (f === undefined) return { ok: false, reason: 'no fetch on this platform to reach Binance' };
    try {
      const res = await f(`${this.restBase}/api/v3/ping`, { method: 'GET' });
      if (res.ok) return { ok: true };
      if (res.status === 451) {
        return { ok: false, reason: 'Binance refuses this location (HTTP 451 from its REST ping)', permanent: true, trouble: 'location' };
      }
      return { ok: false, reason: `Binance REST ping answered HTTP ${res.status}`, trouble: 'unavailable' };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      return { ok: false, reason: `Binance REST ping failed (${msg}): offline, or blocked by CORS`, trouble: 'unreachable' };
    }
  }

  /** The connections this attempt opens: each a list of stream names, the first of which goes in the URL. */
  plan(venueSymbols: string[]): string[][] {
    if (this.streams === 'miniTicker') return [['!miniTicker@arr']];
    const names = venueSymbols.map((v) => `${v.toLowerCase()}@${this.streams}`);
    const groups: string[][] = [];
    for (let i = 0; i < names.length; i += this.maxStreams) groups.push(names.slice(i, i + this.maxStreams));
    return groups;
  }

  protected connect(venueSymbols: string[]): void {
    const groups = this.plan(venueSymbols);
    let opened = 0;
    for (const group of groups) {
      const [first, ...rest] = group;
      this.open(`${this.wsBase}/stream?streams=${first}`, {
        open: (conn) => {
          const pacer = this.pacer(conn, this.perSecond);
          for (let i = 0; i < rest.length; i += this.perMessage) {
            pacer.send(JSON.stringify({ method: 'SUBSCRIBE', params: rest.slice(i, i + this.perMessage), id: this.nextId++ }));
          }
          opened += 1;
          if (opened === groups.length) this.live();
        },
        text: (_conn, data) => this.read(data),
      });
    }
  }

  private read(text: string): void {
    const msg = parseJson(text);
    if (!isRecord(msg)) return this.malformed(text);
    if (isShutdown(msg) || isShutdown(msg.event)) return this.shutdownNotice();
    if ('stream' in msg && 'data' in msg) {
      if (!this.event(msg.data)) this.malformed(text);
      return;
    }
    // {"result":null,"id":n} acknowledges a SUBSCRIBE; a result list answers LIST_SUBSCRIPTIONS.
    if ('id' in msg && 'result' in msg && !('code' in msg) && !('error' in msg)) return;
    this.malformed(text); // error replies ({"code":…,"msg":…}) and anything else
  }

  /** Reads one stream payload; false when it is not one we understand. */
  private event(data: unknown): boolean {
    if (Array.isArray(data)) {
      let ok = true;
      for (const item of data) ok = this.miniTicker(item) && ok;
      return ok;
    }
    if (!isRecord(data)) return false;
    switch (data.e) {
      case '24hrMiniTicker':
        return this.miniTicker(data);
      case 'trade': {
        const p = positive(data.p);
        const ts = timestamp(data.T) ?? timestamp(data.E);
        if (typeof data.s !== 'string' || p === undefined || ts === undefined) return false;
        this.price(data.s, p, ts);
        return true;
      }
      case 'kline': {
        const k = data.k;
        if (!isRecord(k) || typeof data.s !== 'string') return false;
        const p = positive(k.c);
        const ts = timestamp(data.E);
        if (p === undefined || ts === undefined) return false;
        this.price(data.s, p, ts);
        return true;
      }
      case 'serverShutdown':
        this.shutdownNotice();
        return true;
      default:
        return false;
    }
  }

  private miniTicker(item: unknown): boolean {
    if (!isRecord(item) || item.e !== '24hrMiniTicker' || typeof item.s !== 'string') return false;
    const c = positive(item.c);
    const ts = timestamp(item.E);
    if (c === undefined || ts === undefined) return false;
    // Every pair on Binance is in the array; those we did not ask for are not an error.
    this.price(item.s, c, ts, positive(item.o));
    return true;
  }

  private shutdownNotice(): void {
    this.reconnect('Binance announced a server shutdown (serverShutdown)', { planned: true });
  }
}

function isShutdown(v: unknown): boolean {
  return isRecord(v) && v.e === 'serverShutdown';
}
