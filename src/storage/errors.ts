import { Code, fail, type Failure, type Result } from '../core/codes';
import { Bad } from './check';

/**
 * Storage errors become result values a person can read. Dexie wraps the
 * browser's error (an AbortError whose `inner` is the QuotaExceededError that
 * aborted the transaction; an OpenFailedError around why the open failed; a
 * BulkError with `failures`), so the whole chain is searched for a cause.
 */

export const FULL_MESSAGE =
  "Your browser's storage for Bourse is full, so your latest changes were not saved. " +
  'Export a backup, free some space (old data, other sites) and try again.';
export const UNAVAILABLE_MESSAGE =
  "Bourse can't save here (private browsing, or storage is turned off for this site): " +
  'you can keep trading, but your progress will be lost when the tab closes.';
export const NEWER_MESSAGE =
  'A newer version of Bourse has used this browser\'s storage. Reload the page to continue; until then nothing is saved.';

/** Names that say IndexedDB cannot be used at all (or no longer, in this tab). */
const UNAVAILABLE = new Set([
  'InvalidStateError', // Firefox private windows (older versions), a closing connection
  'UnknownError', // Safari and Chrome when the backing store is broken or disabled
  'MissingAPIError', // no indexedDB global
  'OpenFailedError',
  'DatabaseClosedError', // site data cleared, or another tab upgraded the schema
  'SecurityError', // storage blocked for this origin (cookies off, sandboxed frame)
]);

function chain(e: unknown): { name: string; message: string }[] {
  const out: { name: string; message: string }[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length > 0 && out.length < 16) {
    const x = queue.shift();
    if (x === null || typeof x !== 'object' || seen.has(x)) continue;
    seen.add(x);
    const o = x as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
    out.push({ name: typeof o.name === 'string' ? o.name : '', message: typeof o.message === 'string' ? o.message : '' });
    queue.push(o.inner, o.cause);
    if (Array.isArray(o.failures)) queue.push(...o.failures);
  }
  return out;
}

/** The failure to report for anything a storage call threw. */
export function storageFailure(e: unknown): Failure {
  const causes = chain(e);
  const names = new Set(causes.map((c) => c.name));
  if (names.has('QuotaExceededError')) return fail(Code.STORAGE_FULL, FULL_MESSAGE);
  if (names.has('VersionError')) return fail(Code.STORAGE_UNAVAILABLE, NEWER_MESSAGE);
  for (const n of names) if (UNAVAILABLE.has(n)) return fail(Code.STORAGE_UNAVAILABLE, UNAVAILABLE_MESSAGE);
  const first = causes.find((c) => c.message !== '') ?? causes[0];
  const detail = first ? `${first.name || 'Error'}: ${first.message}` : String(e);
  return fail(Code.STORAGE_FAILED, `Bourse's storage failed (${detail}); if this was a change, none of it was saved.`);
}

/** Runs a storage operation; whatever it throws comes back as a failure. */
export async function guarded<T extends object>(op: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await op();
  } catch (e) {
    if (e instanceof Bad) return fail(Code.STORAGE_FAILED, `Bourse did not save a malformed row (${e.message}); nothing of this change was saved.`);
    return storageFailure(e);
  }
}
