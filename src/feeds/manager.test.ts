// The manager over the real adapters, every venue mocked with msw in its own
// format, time and randomness injected.

import './testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { BinanceSource } from './binance';
import { CoinbaseSource } from './coinbase';
import { KrakenSource } from './kraken';
import { binance, coinbase, kraken } from './fixtures';
import { FeedManager, type FeedBatch, type FeedManagerOptions } from './manager';
import { FakeNetwork, FakeTimers, mockVenue, run, settle, type MockVenue, type VenueScript } from './testkit';
import { OFFLINE_PLAIN } from './words';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const refuse: VenueScript = { connect: () => 'refuse' };

interface Setup {
  timers: FakeTimers;
  /** Binance REST pings sent. */
  pings: () => number;
  m: FeedManager;
  batches: Array<FeedBatch & { at: number }>;
  venues: { binance: MockVenue; coinbase: MockVenue; kraken: MockVenue };
  /** Every symbol's source as the worker would track it from the batches. */
  sim: Map<string, { source: 'live' | 'synthetic'; price?: number }>;
}

function setup(o: {
  probe?: 'ok' | 451 | 'cors';
  binance?: VenueScript;
  coinbase?: VenueScript;
  kraken?: VenueScript;
  opts?: Partial<FeedManagerOptions>;
} = {}): Setup {
  const timers = new FakeTimers();
  const probe = o.probe ?? 'ok';
  let pings = 0;
  server.use(
    http.get(binance.ping, () =>
      ++pings && probe === 'ok' ? HttpResponse.json({}) : probe === 451 ? HttpResponse.json({ code: 0, msg: 'restricted location' }, { status: 451 }) : HttpResponse.error()),
  );
  const venues = {
    binance: mockVenue(server, binance.url, timers, o.binance ?? binance.script()),
    coinbase: mockVenue(server, coinbase.url, timers, o.coinbase ?? coinbase.script()),
    kraken: mockVenue(server, kraken.url, timers, o.kraken ?? kraken.script()),
  };
  const batches: Setup['batches'] = [];
  const sim: Setup['sim'] = new Map(SYMBOLS.map((s) => [s, { source: 'synthetic' as const }]));
  const m = new FeedManager({
    sources: [new BinanceSource({ timers }), new CoinbaseSource({ timers }), new KrakenSource({ timers })],
    symbols: SYMBOLS,
    timers,
    rng: () => 0.5,
    onBatch: (b) => {
      batches.push({ ...b, at: timers.now() });
      // What the worker does with a batch: prices first, then the hand-backs.
      for (const p of b.prices) sim.set(p.symbol, { source: 'live', price: p.price });
      for (const s of b.synthetic) sim.set(s, { ...sim.get(s), source: 'synthetic' });
    },
    ...o.opts,
  });
  return { timers, pings: () => pings, m, batches, venues, sim };
}

const btc = (price: number) => binance.miniTickers([['BTCUSDT', String(price), '90000'], ['ETHUSDT', String(price / 30), '3000']]);

describe('FeedManager: choosing a source', () => {
  it('in auto, takes Binance when its probe and socket work, and batches its prices', async () => {
    const { m, timers, venues, batches, sim } = setup();
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live', malformed: 0 });
    expect(m.status.reason).toBeUndefined();
    venues.binance.latest().send(btc(91000));
    await run(timers, 1000);
    const withPrices = batches.filter((b) => b.prices.length > 0);
    expect(withPrices[0].prices).toEqual([
      { symbol: 'BTCUSDT', price: 91000, ts: 1_700_000_000_000, open24: 90000 },
      { symbol: 'ETHUSDT', price: 91000 / 30, ts: 1_700_000_000_000, open24: 3000 },
    ]);
    expect(withPrices[0].live).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(sim.get('BTCUSDT')).toEqual({ source: 'live', price: 91000 });
    m.stop();
  });

  it('goes to Coinbase when Binance answers its REST ping with HTTP 451, and keeps the reason visible', async () => {
    const { m, timers, venues } = setup({ probe: 451 });
    m.start();
    await run(timers, 100);
    expect(venues.binance.connections).toHaveLength(0); // the probe spared a doomed socket
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'live' });
    expect(m.status.reason).toMatch(/Binance.*451/);
    expect(m.failures.binance).toMatch(/451/);
    venues.coinbase.latest().send(coinbase.ticker('BTC-USD', '91010.5'));
    await run(timers, 1000);
    expect(m.status.reason).toMatch(/451/); // still says why this is not Binance
    m.stop();
  });

  it('goes to the next source when the probe fails as a CORS failure does (fetch TypeError)', async () => {
    const { m, timers } = setup({ probe: 'cors' });
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'live' });
    expect(m.status.reason).toMatch(/CORS/);
    m.stop();
  });

  it('goes to the next source when a connection is refused (closed before it opened)', async () => {
    const { m, timers, venues } = setup({ binance: refuse, coinbase: refuse });
    m.start();
    await run(timers, 100);
    expect(venues.binance.connections).toHaveLength(1);
    expect(venues.coinbase.connections).toHaveLength(1);
    expect(m.status).toMatchObject({ source: 'kraken', state: 'live' });
    expect(m.status.reason).toMatch(/Coinbase.*1006/);
    expect(m.failures).toMatchObject({ binance: expect.stringMatching(/1006/), coinbase: expect.stringMatching(/1006/) });
    m.stop();
  });

  it('gives up on a source that connects but never subscribes, after the connect timeout', async () => {
    const { m, timers } = setup({ probe: 451, coinbase: {}, opts: { connectTimeoutMs: 10_000 } });
    m.start();
    await run(timers, 9_000, 500);
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'reconnecting' });
    await run(timers, 2_000, 500);
    expect(m.status).toMatchObject({ source: 'kraken', state: 'live' });
    expect(m.failures.coinbase).toMatch(/no connection within 10 s/);
    m.stop();
  });

  it('runs only the chosen source in a fixed mode, and nothing in synthetic mode', async () => {
    const { m, timers, venues } = setup({ opts: { mode: 'kraken' } });
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'kraken', state: 'live' });
    expect(venues.binance.connections).toHaveLength(0);
    m.setMode('synthetic');
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'synthetic', state: 'synthetic' });
    expect(venues.kraken.latest().closed).toBe(true);
    m.stop();
    expect(timers.pending).toBe(0);
  });
});

describe('FeedManager: batches', () => {
  it('delivers the latest price per symbol, at most once per flushMs', async () => {
    const { m, timers, venues, batches } = setup({ opts: { flushMs: 1000 } });
    m.start();
    await run(timers, 100);
    for (let i = 0; i < 30; i++) {
      venues.binance.latest().send(btc(91000 + i));
      await run(timers, 100);
    }
    await run(timers, 1000);
    const at = batches.map((b) => b.at);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(1000);
    const priced = batches.filter((b) => b.prices.length > 0);
    expect(priced.length).toBeGreaterThanOrEqual(2);
    expect(priced.length).toBeLessThanOrEqual(4);
    expect(priced.every((b) => b.prices.length === 2)).toBe(true); // one entry per symbol, not per frame
    expect(priced.at(-1)?.prices[0]).toMatchObject({ symbol: 'BTCUSDT', price: 91029 });
    m.stop();
  });

  it('counts malformed frames in the status', async () => {
    const { m, timers, venues, batches } = setup();
    m.start();
    await run(timers, 100);
    venues.binance.latest().send('{oops');
    venues.binance.latest().send({ stream: 'x', data: { e: 'mystery' } });
    await run(timers, 1500);
    expect(m.status.malformed).toBe(2);
    expect(batches.at(-1)?.status.malformed).toBe(2);
    m.stop();
  });
});

describe('FeedManager: reconnecting', () => {
  it('reconnects a dropped source with exponential backoff and full jitter, the symbols running synthetic meanwhile', async () => {
    const connects: number[] = [];
    let refusals = 2;
    const timers0 = { now: () => 0 };
    const script: VenueScript = {
      connect: () => {
        connects.push(timers0.now());
        if (connects.length > 1 && refusals-- > 0) return 'refuse';
      },
    };
    const s = setup({ binance: script });
    timers0.now = () => s.timers.now();
    const { m, timers, venues, sim } = s;
    m.start();
    await run(timers, 100);
    venues.binance.latest().send(btc(91000));
    await run(timers, 1000);
    expect(sim.get('BTCUSDT')?.source).toBe('live');

    venues.binance.latest().close(1012, 'service restart');
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'binance', state: 'reconnecting' });
    const droppedAt = m.status.since;
    expect(m.status.reason).toMatch(/1012/);
    await run(timers, 1000);
    expect(sim.get('BTCUSDT')).toEqual({ source: 'synthetic', price: 91000 }); // continues from the last live price

    await run(timers, 5000, 10);
    // rng 0.5 × the cap (1 s, 2 s, 4 s): 500 ms, then 1000 ms after the first refusal, then 2000 ms.
    const gaps = connects.slice(1).map((t, i) => t - (i === 0 ? droppedAt : connects[i]));
    expect(gaps[0]).toBeGreaterThanOrEqual(500);
    expect(gaps[0]).toBeLessThan(520);
    expect(gaps[1]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeLessThan(1020);
    expect(gaps[2]).toBeGreaterThanOrEqual(2000);
    expect(gaps[2]).toBeLessThan(2020);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live' });
    expect(venues.coinbase.connections).toHaveLength(0);

    venues.binance.latest().send(btc(92000));
    await run(timers, 1000);
    expect(sim.get('BTCUSDT')).toEqual({ source: 'live', price: 92000 });
    m.stop();
  });

  it('gives a source up for the next after maxRetries failed reconnects', async () => {
    let n = 0;
    const { m, timers, venues } = setup({ binance: { connect: () => (n++ > 0 ? 'refuse' : undefined) }, opts: { maxRetries: 3 } });
    m.start();
    await run(timers, 100);
    venues.binance.latest().close(1011, 'internal error');
    await run(timers, 20_000, 100);
    expect(venues.binance.connections).toHaveLength(4); // the first, then 3 reconnects
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'live' });
    expect(m.status.reason).toMatch(/gave up after 3 reconnects/);
    m.stop();
  });

  it('replaces a quiet source (connected, but no price for quietMs) with the next', async () => {
    const { m, timers, venues, sim } = setup({ opts: { quietMs: 20_000 } });
    m.start();
    await run(timers, 100);
    venues.binance.latest().send(btc(91000));
    await run(timers, 15_000, 500);
    expect(m.status.source).toBe('binance');
    await run(timers, 6_000, 500); // 20 s after the last price
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'live' });
    expect(m.status.reason).toMatch(/Binance: no price for 20 s/);
    expect(venues.binance.latest().closed).toBe(true);
    expect(sim.get('BTCUSDT')?.source).toBe('synthetic');
    venues.coinbase.latest().send(coinbase.ticker('BTC-USD', '91100'));
    await run(timers, 1000);
    expect(sim.get('BTCUSDT')).toEqual({ source: 'live', price: 91100 });
    m.stop();
  });

  it('reconnects at once on a serverShutdown notice, without counting it and without falling back', async () => {
    const { m, timers, venues, batches } = setup({ opts: { maxRetries: 1 } });
    m.start();
    await run(timers, 100);
    for (let i = 0; i < 4; i++) {
      venues.binance.latest().send(btc(91000 + i));
      await run(timers, 200);
      venues.binance.latest().send(binance.shutdown());
      await run(timers, 200);
    }
    expect(venues.binance.connections).toHaveLength(5);
    expect(venues.binance.connections.slice(0, 4).every((c) => c.closed)).toBe(true);
    expect(venues.coinbase.connections).toHaveLength(0);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live' });
    expect(batches.some((b) => b.synthetic.length > 0)).toBe(false); // the symbols never left the feed
    m.stop();
  });

  it("reconnects shortly before Binance's 24 h limit, and takes a close at the mark as planned", async () => {
    const { m, timers, venues, batches } = setup({ opts: { quietMs: 0, rotateBeforeMs: 60_000, limitSlackMs: 10 * 60_000, maxRetries: 0 } });
    m.start();
    await run(timers, 100);
    await run(timers, 24 * 3600_000 - 60_000 - 200, 3600_000);
    expect(venues.binance.connections).toHaveLength(1);
    await run(timers, 400);
    expect(venues.binance.connections).toHaveLength(2); // the planned reconnect
    expect(venues.binance.connections[0].closed).toBe(true);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live' });

    // Had the venue closed first, near the mark (our reconnect late, as in a throttled tab):
    // planned too, not a failure (maxRetries 0 would give up at once).
    await run(timers, 24 * 3600_000 - 5 * 60_000, 3600_000);
    venues.binance.latest().close(1001, 'going away');
    await run(timers, 200);
    expect(venues.binance.connections).toHaveLength(3);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live' });
    expect(venues.coinbase.connections).toHaveLength(0);
    expect(batches.some((b) => b.synthetic.length > 0)).toBe(false);
    m.stop();
  });
});

describe('FeedManager: synthetic, and stopping', () => {
  it('falls back to synthetic when every source fails, hands the symbols back, and tries again later', async () => {
    const { m, timers, venues, sim } = setup({
      probe: 451,
      coinbase: { ...coinbase.script(), connect: () => 'refuse' },
      kraken: { connect: () => 'refuse' },
      opts: { retryLiveMs: 60_000 },
    });
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'synthetic', state: 'synthetic' });
    expect(m.status.reason).toMatch(/Kraken.*1006/);
    expect(m.failures).toMatchObject({ binance: expect.stringMatching(/451/), coinbase: expect.any(String), kraken: expect.any(String) });
    expect(sim.get('BTCUSDT')?.source).toBe('synthetic');

    // The retry comes between half and all of retryLiveMs; Binance's 451 is permanent, so it starts at Coinbase.
    venues.coinbase.script.connect = undefined;
    await run(timers, 60_000, 1000);
    expect(venues.binance.connections).toHaveLength(0);
    expect(venues.coinbase.connections).toHaveLength(2);
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'live' });
    venues.coinbase.latest().send(coinbase.ticker('ETH-USD', '3001'));
    await run(timers, 1000);
    expect(sim.get('ETHUSDT')).toEqual({ source: 'live', price: 3001 });
    m.stop();
  });

  it('on going to the next source, hands the live symbols back before the next one prices them', async () => {
    const { m, timers, venues, batches } = setup({ opts: { quietMs: 5_000 } });
    m.start();
    await run(timers, 100);
    venues.binance.latest().send(btc(91000));
    await run(timers, 6_000, 500);
    const handBack = batches.find((b) => b.synthetic.length > 0);
    expect(handBack?.synthetic.sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(handBack?.status.source).toBe('coinbase');
    m.stop();
  });

  it('stop() closes every socket, leaves no timer, and hands the live symbols back', async () => {
    const { m, timers, venues, batches, sim } = setup();
    m.start();
    await run(timers, 100);
    venues.binance.latest().send(btc(91000));
    await run(timers, 1000);
    m.stop();
    await settle();
    expect(venues.binance.connections.every((c) => c.closed)).toBe(true);
    expect(timers.pending).toBe(0);
    expect(batches.at(-1)).toMatchObject({ synthetic: ['BTCUSDT', 'ETHUSDT'], status: { source: 'synthetic', state: 'synthetic', reason: 'stopped' } });
    expect(sim.get('BTCUSDT')).toEqual({ source: 'synthetic', price: 91000 });
    const n = batches.length;
    await run(timers, 120_000, 5000);
    expect(batches).toHaveLength(n);
    expect(venues.binance.connections).toHaveLength(1);
  });

  it('stop() during a backoff or a probe leaves nothing behind either', async () => {
    const { m, timers, venues } = setup();
    m.start();
    await run(timers, 100);
    venues.binance.latest().close(1012, 'restart');
    await run(timers, 100);
    expect(timers.pending).toBeGreaterThan(0); // the backoff
    m.stop();
    expect(timers.pending).toBe(0);
    m.start(); // the probe is in flight now
    m.stop();
    await run(timers, 5_000, 500);
    expect(venues.binance.connections).toHaveLength(1);
    expect(timers.pending).toBe(0);
  });
});

describe('FeedManager: offline', () => {
  const attempts = (s: Setup): number => s.pings() + s.venues.binance.connections.length + s.venues.coinbase.connections.length + s.venues.kraken.connections.length;

  it('started while the browser says offline: tries nothing, says so, and connects as soon as it says online', async () => {
    const net = new FakeNetwork(false);
    const s = setup({ opts: { network: net } });
    const { m, timers, batches } = s;
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'synthetic', state: 'synthetic', plain: OFFLINE_PLAIN });
    expect(m.status.reason).toMatch(/offline/);
    expect(batches.at(-1)?.status.plain).toBe(OFFLINE_PLAIN);
    // No retry timer either: an hour offline is an hour without an attempt.
    await run(timers, 60 * 60_000, 60_000);
    expect(attempts(s)).toBe(0);

    net.set(true);
    await run(timers, 100);
    expect(s.pings()).toBe(1);
    expect(s.venues.binance.connections).toHaveLength(1);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live' });
    expect(m.status.reason).toBeUndefined();
    m.stop();
    expect(net.subscribers).toBe(0);
  });

  it('live when the browser goes offline: keeps the socket while it delivers; when it drops, no reconnect until online, then at once', async () => {
    const net = new FakeNetwork(true);
    const s = setup({ opts: { network: net } });
    const { m, timers, venues, sim } = s;
    m.start();
    await run(timers, 100);
    venues.binance.latest().send(btc(91000));
    await run(timers, 1000);
    net.set(false);
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live' });

    venues.binance.latest().close(1006, '');
    await run(timers, 10 * 60_000, 1000);
    expect(m.status).toMatchObject({ source: 'synthetic', state: 'synthetic', plain: OFFLINE_PLAIN });
    expect(sim.get('BTCUSDT')).toEqual({ source: 'synthetic', price: 91000 });
    expect(attempts(s)).toBe(2); // the first ping and socket only

    net.set(true);
    await run(timers, 100);
    expect(attempts(s)).toBe(4);
    expect(m.status).toMatchObject({ source: 'binance', state: 'live' });
    m.stop();
  });

  it('going offline during a backoff cancels it; the next attempt waits for online', async () => {
    const net = new FakeNetwork(true);
    const s = setup({ opts: { network: net, backoffBaseMs: 30_000 } });
    const { m, timers, venues } = s;
    m.start();
    await run(timers, 100);
    venues.binance.latest().close(1012, 'service restart');
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'binance', state: 'reconnecting' });
    net.set(false);
    await run(timers, 5 * 60_000, 1000);
    expect(attempts(s)).toBe(2);
    expect(m.status.plain).toBe(OFFLINE_PLAIN);
    net.set(true);
    await run(timers, 100);
    expect(attempts(s)).toBe(4);
    m.stop();
  });

  it('back online after every venue failed: tries again at once, not after the minutes-long retry', async () => {
    const net = new FakeNetwork(true);
    const s = setup({ probe: 'cors', coinbase: refuse, kraken: refuse, opts: { network: net } });
    const { m, timers, venues } = s;
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'synthetic', state: 'synthetic' });
    expect(attempts(s)).toBe(3); // one each, then nothing for minutes
    net.set(false);
    net.set(true);
    venues.coinbase.script = coinbase.script();
    await run(timers, 100);
    expect(s.pings()).toBe(2);
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'live' });
    m.stop();
  });
});

describe('FeedManager: reasons in plain words', () => {
  it('names what went wrong for a person, keeping the technical reason beside it', async () => {
    const { m, timers } = setup({ probe: 'cors', coinbase: refuse });
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({ source: 'kraken', state: 'live', plain: 'Coinbase Exchange could not be reached' });
    expect(m.status.reason).toMatch(/Coinbase.*1006/);
    m.stop();
  });

  it('every venue failed: one sentence naming each, grouped by what happened, and when it tries again', async () => {
    const { m, timers } = setup({ probe: 451, coinbase: refuse, kraken: refuse });
    m.start();
    await run(timers, 100);
    expect(m.status).toMatchObject({
      state: 'synthetic',
      plain: 'Binance does not serve this location; Coinbase Exchange and Kraken could not be reached; trying again within 5 minutes',
    });
    m.stop();
  });

  it('a drop says the venue dropped the connection; a venue that keeps dropping is named so', async () => {
    let n = 0;
    const { m, timers, venues } = setup({ binance: { connect: () => (n++ > 0 ? 'refuse' : undefined) }, opts: { maxRetries: 2 } });
    m.start();
    await run(timers, 100);
    venues.binance.latest().close(1011, 'internal error');
    await run(timers, 100);
    expect(m.status).toMatchObject({ state: 'reconnecting', plain: 'Binance dropped the connection' });
    await run(timers, 20_000, 100);
    expect(m.status).toMatchObject({ source: 'coinbase', state: 'live', plain: 'Binance kept dropping the connection' });
    m.stop();
  });
});
