import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../codes';
import { checkBracket, checkPrice, checkQty, expectedPrice, feeEstimate, onStep, qtyForAmount, roundDecimals, type EntrySpec } from './orderEntry';

/** The message of a failure, '' for a success. */
const message = (r: { ok: true } | { ok: false; message: string }) => (r.ok ? '' : r.message);

const FUN: EntrySpec = { base: 'FUN', tick: 0.01, lot: 0.1, priceDecimals: 2, qtyDecimals: 1, makerFeeBps: 2, takerFeeBps: 5 };

describe('onStep and roundDecimals', () => {
  it('accepts whole steps despite float noise and refuses the rest', () => {
    expect(onStep(0.3, 0.1)).toBe(true);
    expect(onStep(123.45, 0.01)).toBe(true);
    expect(onStep(0.35, 0.1)).toBe(false);
    expect(onStep(1.005, 0.01)).toBe(false);
  });
  it('rounds to the decimals, at most 12', () => {
    expect(roundDecimals(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundDecimals(1 / 3, 20)).toBe(0.333333333333);
  });
});

describe('checkPrice', () => {
  it('wants a limit or stop price above zero, on the tick', () => {
    expect(checkPrice('limit', 10.25, FUN)).toBeNull();
    expect(checkPrice('limit', NaN, FUN)).toEqual({ ok: false, code: Code.INVALID_PRICE, message: 'Enter a limit price above zero.' });
    expect(checkPrice('stop', 0, FUN)?.message).toBe('Enter a stop price above zero.');
    expect(checkPrice('limit', 10.255, FUN)?.message).toBe('The limit price must be a multiple of 0.01.');
    expect(checkPrice('stop', 10.255, FUN)?.message).toBe('The stop price must be a multiple of 0.01.');
  });
});

describe('checkQty', () => {
  it('wants whole lots above zero and rounds to the lot decimals', () => {
    expect(checkQty(0.3, FUN)).toEqual({ ok: true, qty: 0.3 });
    expect(checkQty(0, FUN)).toEqual({ ok: false, code: Code.INVALID_QUANTITY, message: 'Enter a quantity of FUN above zero.' });
    expect(checkQty(0.25, FUN)).toEqual({ ok: false, code: Code.INVALID_QUANTITY, message: 'The quantity must be a multiple of 0.1 FUN.' });
  });
  it('property: k lots are accepted as k × lot at the lot decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (k) => {
        const r = checkQty(Number((k * 0.1).toFixed(1)), FUN);
        expect(r).toEqual({ ok: true, qty: Number((k / 10).toFixed(1)) });
      }),
    );
  });
});

describe('qtyForAmount', () => {
  it('buys the whole lots the amount pays for, rounded down', () => {
    expect(qtyForAmount(100, 30, FUN)).toEqual({ ok: true, qty: 3.3 });
    expect(qtyForAmount(0.3, 1, { ...FUN, lot: 0.1 })).toEqual({ ok: true, qty: 0.3 }); // 0.3 / 1 / 0.1 is 2.9999999999999996
  });
  it('says why it cannot size', () => {
    expect(qtyForAmount(NaN, 30, FUN)).toEqual({ ok: false, code: Code.INVALID_AMOUNT, message: 'Enter an amount above zero.' });
    expect(message(qtyForAmount(100, NaN, FUN))).toBe('There is no price to size the order by yet.');
    expect(qtyForAmount(1, 30, FUN)).toEqual({ ok: false, code: Code.INVALID_QUANTITY, message: 'That amount buys less than one lot (0.1 FUN).' });
  });
  it('property: never more than the amount, and one lot more would be', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e8 }), fc.integer({ min: 1, max: 1e6 }), (cents, priceCents) => {
        const amount = cents / 100;
        const price = priceCents / 100;
        const r = qtyForAmount(amount, price, FUN);
        if (!r.ok) {
          expect(amount / price).toBeLessThan(0.1 + 1e-9);
          return;
        }
        expect(onStep(r.qty, FUN.lot)).toBe(true);
        expect(r.qty * price).toBeLessThanOrEqual(amount * (1 + 1e-9));
        expect((r.qty + FUN.lot) * price).toBeGreaterThan(amount * (1 - 1e-9));
      }),
    );
  });
});

describe('expectedPrice and feeEstimate', () => {
  const book = { bid: 9, ask: 11, last: 10 };
  it('limit, else stop, else the touch, else the last trade', () => {
    expect(expectedPrice('limit', 'buy', 12, NaN, book)).toBe(12);
    expect(expectedPrice('stop_limit', 'sell', 12, 13, book)).toBe(12);
    expect(expectedPrice('stop', 'buy', NaN, 13, book)).toBe(13);
    expect(expectedPrice('market', 'buy', NaN, NaN, book)).toBe(11);
    expect(expectedPrice('market', 'sell', NaN, NaN, book)).toBe(9);
    expect(expectedPrice('market', 'sell', NaN, NaN, { bid: NaN, ask: NaN, last: 10 })).toBe(10);
  });
  it('charges the higher of maker and taker', () => {
    expect(feeEstimate(10_000, FUN)).toBe(5);
    expect(feeEstimate(10_000, { ...FUN, makerFeeBps: 8 })).toBe(8);
  });
});

describe('checkBracket', () => {
  it('needs one leg', () => {
    expect(checkBracket('buy', 10, NaN, 0, FUN)).toEqual({ ok: false, code: Code.INVALID_ORDER, message: 'A bracket needs a take-profit or a stop-loss price.' });
  });
  it('keeps each leg on the tick and on its side of the entry', () => {
    expect(checkBracket('buy', 10, 11, 9, FUN)).toEqual({ ok: true, takeProfit: 11, stopLoss: 9 });
    expect(checkBracket('sell', 10, 9, NaN, FUN)).toEqual({ ok: true, takeProfit: 9 });
    expect(message(checkBracket('buy', 10, 11.005, NaN, FUN))).toBe('The take-profit must be a multiple of 0.01.');
    expect(message(checkBracket('buy', 10, NaN, 9.001, FUN))).toBe('The stop-loss must be a multiple of 0.01.');
    const msg = (side: 'buy' | 'sell', tp: number, sl: number) => message(checkBracket(side, 10, tp, sl, FUN));
    expect(msg('buy', 10, NaN)).toBe('The take-profit must be above the entry price (10.00).');
    expect(msg('sell', 10.5, NaN)).toBe('The take-profit must be below the entry price (10.00).');
    expect(msg('buy', NaN, 10.5)).toBe('The stop-loss must be below the entry price (10.00).');
    expect(msg('sell', NaN, 9.5)).toBe('The stop-loss must be above the entry price (10.00).');
    expect(msg('buy', 9, 11)).toBe('The take-profit must be above the entry price (10.00).'); // take-profit first
  });
});
