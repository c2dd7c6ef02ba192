/**
 * A CSV's layout: its delimiter, its fields (RFC 4180 quoting), and which
 * column holds the time and each price, either detected from the header
 * (Yahoo Finance's layout and the usual names) or given by a mapping.
 */

/** A column by its header name (case and surrounding spaces ignored) or its index, 0 for the first. */
export type ColumnRef = string | number;

export interface CsvMapping {
  time: ColumnRef;
  open: ColumnRef;
  high: ColumnRef;
  low: ColumnRef;
  close: ColumnRef;
  /** Absent or null: the file has no volume (the series' volume is NaN). */
  volume?: ColumnRef | null;
}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** Where each column is: indexes into a line's fields; volume -1 when there is none. */
export interface Columns {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
export type Field = (typeof FIELDS)[number];

/**
 * The names each column goes by, lower case. Yahoo Finance writes `Date`,
 * backtesting.py's GOOG.csv leaves the date column unnamed (pandas' index),
 * exchanges' exports write `timestamp` or `open time`.
 */
const NAMES: Record<Field, readonly string[]> = {
  time: ['date', 'time', 'datetime', 'date_time', 'date/time', 'timestamp', 'open time', 'open_time', 'opentime', 'ts'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
};

const YAHOO = ['date,open,high,low,close,adj close,volume', ',open,high,low,close,volume'];

/** The delimiter a header line uses: the most frequent of `,` `;` tab outside quotes (`,` on a tie). */
export function detectDelimiter(line: string): Delimiter {
  const counts = [0, 0, 0];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted) {
      const k = DELIMITERS.indexOf(c as Delimiter);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
  return DELIMITERS[best];
}

/**
 * A line's fields, RFC 4180: a field that starts with `"` runs to the
 * closing `"`, with `""` for a quote inside (and delimiters and line breaks
 * taken as they are). Text after a closing quote is kept, as spreadsheets do.
 * Null when a quoted field is not closed.
 */
export function splitFields(line: string, delimiter: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return null;
        v += line.slice(j, q);
        if (line[q + 1] === '"') {
          v += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      const d = line.indexOf(delimiter, j);
      const end = d < 0 ? line.length : d;
      out.push(v + line.slice(j, end));
      if (d < 0) return out;
      i = d + 1;
    } else {
      const d = line.indexOf(delimiter, i);
      if (d < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, d));
      i = d + 1;
    }
  }
}

const norm = (s: string): string => s.trim().toLowerCase();

/** Whether a header is Yahoo Finance's (or GOOG.csv's, its date column unnamed). */
export function isYahoo(header: readonly string[]): boolean {
  return YAHOO.includes(header.map(norm).join(','));
}

/** The columns named in a header; a string says which is missing (with the header's names, for the person to map). */
export function detectColumns(header: readonly string[]): Columns | string {
  const names = header.map(norm);
  const find = (f: Field): number => {
    const i = names.findIndex((n) => NAMES[f].includes(n));
    // pandas writes its index (the dates) as a first column with no name.
    return i < 0 && f === 'time' && names[0] === '' ? 0 : i;
  };
  const cols: Columns = { time: find('time'), open: find('open'), high: find('high'), low: find('low'), close: find('close'), volume: find('volume') };
  for (const f of FIELDS) {
    if (f !== 'volume' && cols[f] < 0) {
      const shown = header.map((h) => JSON.stringify(h.trim().slice(0, 40))).join(', ');
      return `no ${f} column among ${shown}; map the columns by name or number.`;
    }
  }
  return cols;
}

/** The columns a mapping names; a string says what is wrong. `header` is null for a file without one (indexes only). */
export function mapColumns(mapping: CsvMapping, header: readonly string[] | null): Columns | string {
  const names = header?.map(norm) ?? null;
  const at = (f: Field, ref: ColumnRef | null | undefined): number | string => {
    if (ref === undefined || ref === null) return f === 'volume' ? -1 : `the mapping has no ${f} column.`;
    if (typeof ref === 'number') {
      if (!Number.isSafeInteger(ref) || ref < 0 || ref > 10_000) return `the ${f} column's number ${String(ref)} is not a column index (0 is the first).`;
      return ref;
    }
    if (typeof ref !== 'string' || names === null) return `the ${f} column must be a number (0 is the first) in a file without a header.`;
    const i = names.indexOf(norm(ref));
    return i < 0 ? `there is no column named ${JSON.stringify(ref.slice(0, 40))} for ${f}.` : i;
  };
  const out: Partial<Columns> = {};
  for (const f of FIELDS) {
    const v = at(f, mapping[f]);
    if (typeof v === 'string') return v;
    out[f] = v;
  }
  return out as Columns;
}
