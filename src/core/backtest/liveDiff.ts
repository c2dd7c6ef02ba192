import { Code, fail, type Result } from '../codes';
import type { OrderSide, ParamValues, StrategyDef, StrategyMarker } from '../strategy/types';
import { runBacktest } from './engine';
import type { BacktestResult, OhlcvColumns } from './types';

/** What a strategy did live in the simulator: its markers (signals and fills, UTC ms), and its money. */
export interface LiveRecord {
  markers: readonly StrategyMarker[];
  /** Its budget when it started, and its equity now (cash plus holdings at the last price). */
  startEquity: number;
  endEquity: number;
}

/** The fills of one order (or of the orders sent on one bar on one side), summed. */
export interface Execution {
  /** The first fill's time. */
  time: number;
  units: number;
  /** Average fill price, weighted by units. */
  price: number;
  fee: number;
}

/** One signal, side by side: what it got live and in the backtest, and what the difference cost. */
export interface DiffRow {
  /** The bar the order was sent on (its open time, UTC ms). */
  signalTime: number;
  side: OrderSide;
  reason: string;
  live: Execution | null;
  backtest: Execution | null;
  /**
   * What the live fill price cost beyond the backtest's, on the units both
   * filled (money; negative: live did better). Buys: paying more costs;
   * sells: getting less costs.
   */
  slippage: number;
  /** Live fee minus backtest fee (money). */
  fees: number;
  /** `matched`: both filled; `missed live`: the backtest filled, live did not; `extra live`: the other way round. */
  kind: 'matched' | 'missed live' | 'extra live';
}

export interface LiveComparison {
  rows: DiffRow[];
  summary: {
    livePnl: number;
    backtestPnl: number;
    /** Live P&L minus backtest P&L. */
    difference: number;
    /** The parts of `difference`: slippage and fees (both negative when live paid more), and the rest. */
    fromSlippage: number;
    fromFees: number;
    /** Fills that happened in one run only, sizes that differed (each run sized from its own equity), and marks. */
    fromOther: number;
    matched: number;
    missedLive: number;
    extraLive: number;
  };
}

/**
 * The backtest a live run is compared with: the same strategy and
 * parameters over the same candles, the budget as cash, the exchange's fee
 * as commission, no short selling (the sim is spot), market orders filled at
 * the close of the bar that sent them (the sim fills them at once, just
 * after that close), and open trades left open (marked at the last close,
 * as the live equity is).
 */
export function backtestLikeLive(
  def: StrategyDef, params: ParamValues, candles: OhlcvColumns, opts: { budget: number; feeRate: number },
): Result<{ result: BacktestResult }> {
  return runBacktest(def, params, candles, {
    cash: opts.budget,
    commission: { rate: opts.feeRate, fixed: 0, perUnit: 0 },
    allowShort: false,
    tradeOnClose: true,
    finalizeTrades: false,
    fractional: true,
  });
}

/**
 * Why live differs from the backtest, signal by signal. Both runs compute
 * the same signals from the same bars, so each fill is keyed to the bar its
 * order was sent on and its side: the backtester knows it; a live fill is
 * given the latest live signal with its side and reason before it (an exit
 * the venue placed has none: the bar it filled in). Matched keys compare
 * prices and fees; a key in one run only is a fill that did not happen in the
 * other. The summary splits the P&L difference into slippage, fees, and the
 * rest (sizes each run took from its own equity, fills that did not happen).
 *
 * Live fills count from the first bar's open to the last bar's end, or to
 * `opts.until` when given (the sim's caller ends the window just before the
 * last bar's end: an order that bar sent fills live at its close, but in the
 * backtest only once a next bar runs, so neither run has it).
 */
export function compareLive(
  live: LiveRecord, bt: BacktestResult, candles: OhlcvColumns, opts: { until?: number } = {},
): Result<{ comparison: LiveComparison }> {
  if (!Number.isFinite(live.startEquity) || !Number.isFinite(live.endEquity)) return fail(Code.INVALID_DATA, 'The live run has no equity to compare.');
  if (candles.length === 0) return fail(Code.INVALID_DATA, 'There are no candles to compare over.');
  const barOf = (t: number): number => {
    let lo = 0;
    let hi = candles.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (candles.time[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return candles.time[lo];
  };
  const from = candles.time[0];
  const lastEnd = candles.time[candles.length - 1] + (candles.length > 1 ? candles.time[candles.length - 1] - candles.time[candles.length - 2] : 0);
  const to = opts.until ?? lastEnd;

  const liveKeyed = new Map<string, { side: OrderSide; reason: string; signalTime: number; exec: Execution }>();
  const signals = live.markers.filter((m) => m.kind === 'signal');
  for (const m of live.markers) {
    if (m.kind !== 'fill' || m.time < from || m.time > to) continue;
    let signalTime = Number.NaN;
    for (let k = signals.length - 1; k >= 0; k--) {
      const s = signals[k];
      if (s.time <= m.time && s.side === m.side && s.reason === m.reason) {
        signalTime = s.time;
        break;
      }
    }
    if (Number.isNaN(signalTime)) signalTime = barOf(m.time);
    add(liveKeyed, signalTime, m);
  }
  const btKeyed = new Map<string, { side: OrderSide; reason: string; signalTime: number; exec: Execution }>();
  for (const m of bt.markers) if (m.kind === 'fill') add(btKeyed, m.signalTime ?? barOf(m.time), m);

  const keys = new Set([...liveKeyed.keys(), ...btKeyed.keys()]);
  const rows: DiffRow[] = [];
  for (const key of keys) {
    const l = liveKeyed.get(key);
    const b = btKeyed.get(key);
    const head = (l ?? b)!;
    const common = l !== undefined && b !== undefined ? Math.min(l.exec.units, b.exec.units) : 0;
    const sign = head.side === 'buy' ? 1 : -1;
    rows.push({
      signalTime: head.signalTime,
      side: head.side,
      reason: head.reason,
      live: l?.exec ?? null,
      backtest: b?.exec ?? null,
      slippage: common > 0 ? sign * (l!.exec.price - b!.exec.price) * common : 0,
      fees: (l?.exec.fee ?? 0) - (b?.exec.fee ?? 0),
      kind: l !== undefined && b !== undefined ? 'matched' : l === undefined ? 'missed live' : 'extra live',
    });
  }
  rows.sort((a, b) => a.signalTime - b.signalTime || (a.side < b.side ? -1 : a.side > b.side ? 1 : 0));

  const livePnl = live.endEquity - live.startEquity;
  const backtestPnl = bt.equity[bt.equity.length - 1] - bt.equity[0];
  const difference = livePnl - backtestPnl;
  const fromSlippage = -rows.reduce((s, r) => s + r.slippage, 0);
  const fromFees = -rows.reduce((s, r) => s + r.fees, 0);
  return {
    ok: true,
    comparison: {
      rows,
      summary: {
        livePnl, backtestPnl, difference, fromSlippage, fromFees, fromOther: difference - fromSlippage - fromFees,
        matched: rows.filter((r) => r.kind === 'matched').length,
        missedLive: rows.filter((r) => r.kind === 'missed live').length,
        extraLive: rows.filter((r) => r.kind === 'extra live').length,
      },
    },
  };
}

function add(into: Map<string, { side: OrderSide; reason: string; signalTime: number; exec: Execution }>, signalTime: number, m: StrategyMarker): void {
  const key = `${signalTime}|${m.side}`;
  const had = into.get(key);
  const fee = m.fee ?? 0;
  if (had === undefined) {
    into.set(key, { side: m.side, reason: m.reason, signalTime, exec: { time: m.time, units: m.units, price: m.price, fee } });
    return;
  }
  const e = had.exec;
  const units = e.units + m.units;
  e.price = units > 0 ? (e.price * e.units + m.price * m.units) / units : e.price;
  e.units = units;
  e.fee += fee;
  e.time = Math.min(e.time, m.time);
}
