import { describe, expect, it } from 'vitest';
import { crossedOver, crossedUnder, crossover, crossovers, crossunder, crossunders, type SeriesLike } from './cross';

/** A series as the SDK gives one: its value now and before. */
const series = (...values: number[]): SeriesLike => ({ value: values[values.length - 1], prev: (n) => values[values.length - 1 - n] ?? NaN });

describe('crossings', () => {
  it('over: above now, at or below one bar ago (a touch then a rise counts)', () => {
    expect(crossover(2, 1, 0, 1)).toBe(true);
    expect(crossover(2, 1, 1, 1)).toBe(true);
    expect(crossover(2, 1, 2, 1)).toBe(false);
    expect(crossover(1, 1, 0, 1)).toBe(false);
    expect(crossover(NaN, 1, 0, 1)).toBe(false);
    expect(crossover(2, 1, NaN, 1)).toBe(false);
  });

  it('under: below now, at or above one bar ago', () => {
    expect(crossunder(0, 1, 2, 1)).toBe(true);
    expect(crossunder(0, 1, 1, 1)).toBe(true);
    expect(crossunder(0, 1, 0, 1)).toBe(false);
  });

  it('series against a series or a level', () => {
    expect(crossedOver(series(25, 35), 30)).toBe(true);
    expect(crossedOver(series(35, 36), 30)).toBe(false);
    expect(crossedUnder(series(5, 3), series(4, 4))).toBe(true);
    expect(crossedOver(series(3), 1)).toBe(false);
  });

  it('batch form over whole series', () => {
    expect([...crossovers([0, 2, 1, 3], [1, 1, 1, 1])]).toEqual([0, 1, 0, 1]);
    expect([...crossunders([0, 2, 1, 3], 1.5)]).toEqual([0, 0, 1, 0]);
    expect(() => crossovers([1, 2], [1])).toThrow(RangeError);
  });
});
