import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAt, orderLineLabel, ownLevels, snapToTick, toOrderLines } from './orderLines';
import type { OrderView } from '../../protocol';

function order(o: Partial<OrderView> & Pick<OrderView, 'id'>): OrderView {
  return {
    symbol: 'FUN', side: 'buy', type: 'limit', price: 50, stopPrice: null, qty: 10, filled: 0, tif: 'GTC', status: 'open',
    avgPrice: null, createdAt: 0, updatedAt: 0, ...o,
  };
}

describe('snapToTick', () => {
  it('rounds to the nearest tick, written with the instrument decimals', () => {
    expect(snapToTick(50.0149, 0.01, 2)).toBe(50.01);
    expect(snapToTick(50.015001, 0.01, 2)).toBe(50.02);
    expect(snapToTick(0.30000000000000004, 0.1, 1)).toBe(0.3);
    expect(snapToTick(123.4, 0.5, 1)).toBe(123.5);
    expect(snapToTick(17, 5, 0)).toBe(15);
  });
  it('never below one tick, and NaN for nonsense', () => {
    expect(snapToTick(-3, 0.01, 2)).toBe(0.01);
    expect(snapToTick(0.001, 0.01, 2)).toBe(0.01);
    expect(snapToTick(NaN, 0.01, 2)).toBeNaN();
    expect(snapToTick(5, 0, 2)).toBeNaN();
  });
  it('property: the result is a whole number of ticks within half a tick of the input (or the first tick)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom([0.01, 2], [0.5, 1], [0.0001, 4], [1, 0], [0.25, 2]), (x, [tick, dec]) => {
        const p = snapToTick(x, tick, dec);
        const steps = p / tick;
        expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6);
        expect(p).toBeGreaterThanOrEqual(tick);
        if (x >= tick) expect(Math.abs(p - x)).toBeLessThanOrEqual(tick / 2 + 1e-9 * Math.max(1, x));
        expect(snapToTick(p, tick, dec)).toBe(p);
      }),
    );
  });
});

describe('lineAt', () => {
  it('grabs the nearest line within the tolerance, or nothing', () => {
    expect(lineAt([100, 110, 200], 107, 7)).toBe(1);
    expect(lineAt([100, 110], 104, 7)).toBe(0);
    expect(lineAt([100, 110], 150, 7)).toBeNull();
    expect(lineAt([], 0, 7)).toBeNull();
  });
});

describe('toOrderLines', () => {
  it('a limit order is one line at its price with what is left to fill', () => {
    expect(toOrderLines([order({ id: 'you.1', filled: 3 })])).toEqual([{ id: 'you.1', field: 'price', side: 'buy', price: 50, qty: 7 }]);
  });
  it('a waiting stop-limit has its stop and its limit; a waiting stop its stop only; once fired the stop is gone', () => {
    const lines = toOrderLines([
      order({ id: 'a', type: 'stop_limit', status: 'pending', side: 'sell', price: 48, stopPrice: 49 }),
      order({ id: 'b', type: 'stop', status: 'pending', price: null, stopPrice: 55 }),
      order({ id: 'c', type: 'stop_limit', status: 'open', price: 52, stopPrice: 51 }),
    ]);
    expect(lines.map((l) => [l.id, l.field, l.price])).toEqual([
      ['a', 'stopPrice', 49],
      ['a', 'price', 48],
      ['b', 'stopPrice', 55],
      ['c', 'price', 52],
    ]);
  });
  it('filled and cancelled orders draw nothing', () => {
    expect(toOrderLines([order({ id: 'x', status: 'filled' }), order({ id: 'y', status: 'cancelled' })])).toEqual([]);
  });
});

describe('orderLineLabel', () => {
  it('says side, kind, quantity and price', () => {
    expect(orderLineLabel({ side: 'buy', field: 'price', qty: 10 }, 50.02, 2, 'en-US')).toBe('Buy 10 @ 50.02');
    expect(orderLineLabel({ side: 'sell', field: 'stopPrice', qty: 1500 }, 49.5, 2, 'en-US')).toBe('Sell stop 1,500 @ 49.50');
  });
});

describe('ownLevels', () => {
  it('sums what is left per price and side, resting limit prices only', () => {
    const m = ownLevels(
      [
        order({ id: '1', price: 50, qty: 10, filled: 4 }),
        order({ id: '2', price: 50.0000001, qty: 5 }),
        order({ id: '3', side: 'sell', price: 51, qty: 2 }),
        order({ id: '4', type: 'stop_limit', status: 'pending', price: 49, stopPrice: 49.5 }),
      ],
      2,
    );
    expect(Object.fromEntries(m)).toEqual({ '50.00': { buy: 11, sell: 0 }, '51.00': { buy: 0, sell: 2 } });
  });
});
