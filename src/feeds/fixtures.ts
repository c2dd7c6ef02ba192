// For the feeds tests only: each venue's frames, in the exact formats the
// adapters' headers cite, and scripts that answer the client as the venue does.

import { isObj, type MockConnection, type VenueScript } from './testkit';

// ------------------------------------------------------------------ Binance

export const binance = {
  url: 'wss://data-stream.binance.vision/stream',
  ping: 'https://data-api.binance.vision/api/v3/ping',
  /** Acknowledges every SUBSCRIBE: {"result":null,"id":n}. */
  script(): VenueScript {
    return {
      message(conn, _data, msg) {
        if (isObj(msg) && msg.method === 'SUBSCRIBE') conn.send({ result: null, id: msg.id });
      },
    };
  },
  miniTicker(symbol: string, close: string, open: string, E = 1_700_000_000_000) {
    return { e: '24hrMiniTicker', E, s: symbol, c: close, o: open, h: close, l: open, v: '10000', q: '18' };
  },
  /** The all-market stream: only the symbols that changed, in one array. */
  miniTickers(items: Array<[symbol: string, close: string, open: string]>, E = 1_700_000_000_000) {
    return { stream: '!miniTicker@arr', data: items.map(([s, c, o]) => binance.miniTicker(s, c, o, E)) };
  },
  trade(symbol: string, price: string, T = 1_700_000_000_123) {
    return {
      stream: `${symbol.toLowerCase()}@trade`,
      data: { e: 'trade', E: T + 1, s: symbol, t: 12345, p: price, q: '0.5', T, m: true, M: true },
    };
  },
  kline(symbol: string, close: string, E = 1_700_000_000_456) {
    return {
      stream: `${symbol.toLowerCase()}@kline_1m`,
      data: {
        e: 'kline', E, s: symbol,
        k: { t: E - 456, T: E + 59_543, s: symbol, i: '1m', f: 100, L: 200, o: close, c: close, h: close, l: close, v: '1000', n: 100, x: false, q: '1.0', V: '500', Q: '0.5', B: '123456' },
      },
    };
  },
  shutdown() {
    return { event: { e: 'serverShutdown', E: 1_770_123_456_789 } };
  },
};

// ----------------------------------------------------------------- Coinbase

export const coinbase = {
  url: 'wss://ws-feed.exchange.coinbase.com',
  /** Answers a subscribe with `subscriptions`, or with the documented error for an unlisted product. */
  script(unlisted: readonly string[] = []): VenueScript {
    return {
      message(conn, _data, msg) {
        if (!isObj(msg) || msg.type !== 'subscribe' || !Array.isArray(msg.product_ids)) return;
        const bad = (msg.product_ids as string[]).find((p) => unlisted.includes(p));
        if (bad !== undefined) conn.send({ type: 'error', message: 'Failed to subscribe', reason: `${bad} is not a valid product` });
        else conn.send({ type: 'subscriptions', channels: [{ name: 'ticker', product_ids: msg.product_ids }] });
      },
    };
  },
  ticker(product: string, price: string, open24 = '1310.79', time = '2022-10-19T23:28:22.061769Z') {
    return {
      type: 'ticker', sequence: 37475248783, product_id: product, price, open_24h: open24,
      volume_24h: '245532.79269678', low_24h: '1280.52', high_24h: '1313.8', volume_30d: '9788783.60117027',
      best_bid: price, best_bid_size: '0.46688654', best_ask: price, best_ask_size: '1.56637040',
      side: 'buy', time, trade_id: 370843401, last_size: '11.4396987',
    };
  },
};

// ------------------------------------------------------------------- Kraken

export const kraken = {
  url: 'wss://ws.kraken.com/v2',
  status() {
    // eslint-disable-next-line no-loss-of-precision -- Kraken's id as it sends it; JSON.parse rounds it the same way
    return { channel: 'status', type: 'update', data: [{ version: '2.0.10', system: 'online', api_version: 'v2', connection_id: 8488217682369066242 }] };
  },
  /** Sends the status frame on connect, one ack per symbol (an error for an unlisted pair), pongs. */
  script(unlisted: readonly string[] = []): VenueScript {
    return {
      connect(conn) {
        conn.send(kraken.status());
      },
      message(conn, _data, msg) {
        if (!isObj(msg)) return;
        if (msg.method === 'ping') {
          conn.send({ method: 'pong', req_id: msg.req_id, time_in: '2023-09-25T09:04:31.742599Z', time_out: '2023-09-25T09:04:31.742648Z' });
          return;
        }
        if (msg.method !== 'subscribe' || !isObj(msg.params)) return;
        for (const symbol of msg.params.symbol as string[]) {
          if (unlisted.includes(symbol)) {
            conn.send({ error: `Currency pair not supported ${symbol}`, method: 'subscribe', req_id: msg.req_id, success: false, symbol, time_in: '2023-09-25T09:04:31.742599Z', time_out: '2023-09-25T09:04:31.742648Z' });
          } else {
            conn.send({ method: 'subscribe', result: { channel: 'ticker', event_trigger: 'trades', snapshot: true, symbol }, req_id: msg.req_id, success: true, time_in: '2023-09-25T09:04:31.742599Z', time_out: '2023-09-25T09:04:31.742648Z' });
          }
        }
      },
    };
  },
  ticker(symbol: string, last: number, change: number, type: 'snapshot' | 'update' = 'update', timestamp = '2023-09-25T09:04:31.742648Z') {
    return {
      channel: 'ticker', type,
      data: [{ symbol, bid: last, bid_qty: 740.0, ask: last, ask_qty: 1361.44813783, last, volume: 997038.98383185, vwap: last, low: last, high: last, change, change_pct: -0.17, timestamp }],
    };
  },
  heartbeat() {
    return { channel: 'heartbeat' };
  },
};

// ------------------------------------------------------------------- Alpaca

export const alpaca = {
  url: 'wss://stream.data.alpaca.markets/v2/iex',
  /** Welcomes, checks the key and secret (402 and a close otherwise), confirms subscriptions. */
  script(key: string, secret: string): VenueScript {
    return {
      connect(conn) {
        conn.send([{ T: 'success', msg: 'connected' }]);
      },
      message(conn: MockConnection, _data, msg) {
        if (!isObj(msg)) return;
        if (msg.action === 'auth') {
          if (msg.key === key && msg.secret === secret) conn.send([{ T: 'success', msg: 'authenticated' }]);
          else {
            conn.send([{ T: 'error', code: 402, msg: 'auth failed' }]);
            // The close goes after the frame: msw drops frames still queued when close() is called.
            setTimeout(() => conn.close(1008, 'auth failed'), 1);
          }
        } else if (msg.action === 'subscribe') {
          conn.send([{ T: 'subscription', trades: msg.trades ?? [], quotes: msg.quotes ?? [], bars: [], updatedBars: [], dailyBars: [], statuses: [], lulds: [], corrections: msg.trades ?? [], cancelErrors: msg.trades ?? [] }]);
        }
      },
    };
  },
  trade(S: string, p: number, t = '2021-02-22T15:51:44.208Z') {
    return [{ T: 't', S, i: 96921, x: 'V', p, s: 1, c: ['@', 'I'], t, z: 'C' }];
  },
  quote(S: string, bp: number, ap: number, t = '2021-02-22T15:51:45.335689322Z') {
    return [{ T: 'q', S, bx: 'V', bp, bs: 1, ax: 'V', ap, as: 3, c: ['R'], t, z: 'C' }];
  },
};
