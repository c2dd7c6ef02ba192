/**
 * A long list read from the worker a page at a time, newest first: the first
 * page at once, more as the person scrolls toward the end. Live rows are put
 * in front without reloading.
 */
import { createSignal } from 'solid-js';

export interface Page<T> {
  rows: T[];
  /** Rows in the whole list, when known (the first page of trades). */
  total?: number;
  /** More rows after these (when the total is not known). */
  more?: boolean;
}

export function createPaged<T>(load: (after: T | undefined) => Promise<Page<T>>, pageSize: number) {
  const [rows, setRows] = createSignal<T[]>([]);
  const [total, setTotal] = createSignal(0);
  const [loading, setLoading] = createSignal(false);
  let done = false;
  let generation = 0;

  async function reset(): Promise<void> {
    const g = ++generation;
    done = false;
    setLoading(true);
    const p = await load(undefined);
    if (g !== generation) return;
    setRows(p.rows);
    done = p.more === false || p.rows.length < pageSize;
    setTotal(p.total ?? p.rows.length + (done ? 0 : pageSize));
    setLoading(false);
  }

  async function more(): Promise<void> {
    if (done || loading()) return;
    const g = generation;
    setLoading(true);
    const have = rows();
    const p = await load(have[have.length - 1]);
    if (g !== generation) return;
    setRows(have.concat(p.rows));
    done = p.more === false || p.rows.length < pageSize;
    setTotal((t) => (done ? have.length + p.rows.length : Math.max(t, have.length + p.rows.length + pageSize)));
    setLoading(false);
  }

  /** New rows in front (newest first), and replacements of rows already shown (same key). */
  function live(fresh: T[], key: (x: T) => string, matches: (x: T) => boolean): void {
    if (fresh.length === 0) return;
    const byKey = new Map(fresh.map((x) => [key(x), x]));
    const kept = rows().map((x) => {
      const k = key(x);
      const y = byKey.get(k);
      if (y === undefined) return x;
      byKey.delete(k);
      return y;
    });
    const added = [...byKey.values()].filter(matches).reverse();
    setRows(added.concat(kept));
    setTotal((t) => t + added.length);
  }

  return { rows, total, loading, reset, more, live };
}
