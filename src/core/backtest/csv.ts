/**
 * CSV import of OHLCV bars: text pushed in chunks (a line may straddle two),
 * read into growing typed-array columns, never an object per row, so a file
 * of a million rows imports in about a second and the worker can report
 * progress by the bytes it has pushed.
 *
 * The layout is detected from the header (Yahoo Finance's, GOOG.csv's with
 * its unnamed date column, the usual names) or given as a mapping; the
 * delimiter (`,` `;` tab) is detected from the header too. Quoted fields,
 * CRLF and a BOM are read as RFC 4180 and editors have them. Dates: see
 * csvDates.ts.
 *
 * Strict, because a backtest on silently mangled data is worse than none:
 * the first bad line stops the import with its number (1-based as an editor
 * shows it, the header is line 1) and what is wrong with it, and nothing is
 * returned. Blank lines are skipped. An empty volume cell is NaN (no volume);
 * every other cell must hold a value.
 */
import { Code, fail, type Failure, type Result } from '../codes';
import { DATE_FORMATS, parseDate } from './csvDates';
import { detectColumns, detectDelimiter, isYahoo, mapColumns, splitFields, type Columns, type CsvMapping, type Delimiter } from './csvLayout';
import type { OhlcvColumns } from './types';

export type { ColumnRef, CsvMapping, Delimiter } from './csvLayout';

export interface CsvOptions {
  /** Which column is which; detected from the header when absent. */
  columns?: CsvMapping;
  /** Detected from the header line when absent. */
  delimiter?: Delimiter;
  /** Read `01/02/2020` as 1 February (day first) rather than 2 January (US, the default). */
  dayFirst?: boolean;
  /** Numbers written with a decimal comma (`1234,5`), as `;`-separated files from much of Europe have them. */
  decimalComma?: boolean;
  /** false: the first line is already data (then `columns` must give indexes). Default true. */
  header?: boolean;
  /** The file's size, if known: the columns are allocated for about that many rows at once. */
  expectedBytes?: number;
}

/** How the file was read, for the person to check. */
export interface CsvLayout {
  /** `yahoo`: Yahoo Finance's header; `named`: columns found by their names; `mapped`: the caller's mapping. */
  kind: 'yahoo' | 'named' | 'mapped';
  delimiter: Delimiter;
}

/** The most rows one import takes: 2 million minute bars is four years of a 24/7 market, and 96 MB of columns. */
export const MAX_ROWS = 2_000_000;
/** A line longer than this is not a row of bars (a binary file, a file without line breaks). */
export const MAX_LINE = 1 << 20;

const FIELD_NAMES = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A cell as a message shows it: quoted, and short. */
function shown(s: string): string {
  const t = s.trim();
  return JSON.stringify(t.length > 40 ? `${t.slice(0, 39)}…` : t);
}

/** How many `"` a string holds (a record with an odd count goes on past its line break). */
function quotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `[-]digits[.digits]` with at most 15 digits, read from char codes: the
 * digits as an integer (exact below 2^53) divided by a power of ten (exact up
 * to 10^22), so IEEE division rounds it exactly as `Number` would (Clinger's
 * fast path), at a fraction of the cost. NaN for anything else, which then
 * takes the slow path.
 */
function fastDecimal(s: string): number {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && frac < 0) frac = i;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const scale = frac < 0 ? 0 : n - frac - 1;
  const v = scale === 0 ? m : m / POW10[scale];
  return s.charCodeAt(0) === 45 ? -v : v;
}

/** Line breaks in `buf` from `from` up to (not including) `to`: those inside a record that spans lines. */
function breaks(buf: string, from: number, to: number): number {
  let k = 0;
  for (let i = buf.indexOf('\n', from); i >= 0 && i < to; i = buf.indexOf('\n', i + 1)) k++;
  return k;
}

function grow(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

/**
 * Reads a CSV of bars pushed in chunks. `push` answers the failure as soon as
 * a line is bad (the caller can stop reading); `finish` answers the columns,
 * or the first failure. Use once.
 */
export class CsvImporter {
  private readonly opts: CsvOptions;
  private carry = '';
  /** The line number of the first line in `carry`. */
  private line = 1;
  private started = false;
  private finished = false;
  private error: Failure | null = null;
  private cols: Columns | null = null;
  /** The highest column index a row must reach. */
  private need = 0;
  private delimiter: Delimiter = ',';
  private kind: CsvLayout['kind'] = 'named';
  /** Reused by the fast path: each field's start and end in the line. */
  private starts = new Int32Array(8);
  private ends = new Int32Array(8);
  private n = 0;
  private cap: number;
  private time: Float64Array;
  private open: Float64Array;
  private high: Float64Array;
  private low: Float64Array;
  private close: Float64Array;
  private volume: Float64Array;
  private prevTime = -Infinity;
  private prevLine = 0;
  /** The current row's fields when it has quotes (split the slow way); null on the fast path. */
  private fields: string[] | null = null;
  /** Why the current row's price failed (set by `price`). */
  private why: string | null = null;

  constructor(opts: CsvOptions = {}) {
    this.opts = opts;
    const hint = typeof opts.expectedBytes === 'number' && opts.expectedBytes > 0 ? Math.ceil(opts.expectedBytes / 32) : 0;
    this.cap = Math.min(MAX_ROWS, Math.max(1024, hint));
    this.time = new Float64Array(this.cap);
    this.open = new Float64Array(this.cap);
    this.high = new Float64Array(this.cap);
    this.low = new Float64Array(this.cap);
    this.close = new Float64Array(this.cap);
    this.volume = new Float64Array(this.cap);
  }

  /** Rows read so far. */
  get rows(): number {
    return this.n;
  }

  /** Reads the complete lines in `chunk` (with what was left of the last one); the first failure, once there is one. */
  push(chunk: string): Result<{ rows: number }> {
    if (this.error !== null) return this.error;
    if (this.finished) return fail(Code.INVALID_DATA, 'This import is finished.');
    if (typeof chunk !== 'string') return this.stop(fail(Code.INVALID_DATA, 'A CSV chunk must be text.'));
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const buf = this.carry + chunk;
    let pos = 0;
    let from = 0;
    // The next quote at or after `pos` (found once, not once a line: most files have none).
    let quote = buf.indexOf('"');
    for (;;) {
      const nl = buf.indexOf('\n', from);
      if (nl < 0) break;
      if (quote >= 0 && quote < pos) quote = buf.indexOf('"', pos);
      // A record whose quotes are still open goes on after this line break (a quoted cell may hold one).
      if (quote >= 0 && quote < nl && quotes(buf.slice(pos, nl)) % 2 === 1) {
        from = nl + 1;
        continue;
      }
      const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const at = this.line;
      this.line += 1 + (from > pos ? breaks(buf, pos, nl) : 0);
      const bad = this.record(buf.slice(pos, end), at);
      pos = from = nl + 1;
      if (bad !== null) return this.stop(bad);
    }
    this.carry = buf.slice(pos);
    if (this.carry.length > MAX_LINE) {
      return this.stop(fail(Code.INVALID_DATA, `Line ${this.line} is longer than ${MAX_LINE.toLocaleString('en')} characters: this is not a CSV of bars.`));
    }
    return { ok: true, rows: this.n };
  }

  /** Reads the last line, then answers the columns (exactly as long as the rows) or the first failure. */
  finish(): Result<{ data: OhlcvColumns; rows: number; layout: CsvLayout }> {
    if (this.error !== null) return this.error;
    if (this.finished) return fail(Code.INVALID_DATA, 'This import is finished.');
    this.finished = true;
    const last = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
    this.carry = '';
    if (quotes(last) % 2 === 1) return this.stop(fail(Code.INVALID_DATA, `Line ${this.line}: a quoted field is not closed.`));
    const bad = this.record(last, this.line);
    if (bad !== null) return this.stop(bad);
    if (this.cols === null) return this.stop(fail(Code.INVALID_DATA, 'The file is empty.'));
    if (this.n === 0) return this.stop(fail(Code.INVALID_DATA, this.opts.header === false ? 'The file has no rows.' : 'The file has a header but no rows under it.'));
    const n = this.n;
    const data: OhlcvColumns = {
      length: n,
      time: this.time.slice(0, n),
      open: this.open.slice(0, n),
      high: this.high.slice(0, n),
      low: this.low.slice(0, n),
      close: this.close.slice(0, n),
      volume: this.volume.slice(0, n),
    };
    this.release();
    return { ok: true, data, rows: n, layout: { kind: this.kind, delimiter: this.delimiter } };
  }

  private stop(f: Failure): Failure {
    this.error = f;
    this.carry = '';
    this.release();
    return f;
  }

  private release(): void {
    const none = new Float64Array(0);
    this.time = this.open = this.high = this.low = this.close = this.volume = none;
    this.cap = 0;
  }

  /** One record (a line, or lines joined by quoted breaks) that starts on line `at`; a failure, or null. */
  private record(line: string, at: number): Failure | null {
    if (line.trim() === '') return null;
    if (this.cols === null) return this.layout(line, at);
    return this.row(line, at);
  }

  /** The first line: the delimiter, and the columns (from the mapping or the header's names). */
  private layout(line: string, at: number): Failure | null {
    const o = this.opts;
    const bad = (why: string) => fail(Code.INVALID_DATA, `Line ${at}: ${why}`);
    this.delimiter = o.delimiter ?? detectDelimiter(line);
    const hasHeader = o.header !== false;
    const header = hasHeader ? splitFields(line, this.delimiter) : null;
    if (hasHeader && header === null) return bad('a quoted field is not closed.');
    let cols: Columns | string;
    if (o.columns !== undefined) {
      cols = mapColumns(o.columns, header);
      this.kind = 'mapped';
    } else if (header === null) {
      return bad('a file without a header needs a column mapping (by number, 0 for the first).');
    } else {
      cols = detectColumns(header);
      this.kind = isYahoo(header) ? 'yahoo' : 'named';
      // A first line that starts with a date is data: the file has no header.
      if (typeof cols === 'string' && !Number.isNaN(parseDate(header[0].trim(), o.dayFirst === true))) {
        cols = 'the first line looks like data, not a header: say the file has no header, and map the columns by number (0 for the first).';
      }
    }
    if (typeof cols === 'string') return bad(cols);
    this.cols = cols;
    this.need = Math.max(cols.time, cols.open, cols.high, cols.low, cols.close, cols.volume);
    this.starts = new Int32Array(this.need + 1);
    this.ends = new Int32Array(this.need + 1);
    return hasHeader ? null : this.row(line, at);
  }

  /** The fields' bounds up to the last needed column, without allocating (a line without quotes); how many were found. */
  private bounds(line: string): number {
    const d = this.delimiter;
    let i = 0;
    for (let k = 0; k <= this.need; k++) {
      this.starts[k] = i;
      const j = line.indexOf(d, i);
      if (j < 0) {
        this.ends[k] = line.length;
        return k + 1;
      }
      this.ends[k] = j;
      i = j + 1;
    }
    return this.need + 1;
  }

  /** Field `k` of the current row (its bounds from `bounds`, or `fields` when the line has quotes). */
  private cell(line: string, k: number): string {
    return this.fields !== null ? this.fields[k] : line.slice(this.starts[k], this.ends[k]);
  }

  /** A price cell, or the failure (`this.why`) when it is not a number above 0. */
  private price(line: string, f: 'open' | 'high' | 'low' | 'close'): number {
    const s = this.cell(line, this.cols![f]);
    const v = this.number(s);
    if (Number.isNaN(v)) this.why = s.trim() === '' ? `the ${f} is empty.` : `the ${f} ${shown(s)} is not a number${this.hint(s)}.`;
    else if (!(v > 0)) this.why = `the ${f} (${v}) must be above 0.`;
    else return v;
    return Number.NaN;
  }

  private row(line: string, at: number): Failure | null {
    const why = this.check(line, at);
    return why === null ? null : fail(Code.INVALID_DATA, `Line ${at}: ${why}`);
  }

  /** Reads one data line into the columns; what is wrong with it, or null. No object is made for a good line. */
  private check(line: string, at: number): string | null {
    const cols = this.cols!;
    let count: number;
    if (line.indexOf('"') < 0) {
      this.fields = null;
      count = this.bounds(line);
    } else {
      this.fields = splitFields(line, this.delimiter);
      if (this.fields === null) return 'a quoted field is not closed.';
      count = this.fields.length;
    }
    if (count <= this.need) {
      const missing = FIELD_NAMES.find((f) => cols[f] >= count)!;
      return `missing fields: ${count} found, the ${missing} is in field ${cols[missing] + 1}.`;
    }
    const when = this.cell(line, cols.time).trim();
    if (when === '') return 'the date is empty.';
    const t = parseDate(when, this.opts.dayFirst === true);
    if (Number.isNaN(t)) return `${shown(when)} is not a date (${DATE_FORMATS}).`;
    this.why = null;
    const o = this.price(line, 'open');
    const h = Number.isNaN(o) ? Number.NaN : this.price(line, 'high');
    const l = Number.isNaN(h) ? Number.NaN : this.price(line, 'low');
    const c = Number.isNaN(l) ? Number.NaN : this.price(line, 'close');
    if (this.why !== null) return this.why;
    let v = Number.NaN;
    if (cols.volume >= 0) {
      const s = this.cell(line, cols.volume);
      if (s.trim() !== '') {
        v = this.number(s);
        if (Number.isNaN(v)) return `the volume ${shown(s)} is not a number${this.hint(s)}.`;
        if (v < 0) return `the volume (${v}) is below 0.`;
      }
    }
    if (h < l) return `high (${h}) is below low (${l})`;
    if (h < o) return `high (${h}) is below open (${o})`;
    if (h < c) return `high (${h}) is below close (${c})`;
    if (l > o) return `low (${l}) is above open (${o})`;
    if (l > c) return `low (${l}) is above close (${c})`;
    if (t <= this.prevTime) {
      const what = t === this.prevTime ? `repeats the date of line ${this.prevLine}` : `is before the date of line ${this.prevLine}`;
      const order = this.n === 1 && t < this.prevTime ? ' (the file looks newest first)' : '';
      return `${shown(when)} ${what}: rows must be oldest first, one per date${order}.`;
    }
    if (this.n >= MAX_ROWS) return `more than ${MAX_ROWS.toLocaleString('en')} rows; Bourse imports at most that many.`;
    if (this.n === this.cap) this.enlarge();
    const i = this.n++;
    this.time[i] = t;
    this.open[i] = o;
    this.high[i] = h;
    this.low[i] = l;
    this.close[i] = c;
    this.volume[i] = v;
    this.prevTime = t;
    this.prevLine = at;
    return null;
  }

  /** A decimal number, or NaN (hex, `Infinity`, `1_000`, an empty cell are not numbers here, though `Number` takes some). */
  private number(s: string): number {
    const t = this.opts.decimalComma === true ? s.replace(',', '.') : s;
    const v = fastDecimal(t);
    if (!Number.isNaN(v)) return v;
    return NUMBER.test(t) ? +t : Number.NaN;
  }

  private hint(s: string): string {
    return this.opts.decimalComma !== true && /^\s*[+-]?\d+,\d+\s*$/.test(s) ? ' (a decimal comma? say so in the import\'s options)' : '';
  }

  private enlarge(): void {
    const cap = Math.min(MAX_ROWS, this.cap * 2);
    this.time = grow(this.time, cap);
    this.open = grow(this.open, cap);
    this.high = grow(this.high, cap);
    this.low = grow(this.low, cap);
    this.close = grow(this.close, cap);
    this.volume = grow(this.volume, cap);
    this.cap = cap;
  }
}

/** A whole CSV text at once (the CLI, the bundled sample, tests). */
export function importCsv(text: string, opts: CsvOptions = {}): Result<{ data: OhlcvColumns; rows: number; layout: CsvLayout }> {
  const imp = new CsvImporter(opts);
  const r = imp.push(text);
  return r.ok ? imp.finish() : r;
}
