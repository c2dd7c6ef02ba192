// Alpaca market data for US stocks, only with the person's own API key and
// secret (passed in; kept in private fields, sent once in the auth message,
// never logged, never put in a reason or a sample).
// wss://stream.data.alpaca.markets/v2/iex (free plan), /v2/sip (paid), /v2/test (always on).
//
// Formats (docs.alpaca.markets, "WebSocket Stream" / real-time stock data):
//   every server message is an array:  [{"T":"<type>",…},…]
//   ← [{"T":"success","msg":"connected"}]
//   → {"action":"auth","key":"<key>","secret":"<secret>"}
//   ← [{"T":"success","msg":"authenticated"}]   or   [{"T":"error","code":402,"msg":"auth failed"}]
//   → {"action":"subscribe","trades":["AAPL"],"quotes":["AAPL"]}
//   ← [{"T":"subscription","trades":["AAPL"],"quotes":["AAPL"],"bars":[],…}]
//   ← [{"T":"t","S":"AAPL","i":96921,"x":"V","p":126.55,"s":1,"c":["@","I"],"t":"2021-02-22T15:51:44.208Z","z":"C"}]
//   ← [{"T":"q","S":"AAPL","bx":"V","bp":126.5,"bs":1,"ax":"V","ap":126.6,"as":3,"c":["R"],"t":"…","z":"C"}]
//   errors: 400 invalid syntax, 401 not authenticated, 402 auth failed, 403 already authenticated,
//   404 auth timeout, 405 symbol limit exceeded, 406 connection limit exceeded, 407 slow client,
//   409 insufficient subscription, 500 internal error.
// Reference price: the last trade, and between trades the quote's mid (IEX trades are sparse).
// Limits: one connection per key and feed (406 otherwise); the free plan allows 30 trade and quote
// symbols. Ping: protocol ping frames, which the platform answers by itself.

import { isRecord, parseJson, positive, timestamp } from './runtime';
import { SocketSource } from './source';
import type { SourceEnv } from './types';

export type AlpacaFeed = 'iex' | 'sip' | 'test';

export interface AlpacaOptions extends SourceEnv {
  key: string;
  secret: string;
  feed?: AlpacaFeed;
  wsBase?: string;
  /** Use the quotes' mid between trades (default true). */
  quotes?: boolean;
}

export const ALPACA_WS = 'wss://stream.data.alpaca.markets/v2';

/** Codes after which trying again with the same key and plan cannot succeed. */
const PERMANENT = new Set([402, 405, 409]);

export class AlpacaSource extends SocketSource {
  readonly id = 'alpaca' as const;
  readonly label = 'Alpaca';

  readonly #key: string;
  readonly #secret: string;
  private readonly feed: AlpacaFeed;
  private readonly wsBase: string;
  private readonly quotes: boolean;
  private symbols: string[] = [];

  constructor(opts: AlpacaOptions) {
    super({ timers: opts.timers, WebSocket: opts.WebSocket, fetch: opts.fetch });
    this.#key = opts.key;
    this.#secret = opts.secret;
    this.feed = opts.feed ?? 'iex';
    this.wsBase = opts.wsBase ?? ALPACA_WS;
    this.quotes = opts.quotes ?? true;
  }

  /** Stock tickers are the same on both sides; our USDT pairs are not Alpaca's. */
  venueSymbol(symbol: string): string | undefined {
    return /^[A-Z][A-Z.]{0,9}$/.test(symbol) && !symbol.endsWith('USDT') ? symbol : undefined;
  }

  protected connect(symbols: string[]): void {
    this.symbols = symbols;
    if (this.#key === '' || this.#secret === '') {
      this.fail('Alpaca needs an API key and secret', { permanent: true });
      return;
    }
    this.open(`${this.wsBase}/${this.feed}`, {
      open: () => {}, // the server speaks first: [{"T":"success","msg":"connected"}]
      text: (conn, data) => this.read(data, (msg) => conn.send(JSON.stringify(msg))),
    });
  }

  private read(text: string, send: (msg: object) => void): void {
    const msgs = parseJson(text);
    if (!Array.isArray(msgs) || msgs.length === 0) return this.malformed(text);
    let bad = false;
    for (const m of msgs) {
      if (!this.active) return; // an error above ended the attempt
      if (!isRecord(m) || !this.one(m, send)) bad = true;
    }
    if (bad) this.malformed(text);
  }

  private one(m: Record<string, unknown>, send: (msg: object) => void): boolean {
    switch (m.T) {
      case 't': {
        const p = positive(m.p);
        const ts = timestamp(m.t);
        return typeof m.S === 'string' && p !== undefined && ts !== undefined && this.price(m.S, p, ts);
      }
      case 'q': {
        const bid = positive(m.bp);
        const ask = positive(m.ap);
        const ts = timestamp(m.t);
        if (typeof m.S !== 'string' || ts === undefined) return false;
        if (bid === undefined || ask === undefined || ask < bid) return this.wants(m.S); // one-sided: no mid, not an error
        return this.price(m.S, (bid + ask) / 2, ts);
      }
      case 'success':
        if (m.msg === 'connected') send({ action: 'auth', key: this.#key, secret: this.#secret });
        else if (m.msg === 'authenticated') send(this.quotes ? { action: 'subscribe', trades: this.symbols, quotes: this.symbols } : { action: 'subscribe', trades: this.symbols });
        else return false;
        return true;
      case 'subscription':
        this.live();
        return true;
      case 'error':
        this.error(m);
        return true;
      default:
        return false;
    }
  }

  private error(m: Record<string, unknown>): void {
    const code = typeof m.code === 'number' ? m.code : 0;
    if (code === 403) return; // already authenticated: harmless
    const what = `Alpaca: ${typeof m.msg === 'string' ? m.msg : 'error'} (${code})`;
    if (this.isLive && !PERMANENT.has(code)) this.reconnect(what);
    else this.fail(what, PERMANENT.has(code) ? { permanent: true } : undefined);
  }
}
