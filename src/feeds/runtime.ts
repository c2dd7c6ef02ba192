// The pieces every socket source shares: platform defaults, a pacer for the
// venues' outgoing-message limits, careful parsing, and one WebSocket
// connection whose events arrive as plain callbacks.

import type { FetchLike, Network, SourceEnv, Timers, WebSocketFactory } from './types';

/** The platform's clock and timers (a worker's or a page's; Node's in tests that do not inject). */
export const platformTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** How often the platform network is looked at, besides its events. */
export const ONLINE_POLL_MS = 1000;

type NavigatorLike = { onLine?: unknown };
type EventTargetLike = { addEventListener?: (type: string, fn: () => void) => void; removeEventListener?: (type: string, fn: () => void) => void };

/** `navigator.onLine` where the platform has one; null in Node, which has none. */
function onLine(): boolean | null {
  const v = (globalThis as { navigator?: NavigatorLike }).navigator?.onLine;
  return typeof v === 'boolean' ? v : null;
}

/**
 * The platform's `navigator.onLine` and `online`/`offline` events (a worker's
 * or a page's). Where there is no such word (Node), the network counts as up:
 * the attempt itself then says whether it is. A worker does not always hear
 * the events (under Chromium's network emulation its `navigator.onLine`
 * changes and no event fires), so while subscribed it also looks once a
 * second: reading a flag, no request.
 */
export const platformNetwork: Network = {
  online: () => onLine() !== false,
  subscribe: (fn) => {
    let last = onLine() !== false;
    const emit = (online: boolean): void => {
      if (online === last) return;
      last = online;
      fn(online);
    };
    const target = globalThis as EventTargetLike;
    const events = typeof target.addEventListener === 'function' && typeof target.removeEventListener === 'function';
    const up = (): void => emit(true);
    const down = (): void => emit(false);
    if (events) {
      target.addEventListener?.('online', up);
      target.addEventListener?.('offline', down);
    }
    const poll = onLine() === null ? undefined : globalThis.setInterval(() => emit(onLine() !== false), ONLINE_POLL_MS);
    return () => {
      if (poll !== undefined) globalThis.clearInterval(poll);
      if (events) {
        target.removeEventListener?.('online', up);
        target.removeEventListener?.('offline', down);
      }
    };
  },
};

export function timersOf(env: SourceEnv | undefined): Timers {
  return env?.timers ?? platformTimers;
}

/** Looked up at call time, so a WebSocket patched after import (msw) is the one used. */
export function webSocketOf(env: SourceEnv | undefined): WebSocketFactory | undefined {
  return env?.WebSocket ?? (globalThis as { WebSocket?: WebSocketFactory }).WebSocket;
}

export function fetchOf(env: SourceEnv | undefined): FetchLike | undefined {
  return env?.fetch ?? (globalThis as { fetch?: FetchLike }).fetch?.bind(globalThis);
}

/** A sample short enough to show and store: frames can be megabytes. */
export function sample(text: string, max = 200): string {
  return text.length <= max ? text : text.slice(0, max) + '…';
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A positive finite price from a number or a decimal string ("0.0025"), else undefined. */
export function positive(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A finite number (a change may be negative or zero), else undefined. */
export function finite(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Milliseconds since the epoch from an epoch-ms number or an RFC 3339 string, else undefined. */
export function timestamp(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v); // RFC 3339 with nanoseconds parses: extra digits are ignored
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Sends at most `perSecond` messages in any rolling second: the rest wait in
 * order. Venues disconnect (and may ban) clients that send faster.
 */
export class Pacer {
  private readonly sent: number[] = [];
  private readonly queue: string[] = [];
  private timer: unknown = undefined;

  constructor(
    private readonly timers: Timers,
    private readonly perSecond: number,
    private readonly write: (text: string) => void,
  ) {}

  send(text: string): void {
    this.queue.push(text);
    this.drain();
  }

  get waiting(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue.length = 0;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private drain(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const now = this.timers.now();
      while (this.sent.length > 0 && this.sent[0] <= now - 1000) this.sent.shift();
      if (this.sent.length >= this.perSecond) {
        this.timer = this.timers.setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, this.sent[0] + 1000 - now);
        return;
      }
      this.sent.push(now);
      this.write(this.queue.shift() as string);
    }
  }
}

export interface ConnectionHandlers {
  open(): void;
  /** A text frame. Binary frames are none of these venues' JSON: they arrive as `binary`. */
  text(data: string): void;
  binary(): void;
  /** `wasOpen`: whether the socket had opened before it closed. Never called after `close()`. */
  closed(code: number, reason: string, wasOpen: boolean): void;
}

/** One WebSocket, reduced to the callbacks a source needs. */
export class Connection {
  private socket: WebSocket | undefined;
  private opened = false;
  private done = false;

  constructor(url: string, env: SourceEnv | undefined, private readonly on: ConnectionHandlers) {
    const Ctor = webSocketOf(env);
    try {
      if (Ctor === undefined) throw new Error('this platform has no WebSocket');
      const socket = new Ctor(url);
      this.socket = socket;
      socket.onopen = () => {
        if (this.done) return;
        this.opened = true;
        this.on.open();
      };
      socket.onmessage = (e: MessageEvent) => {
        if (this.done) return;
        if (typeof e.data === 'string') this.on.text(e.data);
        else this.on.binary();
      };
      // A refused or failed connection fires `error` and then `close`: act once, on close.
      socket.onerror = () => {};
      socket.onclose = (e: CloseEvent) => this.finish(e.code, e.reason);
    } catch (err) {
      // A bad URL or no WebSocket at all: report it as a close before open, asynchronously,
      // so that start() returns first as it does for every other failure.
      const reason = err instanceof Error ? err.message : String(err);
      queueMicrotask(() => this.finish(1006, reason));
    }
  }

  get isOpen(): boolean {
    return this.opened && !this.done;
  }

  send(text: string): boolean {
    if (!this.isOpen || this.socket === undefined) return false;
    try {
      this.socket.send(text);
      return true;
    } catch {
      return false;
    }
  }

  /** Our own close: no `closed` callback follows. */
  close(code = 1000, reason = 'bye'): void {
    if (this.done) return;
    this.done = true;
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    try {
      socket.close(code, reason);
    } catch {
      // already closed, or closing while connecting: nothing left to release
    }
  }

  private finish(code: number, reason: string): void {
    if (this.done) return;
    this.done = true;
    this.socket = undefined;
    this.on.closed(code, reason, this.opened);
  }
}

export function describeClose(code: number, reason: string): string {
  return `closed with code ${code}${reason ? ` (${reason})` : ''}`;
}
