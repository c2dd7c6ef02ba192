/**
 * The bundled samples a backtest worker loads by itself: GOOG daily
 * (`src/core/backtest/samples/GOOG.csv`, backtesting.py's test data in Yahoo
 * Finance's layout; its README says what it is), imported as text in its own
 * lazily loaded chunk and read once per worker with core's CSV importer, the
 * one a person's file goes through.
 */
import { importCsv } from '../../core/backtest/csv';
import type { OhlcvColumns } from '../../core/backtest/types';
import { Code, fail, type Result } from '../../core/codes';

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
  const r = importCsv(text);
  if (!r.ok) return r;
  cache.set(name, r.data);
  return { ok: true, data: r.data };
}
