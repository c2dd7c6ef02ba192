// Runs one price source at a time for a set of symbols: the chosen one, or in
// "auto" the first that works of Binance → Coinbase → Kraken, and the
// synthetic generator when none does. It reconnects with exponential backoff
// and full jitter, replaces a source that goes quiet, reconnects on a venue's
// shutdown notice or before its connection limit without counting a failure,
// and hands prices to one callback in batches: the latest price per symbol,
// at most once per `flushMs`, so the worker applies one batch per step.
// While the browser says it is offline it attempts nothing (each failed
// attempt is a console error in the browser, and cannot succeed), and starts
// again as soon as the browser says it is back online.

import { platformNetwork, platformTimers } from './runtime';
import type { FeedSink, FeedSource, Network, SourceId, SourceState, StatusFlags, Timers, TroubleKind } from './types';
import { OFFLINE_PLAIN, OFFLINE_REASON, plainSummary, plainTrouble } from './words';

export type FeedMode = 'auto' | 'synthetic' | SourceId;

/**
 * - `live`: prices come from `source`.
 * - `reconnecting`: connecting to `source` (the first time, again after a
 *   drop, or the next source after a failure); symbols run on the generator
 *   meanwhile, continuing from their last live price.
 * - `synthetic`: no live source (chosen, none worked, or the browser is
 *   offline); `reason` says why.
 */
export type FeedState = 'live' | 'reconnecting' | 'synthetic';

export interface FeedStatus {
  source: SourceId | 'synthetic';
  state: FeedState;
  /** Why we are not live on the first choice (kept while a later source is live), or why we reconnect. */
  reason?: string;
  /**
   * The same in plain words for a person ("Coinbase Exchange could not be
   * reached"); present whenever `reason` is, which keeps the technical detail
   * ("closed with code 1006") for a tooltip.
   */
  plain?: string;
  /** Frames ignored as malformed or unexpected, since the manager was made. */
  malformed: number;
  /** When `source` or `state` last changed (the injected clock's ms). */
  since: number;
}

export interface FeedPrice {
  symbol: string;
  price: number;
  ts: number;
  open24?: number;
}

export interface FeedBatch {
  /** The latest price per symbol since the last batch: apply with sim.setReference(symbol, price). */
  prices: FeedPrice[];
  /** Symbols whose reference now comes from the live source (their first price is in `prices`). */
  live: string[];
  /** Symbols handed back to the generator: apply after `prices`, with sim.setSynthetic(symbol). */
  synthetic: string[];
  status: FeedStatus;
}

export interface FeedManagerOptions {
  /** The sources "auto" tries, in order. */
  sources: FeedSource[];
  /** Our symbols (BTCUSDT, AAPL): each source takes those it lists. */
  symbols: string[];
  onBatch: (batch: FeedBatch) => void;
  mode?: FeedMode;
  flushMs?: number;
  /** No price for this long while live: the source is replaced by the next. 0 disables (stocks at night). */
  quietMs?: number;
  /** Probe, connect and subscribe within this, or the attempt failed. */
  connectTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Reconnects after a drop before the source is given up for the next. */
  maxRetries?: number;
  /** From synthetic (after every source failed), try the chain again after about this long. */
  retryLiveMs?: number;
  /** Reconnect this long before a venue's connection limit (Binance: 24 h). */
  rotateBeforeMs?: number;
  /**
   * A close this near the venue's connection limit is the venue's scheduled one
   * (our early reconnect ran late: a throttled background tab), not a failure.
   */
  limitSlackMs?: number;
  timers?: Timers;
  /** Whether the browser says it is online, and its changes; the platform's by default. */
  network?: Network;
  /** Uniform in [0, 1): the backoff's jitter. */
  rng?: () => number;
}

type TimerName = 'connect' | 'quiet' | 'rotate' | 'backoff' | 'retry' | 'flush';

/** A reason, technical and in plain words. */
interface Why {
  reason: string;
  plain: string;
}

const why = (reason: string, plain = reason): Why => ({ reason, plain });

export class FeedManager {
  private readonly sources: FeedSource[];
  private readonly symbols: string[];
  private readonly symbolSet: ReadonlySet<string>;
  private readonly onBatch: (batch: FeedBatch) => void;
  private readonly timers: Timers;
  private readonly network: Network;
  private unsubscribe: (() => void) | undefined;
  /** Stopped because the browser said offline: its `online` starts the chain again. */
  private waitingForNetwork = false;
  private readonly rng: () => number;
  private readonly cfg: Required<Pick<FeedManagerOptions,
    'flushMs' | 'quietMs' | 'connectTimeoutMs' | 'backoffBaseMs' | 'backoffMaxMs' | 'maxRetries' | 'retryLiveMs' | 'rotateBeforeMs' | 'limitSlackMs'>>;

  private mode: FeedMode;
  private running = false;
  private chain: FeedSource[] = [];
  private idx = -1;
  private current: FeedSource | undefined;
  /** Bumped whenever the current attempt ends: a sink from an older attempt is ignored. */
  private gen = 0;
  private everLive = false;
  private attempt = 0;
  private liveAt: number | undefined;
  private lastPriceAt = 0;
  /** Why we left the first choice; shown while a later source is live. */
  private fallbackReason: Why | undefined;
  private readonly disabled = new Map<SourceId, string>();
  private readonly lastFailure = new Map<SourceId, string>();
  /** The kind of each source's last failure, for the plain-words summary (undefined: it has none). */
  private readonly lastTrouble = new Map<SourceId, TroubleKind | undefined>();

  private state: Omit<FeedStatus, 'malformed'>;
  private malformedCount = 0;
  private statusDirty = false;
  private readonly pending = new Map<string, FeedPrice>();
  private readonly liveSymbols = new Set<string>();
  private readonly pendingLive = new Set<string>();
  private readonly pendingSynthetic = new Set<string>();
  private lastFlushAt = -Infinity;
  private readonly handles = new Map<TimerName, unknown>();

  constructor(opts: FeedManagerOptions) {
    this.sources = [...opts.sources];
    this.symbols = [...new Set(opts.symbols)];
    this.symbolSet = new Set(this.symbols);
    this.onBatch = opts.onBatch;
    this.timers = opts.timers ?? platformTimers;
    this.network = opts.network ?? platformNetwork;
    this.rng = opts.rng ?? Math.random;
    this.mode = opts.mode ?? 'auto';
    this.cfg = {
      flushMs: opts.flushMs ?? 1000,
      quietMs: opts.quietMs ?? 30_000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 15_000,
      backoffBaseMs: opts.backoffBaseMs ?? 1000,
      backoffMaxMs: opts.backoffMaxMs ?? 60_000,
      maxRetries: opts.maxRetries ?? 5,
      retryLiveMs: opts.retryLiveMs ?? 5 * 60_000,
      rotateBeforeMs: opts.rotateBeforeMs ?? 5 * 60_000,
      limitSlackMs: opts.limitSlackMs ?? 10 * 60_000,
    };
    this.state = { source: 'synthetic', state: 'synthetic', since: this.timers.now() };
  }

  get status(): FeedStatus {
    return { ...this.state, malformed: this.malformedCount };
  }

  /** The last failure of each source tried, with its reason. */
  get failures(): Partial<Record<SourceId, string>> {
    return Object.fromEntries(this.lastFailure);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.network.subscribe((online) => this.onNetwork(online));
    this.begin();
  }

  /** Back to "nothing running": every socket closed, every timer cleared, live symbols handed back. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.waitingForNetwork = false;
    this.endAttempt();
    for (const name of [...this.handles.keys()]) this.clear(name);
    this.markAllSynthetic();
    this.setState('synthetic', 'synthetic', why('stopped'));
    this.flush();
  }

  /** A person's choice. Clears what was given up for good (a new key, a new country). */
  setMode(mode: FeedMode): void {
    this.mode = mode;
    this.disabled.clear();
    if (!this.running) return;
    this.endAttempt();
    for (const name of ['connect', 'quiet', 'rotate', 'backoff', 'retry'] as const) this.clear(name);
    this.markAllSynthetic();
    this.begin();
  }

  // ------------------------------------------------------------ the sequence

  private begin(): void {
    this.waitingForNetwork = false; // set again by connect() if the browser still says offline
    this.chain = this.mode === 'synthetic' ? [] : this.mode === 'auto' ? this.sources : this.sources.filter((s) => s.id === this.mode);
    this.idx = -1;
    this.fallbackReason = undefined;
    this.next(this.mode === 'synthetic' ? why('synthetic prices chosen') : undefined);
  }

  /** On to the next source that is not given up, or to synthetic. */
  private next(reason: Why | undefined): void {
    if (reason !== undefined) this.fallbackReason = reason;
    do this.idx += 1;
    while (this.idx < this.chain.length && this.disabled.has(this.chain[this.idx].id));
    this.everLive = false;
    this.attempt = 0;
    if (this.idx >= this.chain.length) return this.toSynthetic(reason);
    this.markAllSynthetic();
    this.connect(this.chain[this.idx], reason);
  }

  private connect(source: FeedSource, shown: Why | undefined): void {
    // Every path to a connection passes here: while offline, none is tried.
    if (!this.network.online()) return this.waitForNetwork();
    this.waitingForNetwork = false;
    const gen = ++this.gen;
    this.current = source;
    this.liveAt = undefined;
    this.setState(source.id, 'reconnecting', shown);
    this.set('connect', () => {
      if (gen === this.gen) this.failure(source, `no connection within ${this.cfg.connectTimeoutMs / 1000} s`, false, 'timeout');
    }, this.cfg.connectTimeoutMs);
    if (source.probe === undefined) return source.start(this.symbols, this.sink(source, gen));
    source.probe().then(
      (r) => {
        if (gen !== this.gen) return;
        if (r.ok) source.start(this.symbols, this.sink(source, gen));
        else this.failure(source, r.reason, r.permanent, r.trouble);
      },
      (err: unknown) => {
        if (gen === this.gen) this.failure(source, `probe failed: ${err instanceof Error ? err.message : String(err)}`, false, 'unreachable');
      },
    );
  }

  private sink(source: FeedSource, gen: number): FeedSink {
    return {
      price: (symbol, price, ts, open24) => {
        if (gen === this.gen) this.onPrice(source, symbol, price, ts, open24);
      },
      status: (state, reason, flags) => {
        if (gen === this.gen) this.onStatus(source, state, reason, flags);
      },
      malformed: () => {
        if (gen !== this.gen) return;
        this.malformedCount += 1;
        this.statusDirty = true;
        this.scheduleFlush();
      },
    };
  }

  private onStatus(source: FeedSource, state: SourceState, reason: string | undefined, flags: StatusFlags | undefined): void {
    const why = reason ?? state;
    switch (state) {
      case 'connecting':
        return;
      case 'live':
        return this.onLive(source);
      case 'reconnecting': {
        const age = this.liveAt === undefined ? 0 : this.timers.now() - this.liveAt;
        const atLimit = source.maxConnectionMs !== undefined && this.liveAt !== undefined && age >= source.maxConnectionMs - this.cfg.limitSlackMs;
        if (flags?.planned === true || atLimit) return this.restartPlanned(source, `${source.label}: ${atLimit && flags?.planned !== true ? 'connection limit reached' : why}`);
        return this.failure(source, why, flags?.permanent, flags?.trouble ?? 'dropped');
      }
      case 'failed':
        return this.failure(source, why, flags?.permanent, flags?.trouble);
    }
  }

  private onLive(source: FeedSource): void {
    if (this.state.state === 'live' && this.state.source === source.id) return;
    this.clear('connect');
    this.everLive = true;
    this.attempt = 0;
    this.liveAt = this.timers.now();
    this.lastPriceAt = this.liveAt;
    this.setState(source.id, 'live', this.fallbackReason);
    this.armQuiet(source);
    if (source.maxConnectionMs !== undefined) {
      const at = Math.max(0, source.maxConnectionMs - this.cfg.rotateBeforeMs);
      this.set('rotate', () => this.restartPlanned(source, `${source.label}: reconnecting before the venue's connection limit`), at);
    }
  }

  private onPrice(source: FeedSource, symbol: string, price: number, ts: number, open24: number | undefined): void {
    if (!this.symbolSet.has(symbol) || !(price > 0) || !Number.isFinite(price)) return;
    if (this.state.state !== 'live') this.onLive(source); // a price proves the connection
    this.lastPriceAt = this.timers.now();
    this.pending.set(symbol, open24 === undefined ? { symbol, price, ts } : { symbol, price, ts, open24 });
    if (!this.liveSymbols.has(symbol)) {
      this.liveSymbols.add(symbol);
      this.pendingSynthetic.delete(symbol);
      this.pendingLive.add(symbol);
    }
    this.scheduleFlush();
  }

  private armQuiet(source: FeedSource): void {
    if (this.cfg.quietMs <= 0) return;
    const check = (): void => {
      const idle = this.timers.now() - this.lastPriceAt;
      if (idle < this.cfg.quietMs) return this.set('quiet', check, this.cfg.quietMs - idle);
      const reason = `${source.label}: no price for ${Math.round(idle / 1000)} s`;
      this.lastFailure.set(source.id, reason);
      this.lastTrouble.set(source.id, 'quiet');
      this.endAttempt();
      this.next(why(reason, plainTrouble(source.label, 'quiet')));
    };
    this.set('quiet', check, this.cfg.quietMs);
  }

  /** A disconnect the venue announced or scheduled: reconnect now, not a failure, symbols stay live. */
  private restartPlanned(source: FeedSource, reason: string): void {
    this.endAttempt();
    this.connect(source, why(reason));
  }

  private failure(source: FeedSource, reason: string, permanent?: boolean, trouble?: TroubleKind): void {
    const full = reason.startsWith(source.label) ? reason : `${source.label}: ${reason}`;
    this.lastFailure.set(source.id, full);
    this.lastTrouble.set(source.id, trouble);
    const shown = why(full, trouble === undefined ? full : plainTrouble(source.label, trouble));
    this.endAttempt();
    if (permanent === true) {
      this.disabled.set(source.id, full);
      return this.next(shown);
    }
    // Never worked in this turn (refused, closed before open, probe refused): the next source.
    if (!this.everLive) return this.next(shown);
    this.attempt += 1;
    if (this.attempt > this.cfg.maxRetries) {
      this.lastTrouble.set(source.id, 'unstable');
      return this.next(why(`${full} (gave up after ${this.cfg.maxRetries} reconnects)`, plainTrouble(source.label, 'unstable')));
    }
    this.markAllSynthetic();
    this.setState(source.id, 'reconnecting', shown);
    const cap = Math.min(this.cfg.backoffMaxMs, this.cfg.backoffBaseMs * 2 ** (this.attempt - 1));
    this.set('backoff', () => this.connect(source, shown), Math.floor(this.rng() * cap)); // full jitter
  }

  private toSynthetic(reason: Why | undefined): void {
    this.current = undefined;
    this.markAllSynthetic();
    const retryable = this.mode !== 'synthetic' && this.chain.some((s) => !this.disabled.has(s.id));
    this.setState('synthetic', 'synthetic', reason === undefined ? (this.chain.length === 0 ? why('no live source configured') : undefined) : this.gaveUp(reason, retryable));
    if (retryable) this.set('retry', () => this.begin(), Math.floor(this.cfg.retryLiveMs * (0.5 + 0.5 * this.rng())));
  }

  /**
   * Why we are on the generator after the chain failed: what each venue of it
   * said, not only the last (technically, and in plain words), and when we
   * try again.
   */
  private gaveUp(last: Why, retryable: boolean): Why {
    if (this.mode === 'synthetic') return last;
    const tried = this.chain.filter((s) => this.lastFailure.has(s.id));
    const each = tried.map((s) => ({ label: s.label, kind: this.lastTrouble.get(s.id), text: this.lastFailure.get(s.id) ?? '' }));
    const all = tried.length > 1 ? why(each.map((t) => t.text).join('; '), plainSummary(each)) : last;
    const minutes = Math.max(1, Math.ceil(this.cfg.retryLiveMs / 60_000));
    return why(all.reason, retryable ? `${all.plain}; trying again within ${minutes === 1 ? 'a minute' : `${minutes} minutes`}` : all.plain);
  }

  /** The browser says offline: stop trying, hand the symbols to the generator, say so, and wait for `online`. */
  private waitForNetwork(): void {
    this.endAttempt();
    this.clear('retry');
    this.waitingForNetwork = true;
    this.markAllSynthetic();
    this.setState('synthetic', 'synthetic', why(OFFLINE_REASON, OFFLINE_PLAIN));
  }

  private onNetwork(online: boolean): void {
    if (!this.running || this.mode === 'synthetic') return;
    if (!online) {
      // A socket that still delivers is kept: if the network is really gone it closes, and its failure finds us offline.
      if (this.state.state === 'live' || this.waitingForNetwork) return;
      return this.waitForNetwork();
    }
    // Back online: what was waiting (for the network, a backoff, the retry from synthetic) starts now, from the first choice.
    if (!this.waitingForNetwork && !this.handles.has('backoff') && !this.handles.has('retry')) return; // live, trying, or given up for good
    this.clear('backoff');
    this.clear('retry');
    this.begin();
  }

  /** Stops the current source and forgets its attempt's timers; its sink goes deaf. */
  private endAttempt(): void {
    this.gen += 1;
    for (const name of ['connect', 'quiet', 'rotate', 'backoff'] as const) this.clear(name);
    const source = this.current;
    this.current = undefined;
    source?.stop();
  }

  // --------------------------------------------------------- status, batches

  private setState(source: FeedStatus['source'], state: FeedState, reason: Why | undefined): void {
    const s = this.state;
    if (s.source === source && s.state === state && s.reason === reason?.reason && s.plain === reason?.plain) return;
    const since = s.source === source && s.state === state ? s.since : this.timers.now();
    this.state = reason === undefined ? { source, state, since } : { source, state, reason: reason.reason, plain: reason.plain, since };
    this.statusDirty = true;
    this.scheduleFlush();
  }

  private markAllSynthetic(): void {
    if (this.liveSymbols.size === 0) return;
    for (const symbol of this.liveSymbols) {
      this.pendingLive.delete(symbol);
      this.pendingSynthetic.add(symbol);
    }
    this.liveSymbols.clear();
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.running || this.handles.has('flush')) return;
    const delay = Math.max(0, this.lastFlushAt + this.cfg.flushMs - this.timers.now());
    this.set('flush', () => this.flush(), delay);
  }

  private flush(): void {
    this.clear('flush');
    if (this.pending.size === 0 && this.pendingLive.size === 0 && this.pendingSynthetic.size === 0 && !this.statusDirty) return;
    const batch: FeedBatch = {
      prices: [...this.pending.values()],
      live: [...this.pendingLive],
      synthetic: [...this.pendingSynthetic],
      status: this.status,
    };
    this.pending.clear();
    this.pendingLive.clear();
    this.pendingSynthetic.clear();
    this.statusDirty = false;
    this.lastFlushAt = this.timers.now();
    this.onBatch(batch);
  }

  // ------------------------------------------------------------------- timers

  private set(name: TimerName, fn: () => void, ms: number): void {
    this.clear(name);
    const handle = this.timers.setTimeout(() => {
      if (this.handles.get(name) === handle) this.handles.delete(name);
      fn();
    }, ms);
    this.handles.set(name, handle);
  }

  private clear(name: TimerName): void {
    const handle = this.handles.get(name);
    if (handle === undefined) return;
    this.handles.delete(name);
    this.timers.clearTimeout(handle);
  }
}
