import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkParams, checkSpecs, describeSpec, paramsFromText } from './params';
import { BUILTIN_STRATEGIES } from './registry';
import type { ParamSpecs } from './types';

const specs: ParamSpecs = {
  fast: { type: 'integer', default: 10, min: 2, max: 200 },
  width: { type: 'number', default: 2, min: 0.5, max: 4, step: 0.1 },
  short: { type: 'boolean', default: false },
  mode: { type: 'choice', default: 'long', options: ['long', 'both'] },
};

describe('checkParams', () => {
  it('fills defaults and keeps what was given', () => {
    const r = checkParams(specs, { fast: 12 });
    expect(r.ok && { ...r.values }).toEqual({ fast: 12, width: 2, short: false, mode: 'long' });
    const none = checkParams(specs, undefined);
    expect(none.ok && none.values.fast).toBe(10);
  });

  it('refuses unknown names, wrong types, out of range and off-step values, naming the parameter and its range', () => {
    const msg = (input: unknown): string => {
      const r = checkParams(specs, input);
      return r.ok ? 'accepted' : r.message;
    };
    expect(msg({ slow: 3 })).toBe('Unknown parameter "slow"; it takes fast, width, short, mode.');
    expect(msg({ fast: 1 })).toBe('fast must be a whole number from 2 to 200 (got 1).');
    expect(msg({ fast: 2.5 })).toBe('fast must be a whole number from 2 to 200 (got 2.5).');
    expect(msg({ fast: '12' })).toBe('fast must be a whole number from 2 to 200 (got "12").');
    expect(msg({ width: 0.25 })).toBe('width must be a number from 0.5 to 4, in steps of 0.1 (got 0.25).');
    expect(msg({ width: 1.05 })).toMatch(/^width must be .* in steps of 0.1/);
    expect(msg({ width: 1.3 })).toBe('accepted'); // 1.3 is not exactly 0.5 + 8 × 0.1 in binary, and still on the step
    expect(msg({ short: 'yes' })).toBe('short must be true or false (got "yes").');
    expect(msg({ mode: 'short' })).toBe('mode must be one of "long", "both" (got "short").');
    expect(msg({ fast: NaN })).toMatch(/^fast must be/);
    expect(msg([1])).toBe('Parameters should be an object of name: value.');
    expect(msg(JSON.parse('{"__proto__": 1}'))).toBe('Unknown parameter "__proto__"; it takes fast, width, short, mode.');
  });

  it('applies a rule across parameters', () => {
    const r = checkParams(specs, { fast: 50 }, (p) => ((p.fast as number) < 20 ? null : 'fast must stay below 20'));
    expect(r.ok ? '' : r.message).toBe('fast must stay below 20');
  });

  it('never throws, and answers an accepted value within its declared range, for any input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.dictionary(fc.constantFrom('fast', 'width', 'short', 'mode', 'other'), fc.anything()), (a, dict) => {
        for (const input of [a, dict]) {
          const r = checkParams(specs, input);
          if (!r.ok) {
            expect(r.code).toBe('INVALID_SETTING');
            continue;
          }
          const v = r.values;
          expect(Number.isInteger(v.fast) && (v.fast as number) >= 2 && (v.fast as number) <= 200).toBe(true);
          expect((v.width as number) >= 0.5 && (v.width as number) <= 4).toBe(true);
          expect(typeof v.short).toBe('boolean');
          expect(['long', 'both']).toContain(v.mode);
        }
      }),
    );
  });

  it('refuses any integer outside the range, and accepts any inside', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => {
        expect(checkParams(specs, { fast: n }).ok).toBe(n >= 2 && n <= 200);
      }),
    );
  });
});

describe('paramsFromText', () => {
  it('reads name=value pairs as their declared types', () => {
    const r = paramsFromText(specs, 'fast=12, short=true,mode=both,width=1.5');
    expect(r.ok && { ...r.values }).toEqual({ fast: 12, width: 1.5, short: true, mode: 'both' });
    expect(paramsFromText(specs, '').ok).toBe(true);
  });

  it('refuses unknown names, bad values and malformed pairs', () => {
    const msg = (t: string): string => {
      const r = paramsFromText(specs, t);
      return r.ok ? 'accepted' : r.message;
    };
    expect(msg('slow=3')).toMatch(/^Unknown parameter "slow"/);
    expect(msg('fast=abc')).toBe('fast must be a whole number from 2 to 200 (got NaN).');
    expect(msg('short=1')).toBe('short must be true or false (got "1").');
    expect(msg('fast')).toMatch(/^Parameters are written name=value/);
  });
});

describe('declarations', () => {
  it('every built-in declares sane parameters with defaults that pass their own checks', () => {
    for (const d of BUILTIN_STRATEGIES) {
      expect(checkSpecs(d.params), d.name).toBeNull();
      expect(checkParams(d.params, {}, d.validate).ok, d.name).toBe(true);
      for (const s of Object.values(d.params)) expect(describeSpec(s).length).toBeGreaterThan(3);
    }
  });

  it('checkSpecs refuses what user code might declare wrongly', () => {
    expect(checkSpecs({ n: { type: 'integer', default: 1, min: 2 } })).toBe('The default of n must be a whole number from 2 (got 1).');
    expect(checkSpecs({ n: { type: 'text', default: 'a' } })).toMatch(/use number, integer, boolean or choice/);
    expect(checkSpecs({ c: { type: 'choice', default: 'a', options: [] } })).toMatch(/needs options/);
    expect(checkSpecs({ 'bad name': { type: 'boolean', default: true } })).toMatch(/short identifier/);
    expect(checkSpecs({ s: { type: 'number', default: 1, step: 0 } })).toMatch(/step above 0/);
    expect(checkSpecs(null)).toMatch(/should be an object/);
  });
});
