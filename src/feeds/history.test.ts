import 'fake-indexeddb/auto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Code } from '../core/codes';
import type { Store } from '../storage/store';
import { openStore } from '../storage/testkit';
import { loadHistory, type HistoryDeps } from './history';
import type { CandleData } from './klines';
import { fakeDeps, fakeKlines, KLINES_URL, params } from './klines.testkit';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const M = 60_000;
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const NOW_MIN = Math.floor(NOW / M) * M;
const T0 = NOW_MIN - 1000 * M;

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  vi.restoreAllMocks();
});
async function setup(): Promise<{ store: Store; deps: HistoryDeps & { seen: CandleData[] } }> {
  const store = await openStore();
  stores.push(store);
  const seen: CandleData[] = [];
  return { store, deps: { ...fakeDeps(NOW), cache: store.klines, onCached: (c) => seen.push(c), seen } };
}

/** Candles the fake exchange serves, as the cache would hold them. */
async function prefill(store: Store, fromMin: number, toMin: number): Promise<void> {
  const rows = Array.from({ length: toMin - fromMin }, (_, i) => {
    const t = T0 + (fromMin + i) * M;
    const o = 100 + ((t / M) % 50);
    return { t, o, h: o + 2, l: o - 1, c: o + 1, v: 12.5 };
  });
  const r = await store.klines.put('BTCUSDT', '1m', rows, T0 + fromMin * M, T0 + toMin * M);
  if (!r.ok) throw new Error(r.message);
}

const secs = (d: CandleData): number[] => [...d.t];
const minutes = (fromMin: number, toMin: number): number[] => Array.from({ length: toMin - fromMin }, (_, i) => (T0 + (fromMin + i) * M) / 1000);

describe('loadHistory', () => {
  it('hands over the cache at once, then fetches only the gaps (one request each), stores them and merges', async () => {
    const { store, deps } = await setup();
    await prefill(store, 100, 200);
    await prefill(store, 300, 400);
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);

    const r = await loadHistory('BTCUSDT', '1m', T0, T0 + 500 * M, deps);

    // The cached candles came first, before any request.
    expect(deps.seen).toHaveLength(1);
    expect(secs(deps.seen[0])).toEqual([...minutes(100, 200), ...minutes(300, 400)]);
    // Three gaps, three requests, newest first, each exactly its gap.
    expect(ex.requests.map(params)).toEqual([
      { symbol: 'BTCUSDT', interval: '1m', limit: '100', startTime: String(T0 + 400 * M), endTime: String(T0 + 500 * M - 1) },
      { symbol: 'BTCUSDT', interval: '1m', limit: '100', startTime: String(T0 + 200 * M), endTime: String(T0 + 300 * M - 1) },
      { symbol: 'BTCUSDT', interval: '1m', limit: '100', startTime: String(T0), endTime: String(T0 + 100 * M - 1) },
    ]);
    expect(r).toMatchObject({ complete: true, partial: null, gaps: [], fromCache: 200, fetched: 300, requests: 3, storage: null });
    expect(secs(r.candles)).toEqual(minutes(0, 500));
    expect(r.candles.o[0]).toBe(100 + ((T0 / M) % 50));

    // Stored with their spans: the range is now one, and a second load sends nothing.
    expect(await store.klines.spans('BTCUSDT', '1m')).toEqual({ ok: true, spans: [{ from: T0, to: T0 + 500 * M }] });
    const again = await loadHistory('BTCUSDT', '1m', T0, T0 + 500 * M, deps);
    expect(ex.requests).toHaveLength(3);
    expect(again).toMatchObject({ complete: true, fromCache: 500, fetched: 0, requests: 0 });
    expect(secs(again.candles)).toEqual(minutes(0, 500));
  });

  it('returns the candle still forming but does not cache it, so the next load fetches only the fresh tail', async () => {
    const { store, deps } = await setup();
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    const r = await loadHistory('BTCUSDT', '1m', NOW_MIN - 10 * M, NOW_MIN + M, deps);
    expect(secs(r.candles).at(-1)).toBe(NOW_MIN / 1000);
    expect(r.candles.t).toHaveLength(11);
    expect(await store.klines.spans('BTCUSDT', '1m')).toEqual({ ok: true, spans: [{ from: NOW_MIN - 10 * M, to: NOW_MIN }] });

    const later = await loadHistory('BTCUSDT', '1m', NOW_MIN - 10 * M, NOW_MIN + M, deps);
    expect(params(ex.requests[1])).toMatchObject({ startTime: String(NOW_MIN), limit: '1' });
    expect(later).toMatchObject({ complete: true, fromCache: 10, fetched: 1, requests: 1 });
  });

  it('offline: serves the cache and says the result is partial, why, and what is missing', async () => {
    const { store, deps } = await setup();
    await prefill(store, 100, 200);
    server.use(http.get(KLINES_URL, () => HttpResponse.error()));
    const r = await loadHistory('BTCUSDT', '1m', T0, T0 + 300 * M, deps);
    expect(secs(r.candles)).toEqual(minutes(100, 200));
    expect(secs(deps.seen[0])).toEqual(minutes(100, 200));
    expect(r).toMatchObject({ complete: false, fromCache: 100, fetched: 0, requests: 1, storage: null });
    expect(r.partial).toMatchObject({ reason: 'network', message: expect.stringMatching(/offline/) });
    expect(r.gaps).toEqual([{ from: T0, to: T0 + 100 * M }, { from: T0 + 200 * M, to: T0 + 300 * M }]);
  });

  it('the browser says offline: the cache is served without a single request, partial with reason offline; online again, the gaps are fetched', async () => {
    const { store, deps } = await setup();
    await prefill(store, 100, 200);
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    let online = false;
    const offlineDeps = { ...deps, online: () => online };
    const r = await loadHistory('BTCUSDT', '1m', T0, T0 + 300 * M, offlineDeps);
    expect(ex.requests).toHaveLength(0);
    expect(secs(r.candles)).toEqual(minutes(100, 200));
    expect(r).toMatchObject({ complete: false, fromCache: 100, fetched: 0, requests: 0, storage: null });
    expect(r.partial).toEqual({ reason: 'offline', message: 'You are offline, so nothing was fetched from Binance.' });
    expect(r.gaps).toEqual([{ from: T0, to: T0 + 100 * M }, { from: T0 + 200 * M, to: T0 + 300 * M }]);

    online = true;
    const back = await loadHistory('BTCUSDT', '1m', T0, T0 + 300 * M, offlineDeps);
    expect(ex.requests).toHaveLength(2);
    expect(back).toMatchObject({ complete: true, partial: null, requests: 2 });
  });

  it('geo-blocked after the newest gap: that gap is filled and stored, the rest reported', async () => {
    const { store, deps } = await setup();
    await prefill(store, 100, 200);
    const ex = fakeKlines({ now: () => NOW });
    let n = 0;
    server.use(http.get(KLINES_URL, () => (++n > 1 ? HttpResponse.json({ code: 0, msg: 'restricted location' }, { status: 451 }) : undefined)), ex.handler);
    const r = await loadHistory('BTCUSDT', '1m', T0, T0 + 300 * M, deps);
    expect(n).toBe(2);
    expect(r).toMatchObject({ complete: false, partial: { reason: 'geo-blocked' }, gaps: [{ from: T0, to: T0 + 100 * M }], fromCache: 100, fetched: 100 });
    expect(secs(r.candles)).toEqual(minutes(100, 300));
    expect(await store.klines.spans('BTCUSDT', '1m')).toEqual({ ok: true, spans: [{ from: T0 + 100 * M, to: T0 + 300 * M }] });
  });

  it('shares one request budget across the gaps', async () => {
    const { deps } = await setup();
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    const r = await loadHistory('BTCUSDT', '1m', NOW_MIN - 5000 * M, NOW_MIN, { ...deps, paging: { maxRequests: 3 } });
    expect(ex.requests).toHaveLength(3);
    expect(r).toMatchObject({ complete: false, partial: { reason: 'budget' }, gaps: [{ from: NOW_MIN - 5000 * M, to: NOW_MIN - 3000 * M }] });
    expect(r.candles.t).toHaveLength(3000);
  });

  it('a cache that cannot be written: the history is whole, the storage problem is reported', async () => {
    const { store, deps } = await setup();
    vi.spyOn(store.db.klines, 'bulkPut').mockRejectedValue(new DOMException('Quota exceeded', 'QuotaExceededError'));
    server.use(fakeKlines({ now: () => NOW }).handler);
    const r = await loadHistory('BTCUSDT', '1m', T0, T0 + 50 * M, deps);
    expect(r).toMatchObject({ complete: true, partial: null, fetched: 50, storage: { ok: false, code: Code.STORAGE_FULL } });
  });

  it('without a cache, fetches everything', async () => {
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    const r = await loadHistory('BTCUSDT', '1m', T0, T0 + 50 * M, { ...fakeDeps(NOW), cache: null });
    expect(r).toMatchObject({ complete: true, fetched: 50, fromCache: 0, requests: 1 });
  });

  it('refuses a bad request without sending it', async () => {
    const r = await loadHistory('BTCUSDT', '2m' as '1m', T0, T0 + M, { ...fakeDeps(NOW), cache: null });
    expect(r).toMatchObject({ complete: false, partial: { reason: 'invalid' }, requests: 0 });
  });
});
