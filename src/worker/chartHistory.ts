import { TIMEFRAME_MS, type Timeframe } from '../core/market/candles';
import { toCandleData, type CandleData } from '../core/market/candleData';
import { createRng, forkSeed } from '../core/market/prng';
import { sampleHistory } from '../core/market/sample';
import type { Sim } from '../core/sim/sim';
import { loadHistory, type KlineCacheLike } from '../feeds/history';
import type { KlineDeps } from '../feeds/klines';
import { simCandleData } from './terminal';

/**
 * The candles a crypto chart draws before the sim's own: Binance's real ones
 * (from the cache, then the cache with its gaps fetched), or, when there are
 * none to be had (offline on a first visit, a geo-block), a sample drawn
 * from the pair's price model, which says it is one.
 */

/** Candles asked for before the sim's first. */
export const HISTORY_CANDLES = 500;

export interface ChartHistory {
  candles: CandleData;
  /** `Binance`: real klines. `sample`: simulated, not a market's past; the chart must say so. */
  source: 'Binance' | 'sample';
  /** Why real history is missing or partial (offline: what the cache had). */
  partial: string | null;
  /** From the cache alone, before anything was fetched. */
  cached: boolean;
}

export interface ChartHistoryDeps {
  /** null: storage unavailable. */
  cache: KlineCacheLike | null;
  klines: KlineDeps;
  /** Fetches allowed per load (2 pages of 1,000 by default). */
  maxRequests?: number;
}

/** null for a symbol that is not a crypto pair (no real history exists for the sim's own markets). */
export async function chartHistory(sim: Sim, symbol: string, tf: Timeframe, cacheOnly: boolean, deps: ChartHistoryDeps): Promise<ChartHistory | null> {
  const m = sim.markets.get(symbol);
  if (m === undefined || m.spec.group !== 'crypto' || !(tf in TIMEFRAME_MS)) return null;
  const first = m.candles.series(tf).first();
  const to = first?.t ?? sim.now;
  const from = to - HISTORY_CANDLES * TIMEFRAME_MS[tf];
  if (cacheOnly) {
    const r = deps.cache === null ? null : await deps.cache.get(symbol, tf, from, to);
    return { candles: toCandleData(r?.ok ? r.rows : []), source: 'Binance', partial: null, cached: true };
  }
  const r = await loadHistory(symbol, tf, from, to, { ...deps.klines, cache: deps.cache, paging: { maxRequests: deps.maxRequests ?? 2 } });
  if (r.candles.t.length > 0 || r.partial === null) {
    return { candles: r.candles, source: 'Binance', partial: r.partial?.message ?? null, cached: false };
  }
  // Nothing real to show. The sample ends where the sim's candles start (the
  // first one's open, or the reference now), seeded per pair and timeframe.
  const sample = sampleHistory({
    end: to,
    endTicks: first?.o ?? m.gbm.ticks,
    intervalMs: TIMEFRAME_MS[tf],
    count: HISTORY_CANDLES,
    volatility: m.spec.volatility,
    rng: createRng(forkSeed(sim.cfg.seed, `sample:${symbol}:${tf}`)),
  });
  return { candles: simCandleData(m.inst, sample), source: 'sample', partial: r.partial.message, cached: false };
}
