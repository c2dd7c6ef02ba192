/**
 * A long list drawn in steps: the first rows at once, the rest a few at a time
 * in later tasks, so no single task holds the page (and its first paint, and
 * the person's first tap) for the whole list. Markets has some 90 rows, each
 * with a sparkline: drawn in one go on a slow phone that is a task of a few
 * hundred milliseconds.
 */

/** Runs `run` in a later task; returns a function that cancels it if it has not run yet. */
export type Later = (run: () => void) => () => void;

/** A macrotask: the browser may paint and handle input before it. */
export const nextTask: Later = (run) => {
  const t = setTimeout(run, 0);
  return () => clearTimeout(t);
};

/**
 * Calls `show(n)` with `first`, then `first + step`, `first + 2·step`, … one
 * call per later task, until `n` covers `total`. Returns a stop function (a
 * list that changed, or a page that closed, starts or stops its own reveal).
 */
export function revealInSteps(total: number, first: number, step: number, show: (n: number) => void, later: Later = nextTask): () => void {
  let cancel: (() => void) | null = null;
  const go = (n: number): void => {
    show(n);
    cancel = n >= total ? null : later(() => go(n + step));
  };
  go(first);
  return () => cancel?.();
}
