/**
 * The bundled samples a backtest worker loads by itself: GOOG daily
 * (`src/core/backtest/samples/GOOG.csv`, the same bytes as the repository's
 * `data/GOOG.csv`, backtesting.py's test data in Yahoo Finance's layout),
 * imported as text in its own lazily loaded chunk and read once per worker.
 * Its lines are read by the feeds' strict daily reader (`parseDailyCsv`: real
 * dates rising, decimals, high and low bounding the bar) under its own header.
 */
import { Code, fail, type Result } from '../../core/codes';
import type { OhlcvColumns } from '../../core/backtest/types';
import { parseDailyCsv } from '../../feeds/bundled';

/** Yahoo's header as GOOG.csv has it (the date column unnamed). */
const YAHOO_DAILY_HEADER = /^(Date)?,Open,High,Low,Close,Volume\r?\n/;

/** A Yahoo-layout daily CSV as columns (each bar at 00:00 UTC of its date). */
export function yahooDailyColumns(text: string): Result<{ data: OhlcvColumns }> {
  if (!YAHOO_DAILY_HEADER.test(text)) return fail(Code.INVALID_DATA, 'The header is not Yahoo Finance\'s (Date,Open,High,Low,Close,Volume).');
  const parsed = parseDailyCsv(text.replace(YAHOO_DAILY_HEADER, 'date,open,high,low,close,volume\n'));
  if (!parsed.ok) return fail(Code.INVALID_DATA, parsed.message);
  const rows = parsed.rows;
  const col = (f: (r: (typeof rows)[number]) => number) => Float64Array.from(rows, f);
  return {
    ok: true,
    data: { length: rows.length, time: col((r) => r.t), open: col((r) => r.o), high: col((r) => r.h), low: col((r) => r.l), close: col((r) => r.c), volume: col((r) => r.v) },
  };
}

const LOADERS: Record<string, () => Promise<string>> = {
  GOOG: () => import('../../core/backtest/samples/GOOG.csv?raw').then((m) => m.default),
};
const cache = new Map<string, OhlcvColumns>();

/** A sample by name, read once: runs slice copies of it, so the cached columns are never transferred away. */
export async function loadSample(name: string): Promise<Result<{ data: OhlcvColumns }>> {
  const hit = cache.get(name);
  if (hit !== undefined) return { ok: true, data: hit };
  const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
  if (load === undefined) return fail(Code.INVALID_DATA, `There is no bundled sample ${JSON.stringify(name)}.`);
  let text: string;
  try {
    text = await load();
  } catch (e) {
    return fail(Code.INVALID_DATA, `The ${name} sample could not be loaded (${e instanceof Error ? e.message : String(e)}).`);
  }
  const r = yahooDailyColumns(text);
  if (r.ok) cache.set(name, r.data);
  return r;
}
