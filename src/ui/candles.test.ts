import { describe, expect, it } from 'vitest';
import { emptyCandles, mergeCandles, prependCandles } from './candles';

const c = (...t: number[]) => ({
  t: Float64Array.from(t), o: Float64Array.from(t), h: Float64Array.from(t), l: Float64Array.from(t),
  c: Float64Array.from(t, (x) => x + 0.5), v: Float64Array.from(t, () => 1),
});

describe('mergeCandles', () => {
  it('replaces the candle still forming and appends newer ones', () => {
    const m = mergeCandles(c(60, 120), { ...c(120, 180), c: Float64Array.from([9, 10]) });
    expect([...m.t]).toEqual([60, 120, 180]);
    expect([...m.c]).toEqual([60.5, 9, 10]);
  });
  it('ignores candles older than the history, and keeps at most max', () => {
    expect(mergeCandles(c(60, 120), c(0, 60)).t.length).toBe(2);
    expect([...mergeCandles(c(60, 120), c(180, 240), 3).t]).toEqual([120, 180, 240]);
    expect([...mergeCandles(emptyCandles(), c(5)).t]).toEqual([5]);
  });
});

describe('prependCandles', () => {
  it('puts only strictly older history before our candles', () => {
    expect([...prependCandles(c(0, 60, 120, 180), c(120, 180)).t]).toEqual([0, 60, 120, 180]);
    expect([...prependCandles(c(0, 60), emptyCandles()).t]).toEqual([0, 60]);
    expect(prependCandles(c(200), c(120)).t.length).toBe(1);
    expect([...prependCandles(c(0, 60, 120), c(180), 2).t]).toEqual([120, 180]);
  });
});
