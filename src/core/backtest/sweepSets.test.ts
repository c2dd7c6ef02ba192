import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../strategy/registry';
import type { StrategyDef } from '../strategy/types';
import { axisValues, gridSets, MAX_SWEEP_SETS, randomSets } from './sweepSets';

const sma = builtinStrategy('sma-cross')!;
const z = builtinStrategy('zscore-reversion')!;
const plain = (sets: readonly object[]): object[] => sets.map((s) => ({ ...s }));

describe('axisValues', () => {
  it('counts a floating step from the start, without drift, to the end inclusive', () => {
    const r = axisValues('entry', z.params.entry, { from: 0.1, to: 0.7, step: 0.1 });
    expect(r.ok && r.values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    // Summed step by step, the seventh would be 0.7999999999999999 and the last 0.7 would be missed by a < test.
    const far = axisValues('entry', z.params.entry, { from: 0, to: 100, step: 0.01 });
    expect(far.ok && far.values.length).toBe(10_001);
    expect(far.ok && far.values.at(-1)).toBe(100);
    expect(far.ok && far.values[4217]).toBe(42.17);
  });

  it('stops at the last step below `to` when `to` is off the step, and takes one value when from = to', () => {
    expect(axisValues('fast', sma.params.fast, { from: 5, to: 12, step: 3 })).toEqual({ ok: true, values: [5, 8, 11] });
    expect(axisValues('fast', sma.params.fast, { from: 7, to: 7, step: 1 })).toEqual({ ok: true, values: [7] });
  });

  it('gives 0, not -0, where a range from below zero crosses it', () => {
    // -4.98 + 166 × 0.03 is -8.9e-16 in binary, "-0.00" to two places.
    const r = axisValues('x', { type: 'number', default: 0 }, { from: -4.98, to: 0.03, step: 0.03 });
    expect(r.ok && Object.is(r.values[166], 0)).toBe(true);
  });

  it('property: every value is within [from, to], increasing, on a step, and there are floor((to-from)/step)+1 of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 3 }),
        (a, span, s, places) => {
          const scale = 10 ** places;
          const from = a / scale;
          const step = s / scale;
          const to = (a + span) / scale;
          const r = axisValues('x', { type: 'number', default: 0 }, { from, to, step });
          if (!r.ok) return false;
          const v = r.values as number[];
          expect(v.length).toBe(Math.floor(span / s) + 1);
          v.forEach((x, i) => {
            expect(x).toBe(Number(((a + i * s) / scale).toFixed(places)));
            expect(x).toBeGreaterThanOrEqual(from);
            expect(x).toBeLessThanOrEqual(to);
          });
          return true;
        }),
    );
  });

  it('refuses a bad range with its reason', () => {
    const cases: [Parameters<typeof axisValues>, RegExp][] = [
      [['fast', sma.params.fast, { from: 5, to: 2, step: 1 }], /from \(5\) is above to \(2\)/],
      [['fast', sma.params.fast, { from: 2, to: 5, step: 0 }], /step must be above 0/],
      [['fast', sma.params.fast, { from: 2, to: 5, step: 0.5 }], /fast is a whole number/],
      [['fast', sma.params.fast, { from: Number.NaN, to: 5, step: 1 }], /must be numbers/],
      [['short', sma.params.short, { from: 0, to: 1, step: 1 }], /short is true or false: sweep it with a list/],
      [['fast', sma.params.fast, []], /the list of values is empty/],
      [['fast', sma.params.fast, { from: 0, to: 1e9, step: 1 }], /more than 100,000/],
    ];
    for (const [args, want] of cases) {
      const r = axisValues(...args);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.code).toBe('INVALID_SETTING');
      expect(!r.ok && r.message).toMatch(want);
    }
  });
});

describe('gridSets', () => {
  it('is every combination in the strategy parameter order, the last fastest, with fast ≥ slow skipped and counted', () => {
    const r = gridSets(sma, { slow: { from: 4, to: 6, step: 1 }, fast: { from: 3, to: 5, step: 1 } }, { short: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 3×3 = 9 combinations; (4,4) (5,4) (5,5) break fast < slow.
    expect(r.combinations).toBe(9);
    expect(r.skipped).toBe(3);
    expect(r.firstSkip).toMatch(/fast average must be shorter than the slow one \(fast 4, slow 4\)/);
    expect(plain(r.sets)).toEqual([
      { fast: 3, slow: 4, short: true }, { fast: 3, slow: 5, short: true }, { fast: 3, slow: 6, short: true },
      { fast: 4, slow: 5, short: true }, { fast: 4, slow: 6, short: true }, { fast: 5, slow: 6, short: true },
    ]);
    expect(Object.getPrototypeOf(r.sets[0])).toBeNull();
  });

  it('sweeps booleans and choices as lists, fills defaults, and skips values the declaration refuses (out of range, off its step)', () => {
    const r = gridSets(sma, { fast: [1, 2], short: [false, true] });
    expect(r.ok && plain(r.sets)).toEqual([{ fast: 2, slow: 20, short: false }, { fast: 2, slow: 20, short: true }]);
    expect(r.ok && r.skipped).toBe(2);
    expect(r.ok && r.firstSkip).toMatch(/fast must be a whole number from 2 to 200 \(got 1\)/);
    const off = gridSets(z, { entry: { from: 0.5, to: 0.65, step: 0.05 } }, { exit: 0 });
    expect(off.ok && off.sets.map((s) => s.entry)).toEqual([0.5, 0.6]);
    expect(off.ok && off.firstSkip).toMatch(/entry must be a number from 0.5 to 5, in steps of 0.1 \(got 0.55\)/);
  });

  it('refuses unknown names, a name both swept and fixed, no axis at all, and a grid beyond the cap', () => {
    const bad: [ReturnType<typeof gridSets>, RegExp][] = [
      [gridSets(sma, { speed: [1] }), /Unknown parameter "speed"; sma-cross takes fast, slow, short/],
      [gridSets(sma, { fast: [3] }, { nope: 1 }), /Unknown parameter "nope"/],
      [gridSets(sma, { fast: [3] }, { fast: 4 }), /fast is both swept and fixed/],
      [gridSets(sma, {}), /at least one parameter/],
      [gridSets(sma, { fast: { from: 2, to: 200, step: 1 }, slow: { from: 3, to: 500, step: 1 }, short: [true, false] }), /more than 100,000/],
    ];
    for (const [r, want] of bad) expect(!r.ok && r.message).toMatch(want);
  });

  it('reads names from input as names only: __proto__ is an unknown parameter, not a prototype', () => {
    const hostile = JSON.parse('{"__proto__": [1], "fast": [3]}') as Record<string, never>;
    const r = gridSets(sma, hostile);
    expect(!r.ok && r.message).toMatch(/Unknown parameter "__proto__"/);
    expect(gridSets(sma, new Map([['fast', [3, 4]]])).ok).toBe(true);
  });

  it('property: the kept and the skipped add up to the combinations, and every kept set passes the strategy own check', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 3, max: 40 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 5 }),
        (f0, fSpan, s0, sSpan, step) => {
          const r = gridSets(sma, { fast: { from: f0, to: f0 + fSpan, step }, slow: { from: s0, to: s0 + sSpan, step } });
          if (!r.ok) return false;
          expect(r.sets.length + r.skipped).toBe(r.combinations);
          expect(r.combinations).toBe((Math.floor(fSpan / step) + 1) * (Math.floor(sSpan / step) + 1));
          for (const s of r.sets) expect(s.fast as number).toBeLessThan(s.slow as number);
          return true;
        }),
    );
  });
});

describe('randomSets', () => {
  const ranges = { fast: { from: 2, to: 40, step: 1 }, slow: { from: 10, to: 100, step: 5 } };

  it('draws n distinct checked sets; the same seed draws the same ones in the same order, another seed others', () => {
    const a = randomSets(sma, ranges, {}, 50, 7);
    const b = randomSets(sma, ranges, {}, 50, 7);
    const c = randomSets(sma, ranges, {}, 50, 8);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.sets.length).toBe(50);
    expect(plain(b.sets)).toEqual(plain(a.sets));
    expect(plain(c.sets)).not.toEqual(plain(a.sets));
    const keys = new Set(a.sets.map((s) => `${String(s.fast)}/${String(s.slow)}`));
    expect(keys.size).toBe(50);
    for (const s of a.sets) expect(s.fast as number).toBeLessThan(s.slow as number);
    expect(a.combinations).toBe(39 * 19);
  });

  it('asked for more than the grid holds, answers the whole grid (each once) less the refused', () => {
    const r = randomSets(sma, { fast: { from: 3, to: 5, step: 1 }, slow: { from: 4, to: 6, step: 1 } }, {}, 1000, 1);
    const grid = gridSets(sma, { fast: { from: 3, to: 5, step: 1 }, slow: { from: 4, to: 6, step: 1 } });
    expect(r.ok && grid.ok).toBe(true);
    if (!r.ok || !grid.ok) return;
    expect(r.skipped).toBe(3);
    const sorted = (sets: readonly object[]): string[] => sets.map((s) => JSON.stringify({ ...s })).sort();
    expect(sorted(r.sets)).toEqual(sorted(grid.sets));
  });

  it('property: any seed gives distinct sets of the grid, as many as asked where the grid allows', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 60 }), (seed, n) => {
        const r = randomSets(z, { window: { from: 5, to: 50, step: 5 }, entry: [1, 2, 3] }, { exit: 0.5 }, n, seed);
        if (!r.ok) return false;
        expect(r.sets.length).toBe(Math.min(n, 30));
        expect(new Set(r.sets.map((s) => `${String(s.window)}/${String(s.entry)}`)).size).toBe(r.sets.length);
        return true;
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a count outside 1..MAX_SWEEP_SETS', () => {
    for (const n of [0, -1, 1.5, MAX_SWEEP_SETS + 1]) expect(randomSets(sma, ranges, {}, n, 1).ok).toBe(false);
  });

  it('works for a strategy without a cross-parameter rule', () => {
    const def: StrategyDef = { ...z, validate: undefined };
    const r = randomSets(def, { window: [5, 10] }, {}, 5, 3);
    expect(r.ok && r.sets.length).toBe(2);
  });
});
