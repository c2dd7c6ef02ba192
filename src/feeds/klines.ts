import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../core/market/candles';
import type { Kline } from '../core/market/candleData';
import { platformNetwork } from './runtime';

/**
 * Binance's public klines (GET /api/v3/klines on the market-data-only host
 * data-api.binance.vision): one request, parsed strictly, and paging back
 * through history. Browser `fetch` only; the fetch, the clock and the sleep are
 * injected, so this runs in the worker and in Node tests alike. Nothing here
 * throws for what the network does: every outcome is a value with a reason.
 *
 * What Binance documents and this relies on:
 * - params `symbol`, `interval` (1s 1m 5m 15m 1h 1d here; case-sensitive),
 *   `startTime`, `endTime` (UTC ms, inclusive), `limit` (default 500, max 1000);
 *   request weight 2; with only `endTime`, the `limit` klines up to it.
 * - a row: [open time, open, high, low, close, volume, close time, quote
 *   volume, trades, taker buy base volume, taker buy quote volume, unused];
 *   times are integers (ms), prices and volumes decimal strings.
 * - 429: over a rate limit, back off (`Retry-After`, seconds); 418: the IP is
 *   banned for not backing off (2 min to 3 days, `Retry-After` says until
 *   when); 451: not served in this location; 5xx: Binance's side.
 * - each response carries `X-MBX-USED-WEIGHT-1M`, the IP's weight used this
 *   minute (the REQUEST_WEIGHT limit is 6000 per minute).
 */

export const BINANCE_DATA_API = 'https://data-api.binance.vision';
export const MAX_KLINES = 1000;
export const KLINES_WEIGHT = 2;

export type Interval = Timeframe;
export const INTERVALS = TIMEFRAMES;

// The candle types and their conversion live in src/core/market/candleData.ts
// (storage and the protocol share them); re-exported so the feeds' callers
// keep one import for what fetchKlines returns.
export type { CandleData, Kline } from '../core/market/candleData';
export { toCandleData } from '../core/market/candleData';

export type KlineProblem =
  /** The browser says it is offline: nothing was asked (a request would fail, and log an error). */
  | 'offline'
  /** fetch rejected: offline, DNS, or the browser blocked the response (CORS). */
  | 'network'
  /** 451: Binance does not serve this location. */
  | 'geo-blocked'
  /** 429 beyond what backing off allowed. */
  | 'rate-limited'
  /** 418: this IP is banned for a while. */
  | 'banned'
  /** Any other HTTP status (400 for an unknown symbol, 5xx). */
  | 'http'
  /** A body that is not the documented rows. */
  | 'malformed'
  /** A request this code refuses to send (bad symbol, interval, times). */
  | 'invalid'
  /** The caller aborted (its signal). */
  | 'aborted'
  /** The request budget ran out before the span was covered. */
  | 'budget';

export interface KlineFailure {
  ok: false;
  reason: KlineProblem;
  message: string;
  status?: number;
  /** From `Retry-After`, for 429 and 418. */
  retryAfterMs?: number;
}

export type KlineResult = { ok: true; rows: Kline[]; usedWeight: number | null } | KlineFailure;

export interface KlineDeps {
  /** A bound fetch (`(u, i) => fetch(u, i)`: an unbound `window.fetch` throws "Illegal invocation"). */
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** Wall clock, UTC ms. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** BINANCE_DATA_API by default. */
  baseUrl?: string;
  signal?: AbortSignal;
  /** Whether the browser says it is online (`navigator.onLine`); when it says not, no request is sent. Online when absent. */
  online?: () => boolean;
}

/** The browser's (or Node's) fetch, clock, timer and online state. */
export function defaultKlineDeps(signal?: AbortSignal): KlineDeps {
  return {
    online: platformNetwork.online,
    fetch: (url, init) => globalThis.fetch(url, init),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signal,
  };
}

export interface KlineQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
}

const failure = (reason: KlineProblem, message: string, extra: Partial<KlineFailure> = {}): KlineFailure => ({ ok: false, reason, message, ...extra });

const OFFLINE_MESSAGE = 'You are offline, so nothing was fetched from Binance.';
const isOffline = (deps: KlineDeps): boolean => deps.online?.() === false;

const SYMBOL = /^[A-Z0-9]{2,20}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

function isInterval(x: unknown): x is Interval {
  return typeof x === 'string' && (INTERVALS as readonly string[]).includes(x);
}

/** Why a request is not one to send, or null. */
function checkQuery(symbol: unknown, interval: unknown, q: KlineQuery): string | null {
  if (typeof symbol !== 'string' || !SYMBOL.test(symbol)) return `"${String(symbol)}" is not a Binance symbol (such as BTCUSDT).`;
  if (!isInterval(interval)) return `Unknown interval ${JSON.stringify(interval)}; one of ${INTERVALS.join(', ')}.`;
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_KLINES) return `limit must be an integer from 1 to ${MAX_KLINES}, got ${q.limit}.`;
  for (const k of ['startTime', 'endTime'] as const) {
    const v = q[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) return `${k} must be a whole number of UTC milliseconds, got ${v}.`;
  }
  if (q.startTime !== undefined && q.endTime !== undefined && q.startTime > q.endTime) return 'startTime is after endTime.';
  return null;
}

function decimal(x: unknown): number | null {
  if (typeof x !== 'string' || !DECIMAL.test(x)) return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
}

/**
 * Binance's rows → candles, strictly: every documented field of every row
 * has its type (integer times, decimal strings, an integer trade count), the
 * open time is aligned to the interval and the close time is the interval's
 * last millisecond, high and low bound open and close, open times rise, and
 * the rows keep to the query's window and limit. Anything else refuses the
 * whole page, saying which row and why. Fields after the 12th are ignored.
 */
export function parseKlines(body: unknown, interval: Interval, q?: KlineQuery): { ok: true; rows: Kline[] } | KlineFailure {
  const bad = (m: string) => failure('malformed', `Binance sent klines this app cannot read: ${m}`);
  if (!Array.isArray(body)) return bad('the answer is not a list of rows.');
  if (!isInterval(interval)) return failure('invalid', `Unknown interval ${JSON.stringify(interval)}.`);
  if (q !== undefined && body.length > q.limit) return bad(`${body.length} rows for a limit of ${q.limit}.`);
  const iv = TIMEFRAME_MS[interval];
  const rows: Kline[] = [];
  for (let i = 0; i < body.length; i++) {
    const r: unknown = body[i];
    const at = `row ${i + 1}`;
    if (!Array.isArray(r) || r.length < 12) return bad(`${at} is not an array of 12 fields.`);
    const t = r[0];
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) return bad(`${at}: the open time is not a whole number of milliseconds.`);
    if (t % iv !== 0) return bad(`${at}: open time ${t} is not on a ${interval} boundary.`);
    if (r[6] !== t + iv - 1) return bad(`${at}: close time ${String(r[6])} is not the ${interval} candle's last millisecond.`);
    if (!Number.isSafeInteger(r[8]) || (r[8] as number) < 0) return bad(`${at}: the trade count is not a whole number.`);
    const n = [1, 2, 3, 4, 5, 7, 9, 10].map((k) => decimal(r[k]));
    const field = n.indexOf(null);
    if (field >= 0) return bad(`${at}: field ${[1, 2, 3, 4, 5, 7, 9, 10][field] + 1} is not a decimal string.`);
    const [o, h, l, c, v] = n as number[];
    if (h < Math.max(o, c, l) || l > Math.min(o, c)) return bad(`${at}: high and low do not bound open and close.`);
    if (i > 0 && t <= rows[i - 1].t) return bad(`${at}: open times do not rise.`);
    if (q?.startTime !== undefined && t < q.startTime) return bad(`${at}: open time ${t} is before startTime.`);
    if (q?.endTime !== undefined && t > q.endTime) return bad(`${at}: open time ${t} is after endTime.`);
    rows.push({ t, o, h, l, c, v });
  }
  return { ok: true, rows };
}

/** `Retry-After` as ms: delta-seconds, or an HTTP date. */
function retryAfter(res: Response, now: number): number | undefined {
  const h = res.headers.get('retry-after');
  if (h === null || h.trim() === '') return undefined;
  if (/^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Binance's `{ code, msg }` error body, when there is one. */
async function binanceMessage(res: Response): Promise<string> {
  try {
    const b: unknown = await res.json();
    if (b !== null && typeof b === 'object' && typeof (b as { msg?: unknown }).msg === 'string') {
      const { code, msg } = b as { code?: unknown; msg: string };
      return ` Binance says: ${msg.slice(0, 300)}${typeof code === 'number' ? ` (${code})` : ''}`;
    }
  } catch {
    // Not JSON: nothing more to say.
  }
  return '';
}

/** One request for klines. Never throws: a failure says why (`reason`) in words for a person (`message`). */
export async function fetchKlines(symbol: string, interval: Interval, q: KlineQuery, deps: KlineDeps): Promise<KlineResult> {
  const wrong = checkQuery(symbol, interval, q);
  if (wrong !== null) return failure('invalid', wrong);
  const params = new URLSearchParams({ symbol, interval, limit: String(q.limit) });
  if (q.startTime !== undefined) params.set('startTime', String(q.startTime));
  if (q.endTime !== undefined) params.set('endTime', String(q.endTime));
  const url = `${deps.baseUrl ?? BINANCE_DATA_API}/api/v3/klines?${params}`;
  if (isOffline(deps)) return failure('offline', OFFLINE_MESSAGE);
  let res: Response;
  try {
    res = await deps.fetch(url, deps.signal ? { signal: deps.signal } : undefined);
  } catch (e) {
    if (deps.signal?.aborted || (e instanceof Error && e.name === 'AbortError')) return failure('aborted', 'The history request was cancelled.');
    const detail = e instanceof Error && e.message ? ` (${e.message})` : '';
    return failure('network', `Binance could not be reached: offline, or the browser blocked the request (CORS)${detail}.`);
  }
  const status = res.status;
  if (status === 429) {
    return failure('rate-limited', 'Binance asks this app to slow down (HTTP 429, request rate limit).', { status, retryAfterMs: retryAfter(res, deps.now()) });
  }
  if (status === 418) {
    const ms = retryAfter(res, deps.now());
    const until = ms === undefined ? '' : ` for ${Math.ceil(ms / 1000)} s`;
    return failure('banned', `Binance has banned this network address${until} for sending too many requests (HTTP 418).`, { status, retryAfterMs: ms });
  }
  if (status === 451) {
    return failure('geo-blocked', `Binance does not serve market data to this location (HTTP 451).${await binanceMessage(res)}`, { status });
  }
  if (!res.ok) return failure('http', `Binance answered HTTP ${status}.${await binanceMessage(res)}`, { status });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return failure('malformed', 'Binance sent klines this app cannot read: the answer is not JSON.', { status });
  }
  const parsed = parseKlines(body, interval, q);
  if (!parsed.ok) return { ...parsed, status };
  const w = Number(res.headers.get('x-mbx-used-weight-1m'));
  return { ok: true, rows: parsed.rows, usedWeight: res.headers.has('x-mbx-used-weight-1m') && Number.isFinite(w) ? w : null };
}

/** Shared by calls that draw on the same allowance (e.g. every gap of one history load). */
export interface RequestBudget {
  left: number;
}

export interface PageBackOptions {
  /** Requests (retries included) this call may send; 20 by default (20,000 candles). */
  maxRequests?: number;
  /** Or a budget shared with other calls; it wins over maxRequests. */
  budget?: RequestBudget;
  /** Retries of one page after 429, 418 or 5xx; 3 by default. */
  maxRetries?: number;
  /** The longest single wait a retry may ask for (Retry-After); longer stops instead. 60 s by default. */
  maxWaitMs?: number;
  /** Past this used weight (X-MBX-USED-WEIGHT-1M), wait for the next minute; 5000 of 6000 by default. */
  weightCeiling?: number;
}

export interface PageBackResult {
  /** Oldest first, open times in `covered`. */
  rows: Kline[];
  /**
   * The span `[from, to)` (UTC ms, aligned up to the interval) that `rows`
   * covers completely, as of the requests; null when nothing was fetched.
   */
  covered: { from: number; to: number } | null;
  /** `covered` is the whole request (or the exchange has nothing older). */
  complete: boolean;
  /** Why it stopped short; null when complete. */
  stop: KlineFailure | null;
  requests: number;
  /** Time spent backing off (Retry-After, weight pacing). */
  waitedMs: number;
}

/**
 * The candles with open times in `[from, to)`, fetched newest page first:
 * each request asks for up to 1000 candles ending just before the oldest one
 * already fetched (`endTime` = that open time − 1), and the last one, once the
 * rest fits in a page, also sends `startTime`, so nothing before `from` comes.
 * A short page means the exchange has nothing older. On 429/418 it waits
 * `Retry-After` (or 1, 2, 4 s without one) and retries; on 451, a network
 * failure, a malformed page or an exhausted budget it stops, keeping the pages
 * it has. Never throws.
 */
export async function pageBack(symbol: string, interval: Interval, from: number, to: number, deps: KlineDeps, opts: PageBackOptions = {}): Promise<PageBackResult> {
  const budget = opts.budget ?? { left: opts.maxRequests ?? 20 };
  const maxRetries = opts.maxRetries ?? 3;
  const maxWaitMs = opts.maxWaitMs ?? 60_000;
  const weightCeiling = opts.weightCeiling ?? 5000;
  const pages: Kline[][] = [];
  let requests = 0;
  let waitedMs = 0;
  let stop: KlineFailure | null = null;
  const done = (cursor: number, end: number): PageBackResult => ({
    rows: pages.reverse().flat(),
    covered: cursor < end ? { from: cursor, to: end } : null,
    complete: stop === null,
    stop,
    requests,
    waitedMs,
  });
  const wrong = checkQuery(symbol, interval, { limit: 1 });
  if (wrong !== null || !Number.isFinite(from) || !Number.isFinite(to) || from > to) {
    stop = failure('invalid', wrong ?? `A history span needs finite times with from <= to (got ${from} to ${to}).`);
    return done(0, 0);
  }
  const iv = TIMEFRAME_MS[interval];
  const start = Math.ceil(from / iv) * iv;
  const end = Math.ceil(to / iv) * iv;
  let cursor = end;
  let attempt = 0;
  const wait = async (ms: number) => {
    await deps.sleep(ms);
    waitedMs += ms;
  };
  while (cursor > start) {
    if (deps.signal?.aborted) {
      stop = failure('aborted', 'The history request was cancelled.');
      break;
    }
    // Before the budget: a request not sent is not counted.
    if (isOffline(deps)) {
      stop = failure('offline', OFFLINE_MESSAGE);
      break;
    }
    if (budget.left <= 0) {
      stop = failure('budget', `Stopped after ${requests} requests to stay within Binance's limits; older history was not fetched.`);
      break;
    }
    const count = (cursor - start) / iv;
    const q: KlineQuery = count <= MAX_KLINES ? { startTime: start, endTime: cursor - 1, limit: count } : { endTime: cursor - 1, limit: MAX_KLINES };
    budget.left--;
    requests++;
    const r = await fetchKlines(symbol, interval, q, deps);
    if (!r.ok) {
      const retryable = r.reason === 'rate-limited' || r.reason === 'banned' || (r.reason === 'http' && (r.status ?? 0) >= 500);
      const ms = r.retryAfterMs ?? 1000 * 2 ** attempt;
      if (retryable && attempt < maxRetries && ms <= maxWaitMs) {
        attempt++;
        await wait(ms);
        continue;
      }
      stop = r;
      break;
    }
    attempt = 0;
    if (r.rows.length > 0) pages.push(r.rows);
    // A short page: the range is done, or the exchange has nothing older.
    if (r.rows.length < q.limit) cursor = start;
    else cursor = r.rows[0].t;
    if (cursor > start && r.usedWeight !== null && r.usedWeight + KLINES_WEIGHT > weightCeiling) {
      const now = deps.now();
      await wait(60_000 - (((now % 60_000) + 60_000) % 60_000));
    }
  }
  return done(cursor, end);
}
