// A mock of the crypto venues the app's feed reads (src/feeds), served on one
// local TLS port, for the live e2e (e2e/live.spec.ts) and the feed figures
// (src/cli/feedFigures.ts).
//
// Why a real server: the feed runs in the engine's Web Worker, and Playwright's
// routeWebSocket does not see sockets a worker opens (microsoft/playwright#37048).
// So Chromium is launched with `venueArgs(port)`: --host-resolver-rules maps the
// venues' host names to 127.0.0.1:<port> (the URL, the Host header and the TLS
// SNI keep the real names, so the app runs unchanged), every other name fails
// to resolve (nothing can leave the machine), and --ignore-certificate-errors
// accepts the throwaway certificate from cert.ts.
//
// One `node:https` server answers, by Host header:
//   data-api.binance.vision        GET /api/v3/ping → `pingStatus` (200, or 451 for a geo-block),
//                                  with Access-Control-Allow-Origin: * (the worker's fetch is CORS)
//   data-stream.binance.vision     WebSocket /stream?streams=!miniTicker@arr: every `intervalMs`
//                                  one {"stream":"!miniTicker@arr","data":[…]} with every pair
//   ws-feed.exchange.coinbase.com  WebSocket: subscribe → subscriptions, then a ticker per product
//   ws.kraken.com                  WebSocket /v2: status, one ack per symbol, pongs, ticker updates
//   stream.data.alpaca.markets     WebSocket /v2/iex: connected, auth (402 for keys other than
//                                  `alpacaKeys`), subscription, then one trade per subscribed stock
// in the formats of src/feeds/fixtures.ts (the adapters' documented ones).
//
// The WebSocket protocol (RFC 6455) is spoken by hand, just what these tests
// need: the handshake (Sec-WebSocket-Accept = base64(sha1(key + GUID))), the
// client's masked frames unmasked (text, continuation, close, ping), and
// unmasked server frames (text, binary, pong, close). No extensions are
// negotiated, so permessage-deflate stays off.

import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { selfSignedCert } from './cert';

export type VenueId = 'binance' | 'coinbase' | 'kraken' | 'alpaca';
/** What a venue does with a new WebSocket: accept it, refuse it (HTTP 503), or answer only after `holdMs`. */
export type Admission = 'accept' | 'refuse' | 'hold';

export const VENUE_HOSTS = {
  binanceRest: 'data-api.binance.vision',
  binance: 'data-stream.binance.vision',
  coinbase: 'ws-feed.exchange.coinbase.com',
  kraken: 'ws.kraken.com',
  alpaca: 'stream.data.alpaca.markets',
} as const;

/** Every host name the app may reach in these tests: the page's own and the mapped venues'. */
export const ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', ...Object.values(VENUE_HOSTS)];

/**
 * Chromium flags that send the venues' names to the mock and no other name
 * anywhere. Rules are comma separated; EXCLUDE rules are checked before MAP
 * rules, MAP rules in order (net/base/host_mapping_rules.h), and `~NOTFOUND`
 * makes the name fail to resolve.
 */
export function venueArgs(port: number): string[] {
  const rules = [
    ...Object.values(VENUE_HOSTS).map((h) => `MAP ${h} 127.0.0.1:${port}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE localhost',
  ].join(', ');
  return [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors'];
}

export interface Seen {
  kind: 'http' | 'ws';
  host: string;
  /** The TLS server name the client sent (SNI). */
  sni: string;
  path: string;
}

export interface Quote {
  /** The last price. */
  c: number;
  /** The price 24 h ago. */
  o: number;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const now = (): number => performance.timeOrigin + performance.now();

export class MockVenue {
  /** Every HTTP request and WebSocket upgrade that reached the mock. */
  readonly seen: Seen[] = [];
  /** The reference per symbol (ours: BTCUSDT), sent by every venue in its own format. */
  readonly quotes = new Map<string, Quote>();
  /** What the Binance REST ping answers. */
  pingStatus = 200;
  readonly admission: Record<VenueId, Admission> = { binance: 'accept', coinbase: 'accept', kraken: 'accept', alpaca: 'accept' };
  holdMs = 2_500;
  /** false: the venue keeps its sockets open but sends no prices (a quiet feed). */
  readonly streaming: Record<VenueId, boolean> = { binance: true, coinbase: true, kraken: true, alpaca: true };
  /** The only key and secret the mock Alpaca accepts. */
  alpacaKeys = { key: 'PKTEST0123456789', secret: 'mock-secret-not-real' };
  /** Every Alpaca auth message received, as sent. */
  alpacaAuths: { key: unknown; secret: unknown }[] = [];
  /** Called before each round of frames (change `quotes` here), and after the Binance frame went out. */
  beforeFrame: ((seq: number) => void) | undefined;
  afterBinanceFrame: ((seq: number, sentAt: number, eventTime: number) => void) | undefined;

  private readonly sockets = new Set<Ws>();
  private readonly holds = new Set<ReturnType<typeof setTimeout>>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private seq = 0;

  private constructor(private readonly server: Server, readonly port: number, readonly intervalMs: number) {}

  static async start(opts: { port?: number; intervalMs?: number } = {}): Promise<MockVenue> {
    const server = createServer({ ...selfSignedCert() });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const venue = new MockVenue(server, (server.address() as AddressInfo).port, opts.intervalMs ?? 1000);
    server.on('request', (req, res) => venue.http(req, res));
    server.on('upgrade', (req: IncomingMessage, raw: Duplex, head: Buffer) => venue.upgrade(req, raw, head));
    server.on('tlsClientError', () => {}); // a client that gives up mid-handshake is no concern here
    venue.timer = setInterval(() => venue.round(), venue.intervalMs);
    return venue;
  }

  setQuote(symbol: string, c: number, o = c * 0.98): void {
    this.quotes.set(symbol, { c, o });
  }

  /** Open sockets of a venue. */
  connections(venue: VenueId): number {
    let n = 0;
    for (const s of this.sockets) if (s.venue === venue && s.isOpen) n += 1;
    return n;
  }

  /** A raw text frame to every open socket of a venue (for malformed input). */
  sendText(venue: VenueId, text: string): void {
    for (const s of this.sockets) if (s.venue === venue) s.text(text);
  }

  sendBinary(venue: VenueId, bytes: Buffer = Buffer.from([1, 2, 3])): void {
    for (const s of this.sockets) if (s.venue === venue) s.frame(0x2, bytes);
  }

  /** Ends every socket of a venue: a clean close (close frame, then TCP), or the TCP connection cut. */
  drop(venue: VenueId, how: 'close' | 'cut' = 'close', code = 1001, reason = 'going away'): void {
    for (const s of [...this.sockets]) if (s.venue === venue) { if (how === 'close') s.close(code, reason); else s.cut(); }
  }

  /** Back to the defaults between tests (quotes are kept). */
  reset(): void {
    this.pingStatus = 200;
    this.klineRequests = [];
    this.holdMs = 2_500;
    this.alpacaAuths = [];
    for (const v of ['binance', 'coinbase', 'kraken', 'alpaca'] as const) {
      this.admission[v] = 'accept';
      this.streaming[v] = true;
    }
    this.beforeFrame = this.afterBinanceFrame = undefined;
    for (const s of [...this.sockets]) s.cut();
    for (const h of this.holds) clearTimeout(h);
    this.holds.clear();
    this.seen.length = 0;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.reset();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections(); // keep-alive REST connections too
    await closed;
  }

  // ------------------------------------------------------------------ HTTP

  private http(req: IncomingMessage, res: ServerResponse): void {
    const host = hostOf(req);
    const path = req.url ?? '/';
    this.seen.push({ kind: 'http', host, sni: sniOf(req), path });
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': '*' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    if (host === VENUE_HOSTS.binanceRest && path === '/api/v3/ping') {
      // Binance's 451 body, abridged: {"code":0,"msg":"Service unavailable from a restricted location …"}
      const body = this.pingStatus === 200 ? {} : { code: 0, msg: 'Service unavailable from a restricted location (mock venue).' };
      res.writeHead(this.pingStatus, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (host === VENUE_HOSTS.binanceRest && path.startsWith('/api/v3/klines')) {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(this.klines(new URL(path, 'https://x').searchParams)));
      return;
    }
    res.writeHead(404, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({ code: -1, msg: 'not served by the mock venue' }));
  }

  /** Requests for klines, as the app paged them. */
  klineRequests: string[] = [];

  /**
   * GET /api/v3/klines in Binance's row format: up to `limit` candles of
   * `interval` ending before `endTime`, oldest first, drifting gently around
   * the symbol's quote (a fixture: the test checks the app draws and caches
   * what the venue sent, not the numbers).
   */
  private klines(q: URLSearchParams): unknown[] {
    this.klineRequests.push(q.toString());
    const ms: Record<string, number> = { '1s': 1e3, '1m': 6e4, '5m': 3e5, '15m': 9e5, '1h': 3.6e6, '1d': 8.64e7 };
    const step = ms[q.get('interval') ?? ''] ?? 6e4;
    const limit = Math.min(1000, Number(q.get('limit') ?? 500));
    const end = Number(q.get('endTime') ?? Date.now());
    const start = Number(q.get('startTime') ?? -Infinity);
    const base = this.quotes.get(q.get('symbol') ?? '')?.c ?? 100;
    const rows: unknown[] = [];
    let t = Math.floor(end / step) * step;
    if (t + step - 1 > end) t -= step;
    for (let i = 0; i < limit && t >= start; i++, t -= step) {
      const c = base * (1 + 0.01 * Math.sin(t / step / 7));
      const o = base * (1 + 0.01 * Math.sin((t / step - 1) / 7));
      const f = (x: number) => x.toFixed(2);
      rows.push([t, f(o), f(Math.max(o, c) * 1.001), f(Math.min(o, c) * 0.999), f(c), '1.5', t + step - 1, f(1.5 * c), 10, '0.7', f(0.7 * c), '0']);
    }
    return rows.reverse();
  }

  // ------------------------------------------------------------- WebSockets

  private upgrade(req: IncomingMessage, raw: Duplex, head: Buffer): void {
    const host = hostOf(req);
    const path = req.url ?? '/';
    this.seen.push({ kind: 'ws', host, sni: sniOf(req), path });
    const venue: VenueId | undefined =
      host === VENUE_HOSTS.binance && path.startsWith('/stream') ? 'binance'
        : host === VENUE_HOSTS.coinbase ? 'coinbase'
          : host === VENUE_HOSTS.kraken && path.startsWith('/v2') ? 'kraken'
            : host === VENUE_HOSTS.alpaca && path.startsWith('/v2/') ? 'alpaca' : undefined;
    const key = req.headers['sec-websocket-key'];
    raw.on('error', () => {});
    if (venue === undefined || typeof key !== 'string') {
      raw.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (this.admission[venue] === 'refuse') {
      raw.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = (): void => {
      if (raw.destroyed) return;
      const digest = createHash('sha1').update(key + GUID).digest('base64');
      raw.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${digest}\r\n\r\n`);
      (raw as TLSSocket).setNoDelay?.(true); // one frame, one write: no Nagle delay in the latency figures
      const ws = new Ws(venue, path, raw, (s) => this.sockets.delete(s));
      ws.onText = (text) => this.message(ws, text);
      this.sockets.add(ws);
      if (venue === 'alpaca') ws.text(JSON.stringify([{ T: 'success', msg: 'connected' }]));
      if (venue === 'kraken') ws.text(JSON.stringify({ channel: 'status', type: 'update', data: [{ version: '2.0.10', system: 'online', api_version: 'v2', connection_id: 1 }] }));
      if (head.length > 0) ws.feed(head);
    };
    if (this.admission[venue] === 'hold') {
      const h = setTimeout(() => {
        this.holds.delete(h);
        accept();
      }, this.holdMs);
      this.holds.add(h);
    } else accept();
  }

  /** What a client sends: Binance SUBSCRIBEs, Coinbase's subscribe, Kraken's subscribe and ping, Alpaca's auth and subscribe. */
  private message(ws: Ws, text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (ws.venue === 'binance' && msg.method === 'SUBSCRIBE') ws.text(JSON.stringify({ result: null, id: msg.id }));
    if (ws.venue === 'coinbase' && msg.type === 'subscribe' && Array.isArray(msg.product_ids)) {
      for (const p of msg.product_ids) ws.subscribed.add(String(p));
      ws.text(JSON.stringify({ type: 'subscriptions', channels: [{ name: 'ticker', product_ids: [...ws.subscribed] }] }));
    }
    if (ws.venue === 'alpaca' && msg.action === 'auth') {
      this.alpacaAuths.push({ key: msg.key, secret: msg.secret });
      if (msg.key === this.alpacaKeys.key && msg.secret === this.alpacaKeys.secret) {
        ws.authed = true;
        ws.text(JSON.stringify([{ T: 'success', msg: 'authenticated' }]));
      } else {
        // As Alpaca does: the error, then the connection closes.
        ws.text(JSON.stringify([{ T: 'error', code: 402, msg: 'auth failed' }]));
        ws.close(1008, 'auth failed');
      }
    }
    if (ws.venue === 'alpaca' && msg.action === 'subscribe') {
      if (!ws.authed) {
        ws.text(JSON.stringify([{ T: 'error', code: 401, msg: 'not authenticated' }]));
        return;
      }
      const trades = Array.isArray(msg.trades) ? msg.trades.map(String) : [];
      const quotes = Array.isArray(msg.quotes) ? msg.quotes.map(String) : [];
      for (const t of trades) ws.subscribed.add(t);
      ws.text(JSON.stringify([{ T: 'subscription', trades, quotes, bars: [], updatedBars: [], dailyBars: [], statuses: [], lulds: [], corrections: trades, cancelErrors: trades }]));
    }
    if (ws.venue === 'kraken' && msg.method === 'ping') ws.text(JSON.stringify({ method: 'pong', req_id: msg.req_id, time_in: iso(), time_out: iso() }));
    if (ws.venue === 'kraken' && msg.method === 'subscribe') {
      const params = msg.params as { symbol?: unknown } | undefined;
      for (const symbol of Array.isArray(params?.symbol) ? params.symbol : []) {
        ws.subscribed.add(String(symbol));
        ws.text(JSON.stringify({ method: 'subscribe', result: { channel: 'ticker', snapshot: true, symbol }, req_id: msg.req_id, success: true, time_in: iso(), time_out: iso() }));
      }
    }
  }

  /** Once per interval: one frame per Binance socket, a ticker per Coinbase product, one Kraken update. */
  private round(): void {
    this.seq += 1;
    this.beforeFrame?.(this.seq);
    const E = Date.now();
    let binanceSent = false;
    for (const ws of this.sockets) {
      if (!ws.isOpen || !this.streaming[ws.venue]) continue;
      if (ws.venue === 'binance' && ws.path.includes('!miniTicker@arr')) {
        const data = [...this.quotes].map(([s, q]) => ({ e: '24hrMiniTicker', E, s, c: dec(q.c), o: dec(q.o), h: dec(Math.max(q.c, q.o)), l: dec(Math.min(q.c, q.o)), v: '10000', q: '18' }));
        ws.text(JSON.stringify({ stream: '!miniTicker@arr', data }));
        binanceSent = true;
      } else if (ws.venue === 'coinbase') {
        for (const [s, q] of this.quotes) {
          const product = `${s.slice(0, -4)}-USD`;
          if (!ws.subscribed.has(product)) continue;
          ws.text(JSON.stringify({ type: 'ticker', sequence: this.seq, product_id: product, price: dec(q.c), open_24h: dec(q.o), volume_24h: '1000', low_24h: dec(q.o), high_24h: dec(q.c), volume_30d: '30000', best_bid: dec(q.c), best_bid_size: '1', best_ask: dec(q.c), best_ask_size: '1', side: 'buy', time: new Date(E).toISOString(), trade_id: this.seq, last_size: '0.1' }));
        }
      } else if (ws.venue === 'kraken') {
        const data = [...this.quotes].filter(([s]) => ws.subscribed.has(`${s.slice(0, -4)}/USD`)).map(([s, q]) => ({
          symbol: `${s.slice(0, -4)}/USD`, bid: q.c, bid_qty: 1, ask: q.c, ask_qty: 1, last: q.c, volume: 1000, vwap: q.c, low: q.o, high: q.c, change: q.c - q.o, change_pct: ((q.c - q.o) / q.o) * 100, timestamp: new Date(E).toISOString(),
        }));
        if (data.length > 0) ws.text(JSON.stringify({ channel: 'ticker', type: 'update', data }));
      } else if (ws.venue === 'alpaca') {
        const trades = [...this.quotes].filter(([s]) => ws.subscribed.has(s)).map(([s, q]) => ({
          T: 't', S: s, i: this.seq, x: 'V', p: q.c, s: 100, c: ['@'], t: new Date(E).toISOString(), z: 'C',
        }));
        if (trades.length > 0) ws.text(JSON.stringify(trades));
      }
    }
    if (binanceSent) this.afterBinanceFrame?.(this.seq, now(), E);
  }
}

/** One server-side WebSocket over a TLS socket (RFC 6455, section 5). */
class Ws {
  onText: (text: string) => void = () => {};
  /** Products or pairs this client subscribed to (Coinbase, Kraken). */
  readonly subscribed = new Set<string>();
  /** Alpaca: the auth message was accepted. */
  authed = false;
  private buf: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private closing = false;
  private done = false;

  constructor(readonly venue: VenueId, readonly path: string, private readonly raw: Duplex, private readonly gone: (s: Ws) => void) {
    raw.on('data', (chunk: Buffer) => this.feed(chunk));
    raw.on('close', () => this.finish());
  }

  get isOpen(): boolean {
    return !this.done && !this.closing;
  }

  text(text: string): void {
    this.frame(0x1, Buffer.from(text, 'utf8'));
  }

  /** A server frame: FIN set, never masked; 7-bit, 16-bit or 64-bit length. */
  frame(opcode: number, payload: Buffer): void {
    if (this.done || (this.closing && opcode !== 0x8)) return;
    const n = payload.length;
    let head: Buffer;
    if (n < 126) head = Buffer.from([0x80 | opcode, n]);
    else if (n < 65_536) {
      head = Buffer.alloc(4);
      head[0] = 0x80 | opcode;
      head[1] = 126;
      head.writeUInt16BE(n, 2);
    } else {
      head = Buffer.alloc(10);
      head[0] = 0x80 | opcode;
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(n), 2);
    }
    this.raw.write(Buffer.concat([head, payload]));
  }

  /** The closing handshake: our close frame, the client's answer, then TCP ends (or after 1 s regardless). */
  close(code: number, reason: string): void {
    if (this.done || this.closing) return;
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.frame(0x8, payload);
    this.closing = true;
    setTimeout(() => this.cut(), 1_000).unref();
  }

  /** The TCP connection cut, no close frame: the client sees code 1006. */
  cut(): void {
    this.raw.destroy();
    this.finish();
  }

  /** Client frames: masked (RFC 6455 requires it), possibly several per chunk or split across chunks. */
  feed(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      const b = this.buf;
      if (b.length < 2) return;
      const fin = (b[0] & 0x80) !== 0;
      const opcode = b[0] & 0x0f;
      const masked = (b[1] & 0x80) !== 0;
      let len = b[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        off = 10;
      }
      const maskAt = off;
      if (masked) off += 4;
      if (b.length < off + len) return;
      const payload = Buffer.from(b.subarray(off, off + len));
      if (masked) for (let i = 0; i < len; i++) payload[i] ^= b[maskAt + (i & 3)];
      this.buf = b.subarray(off + len);
      this.onFrame(fin, opcode, payload);
    }
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case 0x0: // continuation
      case 0x1: // text (binary frames from a client are not expected; they are dropped)
        if (opcode === 0x1) this.parts = [];
        this.parts.push(payload);
        if (fin) {
          const text = Buffer.concat(this.parts).toString('utf8');
          this.parts = [];
          if (!this.closing) this.onText(text);
        }
        return;
      case 0x8: // close: answer it (echoing the code) unless it answers ours, then end TCP
        if (!this.closing) this.frame(0x8, payload.subarray(0, 2));
        this.closing = true;
        this.raw.end();
        return;
      case 0x9: // ping → pong with the same payload
        this.frame(0xa, payload);
        return;
      default: // pong, binary: nothing to do
    }
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.gone(this);
  }
}

function hostOf(req: IncomingMessage): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
}

function sniOf(req: IncomingMessage): string {
  const name = (req.socket as TLSSocket).servername;
  return typeof name === 'string' ? name : '';
}

/** Binance's decimal strings: eight decimals ("64321.10000000", "0.00000880"). */
function dec(x: number): string {
  return x.toFixed(8);
}

function iso(): string {
  return new Date().toISOString();
}
