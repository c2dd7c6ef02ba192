/**
 * Data sources made on demand rather than imported: the sim's own recorded
 * candles of a market, and a crypto pair's real candles from the kline cache
 * (its gaps fetched from Binance when online). Both answer a series the page
 * can run a backtest on, and neither is saved as a series: the sim's candles
 * are already kept by the sim (in its snapshots) and the kline cache keeps
 * Binance's, so a copy would only go stale and double the storage. A
 * saved run records which source it ran on.
 */
import type { OhlcvColumns } from '../../core/backtest/types';
import { Code, fail } from '../../core/codes';
import { priceOf, qtyOf } from '../../core/exchange/instrument';
import { TIMEFRAME_MS, type CandleSeries, type Timeframe } from '../../core/market/candles';
import type { Sim } from '../../core/sim/sim';
import { loadHistory, type KlineCacheLike } from '../../feeds/history';
import type { KlineDeps } from '../../feeds/klines';
import type { ApiResult, SeriesData } from '../../protocol';
import { seriesDataProblem } from '../../storage/series';

/** Bars a Binance series has when no span is asked for. */
export const DEFAULT_KLINE_BARS = 1_000;
/** The most bars one request for a Binance series may span (50 pages of 1,000 at most are fetched). */
export const MAX_KLINE_BARS = 50_000;

/** The answer, once its bars pass the checks a stored series does (so the engine will take them). */
function checked<T extends SeriesData>(r: T): ApiResult<T> {
  const bad = seriesDataProblem(r.data);
  return bad === null ? { ok: true, ...r } : fail(Code.INVALID_DATA, `These candles cannot be backtested: ${bad}`);
}

/**
 * A market's candles as the sim recorded them (its candle store keeps the
 * latest 1,500 of each timeframe), in decimals, times in UTC ms. The candle
 * still forming is left out: its close is not final.
 */
export function simSeries(sim: Sim, symbol: string, tf: Timeframe): ApiResult<SeriesData> {
  const m = sim.markets.get(symbol);
  if (m === undefined) return fail(Code.UNKNOWN_SYMBOL, `There is no market ${symbol.slice(0, 40)}.`);
  const iv = TIMEFRAME_MS[tf];
  let all: ReturnType<CandleSeries['toArray']>;
  try {
    all = m.candles.series(tf).toArray();
  } catch {
    // A profile restored from an older save may not track every timeframe.
    return fail(Code.INVALID_DATA, `This simulator does not record ${symbol}'s ${tf} candles.`);
  }
  const candles = all.length > 0 && all[all.length - 1].t + iv > sim.now ? all.slice(0, -1) : all;
  if (candles.length < 2) {
    return fail(Code.INVALID_DATA, `${symbol} has ${candles.length === 0 ? 'no' : 'one'} closed ${tf} candle so far; a backtest needs at least 2. Let the market run a while, or pick a shorter timeframe.`);
  }
  const n = candles.length;
  const data: OhlcvColumns = {
    length: n, time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    data.time[i] = c.t;
    data.open[i] = priceOf(m.inst, c.o);
    data.high[i] = priceOf(m.inst, c.h);
    data.low[i] = priceOf(m.inst, c.l);
    data.close[i] = priceOf(m.inst, c.c);
    data.volume[i] = qtyOf(m.inst, c.v);
  }
  const meta = {
    id: `sim:${symbol}:${tf}`, name: `${symbol} ${tf} — this simulator's candles`, source: 'sim' as const, symbol, timeframe: tf,
    bars: n, from: data.time[0], to: data.time[n - 1], createdAt: 0,
  };
  return checked({ meta, data });
}

export interface KlineSourceDeps {
  /** null: storage unavailable (everything is fetched). */
  cache: KlineCacheLike | null;
  klines: KlineDeps;
}

/**
 * A crypto pair's closed candles with open times in `[from, to)` (UTC ms;
 * by default the latest DEFAULT_KLINE_BARS): the cache's, and what it lacks
 * fetched from Binance when online. `partial` says why some are missing
 * (offline, refused): the answer is what could be had.
 */
export async function klineSeries(
  sim: Sim, symbol: string, tf: Timeframe, from: number | undefined, to: number | undefined, deps: KlineSourceDeps,
): Promise<ApiResult<SeriesData & { partial: string | null }>> {
  const m = sim.markets.get(symbol);
  if (m === undefined || m.spec.group !== 'crypto') return fail(Code.UNKNOWN_SYMBOL, `${symbol.slice(0, 40)} is not a crypto pair: only those have exchange candles.`);
  const iv = TIMEFRAME_MS[tf];
  // Only closed candles: the one forming now would change under the backtest.
  const closedEnd = Math.floor(deps.klines.now() / iv) * iv;
  const end = Math.min(to ?? closedEnd, closedEnd);
  const start = from ?? end - DEFAULT_KLINE_BARS * iv;
  if (!(start < end)) return fail(Code.INVALID_SETTING, 'The span of candles asked for is empty (from must be before to, and before now).');
  if ((end - start) / iv > MAX_KLINE_BARS) {
    return fail(Code.INVALID_SETTING, `That span holds more than ${MAX_KLINE_BARS.toLocaleString('en')} ${tf} candles; pick a shorter span or a longer timeframe.`);
  }
  const r = await loadHistory(symbol, tf, start, end, { ...deps.klines, cache: deps.cache, paging: { maxRequests: Math.ceil(MAX_KLINE_BARS / 1000) } });
  const c = r.candles;
  const n = c.t.length;
  if (n < 2) {
    const why = r.partial?.message ?? 'Binance has no candles there.';
    return fail(Code.INVALID_DATA, `Not enough ${symbol} ${tf} candles for a backtest (${n}): ${why}`);
  }
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = c.t[i] * 1000;
  const data: OhlcvColumns = { length: n, time, open: c.o, high: c.h, low: c.l, close: c.c, volume: c.v };
  const meta = {
    id: `crypto:${symbol}:${tf}`, name: `${symbol} ${tf} — Binance`, source: 'crypto' as const, symbol, timeframe: tf,
    bars: n, from: time[0], to: time[n - 1], createdAt: 0,
  };
  return checked({ meta, data, partial: r.partial?.message ?? null });
}
