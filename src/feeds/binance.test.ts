import './testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import './testenv';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { CRYPTO } from '../core/market/instruments';
import { BinanceSource } from './binance';
import { binance } from './fixtures';
import { FakeTimers, isObj, mockVenue, recorder, run, settle } from './testkit';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PAIRS = CRYPTO.map((s) => s.symbol);

describe('Binance: the all-market mini ticker', () => {
  it('covers every pair with one stream, in the URL, sending nothing', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const source = new BinanceSource({ timers });
    const rec = recorder();
    source.start(PAIRS, rec.sink);
    await settle();
    expect(PAIRS.length).toBeGreaterThan(80);
    expect(venue.connections).toHaveLength(1);
    expect(venue.latest().url).toBe('wss://data-stream.binance.vision/stream?streams=!miniTicker@arr');
    expect(venue.latest().received).toHaveLength(0);
    expect(rec.last()).toBe('live');
    source.stop();
  });

  it('reads close and the 24 h open, for the pairs asked for only', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const source = new BinanceSource({ timers });
    const rec = recorder();
    source.start(['BTCUSDT', 'ETHUSDT'], rec.sink);
    await settle();
    venue.latest().send(binance.miniTickers([
      ['BTCUSDT', '91500.12000000', '90000.00000000'],
      ['BNBBTC', '0.0025', '0.0010'],
      ['ETHUSDT', '3050.5', '3100'],
    ], 1_765_000_000_000));
    await settle();
    expect(rec.prices).toEqual([
      { symbol: 'BTCUSDT', price: 91500.12, ts: 1_765_000_000_000, open24: 90000 },
      { symbol: 'ETHUSDT', price: 3050.5, ts: 1_765_000_000_000, open24: 3100 },
    ]);
    expect(rec.malformed).toEqual([]);
    source.stop();
  });

  it('counts a frame with one broken item once, and still takes the good items', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const source = new BinanceSource({ timers });
    const rec = recorder();
    source.start(['BTCUSDT'], rec.sink);
    await settle();
    const frame = binance.miniTickers([['BTCUSDT', '91000', '90000']]);
    (frame.data as unknown[]).push({ e: '24hrMiniTicker', s: 'ETHUSDT', c: '' }, 'junk');
    venue.latest().send(frame);
    await settle();
    expect(rec.prices.map((p) => p.price)).toEqual([91000]);
    expect(rec.malformed).toHaveLength(1);
    source.stop();
  });
});

describe('Binance: per-symbol streams', () => {
  it('reads <symbol>@trade and <symbol>@kline_1m payloads', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const trades = new BinanceSource({ timers, streams: 'trade' });
    const rec = recorder();
    trades.start(['BTCUSDT'], rec.sink);
    await settle();
    expect(venue.latest().url).toBe('wss://data-stream.binance.vision/stream?streams=btcusdt@trade');
    venue.latest().send(binance.trade('BTCUSDT', '91234.56', 1_765_000_000_123));
    await settle();
    trades.stop();
    const klines = new BinanceSource({ timers, streams: 'kline_1m' });
    klines.start(['ETHUSDT'], rec.sink);
    await settle();
    expect(venue.latest().url).toBe('wss://data-stream.binance.vision/stream?streams=ethusdt@kline_1m');
    venue.latest().send(binance.kline('ETHUSDT', '3051.25', 1_765_000_000_456));
    await settle();
    klines.stop();
    expect(rec.prices).toEqual([
      { symbol: 'BTCUSDT', price: 91234.56, ts: 1_765_000_000_123 },
      { symbol: 'ETHUSDT', price: 3051.25, ts: 1_765_000_000_456 },
    ]);
  });

  it('subscribes in chunks, never more than 5 messages in any second, and every stream exactly once', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const source = new BinanceSource({ timers, streams: 'trade', streamsPerMessage: 10 });
    const rec = recorder();
    source.start(PAIRS, rec.sink);
    await run(timers, 10_000, 50);

    const conn = venue.latest();
    const subs = conn.received.map((m) => JSON.parse(m.data) as { method: string; params: string[]; id: number });
    expect(subs.length).toBe(Math.ceil((PAIRS.length - 1) / 10));
    expect(subs.every((s) => s.method === 'SUBSCRIBE' && s.params.length <= 10)).toBe(true);
    expect(new Set(subs.map((s) => s.id)).size).toBe(subs.length);
    const first = new URL(conn.url).searchParams.get('streams');
    const all = [first, ...subs.flatMap((s) => s.params)];
    expect(all.sort()).toEqual(PAIRS.map((p) => `${p.toLowerCase()}@trade`).sort());

    // The limit counts every message in any rolling second.
    const at = conn.received.map((m) => m.at);
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(4);
    expect(at.at(-1)! - at[0]).toBeGreaterThanOrEqual(1000); // it did have to wait
    expect(rec.malformed).toEqual([]); // the {"result":null,"id":n} acks are understood
    source.stop();
    expect(timers.pending).toBe(0);
  });

  it('opens a further connection past 1024 streams', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const source = new BinanceSource({ timers, streams: 'trade', streamsPerMessage: 200 });
    const symbols = Array.from({ length: 1500 }, (_, i) => `T${String(i).padStart(4, '0')}USDT`);
    const rec = recorder();
    source.start(symbols, rec.sink);
    await run(timers, 5_000, 100);
    expect(venue.connections).toHaveLength(2);
    const streamsOf = (i: number): string[] => {
      const c = venue.connections[i];
      const subs = c.received.map((m) => JSON.parse(m.data) as { params: string[] });
      return [new URL(c.url).searchParams.get('streams') as string, ...subs.flatMap((s) => s.params)];
    };
    expect(streamsOf(0)).toHaveLength(1024);
    expect(streamsOf(1)).toHaveLength(1500 - 1024);
    expect(new Set([...streamsOf(0), ...streamsOf(1)]).size).toBe(1500);
    expect(rec.last()).toBe('live'); // live once both are open
    for (const c of venue.connections) {
      const at = c.received.map((m) => m.at);
      for (const t of at) expect(at.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
    }
    source.stop();
    await settle();
    expect(venue.connections.every((c) => c.closed)).toBe(true);
  });
});

describe('Binance: server shutdown and errors', () => {
  it.each([
    ['as the WebSocket API frames it', binance.shutdown()],
    ['as a stream event', { stream: '!miniTicker@arr', data: { e: 'serverShutdown', E: 1 } }],
    ['bare', { e: 'serverShutdown', E: 1 }],
  ])('a serverShutdown notice (%s) asks for a planned reconnect', async (_how, frame) => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const source = new BinanceSource({ timers });
    const rec = recorder();
    source.start(['BTCUSDT'], rec.sink);
    await settle();
    venue.latest().send(frame);
    await settle();
    expect(rec.statuses.at(-1)).toMatchObject({ state: 'reconnecting', flags: { planned: true } });
    expect(venue.latest().closed).toBe(true);
    expect(rec.malformed).toEqual([]);
  });

  it('declares a 24 h connection limit for the manager', () => {
    expect(new BinanceSource().maxConnectionMs).toBe(24 * 60 * 60 * 1000);
  });
});

describe('Binance: the REST probe', () => {
  it('passes on 200 {}', async () => {
    server.use(http.get(binance.ping, () => HttpResponse.json({})));
    expect(await new BinanceSource().probe()).toEqual({ ok: true });
  });

  it('reports HTTP 451 as permanent, with the reason', async () => {
    server.use(http.get(binance.ping, () => HttpResponse.json({ code: 0, msg: 'Service unavailable from a restricted location' }, { status: 451 })));
    const r = await new BinanceSource().probe();
    expect(r).toMatchObject({ ok: false, permanent: true });
    expect(!r.ok && r.reason).toMatch(/451/);
  });

  it('reports a network or CORS failure (a TypeError from fetch)', async () => {
    server.use(http.get(binance.ping, () => HttpResponse.error()));
    const r = await new BinanceSource().probe();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/CORS/);
    expect(!r.ok && r.permanent).toBeFalsy();
  });

  it('uses the injected fetch when given one', async () => {
    const urls: string[] = [];
    const source = new BinanceSource({
      fetch: async (url) => {
        urls.push(url);
        return new Response('{}', { status: 200 });
      },
    });
    expect(await source.probe()).toEqual({ ok: true });
    expect(urls).toEqual(['https://data-api.binance.vision/api/v3/ping']);
  });
});

// A reminder of what the mock answers: every SUBSCRIBE gets {"result":null,"id":n}.
describe('the Binance mock', () => {
  it('acknowledges SUBSCRIBE as Binance does', async () => {
    const timers = new FakeTimers();
    const venue = mockVenue(server, binance.url, timers, binance.script());
    const socket = new WebSocket(`${binance.url}?streams=btcusdt@trade`);
    const got: unknown[] = [];
    socket.onmessage = (e) => got.push(JSON.parse(String(e.data)));
    socket.onopen = () => socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['ethusdt@trade'], id: 1 }));
    await settle();
    expect(got).toEqual([{ result: null, id: 1 }]);
    expect(isObj(venue.sent()[0])).toBe(true);
    socket.close();
  });
});
