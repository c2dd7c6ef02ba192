/**
 * A fake engine for the client's tests: it answers the few calls the client
 * makes, lets a test push frames, and holds back the history fetch so a test
 * can put frames before it (the race the merge rules exist for).
 */
import type { FillView, Frame, InstrumentInfo, Notice, OrderView, Session } from '../../protocol';
import type { EngineLink } from './engine';

export interface FakeEngine extends EngineLink {
  /** Sends a frame to the subscriber, as the worker does each tick. */
  push(f: Frame): void;
  /** Resolves when the client has subscribed. */
  subscribed: Promise<void>;
  /** Answers the pending `orders()` and `fills()` calls. */
  answerHistory(orders: OrderView[], fills: FillView[]): void;
  flushes: number;
}

export function fakeEngine(list: InstrumentInfo[]): FakeEngine {
  let listener: ((f: Frame) => void) | null = null;
  let onSubscribed!: () => void;
  const subscribed = new Promise<void>((r) => (onSubscribed = r));
  let answer!: (h: { orders: OrderView[]; fills: FillView[] }) => void;
  const history = new Promise<{ orders: OrderView[]; fills: FillView[] }>((r) => (answer = r));
  const fake: FakeEngine = {
    flushes: 0,
    subscribed,
    instruments: async () => list,
    subscribe: async (cb) => {
      listener = cb;
      onSubscribed();
    },
    orders: async () => (await history).orders,
    fills: async () => (await history).fills,
    flush: async () => {
      fake.flushes++;
      return { ok: true };
    },
    push(f) {
      if (listener === null) throw new Error('push before subscribe');
      listener(f);
    },
    answerHistory: (orders, fills) => answer({ orders, fills }),
  };
  return fake;
}

export function instrument(symbol: string): InstrumentInfo {
  return {
    symbol, name: symbol, group: 'exchange', base: symbol, quote: 'USD', tick: 0.01, lot: 1,
    priceDecimals: 2, qtyDecimals: 0, makerFeeBps: 0, takerFeeBps: 0, calendar: '24/7',
  };
}

export function order(id: string, updatedAt: number, status: OrderView['status'] = 'open'): OrderView {
  return {
    id, symbol: 'FUN', side: 'buy', type: 'limit', price: 1, stopPrice: null, qty: 10, filled: 0, tif: 'GTC',
    status, avgPrice: null, createdAt: 1, updatedAt,
  };
}

export function fill(seq: number, orderId: string): FillView {
  return { seq, ts: seq * 1000, symbol: 'FUN', side: 'buy', price: 1, qty: 1, fee: 0, feeAsset: 'USD', orderId, liquidity: 'taker' };
}

/** Tickers for `n` instruments: last = 10·(i+1), bid/ask one tick around it unless `noTrade`. */
function tickers(n: number, noTrade: boolean): Frame['tickers'] {
  const at = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    last: at((i) => (noTrade ? NaN : 10 * (i + 1))),
    bid: at((i) => 10 * (i + 1) - 0.01),
    ask: at((i) => 10 * (i + 1) + 0.01),
    open24: at((i) => 10 * (i + 1)),
    value24: at(() => 0),
    open: Uint8Array.from({ length: n }, () => 1),
    spark: new Float32Array(n * 2).map((_, j) => j),
    sparkPoints: 2,
  };
}

export interface FrameParts {
  n?: number;
  instruments?: number;
  noTrade?: boolean;
  sessions?: Record<string, Session>;
  orders?: OrderView[];
  fills?: FillView[];
  notices?: Notice[];
}

export function frame(p: FrameParts = {}): Frame {
  return {
    n: p.n ?? 1, now: 0, speed: 1, role: 'leader',
    tickers: tickers(p.instruments ?? 0, p.noTrade ?? false),
    sessions: p.sessions ?? {},
    openOrders: [],
    orders: p.orders ?? [],
    fills: p.fills ?? [],
    portfolio: {
      account: 'you', cashAsset: 'USD', cash: 0, cashAvailable: 0, equity: 0, dayPnl: 0, totalPnl: 0, realized: 0,
      unrealized: 0, fees: 0, netDeposits: 0, holdings: [],
    },
    feeds: null,
    notices: p.notices ?? [],
    book: null, tape: [], candles: null,
  };
}
