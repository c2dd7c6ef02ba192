import { describe, expect, it } from 'vitest';
import type { ParamSpecs } from '../core/strategy/types';
import { checkBudget, fieldErrors, fieldNamed, inputsOf, paramsLine, valueOf, valuesOf } from './strategyParams';

const SPECS: ParamSpecs = {
  fast: { type: 'integer', default: 10, min: 2, max: 100, step: 1, label: 'Fast average' },
  k: { type: 'number', default: 2, min: 0.5, max: 4, step: 0.5 },
  short: { type: 'boolean', default: false },
  source: { type: 'choice', default: 'close', options: ['close', 'hl2'] },
};

describe('the strategy forms’ fields', () => {
  it('start from the defaults, or from a running strategy’s values', () => {
    expect(inputsOf(SPECS)).toEqual({ fast: '10', k: '2', short: false, source: 'close' });
    expect(inputsOf(SPECS, { fast: 20, k: 1.5, short: true, source: 'hl2' })).toEqual({ fast: '20', k: '1.5', short: true, source: 'hl2' });
  });

  it('send numbers as numbers (a comma is a decimal point), text that is no number as text for the check to name', () => {
    expect(valueOf(SPECS.k, '1,5')).toBe(1.5);
    expect(valueOf(SPECS.k, ' 2.5 ')).toBe(2.5);
    expect(valueOf(SPECS.fast, '-3')).toBe(-3);
    expect(valueOf(SPECS.fast, 'ten')).toBe('ten');
    expect(valueOf(SPECS.short, true)).toBe(true);
    expect(valuesOf(SPECS, inputsOf(SPECS))).toEqual({ fast: 10, k: 2, short: false, source: 'close' });
  });

  it('name each refused field with core’s message, and only those', () => {
    expect(fieldErrors(SPECS, inputsOf(SPECS)).size).toBe(0);
    const errs = fieldErrors(SPECS, { ...inputsOf(SPECS), fast: '1', k: '0.7', source: 'open' });
    expect([...errs.keys()].sort()).toEqual(['fast', 'k', 'source']);
    expect(errs.get('fast')).toMatch(/^fast .*2.*100/);
    expect(errs.get('k')).toMatch(/^k /);
    expect(fieldErrors(SPECS, { ...inputsOf(SPECS), fast: 'ten' }).get('fast')).toContain('fast');
    expect(fieldErrors(SPECS, { ...inputsOf(SPECS), fast: '' }).get('fast')).toContain('fast');
  });

  it('find the parameter an engine message is about', () => {
    expect(fieldNamed('fast must be a whole number from 2 to 100 (got 1).', ['fast', 'k'])).toBe('fast');
    expect(fieldNamed('Budget too big.', ['fast', 'k'])).toBeNull();
    // A whole word only: "k" is not found inside "kept".
    expect(fieldNamed('Nothing was kept.', ['k'])).toBeNull();
    expect(fieldNamed('slow_period must be more than fast.', ['slow', 'slow_period', 'fast'])).toBe('slow_period');
  });

  it('check the budget against the free cash', () => {
    expect(checkBudget('1000', 5000)).toEqual({ ok: true, value: 1000 });
    expect(checkBudget('1 000,5', 5000)).toEqual({ ok: true, value: 1000.5 });
    expect(checkBudget('0', 5000).ok).toBe(false);
    expect(checkBudget('abc', 5000).ok).toBe(false);
    const big = checkBudget('6000', 5000);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.message).toContain('5,000.00');
  });

  it('say a strategy’s parameters in one line, by their labels', () => {
    expect(paramsLine({ fast: 10, short: true }, SPECS)).toBe('Fast average 10 · short on');
  });
});
