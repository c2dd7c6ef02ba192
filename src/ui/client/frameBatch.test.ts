import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FALLBACK_MS, createFrameBatcher, nextPaint } from './frameBatch';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** A window whose animation frames come only when the test says (none while `hidden`). */
function fakeWindow(visibility: DocumentVisibilityState = 'visible') {
  let nextId = 1;
  const frames = new Map<number, FrameRequestCallback>();
  return {
    document: { visibilityState: visibility },
    requestAnimationFrame: (cb: FrameRequestCallback) => (frames.set(nextId, cb), nextId++),
    cancelAnimationFrame: (id: number) => void frames.delete(id),
    setTimeout: ((fn: () => void, ms: number) => setTimeout(fn, ms)) as unknown as Window['setTimeout'],
    clearTimeout: ((id: number) => clearTimeout(id)) as Window['clearTimeout'],
    /** Runs the pending animation frames, as the browser does before a paint. */
    paint() {
      const due = [...frames.values()];
      frames.clear();
      for (const cb of due) cb(0);
    },
    pendingFrames: () => frames.size,
  };
}

describe('createFrameBatcher', () => {
  it('hands every item over, in order, once per scheduled run, and asks for one run per batch', () => {
    const batches: number[][] = [];
    const runs: (() => void)[] = [];
    const b = createFrameBatcher<number>((xs) => batches.push(xs), (run) => runs.push(run));
    b.push(1);
    b.push(2);
    b.push(3);
    expect(batches).toEqual([]); // nothing before the run
    expect(runs.length).toBe(1); // one request for the three
    runs[0]();
    expect(batches).toEqual([[1, 2, 3]]);
    b.push(4);
    expect(runs.length).toBe(2); // a new batch asks again
    runs[1]();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('flush hands over what is queued at once, and the run that was asked for then finds nothing', () => {
    const batches: number[][] = [];
    const runs: (() => void)[] = [];
    const b = createFrameBatcher<number>((xs) => batches.push(xs), (run) => runs.push(run));
    b.push(1);
    b.flush();
    expect(batches).toEqual([[1]]);
    runs[0]();
    expect(batches).toEqual([[1]]);
    b.flush(); // nothing queued: nothing applied
    expect(batches).toEqual([[1]]);
  });
});

describe('nextPaint', () => {
  it('runs at the next animation frame, once, and drops its fallback timer', () => {
    const win = fakeWindow();
    let ran = 0;
    nextPaint(win)(() => ran++);
    expect(ran).toBe(0);
    win.paint();
    expect(ran).toBe(1);
    vi.advanceTimersByTime(FALLBACK_MS * 2);
    expect(ran).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs after FALLBACK_MS when no animation frame comes (the tab went to the background), once', () => {
    const win = fakeWindow();
    let ran = 0;
    nextPaint(win)(() => ran++);
    vi.advanceTimersByTime(FALLBACK_MS - 1);
    expect(ran).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ran).toBe(1);
    expect(win.pendingFrames()).toBe(0); // the animation frame was cancelled
    win.paint();
    expect(ran).toBe(1);
  });

  it('runs at once in a hidden tab, where nothing is painted', () => {
    const win = fakeWindow('hidden');
    let ran = 0;
    nextPaint(win)(() => ran++);
    expect(ran).toBe(1);
    expect(win.pendingFrames()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
