// For the feeds tests only: a clock run by hand, a network switched by hand, a recording sink, and msw
// WebSocket venues that record what the client sends (with the fake time it
// arrived at) and answer as the real venue does.

import { ws } from 'msw';
import type { setupServer } from 'msw/node';
import type { FeedSink, Network, SourceState, StatusFlags, Timers } from './types';

type Server = ReturnType<typeof setupServer>;

/** Timers that only move when told to: adapters and the manager take them; msw runs on real microtasks. */
export class FakeTimers implements Timers {
  private t = 1_700_000_000_000;
  private seq = 0;
  private readonly tasks = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.tasks.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }

  get pending(): number {
    return this.tasks.size;
  }

  /** Runs every task due within `ms`, in time order (then in the order set), and moves the clock. */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.tasks) if (entry[1].at <= target && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.tasks.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = target;
  }
}

/** `navigator.onLine` and its events, switched by the test. */
export class FakeNetwork implements Network {
  private readonly listeners = new Set<(online: boolean) => void>();
  constructor(private up = true) {}

  online(): boolean {
    return this.up;
  }

  subscribe(fn: (online: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Says the network went down or came back, as the browser's `offline` and `online` events do. */
  set(up: boolean): void {
    this.up = up;
    for (const fn of [...this.listeners]) fn(up);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}

/** Lets msw's microtask-driven sockets catch up (open, messages, closes). */
export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Moves fake time in steps, letting the sockets run between steps. */
export async function run(timers: FakeTimers, ms: number, step = 50): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    timers.advance(Math.min(step, ms - done));
    await settle(3);
  }
  await settle();
}

export interface Recorded {
  sink: FeedSink;
  prices: Array<{ symbol: string; price: number; ts: number; open24?: number }>;
  statuses: Array<{ state: SourceState; reason?: string; flags?: StatusFlags }>;
  malformed: string[];
  last(): SourceState | undefined;
}

export function recorder(): Recorded {
  const r: Recorded = {
    prices: [],
    statuses: [],
    malformed: [],
    last: () => r.statuses.at(-1)?.state,
    sink: {
      price: (symbol, price, ts, open24) => r.prices.push(open24 === undefined ? { symbol, price, ts } : { symbol, price, ts, open24 }),
      status: (state, reason, flags) => r.statuses.push({ state, reason, flags }),
      malformed: (s) => r.malformed.push(s),
    },
  };
  return r;
}

// ------------------------------------------------------------------ venues

type Client = Parameters<Parameters<ReturnType<typeof ws.link>['addEventListener']>[1]>[0]['client'];

export interface MockConnection {
  url: string;
  client: Client;
  received: Array<{ at: number; data: string }>;
  closed: boolean;
  send(frame: unknown): void;
  /** The venue closes the connection. */
  close(code?: number, reason?: string): void;
}

export interface VenueScript {
  /** Runs when a client connects; return 'refuse' to close it before it opens. */
  connect?(conn: MockConnection): void | 'refuse';
  message?(conn: MockConnection, data: string, msg: unknown): void;
}

export interface MockVenue {
  connections: MockConnection[];
  latest(): MockConnection;
  /** Every JSON message the client sent on every connection, parsed. */
  sent(): unknown[];
  script: VenueScript;
}

/** A WebSocket venue at `url` (query strings are not part of the match). */
export function mockVenue(server: Server, url: string, timers: FakeTimers, script: VenueScript = {}): MockVenue {
  const venue: MockVenue = {
    connections: [],
    script,
    latest: () => {
      const c = venue.connections.at(-1);
      if (c === undefined) throw new Error(`no connection to ${url}`);
      return c;
    },
    sent: () => venue.connections.flatMap((c) => c.received.map((m) => parse(m.data))),
  };
  server.use(
    linkFor(url).addEventListener('connection', ({ client }) => {
      const conn: MockConnection = {
        url: client.url.toString(),
        client,
        received: [],
        closed: false,
        send: (frame) => client.send(typeof frame === 'string' || frame instanceof Uint8Array ? frame : JSON.stringify(frame)),
        close: (code = 1000, reason = '') => client.close(code, reason),
      };
      venue.connections.push(conn);
      client.addEventListener('close', () => {
        conn.closed = true;
      });
      client.addEventListener('message', (e) => {
        const data = String(e.data);
        conn.received.push({ at: timers.now(), data });
        venue.script.message?.(conn, data, parse(data));
      });
      if (venue.script.connect?.(conn) === 'refuse') client.close(1006, 'refused');
    }),
  );
  return venue;
}

// One link per URL for the whole file: each link adds a listener to msw's shared channel.
const links = new Map<string, ReturnType<typeof ws.link>>();
function linkFor(url: string): ReturnType<typeof ws.link> {
  let link = links.get(url);
  if (link === undefined) {
    link = ws.link(url);
    links.set(url, link);
  }
  return link;
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
