// The one contract every price source implements, and what the sources and
// the manager need from their surroundings (clock, timers, WebSocket, fetch),
// passed in so that tests drive them and nothing here touches the DOM.

/** The venues Bourse can take reference prices from. */
export type SourceId = 'binance' | 'coinbase' | 'kraken' | 'alpaca';

/**
 * What a source says about its connection.
 * - `connecting`: opening the socket, authenticating, subscribing.
 * - `live`: connected and subscribed; prices flow (or should: the manager
 *   watches for silence).
 * - `reconnecting`: the connection it had is gone. The source does not
 *   reconnect by itself: the manager decides when (backoff) and whether.
 * - `failed`: it never got connected (refused, closed before open, auth
 *   refused, REST probe refused).
 */
export type SourceState = 'connecting' | 'live' | 'reconnecting' | 'failed';

/**
 * What went wrong, as a kind a person can be told about in plain words
 * (`words.ts`); the reason string keeps the technical detail.
 * - `unreachable`: no answer at all (refused, closed before opening, DNS, CORS).
 * - `location`: the venue refuses the person's country (HTTP 451).
 * - `unavailable`: the venue answered, but with an error (HTTP 5xx and the like).
 * - `dropped`: a connection that worked was closed.
 * - `unstable`: it kept dropping, and was given up for the next.
 * - `timeout`: connected, but not live within the connect timeout.
 * - `quiet`: live, but no price for a while.
 */
export type TroubleKind = 'unreachable' | 'location' | 'unavailable' | 'dropped' | 'unstable' | 'timeout' | 'quiet';

export interface StatusFlags {
  /**
   * The venue announced the disconnect (Binance `serverShutdown`) or it is the
   * venue's scheduled one (Binance's 24 h limit): reconnect at once, and do not
   * count it as a failure.
   */
  planned?: boolean;
  /**
   * Retrying cannot help (credentials refused, plan too small, HTTP 451): the
   * manager leaves this source alone until it is configured again.
   */
  permanent?: boolean;
  /** What kind of trouble this is, for the plain-words reason; without one the reason itself is shown. */
  trouble?: TroubleKind;
}

/** Where a source delivers what it reads. Symbols here are always ours (BTCUSDT, AAPL). */
export interface FeedSink {
  /**
   * A reference price for one of our symbols. `ts` is the venue's event time
   * in ms since the epoch (or the local clock when the venue gives none);
   * `open24` is the price 24 h ago when the venue reports it.
   */
  price(symbol: string, price: number, ts: number, open24?: number): void;
  status(state: SourceState, reason?: string, flags?: StatusFlags): void;
  /** A frame that could not be read, or that the protocol does not expect; it was ignored. */
  malformed(sample: string): void;
}

export type ProbeResult = { ok: true } | { ok: false; reason: string; permanent?: boolean; trouble?: TroubleKind };

export interface FeedSource {
  readonly id: SourceId;
  /** For people: "Binance", "Coinbase Exchange", … */
  readonly label: string;
  /** The longest the venue keeps one connection (Binance: 24 h); the manager reconnects before. */
  readonly maxConnectionMs?: number;
  /** Our symbol → the venue's (BTCUSDT → BTC-USD), or undefined when the venue has no such market. */
  venueSymbol(symbol: string): string | undefined;
  /**
   * An optional REST reachability check before connecting: an HTTP 451 (the
   * venue refuses the person's country) or a CORS failure (a TypeError from
   * fetch) is known here, before any socket is opened.
   */
  probe?(): Promise<ProbeResult>;
  /**
   * Connect and subscribe to those of `symbols` the venue has (others are
   * ignored). Replaces any previous start. Never throws: failures arrive as
   * `sink.status('failed', reason)`.
   */
  start(symbols: string[], sink: FeedSink): void;
  /** Close every socket and clear every timer; after this the sink hears nothing more. */
  stop(): void;
}

/** Time, injected: tests run it by hand; the default is the platform's. */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The browser's word on the network: `navigator.onLine` and its `online` and
 * `offline` events (in a worker too). While it says offline, nothing tries to
 * connect: every attempt would fail, and each failed one is a console error.
 */
export interface Network {
  online(): boolean;
  /** Calls `fn` on each change the browser announces; returns the unsubscribe. */
  subscribe(fn: (online: boolean) => void): () => void;
}

export type WebSocketFactory = new (url: string) => WebSocket;
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** What a source needs from its surroundings; every field has a platform default. */
export interface SourceEnv {
  timers?: Timers;
  /** Default: the global `WebSocket`, looked up when connecting. */
  WebSocket?: WebSocketFactory;
  /** Default: the global `fetch`, looked up when probing. */
  fetch?: FetchLike;
}
