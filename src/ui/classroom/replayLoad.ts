/**
 * A seat's session as the replay viewer loads it: every page of verified
 * entries, asked one after the other from wherever the page's link to the
 * relay is (the student's seat on the worker, or the teacher's socket),
 * with the progress after each page. A page that brings nothing before the
 * seat's last entry ends the load with an error rather than looping.
 */
import { Code, fail, type Result } from '../../core/codes';
import type { JournalEntry, ReplayPage } from '../../protocol/relay';

export type FetchPage = (after: number) => Promise<Result<{ page: ReplayPage }>>;

export interface LoadedSession {
  name: string;
  entries: JournalEntry[];
}

export async function loadSession(
  fetchPage: FetchPage,
  onProgress: (got: number, total: number) => void,
  cancelled: () => boolean = () => false,
): Promise<Result<LoadedSession>> {
  const entries: JournalEntry[] = [];
  let name = '';
  for (;;) {
    const r = await fetchPage(entries.length);
    if (!r.ok) return r;
    if (cancelled()) return fail(Code.INVALID_COMMAND, 'The replay was closed.');
    const p = r.page;
    name = p.name;
    if (p.after !== entries.length) return fail(Code.INVALID_COMMAND, `The relay sent entries after ${p.after}, not after ${entries.length}.`);
    entries.push(...p.entries);
    onProgress(entries.length, p.last);
    if (entries.length >= p.last) return { ok: true, name, entries };
    if (p.entries.length === 0) return fail(Code.INVALID_COMMAND, 'The relay sent an empty page before the end of the session; try again.');
  }
}

/** The next step at or after `from + 1` that is marked (a person's action, a fill), or -1. */
export function nextMarked(marks: readonly boolean[], from: number): number {
  for (let i = from + 1; i < marks.length; i++) if (marks[i]) return i;
  return -1;
}

/** The last marked step before `from`, or -1. */
export function previousMarked(marks: readonly boolean[], from: number): number {
  for (let i = Math.min(from, marks.length) - 1; i >= 0; i--) if (marks[i]) return i;
  return -1;
}
