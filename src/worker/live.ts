/**
 * Live reference prices for the leader's terminal: the crypto feed (Binance →
 * Coinbase → Kraken → synthetic, or the person's pick) and, with the person's
 * own Alpaca keys, the stocks. Prices arrive batched; each tick applies what
 * came as one sim input, so the journal replays it exactly.
 */
import { AlpacaSource, BinanceSource, FeedManager, cryptoSources, type FeedBatch, type FeedMode, type FeedStatus, type FeedSource, type Network } from '../feeds';
import type { Terminal } from './terminal';
import type { AlpacaKeys, FeedView, FeedsView } from '../protocol';

export const FEED_MODES: readonly FeedMode[] = ['auto', 'binance', 'coinbase', 'kraken', 'synthetic'];
const LABEL: Record<string, string> = { binance: 'Binance', coinbase: 'Coinbase', kraken: 'Kraken', alpaca: 'Alpaca (IEX)', synthetic: 'Synthetic' };

/**
 * Batches are flushed as soon as a venue's message has been read (a message
 * carries many prices), not on a slow timer: the screen should follow the
 * feed within a frame or two.
 */
const FLUSH_MS = 0;

export class LiveFeeds {
  private crypto: FeedManager | null = null;
  private stocks: FeedManager | null = null;
  private batches: FeedBatch[] = [];
  /** Binance trades for the symbols on screen, while Binance is the live crypto source. */
  private focus: FeedManager | null = null;
  private focusKey = '';
  private cryptoSet: Set<string> | null = null;
  /** Called when prices arrive, so the worker can apply them at once rather than at its next tick. */
  onArrive: () => void = () => {};

  constructor(
    private readonly terminal: Terminal,
    private mode: FeedMode,
    private keys: AlpacaKeys | null,
    /** Sources, and the browser's online state (the platform's when absent), injected for tests. */
    private readonly make: { crypto: () => FeedSource[]; stocks: (k: AlpacaKeys) => FeedSource[]; trades?: () => FeedSource[]; network?: Network } = {
      crypto: () => cryptoSources(),
      stocks: (k) => [new AlpacaSource({ key: k.key, secret: k.secret })],
      trades: () => [new BinanceSource({ streams: 'trade' })],
    },
  ) {}

  private readonly onBatch = (b: FeedBatch): void => {
    this.batches.push(b);
    if (b.prices.length > 0) this.onArrive();
  };

  /**
   * The crypto symbols on screen get Binance's trade stream as well (a price
   * per trade rather than one a second), while Binance is the live source.
   */
  watch(symbols: readonly string[]): void {
    if (symbols.length === 0 && this.focus === null) return;
    const crypto = (this.cryptoSet ??= new Set(this.symbols('crypto')));
    const want = this.crypto?.status.source === 'binance' && this.crypto.status.state === 'live'
      ? [...new Set(symbols)].filter((s) => crypto.has(s)).sort() : [];
    const key = want.join(',');
    if (key === this.focusKey) return;
    this.focusKey = key;
    this.focus?.stop();
    this.focus = null;
    if (want.length === 0 || this.make.trades === undefined) return;
    // No fallback and no quiet check: the all-market stream stays the source of record.
    this.focus = new FeedManager({ sources: this.make.trades(), symbols: want, onBatch: (b) => this.onTrades(b), mode: 'binance', flushMs: FLUSH_MS, quietMs: 0, network: this.make.network });
    this.focus.start();
  }

  /** Trade-stream prices only; its own fallbacks are not the crypto feed's. */
  private onTrades(b: FeedBatch): void {
    if (b.prices.length === 0) return;
    this.batches.push({ ...b, live: [], synthetic: [] });
    this.onArrive();
  }

  private symbols(group: 'crypto' | 'stock'): string[] {
    return this.terminal.instruments().filter((i) => i.group === group).map((i) => i.symbol);
  }

  start(): void {
    this.crypto = new FeedManager({ sources: this.make.crypto(), symbols: this.symbols('crypto'), onBatch: this.onBatch, mode: this.mode, flushMs: FLUSH_MS, network: this.make.network });
    this.crypto.start();
    this.startStocks();
  }

  private startStocks(): void {
    if (this.keys === null) return;
    // A closed market is quiet, not dead: no quiet-feed replacement for stocks.
    this.stocks = new FeedManager({ sources: this.make.stocks(this.keys), symbols: this.symbols('stock'), onBatch: this.onBatch, mode: 'alpaca', quietMs: 0, flushMs: FLUSH_MS, network: this.make.network });
    this.stocks.start();
  }

  stop(): void {
    this.crypto?.stop();
    this.stocks?.stop();
    this.focus?.stop();
    this.crypto = this.stocks = this.focus = null;
    this.focusKey = '';
  }

  /** Applies what the feeds delivered since the last tick: prices first, then the symbols handed back to the generator. */
  apply(): void {
    if (this.batches.length === 0) return;
    const batches = this.batches;
    this.batches = [];
    const sim = this.terminal.sim;
    for (const b of batches) {
      if (b.prices.length > 0) sim.setReferences(b.prices.map((p) => [p.symbol, p.price] as [string, number]));
      for (const p of b.prices) if (p.open24 !== undefined) this.terminal.setLiveOpen24(p.symbol, p.open24);
      for (const s of b.synthetic) {
        sim.setSynthetic(s);
        this.terminal.setLiveOpen24(s, undefined);
      }
    }
  }

  setMode(mode: FeedMode): void {
    this.mode = mode;
    this.crypto?.setMode(mode);
  }

  setKeys(keys: AlpacaKeys | null): void {
    this.keys = keys;
    this.stocks?.stop();
    this.stocks = null;
    // Once started (before that, start() does it).
    if (this.crypto !== null) this.startStocks();
  }

  view(): FeedsView {
    return {
      mode: this.mode,
      crypto: this.crypto ? feedView(this.crypto) : null,
      stocks: this.stocks ? feedView(this.stocks) : null,
      alpaca: this.keys !== null,
    };
  }
}

function feedView(m: FeedManager): FeedView {
  const s: FeedStatus = m.status;
  const v: FeedView = { source: s.source, label: LABEL[s.source] ?? s.source, state: s.state, malformed: s.malformed, since: s.since };
  // The plain words on screen ("Coinbase Exchange could not be reached"); what the venue or the browser said, for a tooltip.
  const shown = s.plain ?? s.reason;
  if (shown !== undefined) v.reason = shown;
  if (s.reason !== undefined && s.reason !== shown) v.detail = s.reason;
  return v;
}
