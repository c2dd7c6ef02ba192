import { describe, expect, it } from 'vitest';
import { carriedInputs, declaredSpecs, runParams } from './runParams';

const SPECS = {
  n: { type: 'integer', default: 3, min: 1, max: 10 },
  k: { type: 'number', default: 1.5, min: 0, step: 0.5 },
  on: { type: 'boolean', default: false },
  mode: { type: 'choice', default: 'a', options: ['a', 'b'] },
} as const;

describe('run parameters from the code’s declaration', () => {
  it('reads a declaration as specs, or none', () => {
    expect(declaredSpecs(SPECS)).toBe(SPECS);
    expect(declaredSpecs({})).toEqual({});
    expect(declaredSpecs(undefined)).toBeNull();
    expect(declaredSpecs({ n: { type: 'integer', default: 30, min: 1, max: 10 } })).toBeNull();
    expect(declaredSpecs({ 'bad name': { type: 'boolean', default: true } })).toBeNull();
  });

  it('starts from the defaults, keeping what was typed for a parameter of the same name and kind', () => {
    expect(carriedInputs(SPECS, {})).toEqual({ n: '3', k: '1.5', on: false, mode: 'a' });
    expect(carriedInputs(SPECS, { n: '7', on: true, gone: '1', mode: true })).toEqual({ n: '7', k: '1.5', on: true, mode: 'a' });
  });

  it('checks with core’s checkParams: the values, or the refusal beside its field', () => {
    expect(runParams(SPECS, { n: '4', k: '2,5', on: true, mode: 'b' })).toEqual({ ok: true, values: { n: 4, k: 2.5, on: true, mode: 'b' } });
    const r = runParams(SPECS, { n: '40', k: '1.2', on: false, mode: 'a' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([...r.errors.keys()]).toEqual(['n', 'k']);
    expect(r.errors.get('n')).toMatch(/n/);
    expect(runParams({}, {})).toEqual({ ok: true, values: {} });
  });
});
