import { describe, expect, it } from 'vitest';
import { Clock, type ClockTimers, type Tick } from './clock';

/** Timers that run only when the test moves time on. */
class FakeTimers implements ClockTimers {
  t = 1_000;
  private timers: { at: number; every: number; fn: () => void }[] = [];
  now = () => this.t;
  setInterval = (fn: () => void, ms: number) => this.timers.push({ at: this.t + ms, every: ms, fn });
  setTimeout = (fn: () => void, ms: number) => this.timers.push({ at: this.t + ms, every: 0, fn });
  /** Moves time on to `t + ms`, running what falls due in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.t = due.at;
      if (due.every > 0) due.at += due.every;
      else this.timers.splice(this.timers.indexOf(due), 1);
      due.fn();
    }
    this.t = end;
  }
}

function clock() {
  const timers = new FakeTimers();
  const ticks: Tick[] = [];
  const c = new Clock((t) => ticks.push(t), timers, { tickMs: 100, commitEveryMs: 1_000, minTickMs: 16 });
  return { timers, ticks, c };
}

describe('the clock', () => {
  it('ticks every tickMs with the wall time since the last tick, and a commit due every commitEveryMs', () => {
    const { timers, ticks, c } = clock();
    c.start();
    timers.advance(50);
    expect(ticks).toEqual([]);
    timers.advance(2_000);
    expect(ticks).toHaveLength(20);
    expect(ticks.every((t) => t.elapsedMs === 100)).toBe(true);
    expect(ticks.filter((t) => t.commitDue).map((t) => t.now)).toEqual([2_000, 3_000]);
  });

  it('now() ticks once as soon as possible (a page just subscribed)', () => {
    const { timers, ticks, c } = clock();
    c.start();
    timers.advance(30);
    c.now();
    timers.advance(0);
    expect(ticks.map((t) => [t.now, t.elapsedMs])).toEqual([[1_030, 30]]);
    timers.advance(70);
    expect(ticks.map((t) => t.now)).toEqual([1_030, 1_100]);
    expect(ticks[1].elapsedMs).toBe(70);
  });

  it('soon() brings a tick forward, no closer than minTickMs to the last one, and calls meanwhile share it', () => {
    const { timers, ticks, c } = clock();
    c.start();
    timers.advance(100); // a tick at 1100
    timers.advance(5);
    c.soon();
    c.soon();
    c.soon();
    timers.advance(20);
    expect(ticks.map((t) => t.now)).toEqual([1_100, 1_116]);
    timers.advance(40);
    c.soon(); // long after the last tick: at once
    timers.advance(0);
    expect(ticks.map((t) => t.now)).toEqual([1_100, 1_116, 1_165]);
  });
});
