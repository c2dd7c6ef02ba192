// One contract, every adapter: the same behaviours against each venue's own
// message formats, over msw-mocked WebSockets.

import './testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { AlpacaSource } from './alpaca';
import { BinanceSource } from './binance';
import { CoinbaseSource } from './coinbase';
import { KrakenSource } from './kraken';
import { alpaca, binance, coinbase, kraken } from './fixtures';
import { FakeTimers, mockVenue, recorder, run, settle, type MockVenue, type VenueScript } from './testkit';
import type { FeedSource } from './types';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Case {
  name: string;
  url: string;
  make(timers: FakeTimers): FeedSource;
  script(): VenueScript;
  /** Ours → what the venue calls it. */
  symbols: Record<string, string>;
  /** One of our symbols this venue has no market for. */
  unlisted: string;
  /** A frame carrying `price` for the venue symbol `v`. */
  frame(v: string, price: number): unknown;
  /** Frames of the venue's kind that must be counted and ignored. */
  bad: unknown[];
}

const cases: Case[] = [
  {
    name: 'binance',
    url: binance.url,
    make: (timers) => new BinanceSource({ timers }),
    script: binance.script,
    symbols: { BTCUSDT: 'BTCUSDT', ETHUSDT: 'ETHUSDT' },
    unlisted: 'AAPL',
    frame: (v, p) => binance.miniTickers([[v, String(p), String(p * 0.98)]]),
    bad: [
      'not json{',
      { stream: '!miniTicker@arr', data: [{ e: '24hrMiniTicker', E: 1, s: 'BTCUSDT', c: 'NaN' }] },
      { stream: '!miniTicker@arr', data: { e: 'somethingNew' } },
      { code: 2, msg: 'Invalid request: unknown variant SUBSCRIB', id: 7 },
      [1, 2, 3],
    ],
  },
  {
    name: 'coinbase',
    url: coinbase.url,
    make: (timers) => new CoinbaseSource({ timers }),
    script: () => coinbase.script(),
    symbols: { BTCUSDT: 'BTC-USD', ETHUSDT: 'ETH-USD' },
    unlisted: 'BNBUSDT',
    frame: (v, p) => coinbase.ticker(v, String(p)),
    bad: [
      'not json{',
      { type: 'ticker', product_id: 'BTC-USD', price: 'lots' },
      { type: 'l3_update', product_id: 'BTC-USD' },
      { type: 'error', message: 'Internal error' },
      null,
    ],
  },
  {
    name: 'kraken',
    url: kraken.url,
    make: (timers) => new KrakenSource({ timers }),
    script: () => kraken.script(),
    symbols: { BTCUSDT: 'BTC/USD', ETHUSDT: 'ETH/USD' },
    unlisted: 'AAPL',
    frame: (v, p) => kraken.ticker(v, p, p * 0.01),
    bad: [
      'not json{',
      { channel: 'ticker', type: 'update', data: [{ symbol: 'BTC/USD', last: -1 }] },
      { channel: 'ticker', type: 'update', data: 'BTC/USD' },
      { channel: 'book', type: 'snapshot', data: [] },
      { method: 'subscribe', success: 'maybe' },
    ],
  },
  {
    name: 'alpaca',
    url: alpaca.url,
    make: (timers) => new AlpacaSource({ timers, key: 'PKTEST', secret: 's3cr3t-value' }),
    script: () => alpaca.script('PKTEST', 's3cr3t-value'),
    symbols: { AAPL: 'AAPL', MSFT: 'MSFT' },
    unlisted: 'BTCUSDT',
    frame: (v, p) => alpaca.trade(v, p),
    bad: [
      'not json{',
      { T: 't', S: 'AAPL', p: 1 }, // not an array
      [{ T: 't', S: 'AAPL', p: 'x', t: '2021-02-22T15:51:44.208Z' }],
      [{ T: 'b', S: 'AAPL', o: 1, h: 1, l: 1, c: 1, v: 1, t: '2021-02-22T15:51:44.208Z' }],
      [],
    ],
  },
];

describe.each(cases)('FeedSource contract: $name', (c) => {
  const ours = Object.keys(c.symbols);

  async function started(script: VenueScript = c.script()): Promise<{ timers: FakeTimers; source: FeedSource; venue: MockVenue; rec: ReturnType<typeof recorder> }> {
    const timers = new FakeTimers();
    const venue = mockVenue(server, c.url, timers, script);
    const source = c.make(timers);
    const rec = recorder();
    source.start([...ours, c.unlisted], rec.sink);
    await settle();
    return { timers, source, venue, rec };
  }

  it('maps our symbols to the venue and back', () => {
    const source = c.make(new FakeTimers());
    for (const [o, v] of Object.entries(c.symbols)) expect(source.venueSymbol(o)).toBe(v);
    expect(source.venueSymbol(c.unlisted)).toBeUndefined();
  });

  it('goes live and delivers prices under our symbols, and nothing for symbols not asked for', async () => {
    const { source, venue, rec } = await started();
    expect(rec.statuses[0].state).toBe('connecting');
    expect(rec.last()).toBe('live');
    const [a, b] = Object.values(c.symbols);
    venue.latest().send(c.frame(a, 101.5));
    venue.latest().send(c.frame(b, 2.25));
    venue.latest().send(c.frame(c.name === 'alpaca' ? 'TSLA' : c.name === 'binance' ? 'XRPBTC' : c.name === 'coinbase' ? 'SOL-EUR' : 'SOL/EUR', 9));
    await settle();
    expect(rec.prices.map((p) => [p.symbol, p.price])).toEqual([[ours[0], 101.5], [ours[1], 2.25]]);
    expect(rec.prices.every((p) => Number.isFinite(p.ts) && p.ts > 1_000_000_000_000)).toBe(true);
    source.stop();
  });

  it('counts malformed and unexpected frames, ignores them, and keeps going', async () => {
    const { source, venue, rec } = await started();
    for (const f of c.bad) venue.latest().send(f);
    venue.latest().send(new Uint8Array([1, 2, 3]));
    venue.latest().send(c.frame(Object.values(c.symbols)[0], 50));
    await settle();
    expect(rec.malformed.length).toBe(c.bad.length + 1);
    expect(rec.malformed.every((s) => s.length <= 201)).toBe(true);
    expect(rec.prices.map((p) => p.price)).toEqual([50]);
    expect(rec.last()).toBe('live');
    source.stop();
  });

  it('reports a connection closed before it opened as failed', async () => {
    const { rec, source } = await started({ connect: () => 'refuse' });
    expect(rec.statuses.map((s) => s.state)).toEqual(['connecting', 'failed']);
    expect(rec.statuses[1].reason).toMatch(/1006/);
    source.stop();
  });

  it('reports a drop after going live as reconnecting, and leaves reconnecting to the manager', async () => {
    const { timers, venue, rec, source } = await started();
    venue.latest().close(4000, 'maintenance');
    await settle();
    expect(rec.last()).toBe('reconnecting');
    expect(rec.statuses.at(-1)?.reason).toMatch(/4000.*maintenance/);
    await run(timers, 60_000, 1000);
    expect(venue.connections).toHaveLength(1);
    expect(timers.pending).toBe(0);
    source.stop();
  });

  it('stop() closes the socket, silences the sink and leaves no timer', async () => {
    const { timers, venue, rec, source } = await started();
    source.stop();
    await settle();
    expect(venue.latest().closed).toBe(true);
    const before = rec.statuses.length;
    await run(timers, 120_000, 5000);
    expect(rec.statuses).toHaveLength(before);
    expect(rec.prices).toHaveLength(0);
    expect(timers.pending).toBe(0);
  });

  it('can start again after a stop', async () => {
    const { venue, rec, source } = await started();
    source.stop();
    source.start(ours, rec.sink);
    await settle();
    expect(venue.connections).toHaveLength(2);
    expect(rec.last()).toBe('live');
    venue.latest().send(c.frame(Object.values(c.symbols)[1], 7));
    await settle();
    expect(rec.prices.at(-1)).toMatchObject({ symbol: ours[1], price: 7 });
    source.stop();
  });
});
