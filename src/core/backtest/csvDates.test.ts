import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate } from './csvDates';

const utc = (...a: [number, number, number, number?, number?, number?, number?]) => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);

describe('parseDate', () => {
  it('reads every format the importer names', () => {
    const cases: [string, number][] = [
      ['2004-08-19', utc(2004, 8, 19)],
      ['2004/08/19', utc(2004, 8, 19)],
      ['2020-01-31T14:30', utc(2020, 1, 31, 14, 30)],
      ['2020-01-31 14:30:05', utc(2020, 1, 31, 14, 30, 5)],
      ['2020-01-31T14:30:05.250Z', utc(2020, 1, 31, 14, 30, 5, 250)],
      ['2020-01-31T14:30:05.2Z', utc(2020, 1, 31, 14, 30, 5, 200)],
      ['2020-01-31T14:30:05.123456789Z', utc(2020, 1, 31, 14, 30, 5, 123)],
      ['2020-01-31T14:30:00+02:00', utc(2020, 1, 31, 12, 30)],
      ['2020-01-31T14:30:00-0500', utc(2020, 1, 31, 19, 30)],
      // pandas writes a space and an offset.
      ['2020-01-31 14:30:00+00:00', utc(2020, 1, 31, 14, 30)],
      ['01/02/2020', utc(2020, 1, 2)],
      ['1/2/2020', utc(2020, 1, 2)],
      ['12/31/1999 23:59', utc(1999, 12, 31, 23, 59)],
      ['31.12.1999', utc(1999, 12, 31)],
      ['1.2.2020 09:30:00', utc(2020, 2, 1, 9, 30)],
      ['1092873600', utc(2004, 8, 19)],
      ['1092873600.5', utc(2004, 8, 19) + 500],
      ['1092873600000', utc(2004, 8, 19)],
      ['1092873600000000', utc(2004, 8, 19)],
      ['1092873600000000000', utc(2004, 8, 19)],
      ['1900-02-28', utc(1900, 2, 28)],
      ['2000-02-29', utc(2000, 2, 29)],
    ];
    // Years below 100 are not 1900 to 1999 (as Date.UTC would have them).
    expect(new Date(parseDate('0050-03-01')).toISOString()).toBe('0050-03-01T00:00:00.000Z');
    for (const [s, t] of cases) {
      expect(parseDate(s), s).toBe(t);
    }
  });

  it('reads slashed dates day first when told to', () => {
    expect(parseDate('01/02/2020', true)).toBe(utc(2020, 2, 1));
    expect(parseDate('13/02/2020', true)).toBe(utc(2020, 2, 13));
    expect(parseDate('13/02/2020')).toBeNaN();
  });

  it('refuses what is not a calendar date or time', () => {
    for (const s of ['', 'x', 'yesterday', '2020-13-01', '2020-02-30', '1900-02-29', '2021-02-29', '2020-1-05', '2020-01-01T25:00',
      '2020-01-01T10:60', '2020-01-01T10:00:61', '2020-01-01T10:00Q', '2020-01-01T10:00+25:00', '2020-01-01x', '2020-01-01T',
      '01/02/20', '32.01.2020', '99999999999999999999999', '01/32/2020', '1e9', '-1092873600', '12:30', '01/02/2020T10:00', 'NaN', '..']) {
      expect(parseDate(s), s).toBeNaN();
    }
  });

  it('agrees with Date for every ISO date-time it writes (property)', () => {
    fc.assert(fc.property(fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
      const iso = d.toISOString();
      expect(parseDate(iso)).toBe(d.getTime());
      expect(parseDate(iso.slice(0, 10))).toBe(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    }));
  });
});
