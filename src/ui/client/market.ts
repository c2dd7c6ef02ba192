/**
 * Market data: the instruments (fetched once), each market's ticker and
 * trading session (merged from frames, which carry only the sessions that
 * changed).
 *
 * Each market's ticker is a set of signals (liveTicker.ts) that a frame
 * writes field by field, and a write of an unchanged value is a no-op: a page
 * that shows 90 markets then redraws the few cells whose numbers moved, not
 * every row ten times a second. A sparkline is replaced only when its closes
 * changed (the worker refreshes them every few seconds, though every frame
 * carries them).
 */
import { createSignal, type Accessor } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Frame, InstrumentInfo, Session } from '../../protocol';
import { createLiveTicker, type LiveTicker } from './liveTicker';
import type { TickerRow } from './tickers';

export interface MarketStore {
  instruments: Accessor<InstrumentInfo[]>;
  /** By symbol; a frame brings only the sessions that changed. */
  sessions: Record<string, Session>;
  /** One instrument by symbol (reactive: re-runs once the list arrives). */
  info(symbol: string): InstrumentInfo | undefined;
  /** The ticker of one symbol as of the latest frame; undefined before one. Each field is reactive on its own. */
  ticker(symbol: string): TickerRow | undefined;
}

/** What only the client writes. */
export interface MarketFeed {
  setInstruments(list: InstrumentInfo[]): void;
  applyFrame(f: Frame): void;
}

export function createMarketStore(): [MarketStore, MarketFeed] {
  const [instruments, setList] = createSignal<InstrumentInfo[]>([]);
  const [sessions, setSessions] = createStore<Record<string, Session>>({});
  // Tickers come as arrays in the order of the list: a symbol's index finds its row.
  const bySymbol = new Map<string, number>();
  let live: LiveTicker[] = [];
  // Until the first frame no market has a ticker; set once.
  const [framed, setFramed] = createSignal(false);

  const market: MarketStore = {
    instruments,
    sessions,
    info(symbol) {
      const list = instruments(); // read first: the lookup must re-run once the list arrives
      const i = bySymbol.get(symbol);
      return i === undefined ? undefined : list[i];
    },
    ticker(symbol) {
      if (!framed()) return undefined;
      const i = bySymbol.get(symbol);
      return i === undefined ? undefined : live[i].row;
    },
  };
  const feed: MarketFeed = {
    setInstruments(list) {
      list.forEach((x, i) => bySymbol.set(x.symbol, i));
      live = list.map(() => createLiveTicker());
      setList(list);
    },
    applyFrame(f) {
      // One shallow merge, not a write per symbol: the first frame brings every market's session.
      if (Object.keys(f.sessions).length > 0) setSessions(f.sessions);
      const n = Math.min(live.length, f.tickers.last.length);
      for (let i = 0; i < n; i++) live[i].write(f.tickers, i);
      setFramed(true);
    },
  };
  return [market, feed];
}
