import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../core/market/instruments';
import { Sim } from '../core/sim/sim';
import { fakeDeps, fakeKlines, KLINES_URL } from '../feeds/klines.testkit';
import { chartHistory, HISTORY_CANDLES, type ChartHistoryDeps } from './chartHistory';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const START = Date.UTC(2026, 10, 20, 12, 0, 0);

function sim(seed = 5): Sim {
  const instruments = defaultCatalogue().filter((s) => ['FUN', 'BTCUSDT'].includes(s.symbol));
  const s = new Sim({ seed, start: START, instruments });
  for (let i = 0; i < 600; i++) s.step(100); // a minute of trading: the sim's own first candles
  return s;
}

function deps(): ChartHistoryDeps {
  return { cache: null, klines: fakeDeps(START + 60_000) };
}

describe('chartHistory', () => {
  it('draws Binance klines before the sim when they can be fetched', async () => {
    server.use(fakeKlines({ now: () => START + 60_000 }).handler);
    const h = await chartHistory(sim(), 'BTCUSDT', '1m', false, deps());
    expect(h?.source).toBe('Binance');
    expect(h?.candles.t.length).toBe(HISTORY_CANDLES);
    expect(h?.partial).toBeNull();
  });

  it('offline with nothing cached: a sample from the pair’s model, ending at the sim’s first open, saying why', async () => {
    server.use(http.get(KLINES_URL, () => HttpResponse.error()));
    const s = sim();
    const first = s.markets.get('BTCUSDT')!.candles.series('1m').first()!;
    const h = (await chartHistory(s, 'BTCUSDT', '1m', false, deps()))!;
    expect(h.source).toBe('sample');
    expect(h.partial).toMatch(/.+/);
    const n = h.candles.t.length;
    expect(n).toBe(HISTORY_CANDLES);
    // It ends just before the sim's first candle, which it joins without a jump, and has no volume.
    expect(h.candles.t[n - 1]).toBe(first.t / 1000 - 60);
    const tick = s.markets.get('BTCUSDT')!.spec.tick;
    expect(h.candles.c[n - 1]).toBeCloseTo(first.o * tick, 6);
    expect(h.candles.v.every((v) => v === 0)).toBe(true);
    // The same sim seed draws the same sample; another draws another.
    const again = (await chartHistory(sim(), 'BTCUSDT', '1m', false, deps()))!;
    expect(Array.from(again.candles.c)).toEqual(Array.from(h.candles.c));
    const other = (await chartHistory(sim(6), 'BTCUSDT', '1m', false, deps()))!;
    expect(Array.from(other.candles.c)).not.toEqual(Array.from(h.candles.c));
  });

  it('a geo-block (451) also gets the sample, with Binance’s reason', async () => {
    server.use(http.get(KLINES_URL, () => HttpResponse.json({ code: 0, msg: 'restricted location' }, { status: 451 })));
    const h = (await chartHistory(sim(), 'BTCUSDT', '1h', false, deps()))!;
    expect(h.source).toBe('sample');
    expect(h.partial).toMatch(/451|location|restrict/i);
  });

  it('the cache-only answer never invents candles, and the sim’s own markets have no history', async () => {
    const h = await chartHistory(sim(), 'BTCUSDT', '1m', true, deps());
    expect(h).toEqual({ candles: expect.anything(), source: 'Binance', partial: null, cached: true });
    expect(h?.candles.t.length).toBe(0);
    expect(await chartHistory(sim(), 'FUN', '1m', false, deps())).toBeNull();
  });
});
