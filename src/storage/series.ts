import { MAX_ROWS } from '../core/backtest/csv';
import { SERIES_SOURCES, type SeriesMeta, type SeriesSource } from '../core/backtest/series';
import type { OhlcvColumns } from '../core/backtest/types';
import { Code, fail, type Failure, type Result } from '../core/codes';
import { TIMEFRAMES, type Timeframe } from '../core/market/candles';
import { Bad, type Obj } from './check';
import type { BourseDb } from './db';
import type { SeriesColumnsRow } from './rows';

/**
 * The series of bars the person imported for backtests (`store.series`).
 * Two tables: `series` holds each one's description, `seriesColumns` its
 * bars as Float64Arrays (IndexedDB keeps typed arrays as they are: no
 * conversion, no object per bar), so the list never reads the bars.
 * A backup carries both, the columns as number lists (`backupSeries`,
 * `readSeriesBackup`), checked like every row.
 */

/** Bars per series: the most a CSV import takes. */
export const MAX_SERIES_BARS = MAX_ROWS;
/** Series kept: far more than a person compares; a bound so a file cannot fill the database. */
export const MAX_SERIES = 100;
/** A name is a file's name or a title. */
export const MAX_SERIES_NAME = 120;
const MAX_TIME = 8.64e15;
const MAX_PRICE = 1e18;
/** Beyond any volume traded, far within a double's integers. */
const MAX_VOLUME = 1e21;

/** What the caller says of a new series; the store counts its bars, its first and last times, and names it. */
export interface SeriesInput {
  name: string;
  source: SeriesSource;
  symbol?: string;
  timeframe?: Timeframe;
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Why `name` is not a series name, or null. */
export function seriesNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.trim() === '') return 'A series needs a name.';
  if (name.length > MAX_SERIES_NAME) return `A series name has at most ${MAX_SERIES_NAME} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A series name cannot hold control characters.';
  return null;
}

/**
 * Why these columns cannot be a stored series, or null: six Float64Arrays of
 * one length (1 to MAX_SERIES_BARS), times finite and strictly rising,
 * prices finite and above 0 with high and low bounding open and close, volume
 * NaN (none) or finite and not negative. What the CSV import gives passes;
 * a backup that does not is damaged.
 */
export function seriesDataProblem(d: unknown): string | null {
  if (d === null || typeof d !== 'object') return 'A series needs its columns.';
  const c = d as Record<string, unknown>;
  const n = c.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > MAX_SERIES_BARS) {
    return `A series has 1 to ${MAX_SERIES_BARS.toLocaleString('en')} bars (got ${String(n)}).`;
  }
  for (const k of COLUMNS) {
    const a = c[k];
    if (!(a instanceof Float64Array) || a.length !== n) return `The ${k} column must be ${n} numbers (a Float64Array).`;
  }
  const { time, open, high, low, close, volume } = c as unknown as OhlcvColumns;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!(t > prev) || !(Math.abs(t) <= MAX_TIME)) return `Bar ${i + 1}: its time ${t} is not a time after the bar before.`;
    prev = t;
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const x = close[i];
    if (!(o > 0 && h > 0 && l > 0 && x > 0 && h <= MAX_PRICE)) return `Bar ${i + 1}: prices must be finite and above 0.`;
    if (h < l || h < o || h < x || l > o || l > x) return `Bar ${i + 1}: high and low must bound open and close.`;
    const v = volume[i];
    if (!Number.isNaN(v) && !(v >= 0 && v <= MAX_VOLUME)) return `Bar ${i + 1}: the volume must be a number of at least 0.`;
  }
  return null;
}

/** Why a description (a new series' or a backup row's) is not one, or null. */
function inputProblem(m: Partial<SeriesInput>): string | null {
  const bad = seriesNameProblem(m.name);
  if (bad !== null) return bad;
  if (!SERIES_SOURCES.includes(m.source as SeriesSource)) return `A series' source is one of ${SERIES_SOURCES.join(', ')}.`;
  if (m.symbol !== undefined && (typeof m.symbol !== 'string' || m.symbol === '' || m.symbol.length > 128)) return 'A series\' symbol must be short text.';
  if (m.timeframe !== undefined && !(TIMEFRAMES as readonly string[]).includes(m.timeframe)) return `A series' timeframe is one of ${TIMEFRAMES.join(', ')}.`;
  return null;
}

/** A column as it is stored: its own buffer, exactly its length (a view's whole buffer would be stored, and backed up, with it). */
function own(a: Float64Array): Float64Array {
  return a.byteOffset === 0 && a.buffer.byteLength === a.byteLength ? a : a.slice();
}

function metaOf(id: string, m: SeriesInput, d: OhlcvColumns, createdAt: number): SeriesMeta {
  const meta: SeriesMeta = { id, name: m.name, source: m.source, bars: d.length, from: d.time[0], to: d.time[d.length - 1], createdAt };
  if (m.symbol !== undefined) meta.symbol = m.symbol;
  if (m.timeframe !== undefined) meta.timeframe = m.timeframe;
  return meta;
}

// ---------------------------------------------------------------- backups

/** A series in a backup document: its description and its columns as number lists (a NaN volume is `null` in JSON). */
export interface SeriesBackupRow extends SeriesMeta {
  columns: Record<(typeof COLUMNS)[number], number[]>;
}

/** The backup document's rows of the stored series (descriptions and columns joined by id). */
export function backupSeries(metas: readonly SeriesMeta[], columns: readonly SeriesColumnsRow[]): SeriesBackupRow[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  return metas.flatMap((m) => {
    const c = byId.get(m.id);
    if (c === undefined) return [];
    return [{ ...m, columns: { time: [...c.time], open: [...c.open], high: [...c.high], low: [...c.low], close: [...c.close], volume: [...c.volume] } }];
  });
}

/** A stored series as a backup brings it: its description and its columns, checked. */
export interface SeriesRestore {
  meta: SeriesMeta;
  columns: SeriesColumnsRow;
}

/** A backup row, checked and stripped to its fields; throws `Bad`. */
export function readSeriesBackup(r: Obj, where: string): SeriesRestore {
  const m = { name: r.name, source: r.source, symbol: r.symbol, timeframe: r.timeframe } as Partial<SeriesInput>;
  const bad = inputProblem(m);
  if (bad !== null) throw new Bad(`${where}: ${bad}`);
  if (typeof r.id !== 'string' || !/^[A-Za-z0-9:_-]{1,64}$/.test(r.id)) throw new Bad(`${where}: "id" must be 1 to 64 letters, digits, ":", "_" or "-".`);
  const created = r.createdAt;
  if (typeof created !== 'number' || !Number.isFinite(created) || created < 0 || created > MAX_TIME) throw new Bad(`${where}: "createdAt" must be a time (UTC ms).`);
  const cols = r.columns;
  if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) throw new Bad(`${where}: "columns" must be an object of number lists.`);
  const raw = cols as Obj;
  const n = Array.isArray(raw.time) ? raw.time.length : -1;
  if (n < 1 || n > MAX_SERIES_BARS) throw new Bad(`${where}: a series has 1 to ${MAX_SERIES_BARS.toLocaleString('en')} bars.`);
  const read = (k: (typeof COLUMNS)[number]): Float64Array => {
    const a = raw[k];
    if (!Array.isArray(a) || a.length !== n) throw new Bad(`${where}: column "${k}" must be a list of ${n} numbers.`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = a[i] as unknown;
      if (k === 'volume' && v === null) out[i] = NaN;
      else if (typeof v !== 'number') throw new Bad(`${where}: column "${k}" holds ${v === null ? 'null' : typeof v} at ${i + 1}.`);
      else out[i] = v;
    }
    return out;
  };
  const data: OhlcvColumns = { length: n, time: read('time'), open: read('open'), high: read('high'), low: read('low'), close: read('close'), volume: read('volume') };
  const problem = seriesDataProblem(data);
  if (problem !== null) throw new Bad(`${where}: ${problem}`);
  const meta = metaOf(r.id, m as SeriesInput, data, created);
  const { length: _n, ...columns } = data;
  return { meta, columns: { id: r.id, ...columns } };
}

// ---------------------------------------------------------------- the store

type Run = <T extends object>(op: () => Promise<Result<T>>) => Promise<Result<T>>;

const invalid = (message: string): Failure => fail(Code.INVALID_COMMAND, message);
const missing = (id: string): Failure => fail(Code.INVALID_COMMAND, `There is no saved series "${id.slice(0, 80)}".`);
const idProblem = (id: unknown): string | null => (typeof id !== 'string' || id === '' || id.length > 64 ? 'A series id is short text.' : null);

/** `store.series`: on the Store's database, through its `run` (refused when it is; storage errors as results). */
export class SeriesStore {
  constructor(
    private readonly db: BourseDb,
    private readonly run: Run,
    private readonly now: () => number,
  ) {}

  /** Every stored series' description, oldest first; the bars are not read. */
  list(): Promise<Result<{ rows: SeriesMeta[] }>> {
    return this.run(async () => ({ ok: true, rows: await this.db.series.orderBy('createdAt').toArray() }));
  }

  /** A series' description and its columns (fresh arrays: the caller may transfer them). */
  get(id: string): Promise<Result<{ meta: SeriesMeta; data: OhlcvColumns }>> {
    const bad = idProblem(id);
    if (bad !== null) return Promise.resolve(invalid(bad));
    const db = this.db;
    return this.run(() =>
      db.transaction('r', [db.series, db.seriesColumns], async (): Promise<Result<{ meta: SeriesMeta; data: OhlcvColumns }>> => {
        const meta = await db.series.get(id);
        const c = await db.seriesColumns.get(id);
        if (meta === undefined || c === undefined) return missing(id);
        return { ok: true, meta, data: { length: meta.bars, time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume } };
      }),
    );
  }

  /** Stores a new series (checked first: nothing is written for bad columns); answers its description. */
  save(input: SeriesInput, data: OhlcvColumns): Promise<Result<{ meta: SeriesMeta }>> {
    const bad = (input !== null && typeof input === 'object' ? inputProblem(input) : 'A series needs a description.') ?? seriesDataProblem(data);
    if (bad !== null) return Promise.resolve(invalid(bad));
    const db = this.db;
    return this.run(() =>
      db.transaction('rw', [db.series, db.seriesColumns], async (): Promise<Result<{ meta: SeriesMeta }>> => {
        if ((await db.series.count()) >= MAX_SERIES) return invalid(`You have ${MAX_SERIES} series saved, the most Bourse keeps: delete one first.`);
        const at = this.now();
        // Ids are never reused (a saved run may name one): the wall clock, and a suffix if two land in one ms.
        let id = `s-${at}`;
        for (let k = 2; (await db.series.get(id)) !== undefined; k++) id = `s-${at}-${k}`;
        const meta = metaOf(id, { name: input.name, source: input.source, symbol: input.symbol, timeframe: input.timeframe }, data, at);
        await db.series.add(meta);
        const [time, open, high, low, close, volume] = COLUMNS.map((k) => own(data[k]));
        await db.seriesColumns.add({ id, time, open, high, low, close, volume });
        return { ok: true, meta };
      }),
    );
  }

  /** Deletes a series, its description and its bars together. */
  remove(id: string): Promise<Result> {
    const bad = idProblem(id);
    if (bad !== null) return Promise.resolve(invalid(bad));
    const db = this.db;
    return this.run(() =>
      db.transaction('rw', [db.series, db.seriesColumns], async (): Promise<Result> => {
        if ((await db.series.get(id)) === undefined) return missing(id);
        await db.series.delete(id);
        await db.seriesColumns.delete(id);
        return { ok: true };
      }),
    );
  }
}
