/**
 * The CSV import's options as a person sets them (all optional: the layout
 * is detected from the header, Yahoo Finance's first): a delimiter, day-first
 * dates, decimal commas, and which column is which (a header's name, or its
 * number counting from 1 as people count). Turned into the engine's
 * `CsvImportOptions`; the file's own lines are checked by the importer, which
 * names the first bad one.
 */
import type { ColumnRef, CsvImportOptions } from '../../protocol';

export interface ImportFields {
  delimiter: '' | ',' | ';' | '\t';
  dayFirst: boolean;
  decimalComma: boolean;
  /** Empty: detected from the header. */
  columns: { time: string; open: string; high: string; low: string; close: string; volume: string };
}

export const EMPTY_IMPORT: ImportFields = {
  delimiter: '', dayFirst: false, decimalComma: false, columns: { time: '', open: '', high: '', low: '', close: '', volume: '' },
};

const REQUIRED = ['time', 'open', 'high', 'low', 'close'] as const;

/** "3" is the third column (index 2); anything else is a header's name. */
function ref(s: string): ColumnRef {
  const t = s.trim();
  return /^\d+$/.test(t) && Number(t) >= 1 ? Number(t) - 1 : t;
}

export function importOptions(f: ImportFields): { ok: true; options: CsvImportOptions } | { ok: false; message: string } {
  const options: CsvImportOptions = {};
  if (f.delimiter !== '') options.delimiter = f.delimiter;
  if (f.dayFirst) options.dayFirst = true;
  if (f.decimalComma) options.decimalComma = true;
  const given = REQUIRED.filter((k) => f.columns[k].trim() !== '');
  if (given.length > 0 || f.columns.volume.trim() !== '') {
    if (given.length < REQUIRED.length) {
      return { ok: false, message: 'Name the time, open, high, low and close columns (the volume is optional), or leave them all empty to detect them.' };
    }
    options.columns = {
      time: ref(f.columns.time), open: ref(f.columns.open), high: ref(f.columns.high), low: ref(f.columns.low), close: ref(f.columns.close),
      ...(f.columns.volume.trim() !== '' ? { volume: ref(f.columns.volume) } : {}),
    };
  }
  return { ok: true, options };
}
