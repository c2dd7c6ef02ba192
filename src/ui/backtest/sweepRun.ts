/**
 * A sweep across the page's pool of backtest workers: the sets cut into
 * slices that the workers take one at a time as they finish (about eight per
 * worker, so a slow slice does not hold the others back), each slice's rows
 * posted as they come and put back by their set number. Each run is pure, so
 * the rows are the same whatever the number of workers (and the same as
 * core's `runSweep` in one thread gives); a failure is the one earliest in
 * set order, as one thread would meet it. Cancel cancels every slice (the
 * pool terminates their workers).
 */
import type { SweepRow } from '../../core/backtest/sweep';
import { Code, fail, type Result } from '../../core/codes';
import type { ParamValues } from '../../core/strategy/types';
import { statsAt, type BacktestJob, type SweepRowsMessage, type SweepSliceAnswer } from '../../protocol';
import type { JobHandle } from './pool';

/** Sets [start, end) of a sweep. */
export interface SweepSlice {
  start: number;
  end: number;
}

/** Slices of about `total / (workers × perWorker)` sets (at least one set each), in order, covering every set once. */
export function sliceSets(total: number, workers: number, perWorker = 8): SweepSlice[] {
  const size = Math.max(1, Math.ceil(total / (Math.max(1, workers) * perWorker)));
  const out: SweepSlice[] = [];
  for (let s = 0; s < total; s += size) out.push({ start: s, end: Math.min(total, s + size) });
  return out;
}

/** The rows of a sweep by set number, filled in as they arrive from any worker in any order. */
export class SweepRows {
  readonly rows: (SweepRow | undefined)[];
  private count = 0;

  constructor(readonly sets: readonly ParamValues[]) {
    this.rows = new Array<SweepRow | undefined>(sets.length);
  }

  /** Rows done so far. */
  get done(): number {
    return this.count;
  }

  /** A worker's batch; rows outside the sweep or already there are ignored (a worker cannot overwrite another's). */
  add(m: SweepRowsMessage): void {
    for (let k = 0; k < m.count; k++) {
      const i = m.start + k;
      if (i < 0 || i >= this.rows.length || this.rows[i] !== undefined) continue;
      this.rows[i] = { params: this.sets[i], stats: statsAt(m.stats, k), error: m.errors[k] ?? null };
      this.count++;
    }
  }

  /** The rows that arrived, in set order. */
  arrived(): SweepRow[] {
    return this.rows.filter((r): r is SweepRow => r !== undefined);
  }
}

/** What a sweep needs of the pool: a task per slice. */
export interface TaskRunner {
  readonly size: number;
  task<A extends SweepSliceAnswer>(message: unknown, onMessage: (m: { type?: unknown }) => void): JobHandle<A>;
}

export interface PooledSweep {
  readonly rows: SweepRows;
  /** Every row in set order, or the first failure in set order (CANCELLED after a cancel). */
  readonly done: Promise<Result<{ rows: SweepRow[] }>>;
  cancel(): void;
}

/** Starts a sweep: every slice queued on the pool at once (the pool runs as many as it has workers). */
export function startSweep(pool: TaskRunner, job: BacktestJob, sets: readonly ParamValues[], onRows: (rows: SweepRows) => void): PooledSweep {
  const rows = new SweepRows(sets);
  const handles = sliceSets(sets.length, pool.size).map((s) =>
    ({
      start: s.start,
      handle: pool.task<SweepSliceAnswer>({ type: 'sweep', study: { job, start: s.start, sets: sets.slice(s.start, s.end) } }, (m) => {
        if (m.type !== 'rows') return;
        rows.add(m as SweepRowsMessage);
        onRows(rows);
      }),
    }));
  let cancelled = false;
  const done = Promise.all(handles.map(async (h) => ({ start: h.start, answer: await h.handle.done }))).then((answers): Result<{ rows: SweepRow[] }> => {
    if (cancelled) return fail(Code.CANCELLED, `The sweep was cancelled after ${rows.done} of ${sets.length} runs.`);
    const failed = answers.filter((a) => !a.answer.ok).sort((a, b) => a.start - b.start)[0];
    if (failed !== undefined && !failed.answer.ok) return failed.answer;
    if (rows.done !== sets.length) return fail(Code.INVALID_DATA, `The workers answered ${rows.done} of ${sets.length} rows.`);
    return { ok: true, rows: rows.arrived() };
  });
  return {
    rows,
    done,
    cancel: () => {
      cancelled = true;
      for (const h of handles) h.handle.cancel();
    },
  };
}

/**
 * Calls `fn` at most once per frame however often `poke` is called: rows
 * arrive many times a frame from several workers, and drawing the table and
 * the heatmap once per frame keeps the page's tasks short. `schedule` is
 * `requestAnimationFrame` in the page.
 */
export function frameBatch(fn: () => void, schedule: (cb: () => void) => unknown): { poke(): void; flush(): void } {
  let pending = false;
  return {
    poke() {
      if (pending) return;
      pending = true;
      schedule(() => {
        if (!pending) return;
        pending = false;
        fn();
      });
    },
    flush() {
      pending = false;
      fn();
    },
  };
}
