import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../codes';
import { smaCross } from '../strategy/builtins/smaCross';
import type { StrategyDef } from '../strategy/types';
import { googColumns } from './backtest.testkit';
import { checkColumns } from './columns';
import { CsvImporter, importCsv, MAX_LINE, type CsvOptions } from './csv';
import { runBacktest } from './engine';
import type { OhlcvColumns } from './types';

const GOOG = readFileSync(new URL('./samples/GOOG.csv', import.meta.url), 'utf8');
const DAY = 86_400_000;

/** The columns as plain arrays, to compare (NaN compares equal in toEqual). */
const plain = (d: OhlcvColumns) => ({
  length: d.length, time: [...d.time], open: [...d.open], high: [...d.high], low: [...d.low], close: [...d.close], volume: [...d.volume],
});

function ok(text: string, opts?: CsvOptions) {
  const r = importCsv(text, opts);
  if (!r.ok) throw new Error(r.message);
  return r;
}

function refused(text: string, opts?: CsvOptions): string {
  const r = importCsv(text, opts);
  expect(r).toMatchObject({ ok: false, code: Code.INVALID_DATA });
  return r.ok ? '' : r.message;
}

/** Pushes `text` cut at the given places. */
function chunked(text: string, cuts: number[], opts?: CsvOptions) {
  const imp = new CsvImporter(opts);
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    const r = imp.push(text.slice(at, c));
    if (!r.ok) return r;
    at = c;
  }
  const r = imp.push(text.slice(at));
  return r.ok ? imp.finish() : r;
}

describe('CsvImporter: the GOOG sample', () => {
  it('reads GOOG.csv (unnamed date column) as Yahoo layout: 2,148 sessions, 2004-08-19 to 2013-03-01', () => {
    const r = ok(GOOG);
    expect(r.rows).toBe(2148);
    expect(r.layout).toEqual({ kind: 'yahoo', delimiter: ',' });
    const d = r.data;
    expect(d.length).toBe(2148);
    expect(d.time.length).toBe(2148);
    expect([d.time[0], d.open[0], d.high[0], d.low[0], d.close[0], d.volume[0]]).toEqual([Date.UTC(2004, 7, 19), 100, 104.06, 95.96, 100.34, 22351900]);
    const n = d.length - 1;
    expect([d.time[n], d.open[n], d.high[n], d.low[n], d.close[n], d.volume[n]]).toEqual([Date.UTC(2013, 2, 1), 797.8, 807.14, 796.15, 806.19, 2175400]);
  });

  it('reads the same bars as the engine\'s tests do, and the engine runs on them: backtesting.py\'s SmaCross makes its 66 trades', () => {
    const r = ok(GOOG);
    expect(plain(r.data)).toEqual(plain(googColumns()));
    expect(checkColumns(r.data)).toBeNull();
    const run = runBacktest(smaCross as unknown as StrategyDef, { fast: 10, slow: 30, short: true }, r.data);
    expect(run.ok && run.result.stats.trades).toBe(66);
  });

  it('gives the same columns however the file is cut into chunks', () => {
    const whole = plain(ok(GOOG).data);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: GOOG.length }), { maxLength: 40 }), (cuts) => {
      const r = chunked(GOOG, cuts);
      expect(r.ok && plain(r.data)).toEqual(whole);
    }), { numRuns: 60 });
  });
});

describe('CsvImporter: layouts', () => {
  it('takes Close, not Adj Close, from a Yahoo download', () => {
    const r = ok('Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,10,12,9,11,5.5,100\n2020-01-03,11,13,10,12,6,200\n');
    expect(r.layout.kind).toBe('yahoo');
    expect(plain(r.data)).toEqual({
      length: 2, time: [Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)], open: [10, 11], high: [12, 13], low: [9, 10], close: [11, 12], volume: [100, 200],
    });
  });

  it('finds columns by their usual names in any order, without volume (NaN)', () => {
    const r = ok('timestamp;close;low;high;open\n1577836800;2;1;3;1.5\n1577836860;2.5;2;3;2\n');
    expect(r.layout).toEqual({ kind: 'named', delimiter: ';' });
    expect(plain(r.data)).toEqual({ length: 2, time: [1577836800000, 1577836860000], open: [1.5, 2], high: [3, 3], low: [1, 2], close: [2, 2.5], volume: [NaN, NaN] });
  });

  it('reads tabs, CRLF, a BOM, quoted fields (with delimiters, quotes and line breaks inside), blank lines', () => {
    const text = '\uFEFF"Date"\t"Open"\t"High"\t"Low"\t"Close"\t"Volume"\t"Note"\r\n'
      + '"2020-01-02"\t"10"\t12\t9\t11\t100\t"a\tb ""c"""\r\n'
      + '\r\n'
      + '2020-01-03\t11\t13\t10\t12\t200\t"two\r\nlines"\r\n'
      + '2020-01-04\t12\t14\t11\t13\t\t\r\n';
    const r = ok(text);
    expect(r.layout.delimiter).toBe('\t');
    expect(plain(r.data).close).toEqual([11, 12, 13]);
    expect(plain(r.data).volume).toEqual([100, 200, NaN]);
    // A quoted line break counts as a line, as an editor shows it: the bad row below is on line 7.
    const msg = refused(`${text}2020-01-03\t1\t2\t1\t1\t1\t\r\n`);
    expect(msg).toMatch(/^Line 7: "2020-01-03" is before the date of line 6/);
  });

  it('maps columns by name or by index, with or without a header', () => {
    const text = 'when,px_o,px_h,px_l,px_c,qty\n02/01/2020,10,12,9,11,5\n03/01/2020,11,13,10,12,6\n';
    expect(refused(text)).toMatch(/^Line 1: no time column among "when", "px_o".*map the columns/);
    const byName = ok(text, { columns: { time: 'WHEN', open: 'px_o', high: 'px_h', low: 'px_l', close: 'px_c', volume: 'qty' }, dayFirst: true });
    expect(byName.layout.kind).toBe('mapped');
    expect([...byName.data.time]).toEqual([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
    const us = ok(text, { columns: { time: 0, open: 1, high: 2, low: 3, close: 4 } });
    expect([...us.data.time]).toEqual([Date.UTC(2020, 1, 1), Date.UTC(2020, 2, 1)]);
    expect([...us.data.volume]).toEqual([NaN, NaN]);
    const headless = ok(text.split('\n').slice(1).join('\n'), { header: false, columns: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 } });
    expect(plain(headless.data)).toEqual(plain(us.data.length === 2 ? { ...us.data, volume: new Float64Array([5, 6]) } : us.data));
    expect(refused('a,b\n', { header: false })).toMatch(/needs a column mapping/);
    expect(refused('2020-01-01,1,2,1,1\n')).toMatch(/^Line 1: the first line looks like data, not a header/);
    expect(refused('a,b\n', { header: false, columns: { time: 'a', open: 1, high: 1, low: 1, close: 1 } })).toMatch(/must be a number/);
    expect(refused(text, { columns: { time: 'when', open: 'nope', high: 1, low: 1, close: 1 } })).toMatch(/no column named "nope" for open/);
    expect(refused(text, { columns: { time: -1, open: 1, high: 1, low: 1, close: 1 } })).toMatch(/not a column index/);
  });

  it('reads a close-only file when every price is mapped to the close', () => {
    const r = ok('date,close\n2020-01-01,5\n2020-01-02,6\n', { columns: { time: 0, open: 1, high: 1, low: 1, close: 1 } });
    expect([...r.data.open]).toEqual([5, 6]);
  });

  it('reads decimal commas in ;-separated files when told, and hints at them otherwise', () => {
    const text = 'Date;Open;High;Low;Close;Volume\n02.01.2020;10,5;12;9,25;11;100\n';
    expect(refused(text)).toBe('Line 2: the open "10,5" is not a number (a decimal comma? say so in the import\'s options).');
    expect([...ok(text, { decimalComma: true, columns: { time: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 } }).data.low]).toEqual([9.25]);
  });

  it('reads numbers exactly as Number does, the fast path and the slow one', () => {
    const cells = ['1', '0.1', '123456789012345', '1234567890.12345', '0.000001', '1e3', '2.5E-2', '+7', ' 8 ', '.5', '5.', '1234567890123456789'];
    const text = `date,open,high,low,close\n${cells.map((c, i) => `${2000 + i}-01-01,${c},${c},${c},${c}`).join('\n')}`;
    expect([...ok(text).data.close]).toEqual(cells.map(Number));
  });
});

describe('CsvImporter: refusals name the line', () => {
  const head = 'Date,Open,High,Low,Close,Volume\n';
  const row = (d: string, o = '10', h = '12', l = '9', c = '11', v = '100') => `${d},${o},${h},${l},${c},${v}\n`;
  const good = row('2020-01-01') + row('2020-01-02');

  it.each([
    [head + good + '2020-01-03,10,12\n', /^Line 4: missing fields: 3 found, the low is in field 4\.$/],
    [head + good + row('2020-01-03', 'ten'), /^Line 4: the open "ten" is not a number\.$/],
    [head + good + row('2020-01-03', '10', '0x10'), /^Line 4: the high "0x10" is not a number\.$/],
    [head + good + row('2020-01-03', '10', 'Infinity'), /^Line 4: the high "Infinity" is not a number\.$/],
    [head + good + row('2020-01-03', '10', '12', ''), /^Line 4: the low is empty\.$/],
    [head + good + row('2020-01-03', '0', '12', '0', '11'), /^Line 4: the open \(0\) must be above 0\.$/],
    [head + good + row('2020-01-03', '10', '12', '-1'), /^Line 4: the low \(-1\) must be above 0\.$/],
    [head + good + row('2020-01-03', '10', '9.5', '10', '10'), /^Line 4: high \(9\.5\) is below low \(10\)$/],
    [head + good + row('2020-01-03', '13', '12', '9', '11'), /^Line 4: high \(12\) is below open \(13\)$/],
    [head + good + row('2020-01-03', '10', '12', '9', '12.5'), /^Line 4: high \(12\) is below close \(12\.5\)$/],
    [head + good + row('2020-01-03', '8', '12', '9', '11'), /^Line 4: low \(9\) is above open \(8\)$/],
    [head + good + row('2020-01-03', '10', '12', '9', '8.5'), /^Line 4: low \(9\) is above close \(8\.5\)$/],
    [head + good + row('2020-01-03', '10', '12', '9', '11', '-5'), /^Line 4: the volume \(-5\) is below 0\.$/],
    [head + good + row('2020-01-03', '10', '12', '9', '11', 'lots'), /^Line 4: the volume "lots" is not a number\.$/],
    [head + good + row('2020-01-02'), /^Line 4: "2020-01-02" repeats the date of line 3: rows must be oldest first, one per date\.$/],
    [head + good + row('2019-12-31'), /^Line 4: "2019-12-31" is before the date of line 3/],
    [head + row('2020-01-02') + row('2020-01-01'), /^Line 3: .* \(the file looks newest first\)\.$/],
    [head + good + row('2020-02-30'), /^Line 4: "2020-02-30" is not a date \(YYYY-MM-DD/],
    [head + good + row(''), /^Line 4: the date is empty\.$/],
    [head + good + '"2020-01-03,10,12,9,11,100\n', /^Line 4: a quoted field is not closed\.$/],
    [head + good + '2020-01-03,"10,12,9,11,100\n2020-01-04,1,1,1,1,1', /^Line 4: a quoted field is not closed\.$/],
    ['', /^The file is empty\.$/],
    ['\n\n  \n', /^The file is empty\.$/],
    [head, /^The file has a header but no rows under it\.$/],
    ['"Date,Open\n', /^Line 1: a quoted field is not closed\.$/],
  ])('%#: %j', (text, why) => {
    expect(refused(text)).toMatch(why);
  });

  it('stops at the first bad line and keeps refusing; nothing is returned', () => {
    const imp = new CsvImporter();
    expect(imp.push(head + good)).toEqual({ ok: true, rows: 2 });
    const bad = imp.push(row('2020-01-03', 'x') + row('2020-01-01'));
    expect(bad).toMatchObject({ ok: false, message: /^Line 4: the open "x"/ });
    expect(imp.push(row('2020-01-09'))).toEqual(bad);
    expect(imp.finish()).toEqual(bad);
    const done = new CsvImporter();
    expect(done.push(head + good).ok).toBe(true);
    expect(done.finish().ok).toBe(true);
    expect(done.finish()).toMatchObject({ ok: false, message: 'This import is finished.' });
    expect(done.push('x')).toMatchObject({ ok: false, message: 'This import is finished.' });
    expect(new CsvImporter().push(42 as unknown as string)).toMatchObject({ ok: false, message: 'A CSV chunk must be text.' });
  });

  it('refuses a line longer than a row of bars can be', () => {
    const imp = new CsvImporter();
    expect(imp.push(head).ok).toBe(true);
    const r = imp.push('x'.repeat(MAX_LINE + 1));
    expect(r).toMatchObject({ ok: false, message: /^Line 2 is longer than 1,048,576 characters/ });
  });
});

describe('CsvImporter: a million rows', () => {
  it('imports 1,000,000 rows pushed in 64 KB chunks into columns of exactly that length, and names a bad last line', () => {
    // Not timed (benchmarks are programs): this proves the path has no cost per row beyond its columns, which a
    // quadratic step (re-scanning the carried text, growing by a constant) would turn into minutes.
    const N = 1_000_000;
    const lines = new Array<string>(N + 1);
    lines[0] = 'timestamp,open,high,low,close,volume';
    for (let i = 0; i < N; i++) lines[i + 1] = `${1_000_000_000 + i * 60},${10 + (i % 9)},20,5,${11 + (i % 5)},${i}`;
    const text = `${lines.join('\n')}\n`;
    const push = (t: string) => {
      const imp = new CsvImporter({ expectedBytes: t.length });
      for (let at = 0; at < t.length; at += 65_536) {
        const r = imp.push(t.slice(at, at + 65_536));
        if (!r.ok) return r;
      }
      return imp.finish();
    };
    const r = push(text);
    expect(r.ok && [r.rows, r.data.time.length, r.data.close[N - 1], r.data.volume[N - 1], r.data.time[N - 1]]).toEqual([N, N, 11 + ((N - 1) % 5), N - 1, (1_000_000_000 + (N - 1) * 60) * 1000]);
    expect(push(`${text}1000000000,1,1,1,1,1\n`)).toMatchObject({ ok: false, message: /^Line 1000002: "1000000000" is before the date of line 1000001/ });
  });
});

// ---------------------------------------------------------------- properties

interface Bar { t: number; o: number; h: number; l: number; c: number; v: number }

/** Bars oldest first at distinct times, prices with few decimals (as files have them) or any double, high and low bounding. */
const bars: fc.Arbitrary<Bar[]> = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 40 * 86_400 }),
      p: fc.array(fc.oneof(fc.integer({ min: 1, max: 10_000_000 }).map((x) => x / 100), fc.double({ min: 1e-6, max: 1e9, noNaN: true })), { minLength: 4, maxLength: 4 }),
      v: fc.oneof(fc.constant(NaN), fc.nat({ max: 1e12 }), fc.double({ min: 0, max: 1e15, noNaN: true })),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .map((rows) => {
    let t = Date.UTC(1990, 0, 1);
    return rows.map(({ gap, p, v }) => {
      t += gap * 1000;
      const [h, l] = [Math.max(...p), Math.min(...p)];
      return { t, o: p[1], h, l, c: p[2], v };
    });
  });

type Style = { delim: ',' | ';' | '\t'; crlf: boolean; bom: boolean; quote: boolean; date: 'iso' | 'ms' | 'isoTime' };

const style: fc.Arbitrary<Style> = fc.record({
  delim: fc.constantFrom(',', ';', '\t'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  quote: fc.boolean(),
  date: fc.constantFrom('iso', 'ms', 'isoTime'),
});

function write(rows: readonly Bar[], s: Style): string {
  const q = (x: string) => (s.quote ? `"${x}"` : x);
  const date = (t: number) => (s.date === 'ms' ? String(t) : s.date === 'iso' ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString());
  const nl = s.crlf ? '\r\n' : '\n';
  const lines = [['Date', 'Open', 'High', 'Low', 'Close', 'Volume'].map(q).join(s.delim)];
  for (const r of rows) lines.push([date(r.t), r.o, r.h, r.l, r.c, Number.isNaN(r.v) ? '' : r.v].map((x) => q(String(x))).join(s.delim));
  return (s.bom ? '\uFEFF' : '') + lines.join(nl) + nl;
}

/** What the file holds once dates are written in the style's resolution. */
function expected(rows: readonly Bar[], s: Style) {
  const t = (x: number) => (s.date === 'iso' ? x - (x % DAY) : x);
  return { length: rows.length, time: rows.map((r) => t(r.t)), open: rows.map((r) => r.o), high: rows.map((r) => r.h), low: rows.map((r) => r.l), close: rows.map((r) => r.c), volume: rows.map((r) => r.v) };
}

describe('CsvImporter: properties', () => {
  it('a valid CSV, in any style and cut anywhere, round-trips exactly', () => {
    fc.assert(fc.property(bars, style, fc.array(fc.nat(), { maxLength: 8 }), (rows, s, cutsRaw) => {
      // Daily dates must stay distinct once written as days.
      if (s.date === 'iso' && new Set(rows.map((r) => Math.floor(r.t / DAY))).size !== rows.length) return;
      const text = write(rows, s);
      const r = chunked(text, cutsRaw.map((c) => c % (text.length + 1)));
      if (!r.ok) throw new Error(r.message);
      expect(plain(r.data)).toEqual(expected(rows, s));
      // Whatever the importer takes, the engine takes (from two bars on).
      if (rows.length >= 2) expect(checkColumns(r.data)).toBeNull();
    }), { numRuns: 300 });
  });

  it('one corrupted line is reported with its number, and nothing is returned', () => {
    const corruptions: ((cells: string[], prev: string[]) => string[])[] = [
      (c) => c.slice(0, 3), // fields missing
      (c) => [c[0], 'abc', ...c.slice(2)], // not a number
      (c) => [c[0], c[1], c[2], c[3], '-1', c[5]], // close ≤ 0
      (c) => [c[0], c[1], String(Number(c[3]) / 2), c[3], c[4], c[5]], // high below low
      (_, p) => [p[0], ...p.slice(1)], // the previous line's date again
      (c) => ['not-a-date', ...c.slice(1)],
    ];
    fc.assert(fc.property(bars.filter((b) => b.length >= 2), style, fc.nat(), fc.nat({ max: corruptions.length - 1 }), (rows, s, pick, which) => {
      const s2: Style = { ...s, quote: false, date: 'ms' };
      const lines = write(rows, s2).split(s2.crlf ? '\r\n' : '\n');
      // Line numbers as an editor shows them: the header is line 1, so row i is line i + 2.
      const i = 1 + (pick % (rows.length - 1));
      const cells = lines[i + 1].split(s2.delim);
      const prev = lines[i].split(s2.delim);
      lines[i + 1] = corruptions[which](cells, prev).join(s2.delim);
      const r = importCsv(lines.join(s2.crlf ? '\r\n' : '\n'));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(new RegExp(`^Line ${i + 2}: `));
      expect(r).not.toHaveProperty('data');
    }), { numRuns: 300 });
  });
});
