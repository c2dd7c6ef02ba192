import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../strategy/registry';
import { googColumns } from './backtest.testkit';
import { barsBetween } from './columns';
import { runBacktest } from './engine';
import { bestOf, gridSets, runSweep, sortRows, type SweepRow } from './sweep';
import type { BacktestStats } from './types';

const sma = builtinStrategy('sma-cross')!;
const goog = googColumns();
const grid = gridSets(sma, { fast: { from: 5, to: 20, step: 5 }, slow: { from: 20, to: 60, step: 20 } }, { short: true });
if (!grid.ok) throw new Error(grid.message);
const sets = grid.sets;

describe('runSweep', () => {
  it('one row per set, in set order, each the statistics that one run of that set gives', () => {
    const r = runSweep(sma, sets, goog, { commission: { rate: 0.001, fixed: 0, perUnit: 0 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.length).toBe(sets.length);
    r.rows.forEach((row, i) => {
      expect(row.params).toBe(sets[i]);
      const one = runBacktest(sma, sets[i], goog, { commission: { rate: 0.001, fixed: 0, perUnit: 0 } });
      expect(one.ok && row.stats).toEqual(one.ok && one.result.stats);
      expect(row.error).toBeNull();
    });
    // backtesting.py's SmaCross(10, 30) is not in this grid; (10, 20) is, and trades.
    expect(r.rows.find((x) => x.params.fast === 10 && x.params.slow === 20)!.stats.trades).toBeGreaterThan(50);
  });

  it('property: slices swept apart and put back in order are the whole sweep (so a pool of any size answers the same)', () => {
    const data = barsBetween(goog, 0, 600);
    const whole = runSweep(sma, sets, data);
    if (!whole.ok) throw new Error(whole.message);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: sets.length }), { minLength: 1, maxLength: 4 }), (cuts) => {
        const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), sets.length];
        const rows: SweepRow[] = [];
        for (let k = 0; k + 1 < at.length; k++) {
          const part = runSweep(sma, sets.slice(at[k], at[k + 1]), data);
          if (!part.ok) return false;
          rows.push(...part.rows);
        }
        expect(rows).toEqual(whole.rows);
        return true;
      }),
      { numRuns: 10 },
    );
  });

  it('reports progress and each row as it goes; a cancel stops it between runs with CANCELLED', () => {
    const seen: number[] = [];
    const progress: string[] = [];
    const r = runSweep(sma, sets, goog, {}, {
      onRow: (_, i) => seen.push(i),
      onProgress: (done, total) => progress.push(`${done}/${total}`),
      cancelled: () => seen.length >= 2,
    });
    expect(r).toEqual({ ok: false, code: 'CANCELLED', message: `The sweep was cancelled after 2 of ${sets.length} runs.` });
    expect(seen).toEqual([0, 1]);
    expect(progress).toEqual([`1/${sets.length}`, `2/${sets.length}`]);
  });

  it('a config or data the engine refuses stops the sweep with its reason and the set', () => {
    const r = runSweep(sma, sets, goog, { cash: -1 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^Set 1 \(fast=5,slow=20,short=true\): .*cash/i);
    expect(runSweep(sma, [], goog)).toEqual({ ok: true, rows: [] });
  });
});

describe('bestOf and sortRows', () => {
  const row = (id: number, sqn: number, ret: number) => ({ id, stats: { sqn, returnPct: ret } as BacktestStats });
  const rows = [row(0, 1.5, 10), row(1, Number.NaN, 50), row(2, 2.5, -5), row(3, 2.5, 7), row(4, -1, 0)];

  it('the highest (or lowest) figure; the first in set order on a tie; NaN never beats a number', () => {
    expect(bestOf(rows, 'sqn')!.id).toBe(2);
    expect(bestOf(rows, 'sqn', false)!.id).toBe(4);
    expect(bestOf(rows, 'returnPct')!.id).toBe(1);
    expect(bestOf([row(0, Number.NaN, 0), row(1, Number.NaN, 0)], 'sqn')!.id).toBe(0);
    expect(bestOf([row(0, Number.NaN, 0), row(1, -3, 0)], 'sqn')!.id).toBe(1);
    expect(bestOf([], 'sqn')).toBeNull();
  });

  it('sorts best first, ties in set order, NaN last either way, without touching the input', () => {
    expect(sortRows(rows, 'sqn').map((r) => r.id)).toEqual([2, 3, 0, 4, 1]);
    expect(sortRows(rows, 'sqn', false).map((r) => r.id)).toEqual([4, 0, 2, 3, 1]);
    expect(rows.map((r) => r.id)).toEqual([0, 1, 2, 3, 4]);
  });

  it('property: bestOf is the first of sortRows', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 30 }), fc.boolean(), (xs, max) => {
        const rs = xs.map((x, i) => row(i, x, 0));
        expect(bestOf(rs, 'sqn', max)).toBe(sortRows(rs, 'sqn', max)[0]);
      }),
    );
  });
});
