import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCandleData, type Kline } from './candleData';

const kline: fc.Arbitrary<Kline> = fc.record({
  t: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  o: fc.double({ min: 0, max: 1e9, noNaN: true }),
  h: fc.double({ min: 0, max: 1e9, noNaN: true }),
  l: fc.double({ min: 0, max: 1e9, noNaN: true }),
  c: fc.double({ min: 0, max: 1e9, noNaN: true }),
  v: fc.double({ min: 0, max: 1e12, noNaN: true }),
});

describe('toCandleData', () => {
  it('gives the chart columns: open time in Unix seconds, prices and volume as they came', () => {
    const d = toCandleData([
      { t: 1_700_000_000_000, o: 1, h: 2, l: 0.5, c: 1.5, v: 9 },
      { t: 1_700_000_060_000, o: 1.5, h: 1.75, l: 1.25, c: 1.25, v: 0.125 },
    ]);
    for (const col of [d.t, d.o, d.h, d.l, d.c, d.v]) expect(col).toBeInstanceOf(Float64Array);
    expect([...d.t]).toEqual([1_700_000_000, 1_700_000_060]);
    expect([...d.o]).toEqual([1, 1.5]);
    expect([...d.h]).toEqual([2, 1.75]);
    expect([...d.l]).toEqual([0.5, 1.25]);
    expect([...d.c]).toEqual([1.5, 1.25]);
    expect([...d.v]).toEqual([9, 0.125]);
  });

  it('no candles: six empty columns', () => {
    const d = toCandleData([]);
    expect([d.t, d.o, d.h, d.l, d.c, d.v].map((c) => c.length)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('keeps every candle, in order, field for field', () => {
    fc.assert(
      fc.property(fc.array(kline, { maxLength: 50 }), (rows) => {
        const d = toCandleData(rows);
        expect([d.t, d.o, d.h, d.l, d.c, d.v].every((c) => c.length === rows.length)).toBe(true);
        rows.forEach((r, i) => {
          expect(d.t[i]).toBe(r.t / 1000);
          expect([d.o[i], d.h[i], d.l[i], d.c[i], d.v[i]]).toEqual([r.o, r.h, r.l, r.c, r.v]);
        });
      }),
    );
  });
});
