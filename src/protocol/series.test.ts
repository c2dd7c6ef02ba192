import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import type { Parsed } from './parse';
import { MAX_CSV_BYTES, parseCsvImportOptions, parseCsvSource, parseImportId, parseOptionalTime, parseSeriesId, parseSeriesName } from './series';

const value = <T>(r: Parsed<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.message}`);
  return r.value;
};

describe('the series parsers', () => {
  it('ids: short text; an import id only letters, digits, - and _', () => {
    expect(value(parseSeriesId('sample:GOOG'))).toBe('sample:GOOG');
    for (const bad of ['', 'x'.repeat(65), 1, null, undefined, {}, ['s-1']]) expect(parseSeriesId(bad)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(value(parseImportId('imp_1-a'))).toBe('imp_1-a');
    for (const bad of ['', 'a b', 'a/b', '__proto__!', 'x'.repeat(65), 7, null]) expect(parseImportId(bad).ok).toBe(false);
    expect(value(parseSeriesName('GOOG.csv'))).toBe('GOOG.csv');
    expect(parseSeriesName(3).ok).toBe(false);
  });

  it('a CSV source: a Blob (File) or text, of a bounded size', () => {
    const blob = new Blob(['a,b\n']);
    expect(value(parseCsvSource(blob))).toBe(blob);
    expect(value(parseCsvSource('a,b\n'))).toBe('a,b\n');
    for (const bad of [null, undefined, 42, {}, { size: 1, stream: () => null }, new Uint8Array(3), [blob]]) {
      expect(parseCsvSource(bad)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND, message: 'A CSV import needs a file (or its text).' });
    }
    // A Blob whose size is over the cap is refused without reading it (a fake size: no 256 MB allocated here).
    const huge = new Blob(['x']);
    Object.defineProperty(huge, 'size', { value: MAX_CSV_BYTES + 1 });
    expect(parseCsvSource(huge)).toMatchObject({ ok: false, code: Code.INVALID_DATA, message: /Bourse imports files up to 256 MB/ });
  });

  it('import options: each field read on its own, unknown ones and prototype keys dropped', () => {
    expect(value(parseCsvImportOptions(undefined))).toBeUndefined();
    const opts = value(parseCsvImportOptions({ delimiter: ';', dayFirst: true, decimalComma: false, header: true, columns: { time: 'Date', open: 1, high: 2, low: 3, close: 'Close', volume: null } }));
    expect(opts).toEqual({ delimiter: ';', dayFirst: true, decimalComma: false, header: true, columns: { time: 'Date', open: 1, high: 2, low: 3, close: 'Close' } });
    const sneaky = JSON.parse('{"__proto__":{"polluted":true},"expectedBytes":5,"delimiter":"\\t","columns":{"time":0,"open":1,"high":1,"low":1,"close":1,"__proto__":{"x":1},"extra":2}}');
    const out = value(parseCsvImportOptions(sneaky))!;
    expect(out).toEqual({ delimiter: '\t', columns: { time: 0, open: 1, high: 1, low: 1, close: 1 } });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const bad of [null, 'x', 1, [], { delimiter: '|' }, { dayFirst: 1 }, { header: 'no' }, { columns: 'Date' }, { columns: { time: 0 } },
      { columns: { time: 0.5, open: 1, high: 1, low: 1, close: 1 } }, { columns: { time: 'x'.repeat(201), open: 1, high: 1, low: 1, close: 1 } }]) {
      expect(parseCsvImportOptions(bad), JSON.stringify(bad)).toMatchObject({ ok: false, code: Code.INVALID_SETTING });
    }
  });

  it('never throw, whatever they are given', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withTypedArray: true, withMap: true }), (x) => {
      for (const p of [parseSeriesId, parseImportId, parseSeriesName, parseCsvSource, parseCsvImportOptions, parseOptionalTime]) expect(() => p(x)).not.toThrow();
    }));
  });

  it('an optional time is a finite number', () => {
    expect(value(parseOptionalTime(undefined))).toBeUndefined();
    expect(value(parseOptionalTime(0))).toBe(0);
    for (const bad of [NaN, Infinity, '1', null]) expect(parseOptionalTime(bad).ok).toBe(false);
  });
});
