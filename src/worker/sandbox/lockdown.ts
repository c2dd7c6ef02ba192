/**
 * What user code must not reach in its Worker: the network, storage, other
 * threads, timers that outlive a call, and the worker's own messaging (so it
 * cannot answer for the sandbox). `lockDown` deletes these from the worker's
 * global (and its prototypes, where a browser keeps some), and `compile.ts`
 * also binds every name to `undefined` in the function scope the code runs
 * in, so a bare `fetch(...)` is a TypeError whatever the browser left behind.
 *
 * Not a security boundary on its own (the README says what is and is not
 * guaranteed): the boundary is the Worker (no DOM, no engine state, its own
 * heap) plus what the engine accepts back (orders for the strategy's own
 * account, parsed field by field).
 */

/** Names deleted from the global and shadowed in the code's scope. */
export const BLOCKED_GLOBALS = [
  // network
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'Request', 'Response', 'Headers',
  'importScripts', 'navigator', 'location',
  // storage
  'indexedDB', 'IDBFactory', 'caches', 'CacheStorage', 'localStorage', 'sessionStorage', 'FileReaderSync', 'FileSystemHandle',
  'StorageManager',
  // other threads and channels
  'Worker', 'SharedWorker', 'BroadcastChannel', 'MessageChannel', 'MessagePort', 'ServiceWorker',
  // the worker's own messaging and lifetime
  'postMessage', 'onmessage', 'onmessageerror', 'close', 'addEventListener', 'removeEventListener', 'dispatchEvent',
  // timers: a call is synchronous; nothing the code schedules may run after it answered
  'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'requestAnimationFrame', 'setImmediate',
  // code from elsewhere and shared memory
  'eval', 'WebAssembly', 'SharedArrayBuffer', 'Atomics',
  // the global object itself, by its names
  'self', 'globalThis', 'window', 'frames', 'parent', 'top', 'opener',
] as const;

/** The names bound to `undefined` in the code's scope: all of them but `eval`, which strict mode forbids as a parameter (lockDown deletes it). */
export const SHADOWED_GLOBALS: readonly string[] = BLOCKED_GLOBALS.filter((n) => n !== 'eval');

/** What the sandbox keeps for itself before locking down: its own messaging. */
export interface Kept {
  post(message: unknown): void;
  listen(handler: (data: unknown) => void): void;
}

type Scope = Record<string, unknown>;

/**
 * Takes the worker's messaging for the sandbox, then deletes the blocked
 * names from `scope` and every prototype up its chain (browsers define some,
 * `postMessage` and `addEventListener` among them, on prototypes). A name the
 * browser will not delete is overwritten with `undefined` where it can be.
 * Returns the names still reachable (none, in Chromium and Firefox), for the
 * sandbox to report.
 */
export function lockDown(scope: Scope): { kept: Kept; left: string[] } {
  const post = (scope.postMessage as (m: unknown) => void).bind(scope);
  const add = (scope.addEventListener as (t: string, h: (e: { data: unknown }) => void) => void).bind(scope);
  const kept: Kept = { post, listen: (handler) => add('message', (e) => handler(e.data)) };
  const left: string[] = [];
  for (const name of BLOCKED_GLOBALS) {
    for (let o: object | null = scope; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
      if (!Object.prototype.hasOwnProperty.call(o, name)) continue;
      if (!Reflect.deleteProperty(o, name)) {
        try {
          Object.defineProperty(o, name, { value: undefined, writable: false, configurable: false });
        } catch {
          // Neither deletable nor redefinable: reported below if still reachable.
        }
      }
    }
    if ((scope as Record<string, unknown>)[name] !== undefined) left.push(name);
  }
  return { kept, left };
}
