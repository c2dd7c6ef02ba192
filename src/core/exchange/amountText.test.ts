import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountAsMoney, amountAsQuantity } from './amountText';
import { Kit } from './testkit';

describe('amounts in refusals', () => {
  it('writes a price currency as money, rounding the way it is asked', () => {
    expect(amountAsMoney(1067130368400, 7, 'USD', 'down')).toBe('$106,713.03');
    expect(amountAsMoney(1067130368400, 7, 'USD', 'up')).toBe('$106,713.04');
    expect(amountAsMoney(150, 2, 'EUR', 'up')).toBe('1.50 EUR');
    expect(amountAsMoney(5, 0, 'USD', 'down')).toBe('$5.00');
  });

  it('writes other assets exactly, thousands grouped, no trailing zeros', () => {
    expect(amountAsQuantity(150000, 4, 'BTC')).toBe('15 BTC');
    expect(amountAsQuantity(1234500005, 8, 'BTC')).toBe('12.34500005 BTC');
    expect(amountAsQuantity(1500, 0, 'FUN')).toBe('1,500 FUN');
    expect(amountAsQuantity(0, 0, 'XYZ')).toBe('0 XYZ');
  });

  it('never names a need and a holding that read the same when the holding is short', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 8 }), (have, short, dec) => {
      const need = have + short;
      expect(amountAsMoney(need, dec, 'USD', 'up')).not.toBe(amountAsMoney(have, dec, 'USD', 'down'));
    }));
  });

  it('reads back the exact amount of a quantity', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 8 }), (units, dec) => {
      const text = amountAsQuantity(units, dec, 'X').slice(0, -2).replaceAll(',', '');
      const [whole, frac = ''] = text.split('.');
      expect(BigInt(whole + frac.padEnd(dec, '0'))).toBe(BigInt(units));
    }));
  });

  it('the exchange names money in a buy’s refusal and a quantity in a sell’s', () => {
    const k = new Kit();
    k.fund('a', 1234.5, 2);
    const buy = k.place({ id: 'b', account: 'a', side: 'buy', price: 100, qty: 20 });
    expect(buy).toMatchObject([{ ev: 'rejected', reason: 'INSUFFICIENT_FUNDS', message: 'Needs $2,000.00 but only $1,234.50 is available.' }]);
    const sell = k.place({ id: 's', account: 'a', side: 'sell', price: 100, qty: 1500 });
    expect(sell).toMatchObject([{ ev: 'rejected', message: 'Needs 1,500 FUN but only 2 FUN is available.' }]);
    const out = k.ex.apply({ op: 'withdraw', account: 'a', asset: 'USD', amount: 5000 });
    expect(out).toEqual({ ok: false, code: 'INSUFFICIENT_FUNDS', message: 'Only $1,234.50 available to withdraw.' });
    k.place({ id: 'r', account: 'a', side: 'buy', price: 10, qty: 1 });
    const more = k.apply({ op: 'modify', id: 'r', account: 'a', qty: 1000 });
    expect(more).toMatchObject([{ ev: 'rejected', message: expect.stringMatching(/^Needs \$[\d,]+\.\d\d more than is available\.$/) }]);
  });
});
