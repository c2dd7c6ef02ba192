/**
 * Candles at the edge: what an exchange's REST history hands over (`Kline`) and
 * the columns a chart draws (`CandleData`). Unlike the rest of src/core these
 * are edge types, in decimals (prices as the venue quotes them, volume in the
 * base asset), not ticks and lots: they describe candles that come from outside
 * the sim (Binance's history, the bundled sample) or go out to the UI, and are
 * never fed back into the exchange. Times are UTC milliseconds in a `Kline`
 * (as Binance sends them) and Unix seconds in `CandleData` (as the chart's time
 * axis wants them). They live in core, not in src/feeds, so that storage (the
 * kline cache), the protocol and the feeds can all share them without any of
 * them importing another layer sideways or up.
 */

/** One candle: `t` is the open time in UTC ms; prices as decimals; `v` in the base asset. */
export interface Kline {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/**
 * The chart's columns, oldest first: `t` the open time in Unix seconds, prices
 * as decimals, `v` in the base asset. Float64Arrays so the worker can transfer
 * them to the UI without a copy.
 */
export interface CandleData {
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
}

/** n candles' worth of empty columns, for a conversion to fill. */
export function candleColumns(n: number): CandleData {
  return { t: new Float64Array(n), o: new Float64Array(n), h: new Float64Array(n), l: new Float64Array(n), c: new Float64Array(n), v: new Float64Array(n) };
}

/** Candles (open times in ms) → the chart's columns (Unix seconds). */
export function toCandleData(rows: readonly Kline[]): CandleData {
  const n = rows.length;
  const d = candleColumns(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    d.t[i] = r.t / 1000;
    d.o[i] = r.o;
    d.h[i] = r.h;
    d.l[i] = r.l;
    d.c[i] = r.c;
    d.v[i] = r.v;
  }
  return d;
}
