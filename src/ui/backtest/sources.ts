/**
 * The data a backtest can run over, as the page lists them: what the
 * engine's `seriesList` answers (the bundled samples first, then the series
 * the person imported), each with how its bars reach the backtest worker: a
 * sample by name (the worker loads it itself), an imported series as
 * columns asked of the engine (`seriesGet`) and sent along with the job.
 * Before the list arrives (and without an engine), the GOOG sample alone.
 */
import type { SeriesMeta } from '../../core/backtest/series';
import type { ApiResult, BacktestSource, SeriesData } from '../../protocol';

export interface DataSourceOption {
  /** `sample:GOOG`, or a stored series' `s-…`. */
  id: string;
  name: string;
  /** What it is, in a sentence (shown under the select). */
  note: string;
  /** Whether it can be deleted (an imported series; a sample cannot). */
  imported: boolean;
  /** First and last bar, UTC ms (the date range's bounds). */
  from: number;
  to: number;
  bars: number;
  /** The job's source: a sample by name; an imported series' columns, asked for when it runs. */
  source: () => Promise<ApiResult<{ source: BacktestSource }>>;
}

const SAMPLE_NOTES: Record<string, string> = {
  'sample:GOOG': "Alphabet (Google) daily prices from 19 Aug 2004 to 1 Mar 2013, 2,148 sessions, as traded then (before the 2014 and 2022 splits): backtesting.py's own test data.",
};

export const GOOG_SAMPLE: DataSourceOption = {
  id: 'sample:GOOG',
  name: 'GOOG — daily, 2004–2013 (sample)',
  note: SAMPLE_NOTES['sample:GOOG'],
  imported: false,
  from: Date.UTC(2004, 7, 19),
  to: Date.UTC(2013, 2, 1),
  bars: 2148,
  source: () => Promise.resolve({ ok: true, source: { kind: 'sample', name: 'GOOG' } }),
};

/** A listed series as a source: `get` asks the engine for an imported one's bars. */
export function sourceOf(meta: SeriesMeta, get: (id: string) => Promise<ApiResult<SeriesData>>): DataSourceOption {
  const base = { id: meta.id, name: meta.name, from: meta.from, to: meta.to, bars: meta.bars };
  if (meta.source === 'sample') {
    const name = meta.id.replace(/^sample:/, '');
    return { ...base, imported: false, note: SAMPLE_NOTES[meta.id] ?? `A sample that comes with Bourse (${meta.bars.toLocaleString()} bars).`, source: () => Promise.resolve({ ok: true, source: { kind: 'sample', name } }) };
  }
  return {
    ...base,
    imported: meta.source === 'csv',
    note: `${meta.source === 'csv' ? 'Imported from a CSV file' : 'A series'}: ${meta.bars.toLocaleString()} bars${meta.timeframe ? `, ${meta.timeframe}` : ''}.`,
    source: async () => {
      const r = await get(meta.id);
      return r.ok ? { ok: true, source: { kind: 'columns', name: meta.name, data: r.data } } : r;
    },
  };
}

/** The two sources made on demand from a market and a timeframe the person picks beside the select. */
export type MarketSourceKind = 'sim' | 'crypto';
export const MARKET_SOURCE_IDS: Record<MarketSourceKind, string> = { sim: 'market:sim', crypto: 'market:crypto' };

/**
 * A market's candles as a source: this simulator's own (`seriesFromSim`), or
 * a crypto pair's real ones (`seriesFromKlines`: the kline cache, its gaps
 * fetched when online). Their span is known only once fetched, so the date
 * range's bounds are open; the run keeps the bars it really ran over.
 */
export function marketSource(
  kind: MarketSourceKind, symbol: string, timeframe: string, get: (symbol: string, timeframe: string) => Promise<ApiResult<SeriesData>>,
): DataSourceOption {
  const sim = kind === 'sim';
  return {
    id: MARKET_SOURCE_IDS[kind],
    name: sim ? "This simulator's candles (pick a market)" : 'Crypto candles from Binance (pick a pair)',
    note: sim
      ? `${symbol} ${timeframe} as this simulator recorded it (its latest 1,500 candles of a timeframe): a backtest over the market you trade in.`
      : `${symbol} ${timeframe} from Binance: the candles cached in this browser, the missing ones fetched when online (the latest 1,000).`,
    imported: false,
    from: 0,
    to: Date.UTC(2100, 0, 1),
    bars: 0,
    source: async () => {
      const r = await get(symbol, timeframe);
      return r.ok ? { ok: true, source: { kind: 'columns', name: r.meta.name, data: r.data } } : r;
    },
  };
}
