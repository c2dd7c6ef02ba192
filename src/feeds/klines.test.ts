import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CandleData as ProtocolCandleData } from '../protocol';
import { fetchKlines, pageBack, parseKlines, toCandleData, type CandleData } from './klines';
import { fakeDeps, fakeKlines, KLINES_URL, params, row } from './klines.testkit';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const M = 60_000;
const D = 86_400_000;
/** A fixed "now": 2025-01-02 03:04:05 UTC. */
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const NOW_MIN = Math.floor(NOW / M) * M;

// The documented example row has the shape of a 1w candle; this is the same
// row with a 1d candle's close time (open time + 1 day − 1 ms).
const DOC_ROW = [1499040000000, '0.01634790', '0.80000000', '0.01575800', '0.01577100', '148976.11427815', 1499126399999, '2434.19055334', 308, '1756.87402397', '28.46694368', '0'];

describe('fetchKlines', () => {
  it("parses Binance's row arrays: open time, OHLC and base volume from decimal strings", async () => {
    let query: Record<string, string> = {};
    server.use(
      http.get(KLINES_URL, ({ request }) => {
        query = params(new URL(request.url).searchParams);
        return HttpResponse.json([DOC_ROW, [...DOC_ROW.slice(0, 6).map((x, i) => (i === 0 ? 1499126400000 : x)), 1499212799999, ...DOC_ROW.slice(7), 'a later field']]);
      }),
    );
    const r = await fetchKlines('BNBBTC', '1d', { endTime: 1499212799999, limit: 2 }, fakeDeps(NOW));
    expect(query).toEqual({ symbol: 'BNBBTC', interval: '1d', limit: '2', endTime: '1499212799999' });
    expect(r).toEqual({
      ok: true,
      usedWeight: null,
      rows: [
        { t: 1499040000000, o: 0.0163479, h: 0.8, l: 0.015758, c: 0.015771, v: 148976.11427815 },
        { t: 1499126400000, o: 0.0163479, h: 0.8, l: 0.015758, c: 0.015771, v: 148976.11427815 },
      ],
    });
  });

  const malformed: [string, unknown, RegExp][] = [
    ['not a list', { rows: [] }, /not a list of rows/],
    ['a row that is an object', [{ t: 1 }], /row 1 is not an array of 12 fields/],
    ['a short row', [DOC_ROW.slice(0, 11)], /row 1 is not an array of 12 fields/],
    ['a price as a number', [[...DOC_ROW.slice(0, 1), 0.0163479, ...DOC_ROW.slice(2)]], /row 1: field 2 is not a decimal string/],
    ['a price with an exponent', [[...DOC_ROW.slice(0, 4), '1e-2', ...DOC_ROW.slice(5)]], /row 1: field 5 is not a decimal string/],
    ['a negative volume', [[...DOC_ROW.slice(0, 5), '-1', ...DOC_ROW.slice(6)]], /field 6 is not a decimal/],
    ['an open time as a string', [['1499040000000', ...DOC_ROW.slice(1)]], /open time is not a whole number/],
    ['an open time off the interval', [[1499040000001, ...DOC_ROW.slice(1, 6), 1499126400000, ...DOC_ROW.slice(7)]], /not on a 1d boundary/],
    ["another interval's close time", [[...DOC_ROW.slice(0, 6), 1499644799999, ...DOC_ROW.slice(7)]], /close time .* last millisecond/],
    ['a fractional trade count', [[...DOC_ROW.slice(0, 8), 3.5, ...DOC_ROW.slice(9)]], /trade count/],
    ['a low above the close', [[...DOC_ROW.slice(0, 3), '0.02', ...DOC_ROW.slice(4)]], /high and low do not bound/],
    ['open times that do not rise', [DOC_ROW, DOC_ROW], /row 2: open times do not rise/],
    ['a row after endTime', [DOC_ROW], /after endTime/],
  ];
  for (const [what, body, why] of malformed) {
    it(`refuses ${what}, as a result (no throw)`, async () => {
      server.use(http.get(KLINES_URL, () => HttpResponse.json(body as never)));
      const endTime = what === 'a row after endTime' ? 1499039999999 : 1499999999999;
      const r = await fetchKlines('BNBBTC', '1d', { endTime, limit: 5 }, fakeDeps(NOW));
      expect(r).toMatchObject({ ok: false, reason: 'malformed', status: 200 });
      if (!r.ok) expect(r.message).toMatch(why);
    });
  }

  it('refuses more rows than the limit, and a body that is not JSON', async () => {
    expect(parseKlines([DOC_ROW, [1499126400000, ...DOC_ROW.slice(1, 6), 1499212799999, ...DOC_ROW.slice(7)]], '1d', { limit: 1 })).toMatchObject({
      ok: false, reason: 'malformed', message: expect.stringMatching(/2 rows for a limit of 1/),
    });
    server.use(http.get(KLINES_URL, () => HttpResponse.text('<html>maintenance</html>')));
    expect(await fetchKlines('BNBBTC', '1d', { limit: 5 }, fakeDeps(NOW))).toMatchObject({ ok: false, reason: 'malformed', message: expect.stringMatching(/not JSON/) });
  });

  it('refuses to send a bad request', async () => {
    const d = fakeDeps(NOW);
    expect(await fetchKlines('btc/usdt', '1m', { limit: 5 }, d)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await fetchKlines('BTCUSDT', '3m' as '1m', { limit: 5 }, d)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await fetchKlines('BTCUSDT', '1m', { limit: 1001 }, d)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await fetchKlines('BTCUSDT', '1m', { limit: 5, startTime: 10, endTime: 5 }, d)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it("reports Binance's error body, 451 and a network failure by reason", async () => {
    server.use(http.get(KLINES_URL, () => HttpResponse.json({ code: -1121, msg: 'Invalid symbol.' }, { status: 400 }), { once: true }));
    expect(await fetchKlines('NOPEUSDT', '1m', { limit: 5 }, fakeDeps(NOW))).toEqual({
      ok: false, reason: 'http', status: 400, message: 'Binance answered HTTP 400. Binance says: Invalid symbol. (-1121)',
    });
    server.use(http.get(KLINES_URL, () => HttpResponse.json({ code: 0, msg: 'Service unavailable from a restricted location.' }, { status: 451 }), { once: true }));
    expect(await fetchKlines('BTCUSDT', '1m', { limit: 5 }, fakeDeps(NOW))).toMatchObject({ ok: false, reason: 'geo-blocked', status: 451 });
    server.use(http.get(KLINES_URL, () => HttpResponse.error(), { once: true }));
    expect(await fetchKlines('BTCUSDT', '1m', { limit: 5 }, fakeDeps(NOW))).toMatchObject({ ok: false, reason: 'network', message: expect.stringMatching(/offline.*CORS/) });
  });

  it('reads Retry-After on 429 and 418, in seconds or as a date', async () => {
    server.use(http.get(KLINES_URL, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }), { once: true }));
    expect(await fetchKlines('BTCUSDT', '1m', { limit: 5 }, fakeDeps(NOW))).toMatchObject({ ok: false, reason: 'rate-limited', retryAfterMs: 7000 });
    const date = new Date(NOW + 120_000).toUTCString();
    server.use(http.get(KLINES_URL, () => new HttpResponse(null, { status: 418, headers: { 'Retry-After': date } }), { once: true }));
    expect(await fetchKlines('BTCUSDT', '1m', { limit: 5 }, fakeDeps(NOW))).toMatchObject({ ok: false, reason: 'banned', retryAfterMs: 120_000 });
  });
});

describe('pageBack', () => {
  it('pages back 1000 candles a request, chaining endTime to the oldest open time − 1, and asks the last page from startTime', async () => {
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    const to = NOW_MIN - 10 * M;
    const from = to - 2500 * M;
    const r = await pageBack('BTCUSDT', '1m', from, to, fakeDeps(NOW));
    expect(ex.requests.map(params)).toEqual([
      { symbol: 'BTCUSDT', interval: '1m', limit: '1000', endTime: String(to - 1) },
      { symbol: 'BTCUSDT', interval: '1m', limit: '1000', endTime: String(to - 1000 * M - 1) },
      { symbol: 'BTCUSDT', interval: '1m', limit: '500', startTime: String(from), endTime: String(to - 2000 * M - 1) },
    ]);
    expect(r).toMatchObject({ complete: true, stop: null, requests: 3, covered: { from, to } });
    expect(r.rows).toHaveLength(2500);
    expect(r.rows[0].t).toBe(from);
    expect(r.rows[2499].t).toBe(to - M);
    expect(r.rows.every((k, i) => i === 0 || k.t === r.rows[i - 1].t + M)).toBe(true);
  });

  it('aligns unaligned bounds up to the interval', async () => {
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    const r = await pageBack('BTCUSDT', '1d', Date.UTC(2024, 0, 1, 12), Date.UTC(2024, 0, 11, 1), fakeDeps(NOW));
    expect(params(ex.requests[0])).toMatchObject({ startTime: String(Date.UTC(2024, 0, 2)), endTime: String(Date.UTC(2024, 0, 12) - 1), limit: '10' });
    expect(r.covered).toEqual({ from: Date.UTC(2024, 0, 2), to: Date.UTC(2024, 0, 12) });
    expect(r.rows.map((k) => k.t)).toEqual(Array.from({ length: 10 }, (_, i) => Date.UTC(2024, 0, 2) + i * D));
  });

  it('stops when the exchange has nothing older (a short page), covering the whole span', async () => {
    const listedAt = NOW_MIN - 1500 * M;
    const ex = fakeKlines({ now: () => NOW, listedAt });
    server.use(ex.handler);
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 5000 * M, NOW_MIN, fakeDeps(NOW));
    expect(ex.requests).toHaveLength(2);
    expect(r).toMatchObject({ complete: true, covered: { from: NOW_MIN - 5000 * M, to: NOW_MIN } });
    expect(r.rows).toHaveLength(1500);
    expect(r.rows[0].t).toBe(listedAt);
  });

  it('backs off on 429 for Retry-After, then goes on', async () => {
    const ex = fakeKlines({ now: () => NOW });
    let n = 0;
    server.use(
      http.get(KLINES_URL, () => {
        n++;
        return n === 2 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3' } }) : undefined;
      }),
      ex.handler,
    );
    const d = fakeDeps(NOW);
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 2000 * M, NOW_MIN, d);
    expect(d.slept).toEqual([3000]);
    expect(r).toMatchObject({ complete: true, requests: 3, waitedMs: 3000 });
    expect(r.rows).toHaveLength(2000);
    // The retry asked for the same (last) page again.
    expect(params(ex.requests[1])).toEqual({
      symbol: 'BTCUSDT', interval: '1m', limit: '1000', startTime: String(NOW_MIN - 2000 * M), endTime: String(NOW_MIN - 1000 * M - 1),
    });
  });

  it('backs off 1, 2, 4 s without Retry-After, then stops rate-limited, keeping what it has', async () => {
    const ex = fakeKlines({ now: () => NOW });
    let n = 0;
    server.use(http.get(KLINES_URL, () => (++n > 1 ? new HttpResponse(null, { status: 429 }) : undefined)), ex.handler);
    const d = fakeDeps(NOW);
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 3000 * M, NOW_MIN, d);
    expect(d.slept).toEqual([1000, 2000, 4000]);
    expect(r).toMatchObject({ complete: false, requests: 5, stop: { reason: 'rate-limited' }, covered: { from: NOW_MIN - 1000 * M, to: NOW_MIN } });
    expect(r.rows).toHaveLength(1000);
  });

  it('does not wait out a long 418 ban: stops with the reason and when to retry', async () => {
    server.use(http.get(KLINES_URL, () => new HttpResponse(null, { status: 418, headers: { 'Retry-After': '7200' } })));
    const d = fakeDeps(NOW);
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 10 * M, NOW_MIN, d);
    expect(d.slept).toEqual([]);
    expect(r).toMatchObject({ complete: false, covered: null, rows: [], stop: { reason: 'banned', retryAfterMs: 7_200_000, message: expect.stringMatching(/7200 s/) } });
  });

  it('stops on 451 with the reason, keeping the pages before it', async () => {
    const ex = fakeKlines({ now: () => NOW });
    let n = 0;
    server.use(http.get(KLINES_URL, () => (++n === 2 ? HttpResponse.json({ code: 0, msg: 'Service unavailable from a restricted location' }, { status: 451 }) : undefined)), ex.handler);
    const d = fakeDeps(NOW);
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 3000 * M, NOW_MIN, d);
    expect(r.stop).toMatchObject({ reason: 'geo-blocked', status: 451, message: expect.stringMatching(/does not serve market data to this location.*restricted location/) });
    expect(r).toMatchObject({ complete: false, requests: 2, covered: { from: NOW_MIN - 1000 * M, to: NOW_MIN } });
    expect(d.slept).toEqual([]);
    expect(n).toBe(2);
  });

  it('stops on a network (or CORS) failure with the reason', async () => {
    server.use(http.get(KLINES_URL, () => HttpResponse.error()));
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 3000 * M, NOW_MIN, fakeDeps(NOW));
    expect(r).toMatchObject({ complete: false, requests: 1, covered: null, stop: { reason: 'network' } });
  });

  it('sends nothing while the browser says offline: stops with reason offline, keeping the pages fetched before', async () => {
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    let online = true;
    const budget = { left: 5 };
    // The browser goes offline once the first page has come.
    const d = { ...fakeDeps(NOW), online: () => online, fetch: async (url: string, init?: RequestInit) => globalThis.fetch(url, init).finally(() => (online = false)) };
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 3000 * M, NOW_MIN, d, { budget });
    expect(ex.requests).toHaveLength(1);
    expect(r).toMatchObject({ complete: false, requests: 1, stop: { reason: 'offline' }, covered: { from: NOW_MIN - 1000 * M, to: NOW_MIN } });
    expect(r.rows).toHaveLength(1000);
    expect(budget.left).toBe(4); // the request not sent is not spent
    expect(await fetchKlines('BTCUSDT', '1m', { limit: 10 }, d)).toMatchObject({ ok: false, reason: 'offline' });
    expect(ex.requests).toHaveLength(1);
  });

  it('stops on a malformed page: no retry, nothing of it kept', async () => {
    let n = 0;
    server.use(http.get(KLINES_URL, () => (n++, HttpResponse.json([['oops']]))));
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 30 * M, NOW_MIN, fakeDeps(NOW));
    expect(n).toBe(1);
    expect(r).toMatchObject({ complete: false, rows: [], covered: null, stop: { reason: 'malformed' } });
  });

  it('stops when the caller aborts', async () => {
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    const ac = new AbortController();
    ac.abort();
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 30 * M, NOW_MIN, { ...fakeDeps(NOW), signal: ac.signal });
    expect(ex.requests).toHaveLength(0);
    expect(r).toMatchObject({ complete: false, covered: null, stop: { reason: 'aborted' } });
  });

  it('keeps within its request budget', async () => {
    const ex = fakeKlines({ now: () => NOW });
    server.use(ex.handler);
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 5000 * M, NOW_MIN, fakeDeps(NOW), { maxRequests: 2 });
    expect(ex.requests).toHaveLength(2);
    expect(r).toMatchObject({ complete: false, stop: { reason: 'budget' }, covered: { from: NOW_MIN - 2000 * M, to: NOW_MIN } });
  });

  it('waits for the next minute when the used weight nears the ceiling', async () => {
    const ex = fakeKlines({ now: () => NOW, usedWeight: () => 5999 });
    server.use(ex.handler);
    const d = fakeDeps(NOW);
    const r = await pageBack('BTCUSDT', '1m', NOW_MIN - 1500 * M, NOW_MIN, d, { weightCeiling: 6000 });
    expect(d.slept).toEqual([60_000 - (NOW % 60_000)]);
    expect(r.complete).toBe(true);
  });
});

describe('toCandleData', () => {
  it('gives the chart columns with t in Unix seconds, the shape of the worker protocol', () => {
    const d: CandleData = toCandleData([{ t: 1_700_000_000_000, o: 1, h: 2, l: 0.5, c: 1.5, v: 9 }]);
    const p: ProtocolCandleData = d;
    const back: CandleData = p;
    expect(back.t).toBeInstanceOf(Float64Array);
    expect([...d.t, ...d.o, ...d.h, ...d.l, ...d.c, ...d.v]).toEqual([1_700_000_000, 1, 2, 0.5, 1.5, 9]);
    expect(row(0, '1m')).toHaveLength(12);
  });
});
