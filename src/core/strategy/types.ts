/**
 * The strategy SDK's shapes: what a strategy declares, and the one context
 * every hook gets. A strategy is written once against these and runs
 * unchanged in three venues: the simulated exchange (an agent whose orders
 * walk a real book), a live feed (the same, on a feed-driven market), and the
 * backtester (issue 12: bars and backtesting.py's fill rules). The venue is
 * behind `Broker`; nothing here knows which one it is.
 *
 * Decimals at this edge: a strategy thinks in prices, units and quote money
 * (as a person does); the venue converts to ticks and lots once, in its own
 * order path (the sim's `submit`, with the account's risk rules).
 */
import type { Timeframe } from '../market/candles';

/** A parameter's declaration: its type, default and allowed values. */
export type ParamSpec =
  | { type: 'number'; default: number; min?: number; max?: number; step?: number; label?: string; help?: string }
  | { type: 'integer'; default: number; min?: number; max?: number; step?: number; label?: string; help?: string }
  | { type: 'boolean'; default: boolean; label?: string; help?: string }
  | { type: 'choice'; default: string; options: readonly string[]; label?: string; help?: string };

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type ParamValue = number | boolean | string;
/** Checked parameter values, one per declared parameter (params.ts fills defaults and refuses the rest). */
export type ParamValues = Readonly<Record<string, ParamValue>>;

/** One closed bar, in decimals; `time` is its open time, UTC ms. Reused by the runner: copy what you keep. */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * A declared indicator as a strategy reads it: the value after the last
 * closed bar, the ones before it, and whether it is warmed up (NaN before).
 * `prev(1)` is the value one bar ago; beyond the kept history it is NaN.
 */
export interface Series {
  readonly value: number;
  readonly ready: boolean;
  prev(barsAgo: number): number;
}

/** Where a declared indicator reads its input from each bar (default `close`). */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'hl2' | 'hlc3' | 'ohlc4' | 'volume';

/** How big an order is: exactly one of these. */
export type OrderSize = { units: number } | { cash: number } | { fraction: number };

/**
 * An order as a strategy asks for it. No `limit` and no `stop`: a market
 * order. `limit` only: a limit order. `stop` only: a stop (market) order that
 * triggers when the price reaches it. `tp`/`sl`: prices at which the position
 * this order opens is taken out (take-profit limit, stop-loss stop), placed
 * once it fills. Without a size, all available cash in whole units (buy) or
 * the whole position (sell), as backtesting.py sizes by default.
 */
export interface OrderRequest {
  size?: OrderSize;
  limit?: number;
  stop?: number;
  tp?: number;
  sl?: number;
  /** Why: shown on the chart marker and in the strategy's log. */
  reason?: string;
}

export type OrderSide = 'buy' | 'sell';

/** A strategy's order still open at the venue. */
export interface OpenOrder {
  readonly id: string;
  readonly side: OrderSide;
  readonly type: 'market' | 'limit' | 'stop';
  readonly units: number;
  readonly filledUnits: number;
  readonly price?: number;
  readonly stopPrice?: number;
  readonly reason?: string;
}

/** A fill of one of its orders. */
export interface Fill {
  readonly orderId: string;
  readonly side: OrderSide;
  readonly units: number;
  readonly price: number;
  readonly fee: number;
  readonly time: number;
  readonly reason?: string;
}

/** The position in the strategy's instrument: units (negative: short, where the venue allows it). */
export interface Position {
  readonly units: number;
  /** Average entry price; NaN when flat. */
  readonly avgPrice: number;
  /** Unrealised P&L at the last close, quote money. */
  readonly pnl: number;
}

/** Exits to attach to an entry: a take-profit limit and a stop-loss stop, one cancelling the other. */
export interface Exits {
  tp?: number;
  sl?: number;
}

/** What an order method answers: the venue's order id, or why it was refused (nothing was sent). */
export type OrderAnswer = { ok: true; id: string } | { ok: false; code: string; message: string };

/** Declaring indicators, in `init`: each is fed every closed bar (before `onBar`) and drawn as an overlay when asked. */
export interface IndicatorFactory {
  sma(period: number, source?: PriceSource): Series;
  ema(period: number, source?: PriceSource): Series;
  wma(period: number, source?: PriceSource): Series;
  rsi(period: number, source?: PriceSource): Series;
  macd(fast: number, slow: number, signal: number, source?: PriceSource): { line: Series; signal: Series; histogram: Series };
  bollinger(period: number, k: number, source?: PriceSource): { upper: Series; middle: Series; lower: Series };
  atr(period: number): Series;
  stddev(period: number, source?: PriceSource): Series;
  zscore(period: number, source?: PriceSource): Series;
  vwap(period: number): Series;
  highest(period: number, source?: PriceSource): Series;
  lowest(period: number, source?: PriceSource): Series;
}

/**
 * The one context every hook gets (one object per running strategy, reused: keep nothing of it but `state`).
 * `I` is what `init` returns: its declared indicators, by the names the strategy gave them.
 */
export interface StrategyContext<P extends ParamValues = ParamValues, I = unknown> {
  readonly params: P;
  /**
   * What `init` returned (its indicators: `{ fast: ctx.ind.sma(10), … }`),
   * kept per running strategy. A declaration is shared by every instance that
   * runs it, so nothing of one instance may live on the declaration itself.
   */
  readonly indicators: I;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The bar that just closed (in `init`: none yet, all NaN). */
  readonly bar: Bar;
  /** Bars seen so far (the first closed bar is 1). */
  readonly barIndex: number;
  readonly position: Position;
  /** Quote money not tied up in open orders. */
  readonly cash: number;
  /** Cash plus the position at the last close. */
  readonly equity: number;
  readonly openOrders: readonly OpenOrder[];
  /** The strategy's own JSON-serialisable memory: saved with the sim and restored after a reload. */
  state: Record<string, unknown>;
  /** Indicator declarations (valid in `init` only; later calls are refused with an error). */
  readonly ind: IndicatorFactory;
  buy(o?: OrderRequest): OrderAnswer;
  sell(o?: OrderRequest): OrderAnswer;
  /** Closes the whole position at market (and cancels its open orders). */
  close(reason?: string): OrderAnswer;
  cancel(orderId: string): OrderAnswer;
  log(message: string): void;
}

/**
 * A strategy: a small declaration. `name` is its id (kebab-case, e.g.
 * `sma-cross`); `title` and `description` are what a beginner reads in the
 * app. Hooks may throw: the runner stops that strategy with the message and
 * the line, and nothing else.
 */
export interface StrategyDef<P extends ParamValues = ParamValues, I = unknown> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly params: ParamSpecs;
  /** The timeframe it runs on unless the person picks another. */
  readonly timeframe: Timeframe;
  /** A rule across parameters (e.g. fast < slow): the message when values break it, null when fine. */
  readonly validate?: (params: P) => string | null;
  /** Declares its indicators (`ctx.ind`) and returns them by name: they are `ctx.indicators` in the other hooks. */
  init(ctx: StrategyContext<P, I>): I;
  onBar(ctx: StrategyContext<P, I>): void;
  onFill?(ctx: StrategyContext<P, I>, fill: Fill): void;
  onStop?(ctx: StrategyContext<P, I>): void;
}

/**
 * The venue a runner trades through (the sim's exchange, the backtester's
 * broker). Orders are in decimals; the venue converts, applies the account's
 * risk rules and answers at once (a refusal sends nothing).
 */
export interface Broker {
  /** Whether a sell beyond the position is allowed (false: spot, refused with a reason). */
  readonly allowsShort: boolean;
  /**
   * Whether the venue itself places an entry's exits (`exits` of `submit`)
   * once it fills, one cancelling the other (the sim's exchange does, with
   * the two legs sharing one escrow, as spot needs). Absent or false: the
   * runner places them after the entry's fill and cancels the other leg when
   * one fills (OCO in the runner), and `exits` is never passed.
   */
  readonly brackets?: boolean;
  /**
   * Whether the venue sizes money-sized orders when they fill, from the money
   * free then, as backtesting.py does (so `close(); buy()` on one bar buys with
   * what the close frees). When true, a default-size or `{ fraction }` order
   * reaches `submit` with `units` 0 and the share of the money in `fraction`.
   */
  readonly sizesAtFill?: boolean;
  position(): Position;
  cash(): number;
  equity(): number;
  openOrders(): readonly OpenOrder[];
  submit(
    side: OrderSide, type: 'market' | 'limit' | 'stop', units: number, price: number | undefined, stop: number | undefined,
    reason: string | undefined, exits?: Exits, fraction?: number,
  ): OrderAnswer;
  cancel(orderId: string): OrderAnswer;
  /** Units are rounded down to what the venue accepts (lot size; whole units by default in backtests). */
  roundUnits(units: number): number;
}

/** Where a strategy is in its life. `error`: a hook threw (or the sandbox failed); it does nothing more. */
export type StrategyStatus = 'running' | 'paused' | 'stopped' | 'error';

/** Why a strategy stopped with an error: the message, and the line of its code where known. */
export interface StrategyError {
  message: string;
  line?: number;
}

/** A mark on the chart: a fill (at its price) or a signal (an order sent or refused, at the bar's close). */
export interface StrategyMarker {
  time: number;
  side: OrderSide;
  price: number;
  units: number;
  reason: string;
  kind: 'fill' | 'signal';
  /** A fill's fee, where the venue reports it. */
  fee?: number;
  /** A fill's order: when it was sent (the bar's time), where the venue knows it (the backtester). */
  signalTime?: number;
}

/** What the UI draws for one strategy: bounded histories (the last ~2000 bars, 500 markers, 200 log lines). */
export interface StrategyDetail {
  equity: { t: number[]; v: number[] };
  markers: StrategyMarker[];
  /** Declared price-scale indicators (moving averages, bands, channels), one line each; NaN before warm-up. */
  overlays: { name: string; t: number[]; v: number[] }[];
  log: { time: number; message: string }[];
}
