import { http, HttpResponse } from 'msw';
import { TIMEFRAME_MS, type Timeframe } from '../core/market/candles';
import { BINANCE_DATA_API, type KlineDeps } from './klines';

/**
 * Test helpers: a stand-in for Binance's klines endpoint (an msw handler) and
 * a fake clock. The candles it serves are made up for tests, not market
 * data: candle k (counted from the epoch in intervals) opens at 100 + k % 50.
 *
 * It answers as the documented endpoint does: with `startTime`, the first
 * `limit` candles from it (up to `endTime`); with only `endTime`, the last
 * `limit` candles up to it; with neither, the latest. Candles exist from
 * `listedAt` up to the one forming at `now()`.
 */

export const KLINES_URL = `${BINANCE_DATA_API}/api/v3/klines`;

/** The documented row for candle open time `t`: 12 fields, decimals as strings. */
export function row(t: number, interval: Timeframe): unknown[] {
  const iv = TIMEFRAME_MS[interval];
  const k = Math.floor(t / iv);
  const o = 100 + (k % 50);
  return [t, o.toFixed(8), (o + 2).toFixed(8), (o - 1).toFixed(8), (o + 1).toFixed(8), '12.50000000', t + iv - 1, '1250.00000000', 42, '6.00000000', '600.00000000', '0'];
}

export interface FakeExchange {
  handler: ReturnType<typeof http.get>;
  /** Every request's query, in order. */
  requests: URLSearchParams[];
}

export function fakeKlines(opts: { now: () => number; listedAt?: number; usedWeight?: () => number }): FakeExchange {
  const requests: URLSearchParams[] = [];
  const handler = http.get(KLINES_URL, ({ request }) => {
    const q = new URL(request.url).searchParams;
    requests.push(q);
    const interval = q.get('interval') as Timeframe;
    const iv = TIMEFRAME_MS[interval];
    if (iv === undefined) return HttpResponse.json({ code: -1120, msg: 'Invalid interval.' }, { status: 400 });
    const limit = Number(q.get('limit') ?? 500);
    const first = Math.ceil((opts.listedAt ?? 0) / iv) * iv;
    const last = Math.floor(opts.now() / iv) * iv;
    const start = q.has('startTime') ? Number(q.get('startTime')) : null;
    const end = q.has('endTime') ? Number(q.get('endTime')) : null;
    const lo = Math.max(first, start === null ? -Infinity : Math.ceil(start / iv) * iv);
    const hi = Math.min(last, end === null ? Infinity : Math.floor(end / iv) * iv);
    const ts: number[] = [];
    if (start !== null) for (let t = lo; t <= hi && ts.length < limit; t += iv) ts.push(t);
    else for (let t = hi; t >= lo && ts.length < limit; t -= iv) ts.unshift(t);
    const headers = { 'X-MBX-USED-WEIGHT-1M': String(opts.usedWeight?.() ?? 2 * requests.length) };
    return HttpResponse.json(ts.map((t) => row(t, interval)), { headers });
  });
  return { handler, requests };
}

/** A clock that only moves when slept on; `slept` lists each wait. */
export function fakeDeps(start: number): KlineDeps & { slept: number[]; clock: { now: number } } {
  const clock = { now: start };
  const slept: number[] = [];
  return {
    clock,
    slept,
    fetch: (url, init) => globalThis.fetch(url, init),
    now: () => clock.now,
    sleep: async (ms) => {
      slept.push(ms);
      clock.now += ms;
    },
  };
}

/** A query as a plain object, for comparing. */
export const params = (q: URLSearchParams): Record<string, string> => Object.fromEntries(q.entries());
