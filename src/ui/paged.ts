/**
 * A long list read from the worker a page at a time, newest first: the first
 * page at once, more as the person scrolls toward the end. Live rows go in
 * front without reloading; the next page is asked for after the last row that
 * came from storage, whatever arrived live since.
 */
import { createSignal } from 'solid-js';

export interface Page<T> {
  rows: T[];
  /** Rows in the whole list, when known (the first page of trades). */
  total?: number;
  /** More rows after these (when the total is not known). */
  more?: boolean;
  /** Where the next page starts, when it is not the last row (rows filtered after reading). */
  last?: T;
}

export function createPaged<T>(load: (after: T | undefined) => Promise<Page<T>>, pageSize: number, key: (x: T) => string) {
  const [rows, setRows] = createSignal<T[]>([]);
  const [total, setTotal] = createSignal(0);
  const [loading, setLoading] = createSignal(false);
  let done = false;
  let generation = 0;
  /** The last row storage gave: where the next page starts. */
  let cursor: T | undefined;
  /** Live rows that came while a first page was on its way. */
  let early: T[] = [];

  const finished = (p: Page<T>) => (p.more !== undefined ? !p.more : p.rows.length < pageSize);

  async function reset(): Promise<void> {
    const g = ++generation;
    done = false;
    early = [];
    setLoading(true);
    const p = await load(undefined);
    if (g !== generation) return;
    cursor = p.last ?? p.rows[p.rows.length - 1];
    const seen = new Set(p.rows.map(key));
    const fresh = early.filter((x) => !seen.has(key(x)));
    early = [];
    setRows(fresh.concat(p.rows));
    done = finished(p);
    setTotal((p.total ?? p.rows.length + (done ? 0 : pageSize)) + fresh.length);
    setLoading(false);
  }

  async function more(): Promise<void> {
    if (done || loading()) return;
    const g = generation;
    setLoading(true);
    const p = await load(cursor);
    if (g !== generation) return;
    cursor = p.last ?? p.rows[p.rows.length - 1] ?? cursor;
    done = finished(p);
    setRows((cur) => {
      const seen = new Set(cur.map(key));
      const next = cur.concat(p.rows.filter((x) => !seen.has(key(x))));
      setTotal((t) => (done ? next.length : Math.max(t, next.length + pageSize)));
      return next;
    });
    setLoading(false);
  }

  /** New or changed rows (newest last): each goes to the front if it fits the filter, and leaves its old place. */
  function live(fresh: T[], matches: (x: T) => boolean): void {
    if (fresh.length === 0) return;
    if (loading() && cursor === undefined) early.push(...fresh.filter(matches));
    const byKey = new Map(fresh.map((x) => [key(x), x]));
    let removed = 0;
    const kept = rows().filter((x) => {
      const gone = byKey.has(key(x));
      if (gone) removed++;
      return !gone;
    });
    const front = [...byKey.values()].filter(matches).reverse();
    setRows(front.concat(kept));
    setTotal((t) => t - removed + front.length);
  }

  return { rows, total, loading, reset, more, live };
}
