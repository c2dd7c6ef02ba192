/**
 * What the worker shows the UI: instruments, orders, fills, portfolios and the
 * frames pushed every tick. Everything here is in decimals (prices,
 * quantities, money) as a person reads them; the engine's integers never
 * cross the boundary. The UI imports these as types only.
 */
import type { Code } from '../core/codes';
import type { CandleData } from '../core/market/candleData';
import type { EntrySpec } from '../core/market/orderEntry';
import type { Timeframe } from '../core/market/candles';
import type { ParamSpecs } from '../core/strategy/types';
import type { StrategyView as SimStrategyView } from '../core/sim/strategyView';
import type { Speed } from './commands';

export type Group = 'exchange' | 'stock' | 'crypto';
export type SideName = 'buy' | 'sell';
export type OrderTypeName = 'limit' | 'market' | 'stop' | 'stop_limit';
export type TifName = 'GTC' | 'IOC' | 'FOK';

/** An instrument as the UI shows it; what order entry needs of it (tick, lot, decimals, fees) is core's EntrySpec. */
export interface InstrumentInfo extends EntrySpec {
  symbol: string;
  name: string;
  group: Group;
  quote: string;
  calendar: '24/7' | 'NYSE';
}

/**
 * Every instrument's ticker, in the order of `instruments()`, as parallel
 * typed arrays (transferred, not copied). NaN where there is no value yet.
 */
export interface Tickers {
  last: Float64Array;
  bid: Float64Array;
  ask: Float64Array;
  /** Price 24 h ago (or the first trade, if the market is younger). */
  open24: Float64Array;
  /** Traded value over 24 h, in the quote currency. */
  value24: Float64Array;
  /** 1 when the instrument's market is open. */
  open: Uint8Array;
  /** Sparkline closes, `sparkPoints` per instrument, oldest first (NaN before trading). */
  spark: Float32Array;
  sparkPoints: number;
}

export interface Session {
  open: boolean;
  reason: string;
  /** Sim time (UTC ms) of the next open or close; 0 if none. */
  nextChange: number;
}

export interface Level {
  price: number;
  qty: number;
}

export interface Book {
  symbol: string;
  bids: Level[];
  asks: Level[];
}

export interface TapeTrade {
  seq: number;
  ts: number;
  price: number;
  qty: number;
  /** The taker's side: a buy lifted the offer. */
  side: SideName;
}

export type OrderStatus = 'open' | 'pending' | 'filled' | 'cancelled';

export interface OrderView {
  id: string;
  symbol: string;
  side: SideName;
  type: OrderTypeName;
  /** Limit price; null for market and stop. */
  price: number | null;
  stopPrice: number | null;
  /** Total quantity ordered (after modifications). */
  qty: number;
  filled: number;
  tif: TifName;
  status: OrderStatus;
  /** Why it was cancelled (USER, IOC, STP, …). */
  reason?: string;
  /** The bracket entry this leg belongs to. */
  parent?: string;
  takeProfit?: number;
  stopLoss?: number;
  /** Volume-weighted fill price. */
  avgPrice: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface FillView {
  /** The exchange's trade sequence number. */
  seq: number;
  ts: number;
  symbol: string;
  side: SideName;
  price: number;
  qty: number;
  fee: number;
  feeAsset: string;
  orderId: string;
  liquidity: 'maker' | 'taker';
  /** Its place in storage (for paging), when read from there. */
  n?: number;
}

export interface HoldingView {
  symbol: string;
  qty: number;
  avgPrice: number;
  mark: number;
  value: number;
  cost: number;
  unrealized: number;
  realized: number;
  fees: number;
  allocation: number;
}

export interface PortfolioView {
  account: string;
  cashAsset: string;
  cash: number;
  cashAvailable: number;
  equity: number;
  /** Equity change since the sim day began (UTC), deposits and withdrawals aside. */
  dayPnl: number;
  totalPnl: number;
  realized: number;
  unrealized: number;
  fees: number;
  /** Deposits less withdrawals. */
  netDeposits: number;
  holdings: HoldingView[];
}

export interface PositionView {
  symbol: string;
  qty: number;
  avgPrice: number;
  mark: number;
  unrealized: number;
  realized: number;
  fees: number;
}

export interface LeaderRow {
  account: string;
  /** `strategy`: a strategy's own account (`strat:S1`), beside the person who started it. */
  kind: 'you' | 'person' | 'maker' | 'noise' | 'strategy';
  equity: number;
  /** Equity less net deposits, over net deposits (NaN when nothing was deposited). */
  returnPct: number;
}

/** Candles for the chart: oldest first, t in Unix seconds (open time), decimals; the feeds' history comes in the same columns. */
export type { CandleData } from '../core/market/candleData';

export interface EquitySeries {
  /** Unix seconds. */
  t: Float64Array;
  equity: Float64Array;
}

/** The part of a frame about what one tab is looking at (its View). */
export interface ViewDetail {
  /** For the viewed symbol. */
  book: Book | null;
  /** Trades on the viewed symbol since the last frame. */
  tape: TapeTrade[];
  /** The viewed symbol's last candle(s), to merge into the chart. */
  candles: CandleData | null;
}

/**
 * One push from the worker, at most one per animation frame. Lists are deltas
 * since the previous frame except where a field says it is the whole set.
 */
export type Frame = BaseFrame & ViewDetail & {
  /** Whether this tab runs the engine or follows the tab that does. */
  role: 'leader' | 'follower';
};

/** One feed's state, as the person sees it: live (source), reconnecting, or synthetic. */
export interface FeedView {
  source: string;
  label: string;
  state: 'live' | 'reconnecting' | 'synthetic';
  /** Why it is not live on the first choice, or why it reconnects, in plain words. */
  reason?: string;
  /** The technical detail behind `reason` ("closed with code 1006"), when it says more. */
  detail?: string;
  /** Messages ignored as malformed. */
  malformed: number;
  since: number;
}

export interface FeedsView {
  /** The person's pick for crypto: auto (Binance → Coinbase → Kraken), one venue, or synthetic only. */
  mode: string;
  crypto: FeedView | null;
  /** Only with the person's Alpaca keys. */
  stocks: FeedView | null;
  alpaca: boolean;
}

/** What every tab gets alike. */
export interface BaseFrame {
  /** Increases by one per frame. */
  n: number;
  /** Sim clock, UTC ms. */
  now: number;
  speed: Speed;
  tickers: Tickers;
  /** By symbol, only those that changed (all on the first frame). */
  sessions: Record<string, Session>;
  /** Whole set: the person's open and pending orders. */
  openOrders: OrderView[];
  /** Orders that changed since the last frame (any status). */
  orders: OrderView[];
  fills: FillView[];
  portfolio: PortfolioView;
  /** Where reference prices come from (null before the feeds start, and in tests). */
  feeds: FeedsView | null;
  /** Problems the person should know about (storage, feed); empty when fine. */
  notices: Notice[];
  /**
   * Whole set: every strategy the person started (stopped ones too), when
   * it may have changed (about once a second, and at once after a strategy
   * command); absent otherwise, so a frame stays small.
   */
  strategies?: StrategyView[];
  /**
   * Goes up each time a backup replaced the stored market (set by the leader;
   * absent in tests). A page that sees it change reloads: what it fetched
   * came from the market that was replaced.
   */
  epoch?: number;
}

export interface Notice {
  code: Code | string;
  message: string;
}


// ------------------------------------------------------------------ strategies

export type { StrategyStatus } from '../core/strategy/types';

/** A built-in strategy as the start form shows it: what it does in plain words, and its parameters' declarations. */
export interface StrategyInfo {
  name: string;
  title: string;
  description: string;
  /** The timeframe it runs on unless the person picks another. */
  timeframe: Timeframe;
  params: ParamSpecs;
}

/**
 * One running (or stopped) strategy, as its card shows it; money in the quote currency, decimals. The sim's own view
 * (core/sim/strategyView.ts) less its owner: a page sees only the person's own strategies.
 */
export type StrategyView = Omit<SimStrategyView, 'owner'>;

/** A strategy's fill or signal on the chart: ▲ buy / ▼ sell at `price`, `reason` on hover and as text. */
export interface StrategyMarker {
  /** Unix seconds (as the candles). */
  t: number;
  side: SideName;
  price: number;
  units: number;
  reason: string;
  /** A fill (at its price) or a signal (an order sent or refused, at the bar's close). */
  kind: 'fill' | 'signal';
}

/** A strategy's histories, bounded (the last ~2000 points, 500 markers, 200 log lines); times in Unix seconds but `log`'s (UTC ms). */
export interface StrategyDetail {
  id: string;
  equity: { t: number[]; v: number[] };
  markers: StrategyMarker[];
  /** Its declared price-scale indicators (e.g. `SMA 10`), one value per closed bar (NaN while warming up). */
  overlays: { name: string; t: number[]; v: number[] }[];
  log: { time: number; message: string }[];
}
