/**
 * The backtester's data sources between the page and the worker: what is
 * answered (a series' description and its columns, an import's progress)
 * and the parsers of what the page sends (ids, a CSV file or text, the
 * import's options). Shape only: names, sizes and the bars themselves are
 * checked by storage and `src/core/backtest/csv.ts`.
 */
import type { CsvOptions, ColumnRef, CsvMapping } from '../core/backtest/csv';
import type { SeriesMeta } from '../core/backtest/series';
import type { OhlcvColumns } from '../core/backtest/types';
import { Code, fail } from '../core/codes';
import { bool, finite, oneOf, optional, record, shown, text, type Parsed, type Parser } from './parse';

export type { SeriesMeta, SeriesSource } from '../core/backtest/series';
export type { OhlcvColumns } from '../core/backtest/types';
export type { CsvOptions, CsvMapping, ColumnRef } from '../core/backtest/csv';

/** A series with its bars (the columns are transferred to the page, not copied). */
export interface SeriesData {
  meta: SeriesMeta;
  data: OhlcvColumns;
}

/** Where an import is: bytes read of the file's total, rows read, and whether it is reading or saving. */
export interface SeriesImportProgress {
  bytes: number;
  total: number;
  rows: number;
  phase: 'reading' | 'saving';
}

/** The options a page may set for an import (the worker sizes the columns from the file itself). */
export type CsvImportOptions = Omit<CsvOptions, 'expectedBytes'>;

/** 256 MB: 2 million rows (the import's cap) of a wide CSV; a bigger file is refused before it is read. */
export const MAX_CSV_BYTES = 256 * 1024 * 1024;

const good = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** A stored series' id (`s-…`), or a source's (`sample:GOOG`): short text. */
export const parseSeriesId: Parser<string> = (x) =>
  typeof x === 'string' && x !== '' && x.length <= 64 ? good(x) : fail(Code.INVALID_COMMAND, 'A series id must be short text.');

/** The page's name for an import in progress, to ask its progress or cancel it: 1–64 letters, digits, `-`, `_`. */
export const parseImportId: Parser<string> = (x) =>
  typeof x === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(x) ? good(x) : fail(Code.INVALID_COMMAND, 'An import id must be 1 to 64 letters, digits, "-" or "_".');

/** A series' name (the file's name, usually); storage says which names it keeps. */
export const parseSeriesName: Parser<string> = text(Code.INVALID_COMMAND, 'A series name must be text.');

/** The CSV itself: a File or Blob (read in chunks, never whole), or its text; at most MAX_CSV_BYTES. */
export const parseCsvSource: Parser<Blob | string> = (x) => {
  const size = typeof x === 'string' ? x.length : typeof Blob !== 'undefined' && x instanceof Blob ? x.size : -1;
  if (size < 0) return fail(Code.INVALID_COMMAND, 'A CSV import needs a file (or its text).');
  if (size > MAX_CSV_BYTES) {
    return fail(Code.INVALID_DATA, `The file is ${Math.ceil(size / 2 ** 20).toLocaleString('en')} MB; Bourse imports files up to ${MAX_CSV_BYTES / 2 ** 20} MB.`);
  }
  return good(x as Blob | string);
};

const columnRef: Parser<ColumnRef> = (x) =>
  (typeof x === 'string' && x.length <= 200) || (typeof x === 'number' && Number.isSafeInteger(x))
    ? good(x as ColumnRef)
    : fail(Code.INVALID_SETTING, `A column is its header's name or its number (0 for the first), not ${shown(x)}.`);

const mapping: Parser<CsvMapping> = record<CsvMapping>(
  {
    time: columnRef, open: columnRef, high: columnRef, low: columnRef, close: columnRef,
    // null (no volume) is the same as leaving it out.
    volume: (x) => (x === undefined || x === null ? good(undefined) : columnRef(x)),
  },
  Code.INVALID_SETTING,
  'A column mapping names the time, open, high, low and close columns (and the volume, if any).',
);

const flag = (what: string) => optional(bool(Code.INVALID_SETTING, `${what} must be true or false.`));

/** An import's options, each field read on its own (absent: detected or the default). */
export const parseCsvImportOptions: Parser<CsvImportOptions | undefined> = optional(
  record<CsvImportOptions>(
    {
      columns: optional(mapping),
      delimiter: optional(oneOf([',', ';', '\t'] as const, Code.INVALID_SETTING, (x) => `The delimiter is a comma, a semicolon or a tab, not ${shown(x)}.`)),
      dayFirst: flag('Day first'),
      decimalComma: flag('Decimal comma'),
      header: flag('Header'),
    },
    Code.INVALID_SETTING,
    'Import options must be an object.',
  ),
);

/** Optional times (UTC ms) bounding the candles asked for. */
export const parseOptionalTime: Parser<number | undefined> = optional(finite(Code.INVALID_SETTING, 'A time must be a number (UTC ms).'));
