import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../../core/codes';
import type { BacktestAnswer, BacktestJob } from '../../protocol';
import { BacktestPool, poolSize, type JobWorker } from './pool';

/** A worker that holds each run until the test answers it. */
class FakeWorker implements JobWorker {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null = null;
  readonly posted: unknown[] = [];
  terminated = false;
  postMessage(m: unknown): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.posted.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  progress(done: number, total: number): void {
    this.onmessage?.({ data: { type: 'progress', done, total } });
  }
  answer(a: BacktestAnswer): void {
    this.onmessage?.({ data: { type: 'done', answer: a } });
  }
}

function setUp(size: number, reuse = true) {
  const workers: FakeWorker[] = [];
  const pool = new BacktestPool(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  }, size, reuse);
  return { pool, workers };
}

const job = (strategy: string): BacktestJob => ({ strategy, params: {}, source: { kind: 'sample', name: 'GOOG' }, config: {} });
const ok = (n: number) => ({ ok: true, n }) as unknown as BacktestAnswer;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('poolSize', () => {
  it('is the core count within 2 and 8', () => {
    expect([undefined, NaN, 0, 1, 2, 4, 8, 64].map(poolSize)).toEqual([2, 2, 2, 2, 2, 4, 8, 8]);
  });
});

describe('BacktestPool', () => {
  it('starts workers only when runs need them, one run per worker, and reuses a free one', async () => {
    const { pool, workers } = setUp(2);
    expect(workers.length).toBe(0);
    const seen: [number, number][] = [];
    const a = pool.run(job('a'), (d, t) => seen.push([d, t]));
    expect(workers.length).toBe(1);
    expect(workers[0].posted).toEqual([{ type: 'run', job: job('a') }]);
    workers[0].progress(5, 10);
    workers[0].answer(ok(1));
    expect(await a.done).toEqual(ok(1));
    expect(seen).toEqual([[5, 10]]);
    const b = pool.run(job('b'));
    expect(workers.length).toBe(1); // the free one
    workers[0].answer(ok(2));
    expect(await b.done).toEqual(ok(2));
  });

  it('without reuse (the person\'s code), each run gets a fresh worker, terminated once it answers', async () => {
    const { pool, workers } = setUp(2, false);
    const a = pool.run(job('a'));
    workers[0].answer(ok(1));
    expect(await a.done).toEqual(ok(1));
    expect(workers[0].terminated).toBe(true);
    const b = pool.run(job('b'));
    expect(workers.length).toBe(2);
    workers[1].answer(ok(2));
    expect(await b.done).toEqual(ok(2));
    expect(pool.load).toEqual({ queued: 0, running: 0 });
  });

  it('queues runs beyond its size and starts them in order as workers free up', async () => {
    const { pool, workers } = setUp(2);
    const runs = ['a', 'b', 'c', 'd'].map((s) => pool.run(job(s)));
    expect(workers.length).toBe(2);
    expect(pool.load).toEqual({ queued: 2, running: 2 });
    workers[1].answer(ok(2));
    await settle();
    expect(workers[1].posted.at(-1)).toEqual({ type: 'run', job: job('c') });
    workers[0].answer(ok(1));
    workers[1].answer(ok(3));
    workers[0].answer(ok(4));
    expect(await Promise.all(runs.map((r) => r.done))).toEqual([ok(1), ok(2), ok(3), ok(4)]);
    expect(pool.load).toEqual({ queued: 0, running: 0 });
  });

  it('cancel terminates a running worker at once, answers CANCELLED, and a fresh worker runs the next', async () => {
    const { pool, workers } = setUp(1);
    const a = pool.run(job('a'));
    const b = pool.run(job('b'));
    a.cancel();
    expect(await a.done).toMatchObject({ ok: false, code: Code.CANCELLED });
    expect(workers[0].terminated).toBe(true);
    expect(workers.length).toBe(2);
    expect(workers[1].posted).toEqual([{ type: 'run', job: job('b') }]);
    // A late message of the terminated worker changes nothing.
    workers[0].answer(ok(9));
    workers[1].answer(ok(2));
    expect(await b.done).toEqual(ok(2));
    a.cancel(); // twice: nothing more
    expect(workers.length).toBe(2);
  });

  it('cancel of a queued run takes it out of the queue without touching a worker', async () => {
    const { pool, workers } = setUp(1);
    const a = pool.run(job('a'));
    const b = pool.run(job('b'));
    b.cancel();
    expect(await b.done).toMatchObject({ ok: false, code: Code.CANCELLED });
    expect(workers[0].terminated).toBe(false);
    workers[0].answer(ok(1));
    expect(await a.done).toEqual(ok(1));
    expect(workers[0].posted.length).toBe(1);
  });

  it("a worker's failure answers the run with a result and the worker is replaced", async () => {
    const { pool, workers } = setUp(1);
    const a = pool.run(job('a'));
    let prevented = false;
    workers[0].onerror?.({ message: 'out of memory', preventDefault: () => (prevented = true) });
    const r = await a.done;
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toContain('out of memory');
    expect(prevented).toBe(true);
    expect(workers[0].terminated).toBe(true);
    const b = pool.run(job('b'));
    expect(workers.length).toBe(2);
    workers[1].answer(ok(2));
    expect(await b.done).toEqual(ok(2));
  });

  it('whatever the order of answers and cancels, every run answers once and no more workers than its size run', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.tuple(fc.constantFrom('run', 'answer', 'cancel'), fc.nat(20)), { maxLength: 40 }),
      async (size, ops) => {
        const { pool, workers } = setUp(size);
        const handles: { h: ReturnType<BacktestPool['run']>; answers: number }[] = [];
        for (const [op, k] of ops) {
          if (op === 'run') {
            const entry = { h: pool.run(job(`j${handles.length}`)), answers: 0 };
            void entry.h.done.then(() => entry.answers++);
            handles.push(entry);
          } else if (op === 'cancel' && handles.length > 0) handles[k % handles.length].h.cancel();
          else if (op === 'answer') {
            const live = workers.filter((w) => !w.terminated && w.onmessage !== null);
            if (live.length > 0) live[k % live.length].answer(ok(k));
          }
          expect(workers.filter((w) => !w.terminated).length).toBeLessThanOrEqual(size);
          expect(pool.load.running).toBeLessThanOrEqual(size);
        }
        for (const e of handles) e.h.cancel();
        await settle();
        expect(handles.every((e) => e.answers === 1)).toBe(true);
        expect(pool.load).toEqual({ queued: 0, running: 0 });
      },
    ), { numRuns: 200 });
  });
});
