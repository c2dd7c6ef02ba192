/**
 * What the results show, from a run just finished (the worker's full result
 * and its bars) or a saved one (its record: no bars, a thinned curve): the
 * statistics, the trades, the equity and drawdown curves, and for a fresh run
 * the candles with the strategy's fills and indicators. The charts take Unix
 * seconds; the engine's times are UTC ms.
 */
import type { BacktestResult, OhlcvColumns } from '../../core/backtest/types';
import type { SavedRun, SavedRunInputs, SavedStats, SavedTrade } from '../../protocol';
import type { CandleData, Overlay, SignalMarker } from '../chart/types';
import { errorText, savedStats, savedTrades } from './record';

export interface Curve {
  /** Unix seconds. */
  t: number[];
  v: number[];
}

export interface RunView {
  /** The saved run's id once it is kept (null: not saved, or not yet). */
  id: number | null;
  inputs: SavedRunInputs;
  stats: SavedStats;
  trades: SavedTrade[];
  tradeCount: number;
  equity: Curve;
  /** Below the running peak, in percent (0 at a peak, −12.5 twelve and a half percent under it). */
  drawdown: Curve;
  /** A fresh run's bars, fills and indicators; null for a saved one (its bars are not kept). */
  candles: { data: CandleData; timeframeSeconds: number; signals: SignalMarker[]; overlays: Overlay[] } | null;
  /** A strategy that threw: the run stopped there (the figures cover the bars before). */
  error: string | null;
  /** What the run said of orders that did not go through (refused, or not filled for want of money): why few or no trades. */
  notes: string[];
}

/** At most this many notes: the first ones say why; a run refused on every bar would otherwise list thousands. */
const MAX_NOTES = 20;

/** Drawdown in percent below the running peak of `v`. */
export function drawdownPct(v: readonly number[]): number[] {
  let peak = -Infinity;
  return v.map((x) => {
    peak = Math.max(peak, x);
    return peak > 0 ? (x / peak - 1) * 100 : 0;
  });
}

/** The bars' spacing in seconds: the smallest gap between two bars (weekends and holidays are gaps, not the timeframe). */
export function barSeconds(timeMs: ArrayLike<number>): number {
  let best = Infinity;
  for (let i = 1; i < timeMs.length; i++) best = Math.min(best, timeMs[i] - timeMs[i - 1]);
  return Number.isFinite(best) && best > 0 ? best / 1000 : 86_400;
}

const seconds = (ms: ArrayLike<number>, n: number): number[] => Array.from({ length: n }, (_, i) => ms[i] / 1000);

export function freshView(result: BacktestResult, data: OhlcvColumns, inputs: SavedRunInputs, who: string): RunView {
  const n = result.bars;
  const t = seconds(data.time, n);
  const upTo = (a: Float64Array) => a.slice(0, n);
  return {
    id: null,
    inputs,
    stats: savedStats(result.stats),
    trades: savedTrades(result),
    tradeCount: result.trades.length,
    equity: { t, v: Array.from(result.equity.subarray(0, n)) },
    drawdown: { t, v: Array.from(result.drawdown.subarray(0, n), (d) => -d * 100) },
    candles: {
      data: { t: Float64Array.from(t), o: upTo(data.open), h: upTo(data.high), l: upTo(data.low), c: upTo(data.close), v: upTo(data.volume).map((x) => (Number.isFinite(x) ? x : 0)) },
      timeframeSeconds: barSeconds(data.time),
      signals: result.markers.map((m) => ({ t: m.time / 1000, price: m.price, side: m.side, units: m.units, who, reason: m.reason, kind: m.kind })),
      overlays: result.overlays.map((o) => ({ name: o.name, t, v: Array.from(o.values.subarray(0, n)) })),
    },
    error: result.error === null ? null : errorText(result.error),
    notes: result.log.filter((l) => /^(Not filled|Refused)/.test(l.message)).slice(0, MAX_NOTES).map((l) => `${new Date(l.time).toISOString().slice(0, 10)}: ${l.message}`),
  };
}

export function savedView(run: SavedRun): RunView {
  const t = run.equity.t.map((x) => x / 1000);
  return {
    id: run.id,
    inputs: run.inputs,
    stats: run.stats,
    trades: run.trades,
    tradeCount: run.tradeCount,
    equity: { t, v: run.equity.v },
    drawdown: { t, v: drawdownPct(run.equity.v) },
    candles: null,
    error: run.error ?? null,
    notes: [],
  };
}
