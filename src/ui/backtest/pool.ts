/**
 * The page's backtest workers: a small pool of dedicated Web Workers (never
 * the engine's: a long backtest must not stall the market). One run uses one
 * worker; runs beyond the pool's size wait their turn, in order. Workers are
 * started when a run needs one, not before, and a cancelled run's worker is
 * terminated on the spot (the engine's loop is synchronous, so terminating
 * is the one way to stop it at once) and replaced by a fresh one when the
 * next run needs it. The studies (a sweep's slices, a walk-forward, a Monte
 * Carlo, a portfolio) go through the same pool as tasks: any message in, any
 * messages out until `done`.
 */
import { Code, fail } from '../../core/codes';
import type { ApiResult, BacktestAnswer, BacktestJob } from '../../protocol';

/** What the pool needs of a Worker (a fake in tests). */
export interface JobWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
}

/** A run in the pool: its answer (a cancelled run answers CANCELLED), and how to cancel it. */
export interface JobHandle<A = BacktestAnswer> {
  readonly done: Promise<A>;
  cancel(): void;
}

/** At least 2, at most 8: as many as the machine has cores, within reason (each holds its own copy of the data). */
export function poolSize(hardwareConcurrency: number | undefined): number {
  const n = Number.isFinite(hardwareConcurrency) ? Math.floor(hardwareConcurrency as number) : 0;
  return Math.min(8, Math.max(2, n));
}

interface Pending {
  message: unknown;
  /** Every message of the worker but `done`. */
  onMessage: (m: { type?: unknown }) => void;
  resolve: (a: never) => void;
  worker: JobWorker | null;
  finished: boolean;
}

const cancelled = () => fail(Code.CANCELLED, 'The backtest was cancelled.');

export class BacktestPool {
  /** Workers started and free. */
  private readonly idle: JobWorker[] = [];
  /** Workers started (idle or running). */
  private started = 0;
  private readonly queue: Pending[] = [];

  constructor(
    private readonly spawn: () => JobWorker,
    readonly size: number,
    /** false: a worker runs one job and is terminated (the person's code: it could have changed the worker's built-ins). */
    private readonly reuse = true,
  ) {}

  /** Runs waiting for a worker, and running. */
  get load(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.started - this.idle.length };
  }

  run(job: BacktestJob, onProgress: (done: number, total: number) => void = () => {}): JobHandle {
    return this.task<BacktestAnswer>({ type: 'run', job }, (m) => {
      const p = m as { type: unknown; done: number; total: number };
      if (p.type === 'progress') onProgress(p.done, p.total);
    });
  }

  /** Any message for a backtest worker; its messages go to `onMessage` until `{ type: 'done', answer }`, the answer. */
  task<A extends ApiResult<object>>(message: unknown, onMessage: (m: { type?: unknown }) => void = () => {}): JobHandle<A> {
    let resolve!: (a: A) => void;
    const done = new Promise<A>((r) => (resolve = r));
    const p: Pending = { message, onMessage, resolve: resolve as (a: never) => void, worker: null, finished: false };
    this.queue.push(p);
    this.dispatch();
    return { done, cancel: () => this.cancel(p) };
  }

  /** Stops every worker; runs still going answer CANCELLED. */
  dispose(): void {
    for (const p of this.queue.splice(0)) this.finish(p, cancelled());
    for (const w of this.idle.splice(0)) w.terminate();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (w === undefined) {
        if (this.started >= this.size) return;
        w = this.spawn();
        this.started++;
      }
      this.start(this.queue.shift()!, w);
    }
  }

  private start(p: Pending, w: JobWorker): void {
    p.worker = w;
    w.onmessage = (e) => {
      const m = e.data as { type?: unknown; answer?: unknown } | null;
      if (p.finished || m === null || typeof m !== 'object') return;
      if (m.type === 'done') {
        if (this.reuse) this.release(p, w);
        else this.drop(w);
        this.finish(p, m.answer);
      } else p.onMessage(m);
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      if (p.finished) return;
      // A worker that failed (out of memory, a script that did not load) is not used again.
      this.drop(w);
      this.finish(p, fail(Code.INVALID_COMMAND, `The backtest stopped: its worker failed${e.message ? ` (${e.message})` : ''}.`));
    };
    w.postMessage(p.message);
  }

  private cancel(p: Pending): void {
    if (p.finished) return;
    const at = this.queue.indexOf(p);
    if (at >= 0) this.queue.splice(at, 1);
    else if (p.worker !== null) this.drop(p.worker);
    this.finish(p, cancelled());
  }

  private finish(p: Pending, a: unknown): void {
    if (p.finished) return;
    p.finished = true;
    (p.resolve as (x: unknown) => void)(a);
    this.dispatch();
  }

  /** A worker done with its run goes back to the idle ones. */
  private release(p: Pending, w: JobWorker): void {
    w.onmessage = null;
    w.onerror = null;
    p.worker = null;
    this.idle.push(w);
  }

  /** A worker stopped for good (cancelled mid-run or failed): a new one takes its place when needed. */
  private drop(w: JobWorker): void {
    w.onmessage = null;
    w.onerror = null;
    w.terminate();
    this.started--;
  }
}
