// The lifecycle every WebSocket source shares, so that each adapter is only
// its venue's protocol: symbol mapping, what to send on open, how to read a
// frame. One start() is one attempt: when its connection ends, the source
// reports it and goes quiet; the manager decides whether and when to start
// again.

import { Connection, Pacer, describeClose, sample, timersOf } from './runtime';
import type { FeedSink, FeedSource, SourceEnv, SourceId, StatusFlags, Timers } from './types';

export abstract class SocketSource implements FeedSource {
  abstract readonly id: SourceId;
  abstract readonly label: string;
  readonly maxConnectionMs?: number;

  protected readonly timers: Timers;
  /** Set between start() and the end of the attempt; undefined means "say nothing". */
  private sink: FeedSink | undefined;
  private connections: Connection[] = [];
  private readonly timerHandles = new Set<unknown>();
  private readonly pacers: Pacer[] = [];
  private liveSaid = false;
  /** Venue symbol → ours, for the symbols of this attempt. */
  private readonly ours = new Map<string, string>();

  constructor(protected readonly env: SourceEnv | undefined) {
    this.timers = timersOf(env);
  }

  abstract venueSymbol(symbol: string): string | undefined;

  /** Open the connection(s) and subscribe to these venue symbols (at least one). */
  protected abstract connect(venueSymbols: string[]): void;

  start(symbols: string[], sink: FeedSink): void {
    this.stop();
    this.sink = sink;
    this.liveSaid = false;
    const venue: string[] = [];
    for (const symbol of symbols) {
      const v = this.venueSymbol(symbol);
      if (v !== undefined && !this.ours.has(v)) {
        this.ours.set(v, symbol);
        venue.push(v);
      }
    }
    sink.status('connecting');
    if (venue.length === 0) {
      this.fail(`${this.label} lists none of the requested symbols`, { permanent: true });
      return;
    }
    this.connect(venue);
  }

  stop(): void {
    this.sink = undefined;
    this.release();
  }

  // ------------------------------------------------------------- for adapters

  protected get active(): boolean {
    return this.sink !== undefined;
  }

  /** Opens a socket that belongs to this attempt; its loss ends the attempt. */
  protected open(url: string, on: { open(conn: Connection): void; text(conn: Connection, data: string): void }): Connection {
    const conn: Connection = new Connection(url, this.env, {
      open: () => on.open(conn),
      text: (data) => {
        try {
          on.text(conn, data);
        } catch {
          this.malformed(data); // a parser bug must not take the feed down
        }
      },
      binary: () => this.malformed('(binary frame)'),
      // Closed before it opened: the venue could not be reached (the browser gives page code no more than code 1006).
      closed: (code, reason, wasOpen) => this.end(wasOpen ? 'reconnecting' : 'failed', describeClose(code, reason), { trouble: wasOpen ? 'dropped' : 'unreachable' }),
    });
    this.connections.push(conn);
    return conn;
  }

  /** A pacer bound to one connection, cleared with the attempt. */
  protected pacer(conn: Connection, perSecond: number): Pacer {
    const p = new Pacer(this.timers, perSecond, (text) => conn.send(text));
    this.pacers.push(p);
    return p;
  }

  /** A timer cleared with the attempt. */
  protected later(fn: () => void, ms: number): void {
    const handle = this.timers.setTimeout(() => {
      this.timerHandles.delete(handle);
      fn();
    }, ms);
    this.timerHandles.add(handle);
  }

  /** Whether this attempt has said `live`. */
  protected get isLive(): boolean {
    return this.liveSaid;
  }

  protected live(): void {
    if (this.sink === undefined || this.liveSaid) return;
    this.liveSaid = true;
    this.sink.status('live');
  }

  /** A price for a venue symbol; ignored unless it is one this attempt asked for. */
  protected price(venueSymbol: string, price: number, ts: number, open24?: number): boolean {
    const ours = this.ours.get(venueSymbol);
    if (ours === undefined || this.sink === undefined) return false;
    this.sink.price(ours, price, ts, open24);
    return true;
  }

  protected wants(venueSymbol: string): boolean {
    return this.ours.has(venueSymbol);
  }

  protected malformed(text: string): void {
    this.sink?.malformed(sample(text));
  }

  /** The attempt failed before going live, or for good (credentials). */
  protected fail(reason: string, flags?: StatusFlags): void {
    this.end('failed', reason, flags);
  }

  /** The venue is about to disconnect us (or did so on schedule): ask for a fresh connection. */
  protected reconnect(reason: string, flags?: StatusFlags): void {
    this.end('reconnecting', reason, flags);
  }

  protected now(): number {
    return this.timers.now();
  }

  // ------------------------------------------------------------------ private

  private end(state: 'failed' | 'reconnecting', reason: string, flags?: StatusFlags): void {
    const sink = this.sink;
    if (sink === undefined) return;
    this.sink = undefined;
    this.release();
    sink.status(state, reason, flags);
  }

  private release(): void {
    for (const conn of this.connections) conn.close(1000, 'client closing');
    this.connections = [];
    for (const p of this.pacers) p.clear();
    this.pacers.length = 0;
    for (const h of this.timerHandles) this.timers.clearTimeout(h);
    this.timerHandles.clear();
    this.ours.clear();
  }
}
