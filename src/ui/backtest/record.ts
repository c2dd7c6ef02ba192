/**
 * A finished run as the page saves it (protocol's SavedRunRecord): its inputs,
 * its statistics (NaN as null, so a backup's JSON carries them), its trades
 * and its equity curve, both within the bounds a saved run keeps. A run over
 * a million bars keeps its curve thinned to MAX_SAVED_POINTS points, evenly
 * spaced, with the first, the last, and the lowest and highest of each
 * stretch, so the saved curve keeps its peaks and its worst drawdown's depth.
 */
import type { BacktestResult, BacktestStats, OhlcvColumns } from '../../core/backtest/types';
import { MAX_SAVED_POINTS, MAX_SAVED_TRADES, STAT_KEYS, type SavedRunInputs, type SavedRunRecord, type SavedStats, type SavedTrade } from '../../protocol';

export function savedStats(s: BacktestStats): SavedStats {
  const out = {} as SavedStats;
  for (const k of STAT_KEYS) out[k] = Number.isFinite(s[k]) ? s[k] : null;
  return out;
}

/** At most `max` points of (t, v): every point when they fit; else per stretch its lowest and highest, in time order. */
export function thinCurve(t: ArrayLike<number>, v: ArrayLike<number>, max: number): { t: number[]; v: number[] } {
  const n = Math.min(t.length, v.length);
  if (n <= max) return { t: Array.from({ length: n }, (_, i) => t[i]), v: Array.from({ length: n }, (_, i) => v[i]) };
  const keep: number[] = [0];
  // Two points a stretch (its low and its high), the first and last bars aside.
  const stretches = Math.max(1, Math.floor((max - 2) / 2));
  const size = (n - 2) / stretches;
  for (let s = 0; s < stretches; s++) {
    const a = 1 + Math.floor(s * size);
    const b = Math.min(n - 1, 1 + Math.floor((s + 1) * size));
    if (a >= b) continue;
    let lo = a;
    let hi = a;
    for (let i = a + 1; i < b; i++) {
      if (v[i] < v[lo]) lo = i;
      if (v[i] > v[hi]) hi = i;
    }
    if (lo === hi) keep.push(lo);
    else keep.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  keep.push(n - 1);
  return { t: keep.map((i) => t[i]), v: keep.map((i) => v[i]) };
}

export function savedTrades(result: BacktestResult): SavedTrade[] {
  return result.trades.slice(0, MAX_SAVED_TRADES).map((x) => ({
    size: x.size, entryTime: x.entryTime, exitTime: x.exitTime, entryPrice: x.entryPrice, exitPrice: x.exitPrice, pnl: x.pnl,
    returnPct: x.returnPct, commission: x.commission, entryReason: x.entryReason.slice(0, 200), exitReason: x.exitReason.slice(0, 200),
  }));
}

export function recordOf(
  result: BacktestResult, data: OhlcvColumns, inputs: Omit<SavedRunInputs, 'from' | 'to' | 'bars'>,
): SavedRunRecord {
  const n = result.bars;
  return {
    inputs: { ...inputs, from: data.time[0], to: data.time[Math.max(0, n - 1)], bars: n },
    stats: savedStats(result.stats),
    trades: savedTrades(result),
    tradeCount: result.trades.length,
    equity: thinCurve(data.time.subarray(0, n), result.equity.subarray(0, n), MAX_SAVED_POINTS),
    ...(result.error === null ? {} : { error: errorText(result.error).slice(0, 500) }),
  };
}

/** A strategy's error as the page shows it: the message, and the line of its code where known. */
export function errorText(e: { message: string; line?: number }): string {
  return `${e.message}${e.line !== undefined ? ` (line ${e.line})` : ''}`;
}

/**
 * The statistics as a JSON document (the export): what produced them, then
 * every figure by backtesting.py's label, unrounded. Times are ISO dates and
 * durations days (with " [days]" in the label), as a person reading the file
 * or a program comparing it with backtesting.py's output expects; the
 * inputs' range likewise.
 */
export function statsJson(inputs: SavedRunInputs, stats: SavedStats, labels: readonly { key: keyof BacktestStats; label: string; unit?: string }[]): string {
  const figures: Record<string, number | string | null> = {};
  for (const { key, label, unit } of labels) {
    const v = stats[key];
    if (unit === 'time') figures[label] = v === null ? null : new Date(v).toISOString();
    else if (unit === 'duration') figures[`${label} [days]`] = v === null ? null : v / 86_400_000;
    else figures[label] = v;
  }
  const dated = Number.isFinite(inputs.from) && Number.isFinite(inputs.to);
  const range = dated ? { from: new Date(inputs.from).toISOString(), to: new Date(inputs.to).toISOString() } : {};
  return JSON.stringify({ inputs: { ...inputs, ...range }, stats: figures }, null, 2);
}
