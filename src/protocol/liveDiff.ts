/**
 * Why a strategy's live run differs from its backtest, as the Strategies
 * page shows it (`strategyVsBacktest(id)`): money in the quote currency,
 * times in Unix seconds (as the strategies' charts). The engine's own shapes
 * are `src/core/sim/liveVsBacktest.ts` and `src/core/backtest/liveDiff.ts`.
 */
import type { LiveComparison } from '../core/backtest/liveDiff';
import type { Timeframe } from '../core/market/candles';
import type { ParamValue } from '../core/strategy/types';
import type { SideName } from './views';

/** The fills of one signal in one run, summed: the first fill's time, units, average price, fees. */
export interface LiveDiffFill {
  t: number;
  units: number;
  price: number;
  fee: number;
}

/** One signal, side by side. */
export interface LiveDiffRow {
  /** The bar that sent the order (its open, Unix seconds). */
  t: number;
  side: SideName;
  reason: string;
  live: LiveDiffFill | null;
  backtest: LiveDiffFill | null;
  /** What live fill prices cost beyond the backtest's on the units both filled (negative: live did better). */
  slippage: number;
  /** Live fees minus backtest fees. */
  fees: number;
  /** `matched`: both filled; `missed live`: only the backtest filled; `extra live`: only live filled. */
  kind: 'matched' | 'missed live' | 'extra live';
}

/** The split of the P&L difference, as the core computes it (livePnl − backtestPnl = fromSlippage + fromFees + fromOther). */
export type LiveDiffSummary = LiveComparison['summary'];

export interface StrategyVsBacktest {
  id: string;
  title: string;
  symbol: string;
  timeframe: Timeframe;
  params: Record<string, ParamValue>;
  /** The money both runs start the compared bars with. */
  startEquity: number;
  /** The exchange's taker fee both pay, a share of the value (0.0005 = 0.05 %). */
  feeRate: number;
  /** The compared bars: how many, the first's and the last's open (Unix seconds). */
  bars: number;
  from: number;
  to: number;
  /** Bars it ran in all (as far as its kept history tells). */
  barsRun: number;
  /** Set when only its last bars could be compared: `compared over the last N bars (why)`. */
  partial: string | null;
  /** What else differs between the runs (a pause, a change of parameters). */
  notes: string[];
  summary: LiveDiffSummary;
  rows: LiveDiffRow[];
}
