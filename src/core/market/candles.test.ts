import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CandleSeries, CandleSet, TIMEFRAMES, TIMEFRAME_MS } from './candles';
import type { Timeframe } from './candles';

const T0 = Date.UTC(2025, 6, 7, 13, 30); // aligned to every timeframe up to 15m
const tradeArb = fc.record({
  dt: fc.integer({ min: 0, max: 120_000 }), // time since the previous trade, ms
  price: fc.integer({ min: 1, max: 1_000_000 }),
  qty: fc.integer({ min: 1, max: 1000 }),
});
const tradesArb = fc.array(tradeArb, { minLength: 1, maxLength: 200 });

describe('CandleSeries', () => {
  it('builds OHLCV within one period and opens a new candle on the next', () => {
    const s = new CandleSeries('1m');
    s.onTrade(T0 + 1_000, 100, 2);
    s.onTrade(T0 + 2_000, 105, 1);
    s.onTrade(T0 + 3_000, 98, 4);
    const c = s.onTrade(T0 + 59_999, 101, 3);
    expect(c).toEqual({ t: T0, o: 100, h: 105, l: 98, c: 101, v: 10, n: 4 });
    const d = s.onTrade(T0 + 60_000, 102, 1);
    expect(d).toEqual({ t: T0 + 60_000, o: 102, h: 102, l: 102, c: 102, v: 1, n: 1 });
    expect(s.toArray()).toHaveLength(2);
    expect(s.last()).toBe(d);
  });

  it('mutates the current candle in place instead of allocating', () => {
    const s = new CandleSeries('1m');
    const a = s.onTrade(T0, 100, 1);
    const b = s.onTrade(T0 + 10, 101, 1);
    expect(b).toBe(a);
  });

  it('aligns open times to the timeframe in UTC, 1d at midnight UTC', () => {
    const s = new CandleSeries('1d');
    expect(s.onTrade(Date.UTC(2025, 0, 2, 23, 59), 1, 1).t).toBe(Date.UTC(2025, 0, 2));
    const h = new CandleSeries('1h');
    expect(h.onTrade(Date.UTC(2025, 0, 2, 5, 42, 17), 1, 1).t).toBe(Date.UTC(2025, 0, 2, 5));
    const neg = new CandleSeries('1m'); // before 1970: still floor, not truncation
    expect(neg.onTrade(-1, 1, 1).t).toBe(-60_000);
  });

  it('folds a trade older than the current candle into the current candle', () => {
    const s = new CandleSeries('1m');
    s.onTrade(T0 + 60_000, 100, 1);
    const c = s.onTrade(T0 + 5_000, 90, 2);
    expect(c).toEqual({ t: T0 + 60_000, o: 100, h: 100, l: 90, c: 90, v: 3, n: 2 });
    expect(s.toArray()).toHaveLength(1);
  });

  it('leaves no candle for periods without trades', () => {
    const s = new CandleSeries('1m');
    s.onTrade(T0, 1, 1);
    s.onTrade(T0 + 10 * 60_000, 2, 1);
    expect(s.toArray().map((c) => c.t)).toEqual([T0, T0 + 10 * 60_000]);
  });

  it('drops the oldest candles beyond capacity; toArray(limit) returns the newest, oldest first', () => {
    const s = new CandleSeries('1s', 3);
    for (let i = 0; i < 7; i++) s.onTrade(T0 + i * 1000, 100 + i, 1);
    expect(s.toArray().map((c) => c.o)).toEqual([104, 105, 106]);
    expect(s.toArray(2).map((c) => c.o)).toEqual([105, 106]);
    expect(s.toArray(0)).toEqual([]);
    expect(s.toArray(99)).toHaveLength(3);
    expect(new CandleSeries('1m').toArray()).toEqual([]);
    expect(new CandleSeries('1m').last()).toBeUndefined();
  });

  it('toArray returns copies', () => {
    const s = new CandleSeries('1m');
    s.onTrade(T0, 100, 1);
    s.toArray()[0].h = 999;
    expect(s.last()!.h).toBe(100);
  });

  it('round-trips its state through JSON and keeps going', () => {
    const s = new CandleSeries('1s', 4);
    for (let i = 0; i < 6; i++) s.onTrade(T0 + i * 700, 100 + i, i + 1);
    const r = CandleSeries.restore(JSON.parse(JSON.stringify(s.getState())));
    expect(r.toArray()).toEqual(s.toArray());
    expect(r.onTrade(T0 + 6 * 700, 1, 1)).toEqual(s.onTrade(T0 + 6 * 700, 1, 1));
    expect(r.toArray()).toEqual(s.toArray());
    expect(() => CandleSeries.restore({ tf: '2m', capacity: 3, candles: [] })).toThrow(TypeError);
    expect(() => CandleSeries.restore(null)).toThrow(TypeError);
    expect(() => CandleSeries.restore({ tf: '1m', capacity: 3, candles: [{ t: 1 }] })).toThrow(TypeError);
  });

  it('rejects a bad capacity', () => {
    expect(() => new CandleSeries('1m', 0)).toThrow(RangeError);
    expect(() => new CandleSeries('1m', 1.5)).toThrow(RangeError);
  });

  it('keeps OHLC invariants and conserves volume and trade count (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIMEFRAMES), tradesArb, (tf, trades) => {
        const s = new CandleSeries(tf, 100_000);
        let ts = T0;
        let vol = 0;
        for (const tr of trades) {
          ts += tr.dt;
          s.onTrade(ts, tr.price, tr.qty);
          vol += tr.qty;
        }
        const candles = s.toArray();
        let v = 0;
        let n = 0;
        for (let i = 0; i < candles.length; i++) {
          const c = candles[i];
          expect(c.l).toBeLessThanOrEqual(Math.min(c.o, c.c));
          expect(c.h).toBeGreaterThanOrEqual(Math.max(c.o, c.c));
          expect(c.t % TIMEFRAME_MS[tf]).toBe(0);
          if (i > 0) expect(c.t).toBeGreaterThan(candles[i - 1].t);
          v += c.v;
          n += c.n;
        }
        expect(v).toBe(vol);
        expect(n).toBe(trades.length);
        expect(candles[0].o).toBe(trades[0].price);
        expect(candles[candles.length - 1].c).toBe(trades[trades.length - 1].price);
        expect(Math.max(...candles.map((c) => c.h))).toBe(Math.max(...trades.map((t) => t.price)));
        expect(Math.min(...candles.map((c) => c.l))).toBe(Math.min(...trades.map((t) => t.price)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('CandleSet', () => {
  it('feeds every timeframe from the same trades', () => {
    const set = new CandleSet();
    set.onTrade(T0, 100, 1);
    set.onTrade(T0 + 61_000, 110, 2);
    expect(set.series('1s').toArray()).toHaveLength(2);
    expect(set.series('1m').toArray()).toHaveLength(2);
    expect(set.series('1h').toArray()).toEqual([{ t: T0 - 30 * 60_000, o: 100, h: 110, l: 100, c: 110, v: 3, n: 2 }]);
  });

  it('coarser candles aggregate finer ones (property)', () => {
    fc.assert(
      fc.property(tradesArb, (trades) => {
        const set = new CandleSet(['1m', '1h']);
        let ts = T0;
        for (const tr of trades) set.onTrade((ts += tr.dt), tr.price, tr.qty);
        const fine = set.series('1m').toArray();
        for (const h of set.series('1h').toArray()) {
          const inside = fine.filter((c) => c.t >= h.t && c.t < h.t + 3_600_000);
          expect(h.v).toBe(inside.reduce((a, c) => a + c.v, 0));
          expect(h.h).toBe(Math.max(...inside.map((c) => c.h)));
          expect(h.l).toBe(Math.min(...inside.map((c) => c.l)));
          expect(h.o).toBe(inside[0].o);
          expect(h.c).toBe(inside[inside.length - 1].c);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('tracks only the timeframes asked for', () => {
    const set = new CandleSet(['1m', '1m', '5m'], 10);
    expect(set.timeframes).toEqual(['1m', '5m']);
    expect(() => set.series('1d' as Timeframe)).toThrow(RangeError);
  });

  it('round-trips its state', () => {
    const set = new CandleSet(['1s', '1m'], 50);
    for (let i = 0; i < 30; i++) set.onTrade(T0 + i * 3_000, 100 + (i % 7), 1 + (i % 3));
    const r = CandleSet.restore(JSON.parse(JSON.stringify(set.getState())));
    for (const tf of ['1s', '1m'] as const) expect(r.series(tf).toArray()).toEqual(set.series(tf).toArray());
    r.onTrade(T0 + 100_000, 1, 1);
    set.onTrade(T0 + 100_000, 1, 1);
    expect(r.getState()).toEqual(set.getState());
    expect(() => CandleSet.restore({ timeframes: ['1m'], capacity: 5, series: [] })).toThrow(TypeError);
  });
});

describe('CandleSet ring sizes', () => {
  it('can give one timeframe a shorter ring, and keeps it through a state round trip', () => {
    const set = new CandleSet(['1s', '1m'], { '1s': 3 });
    for (let i = 0; i < 10; i++) set.onTrade(i * 1000, 100 + i, 1);
    expect(set.series('1s').length).toBe(3);
    expect(set.series('1s').capacity).toBe(3);
    expect(set.series('1m').capacity).toBe(set.capacity);
    const back = CandleSet.restore(JSON.parse(JSON.stringify(set.getState())));
    expect(back.series('1s').capacity).toBe(3);
    expect(back.getState()).toEqual(set.getState());
  });
});

describe('CandleSeries.firstTime', () => {
  it('is the oldest kept candle, also once the ring has wrapped', () => {
    const s = new CandleSeries('1s', 3);
    expect(s.firstTime()).toBeUndefined();
    for (let i = 0; i < 5; i++) s.onTrade(i * 1000, 100, 1);
    expect(s.firstTime()).toBe(s.toArray()[0].t);
    expect(s.firstTime()).toBe(2000);
  });
});
