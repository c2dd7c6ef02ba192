import type { RunColumns } from '../strategy/columns';
/**
 * The backtester's shapes: the data it runs over (typed-array columns, no
 * object per bar), how a run is configured, and what it answers. The
 * semantics are backtesting.py's (README.md in this folder says which, and
 * where we differ); the statistics are named and computed as its
 * `compute_stats` computes them.
 */
import type { StrategyError, StrategyMarker } from '../strategy/types';

/**
 * OHLCV bars as columns, oldest first. `time` is each bar's open time in UTC
 * ms, strictly increasing. Prices are decimals (a backtest is not an
 * exchange: no ticks), volume may be NaN where the source has none.
 */
export type OhlcvColumns = RunColumns; // the SDK's own shape of a run's bars (it computes indicators ahead over them)

/** What a broker charges per fill: a share of the value, a fixed amount, and an amount per unit (all may be 0). */
export interface Commission {
  /** Share of the fill's value, e.g. 0.002 for 0.2 % (backtesting.py's `commission`). */
  rate: number;
  /** Money per fill (backtesting.py's fixed part of `(fixed, relative)`). */
  fixed: number;
  /** Money per unit filled (per share, per contract). */
  perUnit: number;
}

export interface BacktestConfig {
  /** Starting cash, > 0. */
  cash: number;
  commission: Commission;
  /**
   * Spread (or slippage) in basis points: buys fill this much above the
   * price, sells below (backtesting.py's `spread`, as bps: 10 bps = 0.001).
   */
  spreadBps: number;
  /** Margin ratio, (0, 1]: 1 is a cash account, 0.5 is 2:1 leverage (backtesting.py's `margin`). */
  margin: number;
  /** Market orders fill at the close of the bar that sent them instead of the next bar's open. */
  tradeOnClose: boolean;
  /** Each new order first closes the position and cancels other orders (backtesting.py's `exclusive_orders`). */
  exclusiveOrders: boolean;
  /** Close the trades still open on the last bar so they count (backtesting.py's `finalize_trades`). */
  finalizeTrades: boolean;
  /** Trade fractions of a unit (crypto) instead of whole units. */
  fractional: boolean;
  /** Sell short (backtesting.py does); off: a sell beyond the position is refused, as on a spot market. */
  allowShort: boolean;
}

export const DEFAULT_BACKTEST_CONFIG: Readonly<BacktestConfig> = Object.freeze({
  cash: 10_000,
  commission: Object.freeze({ rate: 0, fixed: 0, perUnit: 0 }),
  spreadBps: 0,
  margin: 1,
  tradeOnClose: false,
  exclusiveOrders: false,
  finalizeTrades: true,
  fractional: false,
  allowShort: true,
});

/** A closed trade (a position's entry and exit, FIFO), as backtesting.py's `_trades` frame has it. */
/** What the statistics read of closed trades, trade `k` (0 the first closed): the run's columns, or a list of `BacktestTrade`s. */
export interface TradeNumbers {
  readonly length: number;
  entryBar(k: number): number;
  exitBar(k: number): number;
  entryTime(k: number): number;
  exitTime(k: number): number;
  pnl(k: number): number;
  returnPct(k: number): number;
  commission(k: number): number;
}

export interface BacktestTrade {
  /** Units, signed: negative for a short. */
  size: number;
  entryBar: number;
  exitBar: number;
  entryTime: number;
  exitTime: number;
  /** Entry price, spread included (backtesting.py's adjusted price). */
  entryPrice: number;
  exitPrice: number;
  /** Profit or loss in money, commissions deducted. */
  pnl: number;
  /** Return as a fraction of the entry value, commissions deducted (backtesting.py's `ReturnPct`, a fraction despite the name). */
  returnPct: number;
  commission: number;
  sl: number | null;
  tp: number | null;
  /** Why it was entered (the order's reason) and why it ended (a reason, 'stop-loss', 'take-profit', 'end of data'). */
  entryReason: string;
  exitReason: string;
}

/**
 * The statistics, one field per figure of backtesting.py's `compute_stats`
 * (labels and explanations in stats.ts). Percentages are in percent, as
 * there; durations in ms; a figure that cannot be computed is NaN.
 */
export interface BacktestStats {
  start: number;
  end: number;
  durationMs: number;
  exposurePct: number;
  equityFinal: number;
  equityPeak: number;
  commissions: number;
  returnPct: number;
  buyHoldReturnPct: number;
  returnAnnPct: number;
  volatilityAnnPct: number;
  cagrPct: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  alphaPct: number;
  beta: number;
  maxDrawdownPct: number;
  avgDrawdownPct: number;
  maxDrawdownDurationMs: number;
  avgDrawdownDurationMs: number;
  trades: number;
  winRatePct: number;
  bestTradePct: number;
  worstTradePct: number;
  avgTradePct: number;
  maxTradeDurationMs: number;
  avgTradeDurationMs: number;
  profitFactor: number;
  expectancyPct: number;
  sqn: number;
  kelly: number;
}

export interface BacktestResult {
  stats: BacktestStats;
  trades: BacktestTrade[];
  /** Equity at each bar's close (after that bar's fills), one per bar. */
  equity: Float64Array;
  /** Drawdown at each bar, a fraction in [0, 1] below the running peak. */
  drawdown: Float64Array;
  /** Fills and signals, for the candles (every one: a backtest keeps them all). */
  markers: StrategyMarker[];
  /** The strategy's declared price-scale indicators, one value per bar (NaN before warm-up). */
  overlays: { name: string; values: Float64Array }[];
  log: { time: number; message: string }[];
  /** Bars before every declared indicator has a value (backtesting.py's warm-up: Buy & Hold starts after it). */
  warmup: number;
  /** Set when the strategy threw: the run stopped there, and the figures cover the bars before it. */
  error: StrategyError | null;
  /** Bars run (fewer than the data's when cancelled or stopped by an error). */
  bars: number;
}

/** Progress and cancel for long runs: `onProgress` now and then, and a run stops (cancelled) when `cancelled()` says so. */
export interface RunControl {
  onProgress?(done: number, total: number): void;
  cancelled?(): boolean;
  /**
   * Bars before this one are history only: the strategy's indicators are fed
   * them (so it starts warm, as a walk-forward test after its in-sample
   * window should), but it sends no order, and the result (equity, trades,
   * statistics) covers the bars from here on. Default 0.
   */
  tradeFrom?: number;
  /** The line of the strategy's code a throw came from (a person's code: the sandbox's mapping); default: the stack's first frame. */
  lineOf?(e: unknown): number | undefined;
}
