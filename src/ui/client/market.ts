/**
 * Market data: the instruments (fetched once), each market's ticker (read
 * from the latest frame) and trading session (merged from frames, which carry
 * only the sessions that changed).
 */
import { createSignal, type Accessor } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Frame, InstrumentInfo, Session } from '../../protocol';
import { tickerRow, type TickerRow } from './tickers';

export interface MarketStore {
  instruments: Accessor<InstrumentInfo[]>;
  /** By symbol; a frame brings only the sessions that changed. */
  sessions: Record<string, Session>;
  /** One instrument by symbol (reactive: re-runs once the list arrives). */
  info(symbol: string): InstrumentInfo | undefined;
  /** The ticker of one symbol from the latest frame (reactive). */
  ticker(symbol: string): TickerRow | undefined;
}

/** What only the client writes. */
export interface MarketFeed {
  setInstruments(list: InstrumentInfo[]): void;
  applyFrame(f: Frame): void;
}

/** `frame` is the client's latest frame, which holds the tickers. */
export function createMarketStore(frame: Accessor<Frame | null>): [MarketStore, MarketFeed] {
  const [instruments, setList] = createSignal<InstrumentInfo[]>([]);
  const [sessions, setSessions] = createStore<Record<string, Session>>({});
  // Tickers come as arrays in the order of the list: a symbol's index finds its row.
  const bySymbol = new Map<string, number>();

  const market: MarketStore = {
    instruments,
    sessions,
    info(symbol) {
      const list = instruments(); // read first: the lookup must re-run once the list arrives
      const i = bySymbol.get(symbol);
      return i === undefined ? undefined : list[i];
    },
    ticker(symbol) {
      const f = frame();
      if (f === null) return undefined;
      const i = bySymbol.get(symbol);
      if (i === undefined) return undefined;
      return tickerRow(f.tickers, i);
    },
  };
  const feed: MarketFeed = {
    setInstruments(list) {
      list.forEach((x, i) => bySymbol.set(x.symbol, i));
      setList(list);
    },
    applyFrame(f) {
      for (const [s, v] of Object.entries(f.sessions)) setSessions(s, v);
    },
  };
  return [market, feed];
}
