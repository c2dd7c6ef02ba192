import type { Result } from '../codes';
import { backtestLikeLive, compareLive, type LiveComparison } from '../backtest/liveDiff';
import type { Timeframe } from '../market/candles';
import type { ParamValues } from '../strategy/types';
import type { StrategyRun } from './strategyRun';

/** Why a strategy's live run differs from its backtest over the same bars: the comparison and what it covers (UTC ms). */
export interface LiveVsBacktest {
  id: string;
  title: string;
  symbol: string;
  timeframe: Timeframe;
  params: ParamValues;
  /** The money both runs start the compared bars with (the live equity then; its budget when every bar is compared). */
  startEquity: number;
  /** The taker fee both pay, a share of the value. */
  feeRate: number;
  /** The compared bars: how many, the first's open and the last's (UTC ms). */
  bars: number;
  from: number;
  to: number;
  /** Bars it ran in all (as far as its bounded history tells). */
  barsRun: number;
  partial: string | null;
  notes: string[];
  comparison: LiveComparison;
}

/**
 * The backtest of a strategy's live run (`backtestLikeLive`: its parameters,
 * its money, the exchange's fee, spot, fills at the close that sent them)
 * over the bars it saw, and the two side by side (`compareLive`). Pure: the
 * same run gives the same answer.
 */
export function liveVsBacktest(run: StrategyRun): Result<{ answer: LiveVsBacktest }> {
  const { candles } = run;
  const bt = backtestLikeLive(run.def, run.params, candles, { budget: run.startEquity, feeRate: run.feeRate });
  if (!bt.ok) return bt;
  const cmp = compareLive({ markers: run.markers, startEquity: run.startEquity, endEquity: run.endEquity }, bt.result, candles, { until: run.until });
  if (!cmp.ok) return cmp;
  return {
    ok: true,
    answer: {
      id: run.id, title: run.title, symbol: run.symbol, timeframe: run.timeframe, params: { ...run.params },
      startEquity: run.startEquity, feeRate: run.feeRate,
      bars: candles.length, from: candles.time[0], to: candles.time[candles.length - 1], barsRun: run.barsRun,
      partial: run.partial, notes: [...run.notes], comparison: cmp.comparison,
    },
  };
}
