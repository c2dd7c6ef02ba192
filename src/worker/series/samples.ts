/**
 * The samples the app lists first among the backtester's data sources, with
 * nothing imported: each a description known in advance (so listing reads
 * no file) and the CSV's text, loaded the first time it is asked for (a lazy
 * chunk the bundler makes of the `?raw` import) and read with the same
 * importer as a person's file. What each sample is:
 * src/core/backtest/samples/README.md.
 */
import { importCsv } from '../../core/backtest/csv';
import type { SeriesMeta } from '../../core/backtest/series';
import type { OhlcvColumns } from '../../core/backtest/types';
import { Code, fail } from '../../core/codes';
import type { ApiResult, SeriesData } from '../../protocol';

export interface Sample {
  meta: SeriesMeta;
  text: () => Promise<string>;
}

export const SAMPLES: readonly Sample[] = [
  {
    meta: {
      id: 'sample:GOOG',
      name: 'GOOG — daily, 2004–2013 (sample)',
      source: 'sample',
      symbol: 'GOOG',
      timeframe: '1d',
      bars: 2148,
      from: Date.UTC(2004, 7, 19),
      to: Date.UTC(2013, 2, 1),
      createdAt: 0,
    },
    text: () => import('../../core/backtest/samples/GOOG.csv?raw').then((m) => m.default),
  },
];

/** Parsed once per sample; each answer gets its own copy, as the page takes the buffers (transfer). */
const parsed = new Map<string, OhlcvColumns>();

function copy(d: OhlcvColumns): OhlcvColumns {
  return { length: d.length, time: d.time.slice(), open: d.open.slice(), high: d.high.slice(), low: d.low.slice(), close: d.close.slice(), volume: d.volume.slice() };
}

/** A sample's bars, or null when `id` is no sample's. */
export async function sampleSeries(id: string): Promise<ApiResult<SeriesData> | null> {
  const sample = SAMPLES.find((s) => s.meta.id === id);
  if (sample === undefined) return null;
  let data = parsed.get(id);
  if (data === undefined) {
    let text: string;
    try {
      text = await sample.text();
    } catch {
      // A chunk that failed to load (an old cached build after an update, say): the person can reload.
      return fail(Code.INVALID_DATA, `The sample ${sample.meta.name} could not be loaded; reload Bourse and try again.`);
    }
    const r = importCsv(text);
    if (!r.ok) return r;
    data = r.data;
    parsed.set(id, data);
  }
  return { ok: true, meta: { ...sample.meta }, data: copy(data) };
}
