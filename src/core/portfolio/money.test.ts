import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMoney, formatPct, moneyText, roundHalfAway } from './money';

describe('roundHalfAway', () => {
  it('sends halves away from zero on both sides', () => {
    expect(roundHalfAway(2.5)).toBe(3);
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(roundHalfAway(2.4)).toBe(2);
    expect(roundHalfAway(-2.6)).toBe(-3);
    expect(roundHalfAway(0)).toBe(0);
  });

  it('is odd: round(−x) = −round(x)', () => {
    fc.assert(fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
      expect(roundHalfAway(-x) + roundHalfAway(x)).toBe(0);
    }));
  });
});

describe('formatMoney', () => {
  it('writes two decimals and thousands separators', () => {
    expect(formatMoney(4800000, 2)).toBe('$48,000.00');
    expect(formatMoney(10000000, 2)).toBe('$100,000.00');
    expect(formatMoney(5, 2)).toBe('$0.05');
    expect(formatMoney(-123456789, 2)).toBe('-$1,234,567.89');
    expect(formatMoney(0, 2)).toBe('$0.00');
    expect(formatMoney(999, 2)).toBe('$9.99');
  });

  it('rounds finer scales half away and pads coarser ones', () => {
    expect(formatMoney(1234565, 4)).toBe('$123.46');
    expect(formatMoney(-1234565, 4)).toBe('-$123.46');
    expect(formatMoney(12, 0)).toBe('$12.00');
    expect(formatMoney(1e13, 8)).toBe('$100,000.00');
  });

  it('names other assets after the number', () => {
    expect(formatMoney(150, 2, 'EUR')).toBe('1.50 EUR');
    expect(formatMoney(150, 2, 'USDT')).toBe('$1.50');
  });

  it('agrees with en-US Intl formatting for cents', () => {
    const intl = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (cents) => {
      const want = intl.format(Math.abs(cents) / 100);
      expect(formatMoney(cents, 2)).toBe((cents < 0 ? '-$' : '$') + want);
    }));
  });
});

describe('formatPct', () => {
  it('keeps at most one decimal', () => {
    expect(formatPct(52)).toBe('52');
    expect(formatPct(12.345)).toBe('12.3');
    expect(formatPct(50.05)).toBe('50.1');
  });
  it('never writes Infinity, NaN or exponent digits', () => {
    expect(formatMoney(Infinity, 2)).toBe('an amount too large to show');
    expect(formatMoney(-Infinity, 2)).toBe('an amount too large to show');
    expect(formatMoney(NaN, 2)).toBe('an amount too large to show');
    expect(formatMoney(2 ** 80, 0)).toBe('$1,208,925,819,614,629,174,706,176.00');
    expect(formatMoney(1e300, 2)).not.toMatch(/e|In|NaN/);
  });
});

describe('moneyText', () => {
  it('writes a decimal amount as money, never in exponent form', () => {
    expect(moneyText(106713.03684)).toBe('$106,713.04');
    expect(moneyText(1e15)).toBe('$1,000,000,000,000,000.00');
    expect(moneyText(-1.5, 'EUR')).toBe('-1.50 EUR');
  });
});
