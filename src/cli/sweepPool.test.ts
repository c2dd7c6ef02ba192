import { describe, expect, it } from 'vitest';
import { googColumns } from '../core/backtest/backtest.testkit';
import { barsBetween } from '../core/backtest/columns';
import { gridSets, runSweep } from '../core/backtest/sweep';
import { builtinStrategy } from '../core/strategy/registry';
import { poolSweep, SweepPool, type SweepWorkerEntry } from './sweepPool';

const entry: SweepWorkerEntry = { ts: new URL('./sweepWorker.ts', import.meta.url), tsxApi: import.meta.resolve('tsx/esm/api') };
const sma = builtinStrategy('sma-cross')!;
const data = barsBetween(googColumns(), 0, 700);
const grid = gridSets(sma, { fast: { from: 5, to: 25, step: 5 }, slow: { from: 20, to: 50, step: 10 } }, { short: true });
if (!grid.ok) throw new Error(grid.message);
const sets = grid.sets;
const plain = (rows: readonly { params: object }[]) => rows.map((r) => ({ ...r, params: { ...r.params } }));

describe('the sweep pool (worker_threads)', () => {
  it('answers the rows a one-thread sweep answers, in set order, whatever the workers and the slices', async () => {
    const one = runSweep(sma, sets, data);
    if (!one.ok) throw new Error(one.message);
    const progress: number[] = [];
    const three = await poolSweep({ entry, workers: 3, strategy: 'sma-cross', sets, data, config: {}, slice: 2, onProgress: (d) => progress.push(d) });
    expect(three.ok).toBe(true);
    if (!three.ok) return;
    expect(plain(three.rows)).toEqual(plain(one.rows));
    expect(progress.at(-1)).toBe(sets.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }, 60_000);

  it('answers the first failure in set order, numbered in the whole sweep', async () => {
    const r = await poolSweep({ entry, workers: 2, strategy: 'sma-cross', sets, data, config: { cash: -1 }, slice: 3 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^Set 1 \(fast=5,slow=20,short=true\): /);
    const unknown = await poolSweep({ entry, workers: 1, strategy: 'moon', sets: sets.slice(0, 1), data, config: {} });
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_STRATEGY' });
  }, 60_000);

  it('keeps its workers across sweeps; closed, it runs no more', async () => {
    const pool = new SweepPool(entry, 2, 'sma-cross', data, {});
    try {
      const a = await pool.run(sets.slice(0, 5));
      const b = await pool.run(sets.slice(0, 5));
      expect(a.ok && b.ok && plain(a.rows)).toEqual(b.ok && plain(b.rows));
    } finally {
      await pool.close();
    }
    await expect(pool.run(sets)).rejects.toThrow(/closed/);
  }, 60_000);
});
