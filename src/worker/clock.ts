/**
 * The leader's clock: a tick every TICK_MS (the sim steps and a frame goes
 * out), a commit due every COMMIT_EVERY_MS, a tick at once when a page just
 * subscribed, and an early tick when live prices arrive, at most one per
 * animation frame. Timers and the wall clock are injected, so the loop is
 * tested with fake ones.
 */

export interface ClockTimers {
  /** Wall time in ms (performance.now in the worker). */
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  setTimeout(fn: () => void, ms: number): unknown;
}

export interface ClockOptions {
  /** The sim steps and a frame goes out this often (well under one per animation frame). */
  tickMs: number;
  commitEveryMs: number;
  /** Ticks brought forward by live prices are at least this far apart (one animation frame). */
  minTickMs: number;
}

export const CLOCK: ClockOptions = { tickMs: 100, commitEveryMs: 1_000, minTickMs: 16 };

/** One tick: wall ms since the previous one, and whether a commit is due. */
export interface Tick {
  now: number;
  elapsedMs: number;
  commitDue: boolean;
}

export class Clock {
  private last = 0;
  private lastCommit = 0;
  private lastTick = 0;
  private soonPending = false;

  constructor(
    private readonly step: (t: Tick) => void,
    private readonly timers: ClockTimers,
    private readonly opts: ClockOptions = CLOCK,
  ) {}

  /** Starts ticking; the first tick measures from now. */
  start(): void {
    this.last = this.timers.now();
    this.lastCommit = this.last;
    this.timers.setInterval(() => this.tick(), this.opts.tickMs);
  }

  tick(): void {
    const now = this.timers.now();
    this.lastTick = now;
    const elapsedMs = now - this.last;
    this.last = now;
    const commitDue = now - this.lastCommit >= this.opts.commitEveryMs;
    if (commitDue) this.lastCommit = now;
    this.step({ now, elapsedMs, commitDue });
  }

  /** A tick as soon as the current task is done (a page just subscribed and waits for prices), not a tick later. */
  now(): void {
    this.timers.setTimeout(() => this.tick(), 0);
  }

  /** A tick soon, but not sooner than minTickMs after the last one; calls meanwhile share it. */
  soon(): void {
    if (this.soonPending) return;
    this.soonPending = true;
    this.timers.setTimeout(
      () => {
        this.soonPending = false;
        this.tick();
      },
      Math.max(0, this.lastTick + this.opts.minTickMs - this.timers.now()),
    );
  }
}
