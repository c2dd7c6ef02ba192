import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../core/market/instruments';
import { OFFLINE_PLAIN, type FeedSink, type FeedSource, type SourceId } from '../feeds';
import { FakeNetwork } from '../feeds/testkit';
import { Terminal } from './terminal';
import { LiveFeeds } from './live';

/** A venue the test drives by hand; `unreachable` makes it fail as a socket closed before opening does. */
class HandSource implements FeedSource {
  readonly label: string;
  sink: FeedSink | null = null;
  symbols: string[] = [];
  starts = 0;
  constructor(
    readonly id: SourceId,
    private readonly unreachable = false,
  ) {
    this.label = id === 'coinbase' ? 'Coinbase Exchange' : id;
  }
  venueSymbol(s: string): string | undefined {
    return s;
  }
  start(symbols: string[], sink: FeedSink): void {
    this.starts++;
    this.symbols = symbols;
    this.sink = sink;
    if (this.unreachable) sink.status('failed', 'closed with code 1006', { trouble: 'unreachable' });
    else sink.status('live');
  }
  stop(): void {
    this.sink = null;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

function setup() {
  const instruments = defaultCatalogue().filter((s) => ['FUN', 'BTCUSDT', 'ETHUSDT', 'AAPL'].includes(s.symbol));
  const terminal = new Terminal({ sim: { seed: 3, start: Date.UTC(2025, 2, 4, 15), instruments } });
  const venue = new HandSource('binance');
  const trades = new HandSource('binance');
  const live = new LiveFeeds(terminal, 'auto', null, { crypto: () => [venue], stocks: () => [], trades: () => [trades] });
  let arrived = 0;
  live.onArrive = () => arrived++;
  live.start();
  return { terminal, venue, trades, live, arrived: () => arrived };
}

describe('LiveFeeds: the leader applies live prices as journaled inputs', () => {
  it('a venue price becomes the reference at once, as one refs input, and the view says live', async () => {
    const { terminal, venue, live, arrived } = setup();
    expect(venue.symbols.sort()).toEqual(['BTCUSDT', 'ETHUSDT']);
    terminal.sim.inputs!.splice(0);
    venue.sink!.price('BTCUSDT', 64_321.1, Date.now(), 63_000);
    venue.sink!.price('ETHUSDT', 3_210.5, Date.now());
    await tick();
    expect(arrived()).toBeGreaterThan(0);
    live.apply();
    const btc = terminal.sim.markets.get('BTCUSDT')!;
    expect(btc.source).toBe('live');
    expect(btc.gbm.ticks * btc.spec.tick).toBeCloseTo(64_321.1, 2);
    expect(terminal.sim.inputs!.map((i) => i.t)).toEqual(['refs']);
    expect(live.view().crypto).toMatchObject({ state: 'live', source: 'binance' });
    // The venue's 24 h open is what the ticker's change is measured from.
    terminal.advance(200);
    const f = terminal.frame();
    expect(f.tickers.open24[terminal.instruments().findIndex((i) => i.symbol === 'BTCUSDT')]).toBe(63_000);
    live.stop();
  });

  it('the symbols on screen get the trade stream while Binance is live, and lose it when they leave the screen', async () => {
    const { venue, trades, live } = setup();
    venue.sink!.price('BTCUSDT', 64_000, Date.now());
    await tick();
    live.apply();
    live.watch(['BTCUSDT', 'FUN']);
    expect(trades.symbols).toEqual(['BTCUSDT']);
    trades.sink!.price('BTCUSDT', 64_010, Date.now());
    await tick();
    live.apply();
    live.watch([]);
    expect(trades.sink).toBeNull();
    live.stop();
  });
});

describe('LiveFeeds: what the view says when there is no venue', () => {
  const terminal = () => new Terminal({ sim: { seed: 3, start: Date.UTC(2025, 2, 4, 15), instruments: defaultCatalogue().filter((s) => ['BTCUSDT', 'AAPL'].includes(s.symbol)) } });

  it('offline: no venue is started, the view says so in plain words; online again, the venue starts at once', async () => {
    const net = new FakeNetwork(false);
    const venue = new HandSource('binance');
    const live = new LiveFeeds(terminal(), 'auto', null, { crypto: () => [venue], stocks: () => [], network: net });
    live.start();
    await tick();
    expect(venue.starts).toBe(0);
    expect(live.view().crypto).toMatchObject({ state: 'synthetic', reason: OFFLINE_PLAIN, detail: expect.stringMatching(/navigator\.onLine/) });
    net.set(true);
    await tick();
    expect(venue.starts).toBe(1);
    expect(live.view().crypto).toMatchObject({ state: 'live', source: 'binance' });
    expect(live.view().crypto?.reason).toBeUndefined();
    live.stop();
  });

  it('a venue that cannot be reached is named in plain words; what the browser said is the detail', async () => {
    const live = new LiveFeeds(terminal(), 'auto', null, { crypto: () => [new HandSource('coinbase', true), new HandSource('kraken')], stocks: () => [], network: new FakeNetwork(true) });
    live.start();
    await tick();
    expect(live.view().crypto).toMatchObject({ state: 'live', source: 'kraken', reason: 'Coinbase Exchange could not be reached', detail: 'Coinbase Exchange: closed with code 1006' });
    live.stop();
  });
});
