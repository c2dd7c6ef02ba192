import type { Failure, Result } from '../core/codes';
import { TIMEFRAME_MS } from '../core/market/candles';
import { toCandleData, type CandleData, type Kline } from '../core/market/candleData';
import type { Span } from '../core/market/span';
import { INTERVALS, pageBack, type Interval, type KlineDeps, type KlineProblem, type PageBackOptions } from './klines';

/**
 * A chart's history for one pair: the cache first (handed over at once), then
 * only the spans the cache lacks, fetched from Binance newest first, stored,
 * and merged with what was cached. Offline, or when Binance refuses, what the
 * cache has is the answer, and the result says it is partial and why.
 */

/** What history needs of the kline cache (`KlineCache` in src/storage/klines.ts). */
export interface KlineCacheLike {
  get(symbol: string, interval: Interval, from: number, to: number): Promise<Result<{ rows: Kline[]; gaps: Span[] }>>;
  put(symbol: string, interval: Interval, rows: readonly Kline[], coveredFrom: number, coveredTo: number): Promise<Result<{ covered: Span | null }>>;
}

export interface HistoryDeps extends KlineDeps {
  /** null: no cache (storage unavailable); everything is fetched. */
  cache: KlineCacheLike | null;
  /** Called once with what the cache holds, before anything is fetched. */
  onCached?: (candles: CandleData, gaps: Span[]) => void;
  /** Paging limits; `maxRequests` (20 by default) is shared by all the gaps of one load. */
  paging?: PageBackOptions;
}

export type HistoryProblem = KlineProblem | 'storage';

export interface HistoryResult {
  /** Oldest first; `t` in Unix seconds. */
  candles: CandleData;
  /** Every candle Binance has in the span is in `candles`. */
  complete: boolean;
  /** Why not complete: the first problem met. Null when complete. */
  partial: { reason: HistoryProblem; message: string } | null;
  /** The parts of the span still missing, oldest first (UTC ms). */
  gaps: Span[];
  /** How many candles came from the cache, and how many were fetched. */
  fromCache: number;
  fetched: number;
  requests: number;
  /** A cache read or write that failed (quota, private mode): to be shown, the history itself may still be whole. */
  storage: Failure | null;
}

/** A sorted merge of two oldest-first lists; `b` wins on equal open times. */
function merge(a: readonly Kline[], b: readonly Kline[]): Kline[] {
  const out: Kline[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].t < b[j].t)) out.push(a[i++]);
    else {
      if (i < a.length && a[i].t === b[j].t) i++;
      out.push(b[j++]);
    }
  }
  return out;
}

/**
 * Loads the candles with open times in `[from, to)` (UTC ms). Closed candles
 * fetched are stored with the span they cover; the candle still forming (and
 * anything after now) is returned but not cached, so it is fetched afresh
 * next time. Never throws.
 */
export async function loadHistory(symbol: string, interval: Interval, from: number, to: number, deps: HistoryDeps): Promise<HistoryResult> {
  if (!(INTERVALS as readonly string[]).includes(interval) || !Number.isFinite(from) || !Number.isFinite(to) || from > to) {
    const message = `Cannot load ${String(interval)} history from ${from} to ${to}.`;
    return { candles: toCandleData([]), complete: false, partial: { reason: 'invalid', message }, gaps: [], fromCache: 0, fetched: 0, requests: 0, storage: null };
  }
  let storage: Failure | null = null;
  let cached: Kline[] = [];
  const iv = TIMEFRAME_MS[interval];
  const whole = { from: Math.ceil(from / iv) * iv, to: Math.ceil(to / iv) * iv };
  let gaps: Span[] = whole.to > whole.from ? [whole] : [];

  if (deps.cache !== null) {
    const r = await deps.cache.get(symbol, interval, from, to);
    if (r.ok) {
      cached = r.rows;
      gaps = r.gaps;
      deps.onCached?.(toCandleData(cached), gaps);
    } else storage = r;
  }

  const budget = deps.paging?.budget ?? { left: deps.paging?.maxRequests ?? 20 };
  // The current candle's open time: everything before it is closed and final.
  const closedEnd = Math.floor(deps.now() / iv) * iv;
  const fetched: Kline[][] = [];
  const left: Span[] = [];
  let partial: HistoryResult['partial'] = null;
  let requests = 0;
  // Newest gap first: the chart shows the recent end.
  const todo = [...gaps].reverse();
  for (let g = 0; g < todo.length; g++) {
    const gap = todo[g];
    if (partial !== null) {
      left.push(gap);
      continue;
    }
    const r = await pageBack(symbol, interval, gap.from, gap.to, deps, { ...deps.paging, budget });
    requests += r.requests;
    fetched.push(r.rows);
    if (r.stop !== null) partial = { reason: r.stop.reason, message: r.stop.message };
    const cov = r.covered;
    if (cov === null) left.push(gap);
    else if (cov.from > gap.from) left.push({ from: gap.from, to: cov.from });
    if (cov !== null && deps.cache !== null) {
      const keepTo = Math.min(cov.to, closedEnd);
      if (keepTo > cov.from) {
        const rows = r.rows.filter((k) => k.t < keepTo);
        const w = await deps.cache.put(symbol, interval, rows, cov.from, keepTo);
        if (!w.ok && storage === null) storage = w;
      }
    }
  }

  const fresh = fetched.reverse().flat();
  const candles = toCandleData(merge(cached, fresh));
  left.sort((a, b) => a.from - b.from);
  return {
    candles,
    complete: left.length === 0,
    partial: left.length === 0 ? null : (partial ?? { reason: 'budget', message: 'Some history was not fetched.' }),
    gaps: left,
    fromCache: cached.length,
    fetched: fresh.length,
    requests,
    storage,
  };
}
