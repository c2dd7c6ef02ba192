import { toCandleData, type CandleData, type Interval, type Kline } from './klines';

/**
 * History that ships with the app, for a first visit offline. Only real data
 * is bundled, and it says where it comes from:
 *
 * - GOOG, daily, 2004-08-19 to 2013-03-01 (2,148 sessions): Google's actual
 *   daily open, high, low, close and volume, from `data/GOOG.csv` (Yahoo
 *   Finance's layout), with only its header renamed. Prices are as traded
 *   then: before the 2014 2:1 and 2022 20:1 splits, so they do not join the
 *   simulator's GOOG (which starts near late-2025 prices).
 *
 * Nothing is bundled for crypto: there is no real crypto history on hand, and
 * made-up candles must not pass for a market's past. `bundledHistory` answers
 * `{ ok: false, reason: 'none' }` for every other pair.
 *
 * The CSV is imported as text in its own lazily loaded chunk (a `.js` file
 * under assets/), so the PWA precaches it with the rest of the build and it
 * costs nothing until asked for.
 */

export interface BundledSet {
  symbol: string;
  interval: Interval;
  /** `real`: a market's actual past. `simulated`: generated candles, to be labelled so (none are bundled). */
  kind: 'real' | 'simulated';
  source: string;
  /** First and last session, YYYY-MM-DD. */
  first: string;
  last: string;
  rows: number;
}

export const BUNDLED: readonly BundledSet[] = [
  {
    symbol: 'GOOG',
    interval: '1d',
    kind: 'real',
    source: 'Alphabet (Google) daily OHLCV, 2004-08-19 to 2013-03-01, Yahoo Finance layout (data/GOOG.csv); unadjusted for the 2014 and 2022 splits',
    first: '2004-08-19',
    last: '2013-03-01',
    rows: 2148,
  },
];

const LOADERS: Record<string, () => Promise<string>> = {
  'GOOG/1d': () => import('./data/GOOG-1d.csv?raw').then((m) => m.default),
};

export type BundledResult =
  | ({ ok: true; candles: CandleData } & BundledSet)
  | { ok: false; reason: 'none' | 'unavailable' | 'malformed'; message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^\d+(\.\d+)?$/;

/**
 * `date,open,high,low,close,volume` lines, oldest first → candles whose open
 * time is the session's date at 00:00 UTC (as 1d candles are aligned
 * everywhere in Bourse), not the 9:30 New York open. Strict: the header,
 * six fields per line, real dates rising, decimal numbers, high and low
 * bounding open and close.
 */
export function parseDailyCsv(text: string): { ok: true; rows: Kline[] } | { ok: false; message: string } {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== 'date,open,high,low,close,volume') return { ok: false, message: 'The header is not date,open,high,low,close,volume.' };
  const rows: Kline[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(',');
    const bad = (why: string) => ({ ok: false as const, message: `Line ${i + 1}: ${why}` });
    if (f.length !== 6) return bad(`${f.length} fields instead of 6.`);
    const d = DATE.exec(f[0]);
    if (d === null) return bad(`"${f[0]}" is not a YYYY-MM-DD date.`);
    const t = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    if (new Date(t).toISOString().slice(0, 10) !== f[0]) return bad(`${f[0]} is not a calendar date.`);
    if (rows.length > 0 && t <= rows[rows.length - 1].t) return bad('dates do not rise.');
    if (!f.slice(1).every((x) => NUMBER.test(x))) return bad('a price or the volume is not a decimal number.');
    const [o, h, l, c, v] = f.slice(1).map(Number);
    if (h < Math.max(o, c, l) || l > Math.min(o, c)) return bad('high and low do not bound open and close.');
    rows.push({ t, o, h, l, c, v });
  }
  return { ok: true, rows };
}

/** The bundled history for a pair, as the chart's columns (t in Unix seconds); `none` when nothing is bundled for it. */
export async function bundledHistory(symbol: string, interval: Interval): Promise<BundledResult> {
  const set = BUNDLED.find((b) => b.symbol === symbol && b.interval === interval);
  const load = LOADERS[`${symbol}/${interval}`];
  if (set === undefined || load === undefined) {
    return { ok: false, reason: 'none', message: `No history is bundled for ${symbol} ${interval}; it needs the network (real data only is bundled: GOOG daily).` };
  }
  let text: string;
  try {
    text = await load();
  } catch (e) {
    // The chunk did not load (offline before the app was cached, say).
    return { ok: false, reason: 'unavailable', message: `The bundled ${symbol} history could not be loaded (${e instanceof Error ? e.message : String(e)}).` };
  }
  const parsed = parseDailyCsv(text);
  if (!parsed.ok) return { ok: false, reason: 'malformed', message: `The bundled ${symbol} history is damaged: ${parsed.message}` };
  return { ok: true, ...set, candles: toCandleData(parsed.rows) };
}
