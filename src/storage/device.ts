/**
 * The browser's view of the site's storage. `navigator.storage` may be
 * missing (old browsers, Node, some private modes) and its calls may reject;
 * `persist()` exists only on a page, not in a worker. Unknown is `null`.
 */

export interface StorageManagerLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

export interface StorageEstimate {
  /** Bytes used by the site, or null when the browser doesn't say. */
  usage: number | null;
  quota: number | null;
  /** Whether the browser promised not to evict the site's data. */
  persisted: boolean | null;
}

export function defaultStorageManager(): StorageManagerLike | undefined {
  const nav = (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator;
  return nav?.storage;
}

async function attempt<T>(f: (() => Promise<T>) | undefined): Promise<T | null> {
  if (typeof f !== 'function') return null;
  try {
    return await f();
  } catch {
    return null;
  }
}

export async function estimate(sm: StorageManagerLike | undefined): Promise<StorageEstimate> {
  const e = await attempt(sm?.estimate?.bind(sm));
  const persisted = await attempt(sm?.persisted?.bind(sm));
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  return { usage: n(e?.usage), quota: n(e?.quota), persisted: typeof persisted === 'boolean' ? persisted : null };
}

/** Asks the browser to keep the site's data; false when it refuses or can't be asked from here. */
export async function requestPersistence(sm: StorageManagerLike | undefined): Promise<boolean> {
  return (await attempt(sm?.persist?.bind(sm))) === true;
}
