import { describe, expect, it } from 'vitest';
import { fmtCompact, fmtDateTime, fmtMoney, fmtPct, fmtPrice, fmtQty, fmtSignedMoney, fmtTime, pctTone, tone } from './format';

const DASH = '—';
// The formats follow the browser's locale; the exact strings below are en-US's.
const enUS = new Intl.NumberFormat().resolvedOptions().locale === 'en-US';

describe('number formats', () => {
  it('a number that is not one (missing, NaN, ±Infinity) shows as a dash, never as "NaN" or "∞"', () => {
    for (const x of [null, undefined, NaN, Infinity, -Infinity]) {
      expect(fmtPrice(x)).toBe(DASH);
      expect(fmtQty(x)).toBe(DASH);
      expect(fmtMoney(x)).toBe(DASH);
    }
    for (const x of [NaN, Infinity, -Infinity]) {
      expect(fmtSignedMoney(x)).toBe(DASH);
      expect(fmtPct(x)).toBe(DASH);
      expect(fmtCompact(x)).toBe(DASH);
    }
  });

  it.runIf(enUS)('prices keep at least two decimals and the instrument’s own beyond that', () => {
    expect(fmtPrice(1)).toBe('1.00');
    expect(fmtPrice(1.5, 0)).toBe('1.50');
    expect(fmtPrice(64_321.125, 3)).toBe('64,321.125');
    expect(fmtPrice(0.123456, 4)).toBe('0.1235');
  });

  it.runIf(enUS)('quantities show the decimals they have, up to the lot’s', () => {
    expect(fmtQty(3)).toBe('3');
    expect(fmtQty(0.25, 4)).toBe('0.25');
    expect(fmtQty(0.123456, 4)).toBe('0.1235');
    expect(fmtQty(1_000)).toBe('1,000');
  });

  it.runIf(enUS)('money, signed money, percentages and compact amounts', () => {
    expect(fmtMoney(1234.5)).toBe('$1,234.50');
    expect(fmtMoney(-3)).toBe('-$3.00');
    expect(fmtMoney(5, 'EUR')).toBe('€5.00');
    expect(fmtSignedMoney(1)).toBe('+$1.00');
    expect(fmtSignedMoney(-1)).toBe('-$1.00');
    expect(fmtSignedMoney(0)).toBe('$0.00');
    expect(fmtPct(12.3)).toBe('+12.30%');
    expect(fmtPct(-0.5)).toBe('-0.50%');
    expect(fmtPct(0)).toBe('0.00%');
    expect(fmtPct(12.3, false)).toBe('12.30%');
    expect(fmtCompact(1_234_567)).toBe('1.2M');
    expect(fmtCompact(950)).toBe('950');
  });

  it('the same shape twice gives the same text (the cached formatter is the one for that shape)', () => {
    expect(fmtPrice(1.23456, 4)).toBe(fmtPrice(1.23456, 4));
    expect(fmtPrice(1.23456, 2)).not.toBe(fmtPrice(1.23456, 4));
    expect(fmtQty(1.5, 0)).not.toBe(fmtQty(1.5, 1));
    expect(fmtMoney(1, 'EUR')).not.toBe(fmtMoney(1, 'USD'));
  });
});

describe('time formats', () => {
  it('a time has hours, minutes and seconds; a date-time has the year too', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(fmtTime(ms)).toMatch(/\d{2}\D\d{2}\D\d{2}/);
    expect(fmtDateTime(ms)).toContain('2026');
    expect(fmtDateTime(ms)).toContain(fmtTime(ms).slice(-2));
  });
});

describe('tone', () => {
  it('up for a gain, down for a loss, flat for none', () => {
    expect(tone(0.01)).toBe('up');
    expect(tone(-0.01)).toBe('down');
    expect(tone(0)).toBe('flat');
    expect(tone(-0)).toBe('flat');
  });
});

describe('pctTone', () => {
  it('colours a percentage as it is shown: what rounds to 0.00% is flat', () => {
    expect(fmtPct(-0.001)).toBe('0.00%');
    expect(pctTone(-0.001)).toBe('flat');
    expect(pctTone(0.004)).toBe('flat');
    expect(pctTone(-0.005)).toBe('down');
    expect(pctTone(0.006)).toBe('up');
    expect(pctTone(-12.5)).toBe('down');
  });
});
