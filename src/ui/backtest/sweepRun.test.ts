import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { googColumns } from '../../core/backtest/backtest.testkit';
import { barsBetween } from '../../core/backtest/columns';
import { gridSets, runSweep } from '../../core/backtest/sweep';
import { Code, fail } from '../../core/codes';
import { builtinStrategy } from '../../core/strategy/registry';
import { packStats, type BacktestJob, type SweepSliceAnswer } from '../../protocol';
import { runStudy } from '../../worker/backtest/studies';
import type { JobHandle } from './pool';
import { frameBatch, sliceSets, startSweep, SweepRows, type TaskRunner } from './sweepRun';

describe('sliceSets', () => {
  it('covers every set once, in order, about eight slices per worker', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 16 }), (total, workers) => {
      const s = sliceSets(total, workers);
      let at = 0;
      for (const x of s) {
        expect(x.start).toBe(at);
        expect(x.end).toBeGreaterThan(x.start);
        at = x.end;
      }
      expect(at).toBe(total);
      expect(s.length).toBeLessThanOrEqual(workers * 8);
    }));
  });
});

describe('SweepRows', () => {
  const stats = googRun().rows.map((r) => r.stats);
  it('puts batches back by set number whatever order they come in, and ignores rows outside or already there', () => {
    const sets = stats.map((_, i) => ({ i }));
    const rows = new SweepRows(sets);
    rows.add({ type: 'rows', start: 2, count: 2, stats: packStats(stats.slice(2, 4)), errors: [null, 'boom'] });
    rows.add({ type: 'rows', start: 0, count: 2, stats: packStats(stats.slice(0, 2)), errors: [null, null] });
    rows.add({ type: 'rows', start: 3, count: 1, stats: packStats(stats.slice(0, 1)), errors: [null] });
    rows.add({ type: 'rows', start: stats.length, count: 1, stats: packStats(stats.slice(0, 1)), errors: [null] });
    expect(rows.done).toBe(4);
    expect(rows.arrived().map((r) => r.params)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }]);
    expect(rows.rows[3]).toEqual({ params: { i: 3 }, stats: stats[3], error: 'boom' });
  });
});

const smaCross = builtinStrategy('sma-cross')!;
const DATA = barsBetween(googColumns(), 0, 400);
const planned = gridSets(smaCross, { fast: { from: 4, to: 16, step: 4 }, slow: { from: 10, to: 30, step: 5 } });
const SETS = planned.ok ? planned.sets : [];
function googRun() {
  const r = runSweep(smaCross, SETS, DATA);
  if (!r.ok) throw new Error(r.message);
  return r;
}
const JOB: BacktestJob = { strategy: 'sma-cross', params: {}, source: { kind: 'columns', name: 'GOOG', data: DATA }, config: {} };
const noSample = async () => fail(Code.INVALID_DATA, 'no sample');

/** A pool whose workers are this thread (the worker's own sweepSlice), delivering their messages in an order the test picks. */
function fakePool(size: number, delays: number[]): TaskRunner & { cancelled: number } {
  let n = 0;
  const pool = {
    size,
    cancelled: 0,
    task<A extends SweepSliceAnswer>(message: unknown, onMessage: (m: { type?: unknown }) => void): JobHandle<A> {
      const delay = delays[n++ % delays.length];
      let stop = false;
      const done = new Promise<A>((resolve) => {
        const out: unknown[] = [];
        void runStudy('sweep', (message as { study: unknown }).study, { load: noSample, post: (m) => out.push(m), now: (() => { let t = 0; return () => (t += 30); })() }).then(() => {
          setTimeout(() => {
            if (stop) return resolve(fail(Code.CANCELLED, 'cancelled') as A);
            for (const m of out) {
              const x = m as { type: string; answer?: A };
              if (x.type === 'done') resolve(x.answer!);
              else onMessage(x);
            }
          }, delay);
        });
      });
      return { done, cancel: () => { stop = true; pool.cancelled++; } };
    },
  };
  return pool;
}

describe('startSweep', () => {
  const expected = googRun().rows;
  it('answers the one-thread rows in set order, whatever the workers and the order their rows arrive in', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 }), async (size, delays) => {
      const seen: number[] = [];
      const s = startSweep(fakePool(size, delays), JOB, SETS, (rows) => seen.push(rows.done));
      const r = await s.done;
      expect(r.ok && r.rows).toEqual(expected);
      // Rows show before the end: progress grows through several values.
      expect(seen.at(-1)).toBe(SETS.length);
      expect(new Set(seen).size).toBeGreaterThan(1);
    }), { numRuns: 12 });
  });

  it('stops every slice on cancel and answers CANCELLED', async () => {
    const pool = fakePool(2, [5]);
    const s = startSweep(pool, JOB, SETS, () => {});
    s.cancel();
    const r = await s.done;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe(Code.CANCELLED);
    expect(pool.cancelled).toBe(sliceSets(SETS.length, 2).length);
  });

  it('answers the failure earliest in set order', async () => {
    const bad = { ...JOB, config: { cash: -1 } };
    const r = await startSweep(fakePool(3, [3, 0, 1]), bad, SETS, () => {}).done;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^Set 1 /);
  });
});

describe('frameBatch', () => {
  it('draws once per frame however many rows arrive, and not after a flush', () => {
    const frames: (() => void)[] = [];
    let draws = 0;
    const b = frameBatch(() => draws++, (cb) => frames.push(cb));
    b.poke();
    b.poke();
    b.poke();
    expect(frames.length).toBe(1);
    frames.shift()!();
    expect(draws).toBe(1);
    b.poke();
    b.flush();
    expect(draws).toBe(2);
    frames.shift()!();
    expect(draws).toBe(2);
  });
});
