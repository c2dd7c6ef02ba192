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
  'Free some space (old data, other sites), then reload Bourse unless it says that storage works again.';
/** IndexedDB worked when Bourse started and stopped later: not private browsing, whatever the browser's error says. */
export const STOPPED_MESSAGE =
  "Bourse's storage stopped working (the site's data was cleared, or the browser refused to write), so your latest changes were not saved.";
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

interface Cause {
  name: string;
  message: string;
  /** The legacy DOMException code (22 is QUOTA_EXCEEDED_ERR), where there is one. */
  code: unknown;
}

/**
 * The browsers' ways of saying "full": Chromium, Safari and Firefox name the
 * DOMException QuotaExceededError (Dexie keeps it as the `inner` of its
 * AbortError, or maps it to its own QuotaExceededError with the DOMException
 * inside); older Firefox raised NS_ERROR_DOM_QUOTA_REACHED (by name, or only
 * in the message), and a disk with no space left NS_ERROR_FILE_NO_DEVICE_SPACE.
 * A disk that is really full (not the site's quota) is, in Chromium, an
 * UnknownError on the transaction: "Connection is closing because of: IO
 * error: …: FILE_ERROR_NO_SPACE" (seen on a full tmpfs profile), and the
 * requests' AbortErrors say nothing: see `TransactionFailed`.
 */
const FULL_NAMES = /QuotaExceeded|QUOTA_REACHED|QUOTA_EXCEEDED|NO_DEVICE_SPACE|NO_SPACE|ENOSPC|No space left/i;

function isFull(c: Cause): boolean {
  return c.code === 22 || FULL_NAMES.test(c.name) || FULL_NAMES.test(c.message);
}

function chain(e: unknown): Cause[] {
  const out: Cause[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length > 0 && out.length < 16) {
    const x = queue.shift();
    if (x === null || typeof x !== 'object' || seen.has(x)) continue;
    seen.add(x);
    const o = x as { name?: unknown; message?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
    out.push({ name: typeof o.name === 'string' ? o.name : '', message: typeof o.message === 'string' ? o.message : '', code: o.code });
    queue.push(o.inner, o.cause);
    if (Array.isArray(o.failures)) queue.push(...o.failures);
  }
  return out;
}

/** The failure to report for anything a storage call threw. */
export function storageFailure(e: unknown): Failure {
  const causes = chain(e);
  const names = new Set(causes.map((c) => c.name));
  if (causes.some(isFull)) return fail(Code.STORAGE_FULL, FULL_MESSAGE);
  if (names.has('VersionError')) return fail(Code.STORAGE_UNAVAILABLE, NEWER_MESSAGE);
  for (const n of names) if (UNAVAILABLE.has(n)) return fail(Code.STORAGE_UNAVAILABLE, UNAVAILABLE_MESSAGE);
  const first = causes.find((c) => c.message !== '') ?? causes[0];
  const detail = first ? `${first.name || 'Error'}: ${first.message}` : String(e);
  return fail(Code.STORAGE_FAILED, `Bourse's storage failed (${detail}); if this was a change, none of it was saved.`);
}

/**
 * A failure of storage that was working: "can't save here (private
 * browsing…)" is what the browser means only when the database cannot be
 * opened; later, the same errors mean it stopped (data cleared, a write
 * refused).
 */
export function afterOpen(f: Failure): Failure {
  return f.message === UNAVAILABLE_MESSAGE ? fail(f.code, STOPPED_MESSAGE) : f;
}

/**
 * A transaction's body failed, and the transaction had its own reason. When
 * IndexedDB aborts a transaction, every pending request fails with a bare
 * AbortError, and Dexie rejects with those (a BulkError of AbortErrors, say):
 * why the transaction aborted (a full disk) is only on `IDBTransaction.error`.
 * This keeps both, so the chain that `storageFailure` searches holds the reason.
 */
export class TransactionFailed extends Error {
  override readonly name = 'TransactionFailed';
  constructor(readonly inner: unknown, override readonly cause: unknown) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

/** Runs a transaction's body; if it throws after the transaction got an error, that error goes with it. */
export async function keepingReason<T>(tx: { idbtrans?: IDBTransaction | null }, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    let why: unknown = null;
    try {
      why = tx.idbtrans?.error ?? null;
    } catch {
      // Reading `error` of a transaction that is still active throws InvalidStateError: there is no reason to add.
    }
    throw why === null ? e : new TransactionFailed(e, why);
  }
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
