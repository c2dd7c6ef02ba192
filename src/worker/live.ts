/**
 * Live reference prices for the leader's engine: the crypto feed (Binance →
 * Coinbase → Kraken → synthetic, or the person's pick) and, with the person's
 * own Alpaca keys, the stocks. Prices arrive batched; each tick applies what
 * came as one sim input, so the journal replays it exactly.
 */
import { AlpacaSource, FeedManager, cryptoSources, type FeedBatch, type FeedMode, type FeedStatus, type FeedSource } from '../feeds';
import type { Engine } from './engine';
import type { FeedView, FeedsView } from './protocol';

export const FEED_MODES: readonly FeedMode[] = ['auto', 'binance', 'coinbase', 'kraken', 'synthetic'];
const LABEL: Record<string, string> = { binance: 'Binance', coinbase: 'Coinbase', kraken: 'Kraken', alpaca: 'Alpaca (IEX)', synthetic: 'Synthetic' };

export interface AlpacaKeys {
  key: string;
  secret: string;
}

export class LiveFeeds {
  private crypto: FeedManager | null = null;
  private stocks: FeedManager | null = null;
  private batches: FeedBatch[] = [];

  constructor(
    private readonly engine: Engine,
    private mode: FeedMode,
    private keys: AlpacaKeys | null,
    /** Sources, injected for tests. */
    private readonly make: { crypto: () => FeedSource[]; stocks: (k: AlpacaKeys) => FeedSource[] } = {
      crypto: () => cryptoSources(),
      stocks: (k) => [new AlpacaSource({ key: k.key, secret: k.secret })],
    },
  ) {}

  start(): void {
    const list = this.engine.instruments();
    const crypto = list.filter((i) => i.group === 'crypto').map((i) => i.symbol);
    const stocks = list.filter((i) => i.group === 'stock').map((i) => i.symbol);
    const onBatch = (b: FeedBatch) => this.batches.push(b);
    this.crypto = new FeedManager({ sources: this.make.crypto(), symbols: crypto, onBatch, mode: this.mode });
    this.crypto.start();
    if (this.keys !== null) {
      // A closed market is quiet, not dead: no quiet-feed replacement for stocks.
      this.stocks = new FeedManager({ sources: this.make.stocks(this.keys), symbols: stocks, onBatch, mode: 'alpaca', quietMs: 0 });
      this.stocks.start();
    }
  }

  stop(): void {
    this.crypto?.stop();
    this.stocks?.stop();
    this.crypto = this.stocks = null;
  }

  /** Applies what the feeds delivered since the last tick: prices first, then the symbols handed back to the generator. */
  apply(): void {
    if (this.batches.length === 0) return;
    const batches = this.batches;
    this.batches = [];
    const sim = this.engine.sim;
    for (const b of batches) {
      if (b.prices.length > 0) sim.setReferences(b.prices.map((p) => [p.symbol, p.price] as [string, number]));
      for (const p of b.prices) if (p.open24 !== undefined) this.engine.setLiveOpen24(p.symbol, p.open24);
      for (const s of b.synthetic) {
        sim.setSynthetic(s);
        this.engine.setLiveOpen24(s, undefined);
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
    if (keys !== null && this.crypto !== null) {
      const stocks = this.engine.instruments().filter((i) => i.group === 'stock').map((i) => i.symbol);
      this.stocks = new FeedManager({ sources: this.make.stocks(keys), symbols: stocks, onBatch: (b) => this.batches.push(b), mode: 'alpaca', quietMs: 0 });
      this.stocks.start();
    }
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
  // On the generator because every venue failed: say what each one said, not only the last.
  const failures = Object.entries(m.failures);
  if (s.state === 'synthetic' && failures.length > 1) v.reason = failures.map(([id, why]) => (why.startsWith(LABEL[id] ?? id) ? why : `${LABEL[id] ?? id}: ${why}`)).join('; ');
  else if (s.reason !== undefined) v.reason = s.reason;
  return v;
}
