/**
 * The rows the store keeps. Decimals are plain numbers here (what the UI
 * shows), not the engine's integers; times are sim time in UTC ms.
 */
import type { Kline } from '../core/market/candleData';

/** One journal entry: a sim input, opaque to the store. `seq` counts from 1 with no gaps. */
export interface InputRow {
  seq: number;
  /** A `SimInput` (step, user command, reference price) as JSON; the store never looks inside. */
  input: unknown;
  /** Sim time when the input was taken. */
  at: number;
}

/** The sim's state after journal entry `seq` (0: before any input). `data` must be plain JSON so a backup carries it. */
export interface SnapshotRow {
  seq: number;
  at: number;
  /** The state hash, so a restore can check what it rebuilt. */
  hash: string;
  data: unknown;
}

export type OrderStatus = 'open' | 'filled' | 'cancelled' | 'rejected' | 'pending';

export interface OrderRow {
  id: string;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: string;
  price: number;
  stopPrice: number;
  qty: number;
  filled: number;
  tif: string;
  status: OrderStatus;
  /** Why it was cancelled or rejected. */
  reason?: string;
  /** Volume-weighted fill price (0 before any fill). */
  avgPrice?: number;
  /** A bracket leg's entry; an entry's take-profit and stop-loss prices. */
  parent?: string;
  takeProfit?: number;
  stopLoss?: number;
  createdAt: number;
  updatedAt: number;
}

/** One fill of one of a person's orders (a trade between two people is two rows, one per account). */
export interface TradeRow {
  /** The store's own key, in insertion order. */
  n: number;
  /** The exchange's trade sequence number. */
  tradeSeq: number;
  ts: number;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: number;
  qty: number;
  fee: number;
  feeAsset: string;
  orderId: string;
  liquidity: 'maker' | 'taker';
}

/** A trade as the worker hands it to `commit` (the store numbers it). */
export type NewTrade = Omit<TradeRow, 'n'>;

export interface EquityRow {
  account: string;
  ts: number;
  equity: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export const ORDER_STATUSES: readonly OrderStatus[] = ['open', 'filled', 'cancelled', 'rejected', 'pending'];

/**
 * One exchange candle in the kline cache. `t` is the open time in UTC ms
 * (aligned to the interval); prices and volume are the exchange's decimals.
 */
export interface KlineRow extends Kline {
  symbol: string;
  /** A `Timeframe`: 1s, 1m, 5m, 15m, 1h, 1d. */
  interval: string;
}

/**
 * A span of open times `[from, to)` (UTC ms, aligned to the interval) for
 * which the cache holds every candle the exchange had. Spans of one pair
 * never overlap or touch: a write merges them.
 */
export interface KlineRangeRow {
  symbol: string;
  interval: string;
  from: number;
  to: number;
}

/**
 * A strategy the person wrote (src/ui/editor): its JavaScript source, keyed
 * by its name. The name is what a running copy is started as (`user:<name>`)
 * and the file name of its export, so it is kept to letters, digits, `-` and
 * `_` (`src/storage/userStrategies.ts`). Times are wall-clock UTC ms.
 */
export interface UserStrategyRow {
  name: string;
  code: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * Where a running user strategy's sandbox was at the last commit
 * (`src/worker/sandbox/resume.ts`), so a reload goes on from it rather than
 * starting its code afresh: its runner's state as the sandbox reported it
 * (opaque text, checked by a sandbox when it loads it), the open time of the
 * last bar it answered, and the bars it had been sent or had waiting without
 * an answer yet. Written with the journal, in the same transaction, one row
 * per strategy id. Not in the sim's snapshot: a replay never runs the code.
 */
export interface StrategyStateRow {
  /** The strategy's id (`S1`). */
  id: string;
  /** `user:<name>` and its start (sim time): which run of that id it was, should ids ever be counted again. */
  strategy: string;
  startedAt: number;
  /** Sim time of the commit that wrote it. */
  at: number;
  /** Open time of the last bar its sandbox answered; null before the first. */
  bar: number | null;
  /** Its runner's state as JSON text; null when it could not be saved (not JSON, too big). */
  state: string | null;
  /** Bars sent or queued without an answer at that commit, oldest first (`{ bar, params, fills }`). */
  pending: unknown[];
}

/** A stored series' description (`series`, keyed by id; src/storage/series.ts). */
export type { SeriesMeta as SeriesRow } from '../core/backtest/series';

/**
 * A stored series' bars (`seriesColumns`, keyed by the series' id), one
 * Float64Array per column, as IndexedDB keeps them: times in UTC ms, prices
 * as decimals, volume NaN where the source has none.
 */
export interface SeriesColumnsRow {
  id: string;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * One synthetic market's seeded past (schema 8): its 1-minute candles as
 * columns, in the engine's units (open time in UTC ms, prices in ticks,
 * volume in lots), drawn for the profile whose seed it carries, ending at
 * `end` (UTC ms, the minute its market opened).
 */
export interface PastCandlesRow {
  seed: string;
  symbol: string;
  end: number;
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
}
