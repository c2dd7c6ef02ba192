import { describe, expect, it } from 'vitest';
import { BUILTIN_CHOICES } from './choices';
import { defaultFields, planSweep, planText, rangesOf } from './sweepForm';
const smaCross = BUILTIN_CHOICES.find((c) => c.name === 'sma-cross')!;

describe('the sweep form', () => {
  it("starts around each default: half to twice a number's, a flag's default alone", () => {
    const f = defaultFields(smaCross.params);
    expect(f.axes.fast).toEqual({ kind: 'range', from: '5', to: '20', step: '2' });
    expect(f.axes.slow).toEqual({ kind: 'range', from: '10', to: '40', step: '4' });
    expect(f.axes.short).toEqual({ kind: 'values', picked: [false] });
  });

  it("counts the sets the strategy's own rule skips, and says the first reason before anything runs", () => {
    const f = defaultFields(smaCross.params);
    f.axes.fast = { kind: 'range', from: '10', to: '30', step: '10' };
    f.axes.slow = { kind: 'range', from: '10', to: '30', step: '10' };
    const p = planSweep(smaCross, f);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    // fast < slow: (10,20), (10,30), (20,30) of 9.
    expect(p.sets).toEqual([{ fast: 10, slow: 20, short: false }, { fast: 10, slow: 30, short: false }, { fast: 20, slow: 30, short: false }]);
    expect([p.combinations, p.skipped]).toEqual([9, 6]);
    expect(p.axes.map((a) => [a.name, a.values])).toEqual([['fast', [10, 20, 30]], ['slow', [10, 20, 30]], ['short', [false]]]);
    expect(planText(p, 'en-US')).toBe("3 sets to run; 6 skipped by the strategy's own rule (the first: The fast average must be shorter than the slow one (fast 10, slow 10).)");
  });

  it('takes decimals as typed, and names the field that is not a number or has no value ticked', () => {
    const f = defaultFields(smaCross.params);
    f.axes.fast = { kind: 'range', from: '5', to: 'x', step: '1' };
    expect(rangesOf(smaCross.params, f.axes)).toMatchObject({ ok: false, field: 'fast' });
    f.axes.fast = { kind: 'range', from: '5', to: '6', step: '1' };
    f.axes.short = { kind: 'values', picked: [] };
    expect(planSweep(smaCross, f)).toMatchObject({ ok: false, field: 'short' });
    f.axes.short = { kind: 'values', picked: [true, false] };
    f.axes.fast = { kind: 'range', from: '5', to: '6', step: '0' };
    expect(planSweep(smaCross, f)).toMatchObject({ ok: false, field: 'fast', message: expect.stringMatching(/step must be above 0/) });
  });

  it('draws a seeded random sample: the same seed, the same sets', () => {
    const f = { ...defaultFields(smaCross.params), mode: 'random' as const, n: '10', seed: '7' };
    const a = planSweep(smaCross, f);
    const b = planSweep(smaCross, f);
    expect(a.ok && a.sets.length).toBe(10);
    expect(a).toEqual(b);
    expect(planSweep(smaCross, { ...f, seed: 'x' })).toMatchObject({ ok: false, field: 'seed' });
    expect(planSweep(smaCross, { ...f, n: '0' })).toMatchObject({ ok: false, field: 'n' });
  });
});
