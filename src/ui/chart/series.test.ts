import { describe, expect, it } from 'vitest';
import {
  COL,
  candleIndexAt,
  cumulativeDepth,
  depthAt,
  fillsToCandles,
  nanToNull,
  toUplotData,
  visibleWindow,
} from './series';
import type { CandleData, FillMarker } from './types';

const f64 = (xs: number[]) => Float64Array.from(xs);

function candles(t: number[], c: number[]): CandleData {
  return { t: f64(t), o: f64(c), h: f64(c.map((x) => x + 1)), l: f64(c.map((x) => x - 1)), c: f64(c), v: f64(c.map(() => 10)) };
}

describe('nanToNull', () => {
  it('turns NaN into null and keeps numbers, zero included', () => {
    expect(nanToNull(f64([NaN, 0, 1.5]))).toEqual([null, 0, 1.5]);
  });
});

describe('toUplotData', () => {
  it('passes the candle columns through untouched and appends the SMA with null gaps', () => {
    const d = candles([0, 60, 120], [1, 2, 3]);
    const u = toUplotData(d, 2);
    expect(u[COL.t]).toBe(d.t);
    expect(u[COL.o]).toBe(d.o);
    expect(u[COL.h]).toBe(d.h);
    expect(u[COL.l]).toBe(d.l);
    expect(u[COL.c]).toBe(d.c);
    expect(u[COL.v]).toBe(d.v);
    expect(u[COL.sma]).toEqual([null, 1.5, 2.5]);
  });
  it('SMA off keeps an all-null column of the same length', () => {
    expect(toUplotData(candles([0, 60], [1, 2]), null)[COL.sma]).toEqual([null, null]);
  });
  it('empty candles give seven empty columns', () => {
    const u = toUplotData(candles([], []), 20);
    expect(u).toHaveLength(7);
    for (const col of u) expect(col.length).toBe(0);
  });
  it('period longer than the data gives an all-null SMA', () => {
    expect(toUplotData(candles([0], [5]), 20)[COL.sma]).toEqual([null]);
  });
});

describe('cumulativeDepth', () => {
  it('accumulates outward from the best price on one ascending axis', () => {
    const d = cumulativeDepth({
      bids: [
        { price: 99, qty: 1 },
        { price: 98, qty: 2 },
      ],
      asks: [
        { price: 101, qty: 3 },
        { price: 102, qty: 4 },
      ],
    });
    expect([...d.price]).toEqual([98, 99, 101, 102]);
    expect(d.bid).toEqual([3, 1, null, null]);
    expect(d.ask).toEqual([null, null, 3, 7]);
    expect(d).toMatchObject({ bestBid: 99, bestAsk: 101, mid: 100, totalBid: 3, totalAsk: 7 });
  });
  it('an empty book gives empty arrays and no mid', () => {
    const d = cumulativeDepth({ bids: [], asks: [] });
    expect(d.price.length).toBe(0);
    expect(d).toMatchObject({ bid: [], ask: [], bestBid: null, bestAsk: null, mid: null, totalBid: 0, totalAsk: 0 });
  });
  it('one side only: no mid, the other side all null', () => {
    const d = cumulativeDepth({ bids: [{ price: 10, qty: 5 }], asks: [] });
    expect(d.mid).toBeNull();
    expect(d.bid).toEqual([5]);
    expect(d.ask).toEqual([null]);
  });
  it('tolerates unsorted, repeated and empty levels', () => {
    const d = cumulativeDepth({
      bids: [
        { price: 98, qty: 2 },
        { price: 99, qty: 1 },
        { price: 99, qty: 1 },
        { price: 97, qty: 0 },
        { price: NaN, qty: 1 },
      ],
      asks: [
        { price: 102, qty: 4 },
        { price: 101, qty: 3 },
        { price: 103, qty: -1 },
      ],
    });
    expect([...d.price]).toEqual([98, 99, 101, 102]);
    expect(d.bid).toEqual([4, 2, null, null]);
    expect(d.ask).toEqual([null, null, 3, 7]);
  });
  it('a crossed book shares the price where both sides sit', () => {
    const d = cumulativeDepth({ bids: [{ price: 100, qty: 1 }], asks: [{ price: 100, qty: 2 }] });
    expect([...d.price]).toEqual([100]);
    expect(d.bid).toEqual([1]);
    expect(d.ask).toEqual([2]);
  });
});

describe('candleIndexAt', () => {
  const t = f64([0, 60, 180]);
  it('finds the last candle opening at or before ts', () => {
    expect(candleIndexAt(t, -1)).toBe(-1);
    expect(candleIndexAt(t, 0)).toBe(0);
    expect(candleIndexAt(t, 59.9)).toBe(0);
    expect(candleIndexAt(t, 60)).toBe(1);
    expect(candleIndexAt(t, 1e9)).toBe(2);
    expect(candleIndexAt(new Float64Array(0), 5)).toBe(-1);
  });
});

describe('fillsToCandles', () => {
  const t = f64([0, 60, 180]); // a gap: no candle opens at 120
  const fill = (ts: number, price: number, side: 'buy' | 'sell' = 'buy', qty = 1): FillMarker => ({ t: ts, price, side, qty });

  it('puts a fill in the candle whose [t, t + tf) contains it', () => {
    const out = fillsToCandles(t, 60, [fill(0, 1), fill(59, 2), fill(60, 3), fill(200, 4)]);
    expect(out.map((m) => [m.idx, m.price])).toEqual([
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 4],
    ]);
  });
  it('drops fills before the first candle, in a gap, or after the last one closes', () => {
    expect(fillsToCandles(t, 60, [fill(-1, 1), fill(120, 1), fill(150, 1), fill(240, 1)])).toEqual([]);
  });
  it('sorts unsorted input by candle, buys first, then price', () => {
    const out = fillsToCandles(t, 60, [fill(190, 5, 'sell'), fill(10, 2), fill(70, 3, 'sell'), fill(75, 2.5), fill(5, 1)]);
    expect(out.map((m) => [m.idx, m.side, m.price])).toEqual([
      [0, 'buy', 1],
      [0, 'buy', 2],
      [1, 'buy', 2.5],
      [1, 'sell', 3],
      [2, 'sell', 5],
    ]);
  });
  it('gathers duplicates (same candle, side and price) and sums their quantity', () => {
    const out = fillsToCandles(t, 60, [fill(10, 2, 'buy', 1), fill(10, 2, 'buy', 1), fill(30, 2, 'buy', 3), fill(30, 2, 'sell', 1)]);
    expect(out).toEqual([
      { idx: 0, side: 'buy', price: 2, qty: 5, count: 3 },
      { idx: 0, side: 'sell', price: 2, qty: 1, count: 1 },
    ]);
  });
  it('no candles or no fills: nothing to draw', () => {
    expect(fillsToCandles(new Float64Array(0), 60, [fill(0, 1)])).toEqual([]);
    expect(fillsToCandles(t, 60, [])).toEqual([]);
  });
  it('one candle', () => {
    expect(fillsToCandles(f64([100]), 1, [fill(100.5, 9, 'sell')])).toEqual([{ idx: 0, side: 'sell', price: 9, qty: 1, count: 1 }]);
  });
});

describe('visibleWindow', () => {
  it('ends just after the last candle and spans as many candles as fit', () => {
    expect(visibleWindow(600, 60, 80, 8)).toEqual([645 - 10 * 60, 645]);
  });
  it('shows at least five candles however narrow the plot', () => {
    const [min, max] = visibleWindow(0, 1, 0);
    expect(max - min).toBe(5);
  });
});

describe('depthAt', () => {
  const d = cumulativeDepth({
    bids: [
      { price: 99, qty: 1 },
      { price: 98, qty: 2 },
    ],
    asks: [
      { price: 101, qty: 3 },
      { price: 102, qty: 4 },
    ],
  });
  it('bid side: the bids at the price or better', () => {
    expect(depthAt(d, 99)).toEqual({ side: 'bid', qty: 1 });
    expect(depthAt(d, 98.5)).toEqual({ side: 'bid', qty: 1 });
    expect(depthAt(d, 98)).toEqual({ side: 'bid', qty: 3 });
    expect(depthAt(d, 50)).toEqual({ side: 'bid', qty: 3 });
  });
  it('ask side: the asks at the price or better', () => {
    expect(depthAt(d, 101)).toEqual({ side: 'ask', qty: 3 });
    expect(depthAt(d, 101.5)).toEqual({ side: 'ask', qty: 3 });
    expect(depthAt(d, 102)).toEqual({ side: 'ask', qty: 7 });
    expect(depthAt(d, 500)).toEqual({ side: 'ask', qty: 7 });
  });
  it('nothing inside the spread or in an empty book', () => {
    expect(depthAt(d, 100)).toBeNull();
    expect(depthAt(cumulativeDepth({ bids: [], asks: [] }), 100)).toBeNull();
  });
});
