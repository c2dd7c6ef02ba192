import { describe, expect, it } from 'vitest';
import { shownPrice, type TickerRow } from './tickers';

const row = (last: number, bid: number, ask: number): TickerRow => ({ last, bid, ask, open24: NaN, value24: 0, open: true, spark: new Float32Array() });

describe('shownPrice', () => {
  it('shows the last trade, else the mid of a two-sided quote, else nothing', () => {
    expect(shownPrice(row(10, 9, 11))).toEqual({ price: 10, mid: false });
    expect(shownPrice(row(NaN, 9, 11))).toEqual({ price: 10, mid: true });
    const oneSided = shownPrice(row(NaN, 9, NaN));
    expect(oneSided.mid).toBe(false);
    expect(oneSided.price).toBeNaN();
    expect(shownPrice(undefined).price).toBeNaN();
  });
});
