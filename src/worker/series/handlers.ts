/**
 * The handler-table entries of the backtester's data (spread into `HANDLERS`
 * in ../handlers.ts): the list of sources (the samples first, then the
 * person's imported series), a series' bars, a CSV import with its progress
 * and cancel, and the series made on demand from the sim's candles and the
 * kline cache. Every argument is parsed field by field (src/protocol/series.ts).
 */
import type { CsvLayout } from '../../core/backtest/csv';
import type { SeriesMeta } from '../../core/backtest/series';
import { Code, fail } from '../../core/codes';
import { defaultKlineDeps } from '../../feeds/klines';
import {
  args, parseCsvImportOptions, parseCsvSource, parseImportId, parseOptionalTime, parseSeriesId, parseSeriesName, parseSymbol, parseTimeframe,
  type ApiResult, type SeriesData, type SeriesImportProgress,
} from '../../protocol';
import type { HandlerContext } from '../handlers';
import { mutate, none, read } from '../table';
import { SeriesImports } from './imports';
import { SAMPLES, sampleSeries } from './samples';
import { klineSeries, simSeries } from './sources';

type C = HandlerContext;

const noStorage = fail(Code.STORAGE_UNAVAILABLE, 'Imported series are kept in the browser\'s storage, which is not available here.');
/** The imports running on this engine's worker (one per worker: the leader runs them for every tab). */
export const IMPORTS = new SeriesImports();

export const SERIES_HANDLERS = {
  /** The data sources: the bundled samples first (nothing imported), then the imported series, oldest first. */
  seriesList: read(none, async (c: C): Promise<ApiResult<{ rows: SeriesMeta[] }>> => {
    const samples = SAMPLES.map((s) => ({ ...s.meta }));
    const store = c.durable.storage;
    if (store === null) return { ok: true, rows: samples };
    const r = await store.series.list();
    return r.ok ? { ok: true, rows: [...samples, ...r.rows] } : r;
  }, { refuse: 'answer' }),
  /** A series' description and bars: a sample's, or an imported one's (api.ts transfers the columns). */
  seriesGet: read(args(parseSeriesId), async (c: C, [id]): Promise<ApiResult<SeriesData>> => {
    const sample = await sampleSeries(id);
    if (sample !== null) return sample;
    const r = (await c.durable.storage?.series.get(id)) ?? noStorage;
    return r.ok ? { ok: true, meta: r.meta, data: r.data } : r;
  }, { refuse: 'answer' }),
  /**
   * Reads a CSV file (a File or Blob, read in chunks; or its text) and saves it as a series. `importId` is the
   * page's name for it, to poll `seriesImportProgress` and to `seriesImportCancel`. Nothing is saved unless every line is good.
   */
  seriesImport: mutate(args(parseImportId, parseSeriesName, parseCsvSource, parseCsvImportOptions),
    async (c: C, [importId, name, source, opts]): Promise<ApiResult<{ meta: SeriesMeta; rows: number; layout: CsvLayout }>> => {
      const store = c.durable.storage;
      if (store === null) return noStorage;
      return IMPORTS.run(importId, name, source, opts, (input, data) => store.series.save(input, data));
    }),
  seriesImportProgress: read(args(parseImportId), (_c: C, [id]): ApiResult<SeriesImportProgress> => IMPORTS.progress(id), { refuse: 'answer' }),
  seriesImportCancel: read(args(parseImportId), (_c: C, [id]): ApiResult => IMPORTS.cancel(id), { refuse: 'answer' }),
  seriesRemove: mutate(args(parseSeriesId), async (c: C, [id]): Promise<ApiResult> => {
    if (SAMPLES.some((s) => s.meta.id === id)) return fail(Code.INVALID_COMMAND, 'A sample comes with Bourse and cannot be deleted.');
    return (await c.durable.storage?.series.remove(id)) ?? noStorage;
  }),
  /** A market's candles as this simulator recorded them (not saved: the sim keeps them). */
  seriesFromSim: read(args(parseSymbol, parseTimeframe), (c: C, [symbol, tf]): ApiResult<SeriesData> => simSeries(c.terminal.sim, symbol, tf), { refuse: 'answer' }),
  /** A crypto pair's real candles: the kline cache's, its gaps fetched when online (not saved: the cache keeps them). */
  seriesFromKlines: read(args(parseSymbol, parseTimeframe, parseOptionalTime, parseOptionalTime), (c: C, [symbol, tf, from, to]) =>
    klineSeries(c.terminal.sim, symbol, tf, from, to, { cache: c.durable.storage?.klines ?? null, klines: defaultKlineDeps() }), { refuse: 'answer' }),
};
