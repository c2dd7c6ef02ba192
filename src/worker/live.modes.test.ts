// LiveFeeds beyond the first live price (live.test.ts): the person's choice of
// source, their Alpaca keys, symbols handed back to the generator, and what the
// view says when every venue failed.
import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../core/market/instruments';
import type { FeedSink, FeedSource, SourceId } from '../feeds';
import { Terminal } from './terminal';
import { LiveFeeds } from './live';

/** A venue the test drives by hand: it connects when told, or fails as told. */
class HandSource implements FeedSource {
  sink: FeedSink | null = null;
  symbols: string[] = [];
  starts = 0;
  constructor(
    readonly id: SourceId,
    readonly label: string,
    private readonly fails?: string,
  ) {}
  venueSymbol(s: string): string | undefined {
    return s;
  }
  start(symbols: string[], sink: FeedSink): void {
    this.starts++;
    this.symbols = symbols;
    this.sink = sink;
    if (this.fails !== undefined) sink.status('failed', this.fails, { permanent: true });
    else sink.status('live');
  }
  stop(): void {
    this.sink = null;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

function terminal() {
  const instruments = defaultCatalogue().filter((s) => ['FUN', 'BTCUSDT', 'ETHUSDT', 'AAPL'].includes(s.symbol));
  return new Terminal({ sim: { seed: 3, start: Date.UTC(2025, 2, 4, 15), instruments } });
}

describe('LiveFeeds: modes, keys and fallbacks', () => {
  it('choosing synthetic hands the live symbols back to the generator, as journaled inputs, and the view says so', async () => {
    const t = terminal();
    const venue = new HandSource('binance', 'Binance');
    const live = new LiveFeeds(t, 'auto', null, { crypto: () => [venue], stocks: () => [] });
    live.start();
    venue.sink!.price('BTCUSDT', 64_000, Date.now(), 63_000);
    await tick();
    live.apply();
    expect(t.sim.markets.get('BTCUSDT')!.source).toBe('live');
    t.sim.inputs!.splice(0);
    live.setMode('synthetic');
    await tick();
    live.apply();
    expect(t.sim.markets.get('BTCUSDT')!.source).not.toBe('live');
    expect(t.sim.inputs!.filter((i) => i.t === 'synthetic').map((i) => (i as { symbol: string }).symbol).sort()).toEqual(['BTCUSDT']);
    expect(live.view()).toMatchObject({ mode: 'synthetic', crypto: { state: 'synthetic', source: 'synthetic', label: 'Synthetic', reason: 'synthetic prices chosen' } });
    // Nothing new arrived: apply() records nothing.
    t.sim.inputs!.splice(0);
    live.apply();
    expect(t.sim.inputs).toEqual([]);
    live.stop();
  });

  it('every venue failing: the view names each one’s reason, its name said once (not again where the reason starts with it)', async () => {
    const t = terminal();
    const sources = [new HandSource('binance', 'Binance', 'HTTP 451'), new HandSource('coinbase', 'Coinbase', 'Coinbase closed the socket')];
    const live = new LiveFeeds(t, 'auto', null, { crypto: () => sources, stocks: () => [] });
    live.start();
    await tick();
    expect(sources.map((s) => s.starts)).toEqual([1, 1]);
    expect(live.view().crypto).toMatchObject({ state: 'synthetic', reason: 'Binance: HTTP 451; Coinbase closed the socket' });
    live.stop();
    expect(live.view()).toEqual({ mode: 'auto', crypto: null, stocks: null, alpaca: false });
  });

  it('one venue failing: its own reason, as the manager gives it', async () => {
    const t = terminal();
    const live = new LiveFeeds(t, 'kraken', null, { crypto: () => [new HandSource('kraken', 'Kraken', 'refused')], stocks: () => [] });
    live.start();
    await tick();
    expect(live.view().crypto).toMatchObject({ state: 'synthetic', label: 'Synthetic', reason: 'Kraken: refused' });
    live.stop();
  });

  it('Alpaca keys start the stocks feed (at once once running, else at start); its prices reach the stocks; no keys stop it', async () => {
    const t = terminal();
    const made: { key: string; secret: string }[] = [];
    let alpaca: HandSource | null = null;
    const live = new LiveFeeds(t, 'synthetic', null, {
      crypto: () => [],
      stocks: (k) => {
        made.push(k);
        return [(alpaca = new HandSource('alpaca', 'Alpaca'))];
      },
    });
    // Before start: kept, not started.
    live.setKeys({ key: 'K1', secret: 'S1' });
    expect(made).toEqual([]);
    live.start();
    expect(made).toEqual([{ key: 'K1', secret: 'S1' }]);
    expect(alpaca!.symbols).toEqual(['AAPL']);
    expect(live.view()).toMatchObject({ alpaca: true, stocks: { source: 'alpaca', label: 'Alpaca (IEX)', state: 'live' } });
    alpaca!.sink!.price('AAPL', 201.25, Date.now());
    await tick();
    live.apply();
    expect(t.sim.markets.get('AAPL')!.source).toBe('live');
    // New keys: the old feed stops, a new one starts with them.
    const first = alpaca!;
    live.setKeys({ key: 'K2', secret: 'S2' });
    expect(first.sink).toBeNull();
    expect(made.at(-1)).toEqual({ key: 'K2', secret: 'S2' });
    live.setKeys(null);
    expect(alpaca!.sink).toBeNull();
    expect(live.view()).toMatchObject({ alpaca: false, stocks: null });
    expect(made).toHaveLength(2);
    live.stop();
  });
});
