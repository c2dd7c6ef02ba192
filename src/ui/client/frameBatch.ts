/**
 * Frames from the worker, applied at most once per animation frame. The worker
 * sends ten a second, and while the page is busy (its first seconds, a long
 * render) several wait in the queue: drawing each one is work the screen never
 * shows. The batcher keeps every frame (each may carry fills, orders, notices)
 * and hands them over together, in order, when the browser is about to paint.
 */

/** Runs `run` once, later (at the next paint in the app; by hand in tests). */
export type Schedule = (run: () => void) => void;

export interface FrameBatcher<T> {
  /** Queues one item; the first of a batch asks the schedule for a run. */
  push(item: T): void;
  /** Hands over what is queued now (when a reader must see every frame so far before it goes on). */
  flush(): void;
}

export function createFrameBatcher<T>(apply: (items: T[]) => void, schedule: Schedule): FrameBatcher<T> {
  let queue: T[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    apply(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
    flush,
  };
}

/** How long a batch may wait when no animation frame comes (the tab went to the background meanwhile). */
export const FALLBACK_MS = 250;

/**
 * The browser's schedule: the next animation frame, or a timer if that comes
 * first (a hidden tab gets no animation frames; its timers still run, if
 * slowly), or at once when the tab is already hidden (nothing is painted, and
 * the queue must not grow while nobody looks).
 */
export function nextPaint(win: Pick<Window, 'requestAnimationFrame' | 'cancelAnimationFrame' | 'setTimeout' | 'clearTimeout'> & { document: Pick<Document, 'visibilityState'> } = window): Schedule {
  return (run) => {
    if (win.document.visibilityState === 'hidden') return run();
    let done = false;
    const once = (): void => {
      if (done) return;
      done = true;
      win.cancelAnimationFrame(raf);
      win.clearTimeout(timer);
      run();
    };
    const raf = win.requestAnimationFrame(once);
    const timer = win.setTimeout(once, FALLBACK_MS);
  };
}
