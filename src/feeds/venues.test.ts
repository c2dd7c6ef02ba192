// What is particular to Coinbase, Kraken and Alpaca, beyond the shared contract.

import './testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { CRYPTO, STOCKS } from '../core/market/instruments';
import { AlpacaSource } from './alpaca';
import { CoinbaseSource } from './coinbase';
import { KrakenSource } from './kraken';
import { alpaca, coinbase, kraken } from './fixtures';
import { cryptoSources } from './index';
import { FakeTimers, mockVenue, recorder, run, settle } from './testkit';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('Coinbase Exchange', () => {
  it('subscribes to the ticker channel with USD products, skipping bases it does not list', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, coinbase.url, timers, coinbase.script());
    const source = new CoinbaseSource({ timers });
    const rec = recorder();
    source.start(['BTCUSDT', 'BNBUSDT', 'ETHUSDT', 'AAPL'], rec.sink);
    await settle();
    expect(venue.sent()).toEqual([{ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channels: ['ticker'] }]);
    expect(rec.last()).toBe('live'); // on the `subscriptions` reply
    source.stop();
  });

  it('reads price, open_24h and time from ticker messages', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, coinbase.url, timers, coinbase.script());
    const source = new CoinbaseSource({ timers });
    const rec = recorder();
    source.start(['ETHUSDT'], rec.sink);
    await settle();
    venue.latest().send(coinbase.ticker('ETH-USD', '1285.22', '1310.79', '2022-10-19T23:28:22.061769Z'));
    venue.latest().send({ type: 'heartbeat', sequence: 90, last_trade_id: 20, product_id: 'ETH-USD', time: '2014-11-07T08:19:28.464459Z' });
    await settle();
    expect(rec.prices).toEqual([{ symbol: 'ETHUSDT', price: 1285.22, ts: Date.parse('2022-10-19T23:28:22.061Z'), open24: 1310.79 }]);
    expect(rec.malformed).toEqual([]);
    source.stop();
  });

  it('drops a product Coinbase calls invalid and subscribes again without it', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, coinbase.url, timers, coinbase.script(['TAO-USD']));
    const source = new CoinbaseSource({ timers });
    const rec = recorder();
    source.start(['BTCUSDT', 'TAOUSDT', 'SOLUSDT'], rec.sink);
    await run(timers, 2000, 100);
    expect(venue.sent()).toEqual([
      { type: 'subscribe', product_ids: ['BTC-USD', 'TAO-USD', 'SOL-USD'], channels: ['ticker'] },
      { type: 'subscribe', product_ids: ['BTC-USD', 'SOL-USD'], channels: ['ticker'] },
    ]);
    expect(rec.last()).toBe('live');
    expect(rec.malformed).toEqual([]);
    source.stop();
  });

  it('reads the USDT markets when asked to', () => {
    const source = new CoinbaseSource({ quote: 'USDT' });
    expect(source.venueSymbol('BTCUSDT')).toBe('BTC-USDT');
  });

  it('gives up, for good, when none of the products is listed', async () => {
    const timers = new FakeTimers();
    mockVenue(server, coinbase.url, timers, coinbase.script(['TAO-USD']));
    const source = new CoinbaseSource({ timers });
    const rec = recorder();
    source.start(['TAOUSDT'], rec.sink);
    await settle();
    expect(rec.statuses.at(-1)).toMatchObject({ state: 'failed', flags: { permanent: true } });
  });
});

describe('Kraken v2', () => {
  it('subscribes to the ticker channel with BASE/USD symbols, in chunks', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, kraken.url, timers, kraken.script());
    const source = new KrakenSource({ timers, symbolsPerMessage: 50 });
    const rec = recorder();
    const pairs = CRYPTO.map((s) => s.symbol);
    source.start(pairs, rec.sink);
    await run(timers, 1000, 100);
    const subs = venue.sent() as Array<{ method: string; params: { channel: string; symbol: string[] }; req_id: number }>;
    expect(subs.length).toBe(Math.ceil(pairs.length / 50));
    expect(subs[0]).toMatchObject({ method: 'subscribe', params: { channel: 'ticker' } });
    expect(subs[0].params.symbol.slice(0, 2)).toEqual(['BTC/USD', 'ETH/USD']);
    expect(subs.flatMap((s) => s.params.symbol)).toHaveLength(pairs.length);
    expect(rec.last()).toBe('live');
    expect(rec.malformed).toEqual([]); // status frames and acks are understood
    source.stop();
  });

  it('reads last, and the 24 h open as last − change, from snapshots and updates', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, kraken.url, timers, kraken.script());
    const source = new KrakenSource({ timers });
    const rec = recorder();
    source.start(['ALGOUSDT'], rec.sink);
    await settle();
    venue.latest().send(kraken.ticker('ALGO/USD', 0.10035, -0.00017, 'snapshot'));
    venue.latest().send(kraken.heartbeat());
    venue.latest().send(kraken.ticker('ALGO/USD', 0.1004, 0.0001, 'update', '2023-09-25T09:05:00.000000Z'));
    await settle();
    expect(rec.prices.map((p) => p.price)).toEqual([0.10035, 0.1004]);
    expect(rec.prices[0].open24).toBeCloseTo(0.10052, 10);
    expect(rec.prices[1].ts).toBe(Date.parse('2023-09-25T09:05:00.000Z'));
    expect(rec.malformed).toEqual([]);
    source.stop();
  });

  it('leaves a pair Kraken refuses on the generator without counting it as malformed', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, kraken.url, timers, kraken.script(['BONK/USD']));
    const source = new KrakenSource({ timers });
    const rec = recorder();
    source.start(['BTCUSDT', 'BONKUSDT'], rec.sink);
    await settle();
    expect(rec.last()).toBe('live');
    expect(rec.malformed).toEqual([]);
    venue.latest().send(kraken.ticker('BTC/USD', 91000, 500));
    await settle();
    expect(rec.prices.map((p) => p.symbol)).toEqual(['BTCUSDT']);
    source.stop();
  });

  it('pings every 30 s and takes the pong', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, kraken.url, timers, kraken.script());
    const source = new KrakenSource({ timers });
    const rec = recorder();
    source.start(['BTCUSDT'], rec.sink);
    await run(timers, 65_000, 1000);
    const pings = venue.latest().received.filter((m) => m.data.includes('"ping"'));
    expect(pings.map((m) => JSON.parse(m.data).method)).toEqual(['ping', 'ping']);
    expect(pings[1].at - pings[0].at).toBe(30_000);
    expect(rec.malformed).toEqual([]);
    source.stop();
    expect(timers.pending).toBe(0);
  });
});

describe('Alpaca', () => {
  const KEY = 'PKAAAABBBBCCCCDDDD';
  const SECRET = 'very-secret-do-not-log-4242';
  const stocks = STOCKS.map((s) => s.symbol);

  it('authenticates with key and secret after the welcome, then subscribes to trades and quotes', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, alpaca.url, timers, alpaca.script(KEY, SECRET));
    const source = new AlpacaSource({ timers, key: KEY, secret: SECRET });
    const rec = recorder();
    source.start(stocks, rec.sink);
    await settle();
    expect(venue.sent()).toEqual([
      { action: 'auth', key: KEY, secret: SECRET },
      { action: 'subscribe', trades: stocks, quotes: stocks },
    ]);
    expect(rec.statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
    source.stop();
  });

  it('prices from trades, and from the quote mid between trades', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, alpaca.url, timers, alpaca.script(KEY, SECRET));
    const source = new AlpacaSource({ timers, key: KEY, secret: SECRET });
    const rec = recorder();
    source.start(['AAPL'], rec.sink);
    await settle();
    venue.latest().send(alpaca.trade('AAPL', 126.55, '2021-02-22T15:51:44.208Z'));
    venue.latest().send(alpaca.quote('AAPL', 126.5, 126.6, '2021-02-22T15:51:45.335689322Z'));
    venue.latest().send(alpaca.quote('AAPL', 0, 126.6)); // one-sided: no mid, no error
    await settle();
    expect(rec.prices).toEqual([
      { symbol: 'AAPL', price: 126.55, ts: Date.parse('2021-02-22T15:51:44.208Z') },
      { symbol: 'AAPL', price: 126.55, ts: Date.parse('2021-02-22T15:51:45.335Z') },
    ]);
    expect(rec.malformed).toEqual([]);
    source.stop();
  });

  it('reports refused credentials as a permanent failure, and never shows the secret', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, alpaca.url, timers, alpaca.script(KEY, 'the-right-secret'));
    const source = new AlpacaSource({ timers, key: KEY, secret: SECRET });
    const rec = recorder();
    source.start(['AAPL'], rec.sink);
    await settle();
    expect(rec.statuses.at(-1)).toMatchObject({ state: 'failed', flags: { permanent: true } });
    expect(rec.statuses.at(-1)?.reason).toMatch(/auth failed \(402\)/);
    expect(venue.latest().closed).toBe(true);
    const shown = JSON.stringify({ statuses: rec.statuses, malformed: rec.malformed, source, keys: Object.keys(source) });
    expect(shown).not.toContain(SECRET);
    expect(String(source)).not.toContain(SECRET);
  });

  it('reports a second connection refused (406) as a failure worth retrying later', async () => {
    const timers = new FakeTimers();
    mockVenue(server, alpaca.url, timers, {
      connect: (conn) => conn.send([{ T: 'error', code: 406, msg: 'connection limit exceeded' }]),
    });
    const source = new AlpacaSource({ timers, key: KEY, secret: SECRET });
    const rec = recorder();
    source.start(['AAPL'], rec.sink);
    await settle();
    expect(rec.statuses.at(-1)).toMatchObject({ state: 'failed', reason: 'Alpaca: connection limit exceeded (406)' });
    expect(rec.statuses.at(-1)?.flags?.permanent).toBeFalsy();
  });

  it('needs a key and a secret before opening anything', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, alpaca.url, timers, alpaca.script(KEY, SECRET));
    const source = new AlpacaSource({ timers, key: '', secret: '' });
    const rec = recorder();
    source.start(['AAPL'], rec.sink);
    await settle();
    expect(rec.statuses.at(-1)).toMatchObject({ state: 'failed', flags: { permanent: true } });
    expect(venue.connections).toHaveLength(0);
  });

  it('prices stocks only', () => {
    const source = new AlpacaSource({ key: KEY, secret: SECRET });
    expect(source.venueSymbol('AAPL')).toBe('AAPL');
    expect(source.venueSymbol('BTCUSDT')).toBeUndefined();
  });
});

describe('cryptoSources', () => {
  it('lists the crypto sources in auto order, sharing the environment given', () => {
    const timers = new FakeTimers();
    const sources = cryptoSources({ timers });
    expect(sources.map((s) => s.id)).toEqual(['binance', 'coinbase', 'kraken']);
    expect(sources.map((s) => s.venueSymbol('SOLUSDT'))).toEqual(['SOLUSDT', 'SOL-USD', 'SOL/USD']);
  });
});
