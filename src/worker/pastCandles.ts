import { TIMEFRAMES, type Candle, type CandleSeries, type Timeframe } from '../core/market/candles';
import { joinPast, rollUp } from '../core/market/past';

/**
 * The seeded pasts of the synthetic markets (core's `drawPast`), rolled up
 * into every timeframe once, and joined to the sim's own candles where the
 * Terminal reads them (the chart, the frames' last candles, the 24 h
 * statistics, the sparklines). Display only: the sim never sees them.
 */
export class PastCandles {
  private readonly byMarket = new Map<string, Map<Timeframe, Candle[]>>();

  /** A market's past, its 1-minute candles in ticks and lots, oldest first (replaces any before). */
  set(symbol: string, oneMinute: readonly Candle[]): void {
    const byTf = new Map<Timeframe, Candle[]>();
    for (const tf of TIMEFRAMES) {
      const cs = rollUp(oneMinute, tf);
      if (cs.length > 0) byTf.set(tf, cs);
    }
    this.byMarket.set(symbol, byTf);
  }

  has(symbol: string): boolean {
    return this.byMarket.has(symbol);
  }

  /**
   * The newest `limit` candles (all by default) of the market's past and
   * its own `series`, oldest first. The past counts only while the series'
   * ring still holds the sim's first candle: a full ring may have dropped
   * candles after the past ended, and then it has plenty of its own.
   */
  join(symbol: string, series: CandleSeries, limit?: number): Candle[] {
    const past = this.byMarket.get(symbol)?.get(series.tf);
    if (past === undefined || series.length >= series.capacity) return series.toArray(limit);
    const own = series.toArray(limit);
    if (limit === undefined) return joinPast(past, own);
    // `own` holds at most `limit`; one more past candle covers the period they may share.
    const n = Math.max(0, Math.floor(limit));
    const joined = joinPast(past.slice(Math.max(0, past.length - n - 1)), own);
    return joined.slice(Math.max(0, joined.length - n));
  }
}
