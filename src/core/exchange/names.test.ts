import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecimalEvent } from './format';
import { replayText } from './journal';

/**
 * Issue 10, defect 8: accounts, assets and symbols are names the journal's
 * author chooses. `__proto__` as any of them vanished from the `final` event
 * (a plain object's `__proto__` is a setter, not a key). The final event,
 * written out as the replay command writes it and read back, lists every
 * name like any other.
 */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];
const name = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ minLength: 1, maxLength: 12 }));

/** The `final` event as `npm run -s replay` prints it, read back. */
function finalOf(lines: object[]): { accounts: Record<string, Record<string, { available: number; reserved: number }>>; books: Record<string, { bids: number[][]; asks: number[][] }> } {
  let last: DecimalEvent | undefined;
  replayText(lines.map((l) => JSON.stringify(l)).join('\n'), (e) => { last = e; });
  expect(last?.ev).toBe('final');
  return JSON.parse(JSON.stringify(last)) as ReturnType<typeof finalOf>;
}

const own = (o: object) => Object.keys(o).sort();

describe('the final event lists every name the journal chose', () => {
  it('prototype names as account, asset and symbol', () => {
    const f = finalOf([
      { op: 'instrument', symbol: '__proto__', base: 'constructor', quote: 'toString', tick: 0.01, lot: 1 },
      { op: 'deposit', account: '__proto__', asset: 'toString', amount: 100 },
      { op: 'deposit', account: 'hasOwnProperty', asset: '__proto__', amount: 5 },
      { op: 'place', id: 'b1', account: '__proto__', symbol: '__proto__', side: 'buy', type: 'limit', price: 1, qty: 3 },
    ]);
    expect(own(f.accounts)).toEqual(['__proto__', 'hasOwnProperty']);
    expect(Object.getOwnPropertyDescriptor(f.accounts, '__proto__')?.value).toEqual({ toString: { available: 97, reserved: 3 } });
    expect(Object.getOwnPropertyDescriptor(f.accounts.hasOwnProperty, '__proto__')?.value).toEqual({ available: 5, reserved: 0 });
    expect(own(f.books)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(f.books, '__proto__')?.value).toEqual({ bids: [[1, 3]], asks: [] });
  });

  it('any names: every account with its balances, every book with its orders', () => {
    const names = fc.uniqueArray(name, { minLength: 5, maxLength: 5 });
    fc.assert(fc.property(names, fc.integer({ min: 1, max: 1000 }), ([symbol, base, quote, buyer, seller], amount) => {
      const f = finalOf([
        { op: 'instrument', symbol, base, quote, tick: 0.01, lot: 1 },
        { op: 'deposit', account: buyer, asset: quote, amount },
        { op: 'deposit', account: seller, asset: base, amount },
        { op: 'place', id: 'b', account: buyer, symbol, side: 'buy', type: 'limit', price: 1, qty: 1 },
        { op: 'place', id: 's', account: seller, symbol, side: 'sell', type: 'limit', price: 2, qty: 1 },
      ]);
      const get = <T>(o: Record<string, T>, k: string): T | undefined => Object.getOwnPropertyDescriptor(o, k)?.value as T | undefined;
      expect(own(f.accounts)).toEqual([buyer, seller].sort());
      expect(get(get(f.accounts, buyer)!, quote)).toEqual({ available: amount - 1, reserved: 1 });
      expect(get(get(f.accounts, seller)!, base)).toEqual({ available: amount - 1, reserved: 1 });
      expect(own(f.books)).toEqual([symbol]);
      expect(get(f.books, symbol)).toEqual({ bids: [[1, 1]], asks: [[2, 1]] });
    }), { numRuns: 200 });
  });
});
