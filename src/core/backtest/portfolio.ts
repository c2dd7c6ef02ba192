import { Code, fail, type Result } from '../codes';
import { MutableBar } from '../strategy/bar';
import { checkParams } from '../strategy/params';
import { StrategyRunner } from '../strategy/runner';
import type { Bar, ParamValues, StrategyDef, StrategyMarker } from '../strategy/types';
import { BacktestBroker, Wallet } from './broker';
import { checkColumns } from './columns';
import { checkConfig } from './config';
import { timeframeOf } from './engine';
import { computeStats, drawdownOf } from './stats';
import type { BacktestConfig, BacktestStats, BacktestTrade, OhlcvColumns, RunControl } from './types';

export interface PortfolioInput {
  symbol: string;
  data: OhlcvColumns;
}

/** One instrument's part of a portfolio backtest, on its own bars. */
export interface PortfolioLeg {
  symbol: string;
  trades: BacktestTrade[];
  markers: StrategyMarker[];
  overlays: { name: string; values: Float64Array }[];
  log: { time: number; message: string }[];
  /** What this instrument's trades made, commissions deducted. */
  pnl: number;
}

export interface PortfolioResult {
  /** The shared account's figures, over every instrument's bar times merged. */
  stats: BacktestStats;
  time: Float64Array;
  equity: Float64Array;
  drawdown: Float64Array;
  /** Every trade, its bars counted on the merged times, with its instrument. */
  trades: (BacktestTrade & { symbol: string })[];
  legs: PortfolioLeg[];
  /** The equal-weight index of the instruments (each close over its first), the Buy & Hold and beta the figures compare with. */
  index: Float64Array;
}

const MAX_LEGS = 50;

/**
 * One strategy over several instruments sharing one cash balance: a runner
 * and a broker per instrument, one wallet. At each moment of the merged
 * times, every instrument with a bar then meets its queued orders; the
 * account is marked at the closes (the last close for an instrument without
 * a bar then); then each of those instruments' strategies sees its bar.
 * "All the money" is the wallet's: size with `{ fraction }` to share it.
 * Buy & Hold and beta are against the equal-weight index of the instruments.
 */
export function runPortfolio(
  def: StrategyDef, params: unknown, inputs: readonly PortfolioInput[], config?: Partial<BacktestConfig>, control?: RunControl,
): Result<{ result: PortfolioResult }> {
  if (!Array.isArray(inputs) || inputs.length < 1 || inputs.length > MAX_LEGS) return fail(Code.INVALID_DATA, `A portfolio backtest takes 1 to ${MAX_LEGS} instruments.`);
  const seen = new Set<string>();
  for (const x of inputs) {
    if (typeof x.symbol !== 'string' || x.symbol.length === 0) return fail(Code.INVALID_DATA, 'Every instrument needs a name.');
    if (seen.has(x.symbol)) return fail(Code.INVALID_DATA, `${x.symbol} is in the portfolio twice.`);
    seen.add(x.symbol);
    const bad = checkColumns(x.data);
    if (bad !== null) return fail(Code.INVALID_DATA, `${x.symbol}: ${bad}`);
  }
  const p = checkParams(def.params, params, def.validate);
  if (!p.ok) return p;
  const c = checkConfig(config);
  if (!c.ok) return c;
  return runChecked(def, p.values, inputs, c.config, control);
}

function runChecked(
  def: StrategyDef, params: ParamValues, inputs: readonly PortfolioInput[], config: BacktestConfig, control: RunControl | undefined,
): Result<{ result: PortfolioResult }> {
  const time = mergedTimes(inputs.map((x) => x.data.time));
  const n = time.length;
  const wallet = new Wallet(config.cash);
  const legs = inputs.map((x) => {
    const broker = new BacktestBroker(x.data, config, wallet);
    const runner = new StrategyRunner(def, params, broker, { symbol: x.symbol, timeframe: timeframeOf(x.data), record: false, waitForWarmup: true });
    return {
      x, broker, runner, next: 0, markers: [] as StrategyMarker[], at: new Int32Array(x.data.length),
      overlays: [] as { name: string; values: Float64Array }[],
    };
  });
  for (const leg of legs) {
    if (!leg.runner.start()) return fail(Code.INVALID_COMMAND, `${leg.x.symbol}: ${leg.runner.error?.message ?? 'the strategy failed to start'}`);
    // Each price-scale series writes its values into its column as it is fed (one per bar of this instrument).
    const drawn = leg.runner.feeds.filter((f) => f.overlay).flatMap((f) => f.outputs);
    leg.overlays = drawn.map((s) => ({ name: s.name, values: new Float64Array(leg.x.data.length).fill(Number.NaN) }));
    drawn.forEach((s, k) => s.recordInto(leg.overlays[k].values));
  }
  const take = (leg: (typeof legs)[number], tell: boolean): void => {
    for (const f of leg.broker.fills) {
      leg.markers.push(f); // a fill record is its own marker
      if (tell) leg.runner.onFill(f);
    }
    leg.broker.fills.length = 0;
    for (const m of leg.broker.cancelled) leg.runner.history.addLog(leg.x.data.time[Math.max(0, leg.next - 1)], `Not filled: ${m}`);
    leg.broker.cancelled.length = 0;
  };
  const equity = new Float64Array(n).fill(config.cash);
  const index = new Float64Array(n);
  const bar: Bar = new MutableBar();
  let done = n;
  let failed: string | null = null;
  for (let t = 0; t < n && failed === null; t++) {
    const now = time[t];
    const live = legs.filter((leg) => leg.next < leg.x.data.length && leg.x.data.time[leg.next] === now);
    for (const leg of live) {
      leg.at[leg.next] = t;
      leg.broker.process(leg.next);
      take(leg, true);
    }
    const eq = legs[0].broker.equity();
    equity[t] = eq;
    let level = 0;
    for (const leg of legs) {
      const d = leg.x.data;
      const k = Math.max(0, leg.next - (live.includes(leg) ? 0 : 1));
      level += d.close[Math.min(k, d.length - 1)] / d.close[0];
    }
    index[t] = level / legs.length;
    if (eq <= 0) {
      for (const leg of legs) {
        leg.broker.bust();
        take(leg, false);
      }
      equity.fill(0, t);
      done = t + 1;
      break;
    }
    for (const leg of live) {
      const d = leg.x.data;
      const i = leg.next;
      bar.time = d.time[i];
      bar.open = d.open[i];
      bar.high = d.high[i];
      bar.low = d.low[i];
      bar.close = d.close[i];
      bar.volume = d.volume[i];
      leg.runner.onBar(bar);
      if (leg.runner.status === 'error') {
        failed = `${leg.x.symbol}: ${leg.runner.error?.message ?? 'error'}`;
        done = t + 1;
        break;
      }
      leg.next++;
    }
    if ((t & 4095) === 4095 && control !== undefined) {
      if (control.cancelled?.() === true) return fail(Code.CANCELLED, `Cancelled after ${t + 1} of ${n} moments.`);
      control.onProgress?.(t + 1, n);
    }
  }
  if (done === n && failed === null && config.finalizeTrades) {
    // Each instrument's open trades close at its last bar's open, as in a single backtest.
    for (const leg of legs) {
      if (leg.broker.trades.length === 0 && leg.broker.orders.length === 0) continue;
      leg.broker.closeAll('end of data');
      leg.broker.process(leg.x.data.length - 1);
      take(leg, false);
    }
    equity[n - 1] = legs[0].broker.equity();
  }
  control?.onProgress?.(n, n);
  const trades = legs.flatMap((leg) =>
    leg.broker.closed.map((tr) => ({ ...tr, symbol: leg.x.symbol, entryBar: leg.at[tr.entryBar], exitBar: leg.at[tr.exitBar] })),
  );
  trades.sort((a, b) => a.entryTime - b.entryTime || a.exitTime - b.exitTime);
  const drawdown = drawdownOf(equity);
  const warmup = legs.reduce((w, leg) => Math.max(w, leg.at[Math.max(0, leg.runner.warmup)]), 0);
  const stats = computeStats(trades, equity, time, index, warmup, drawdown);
  const log = legs.flatMap((leg) => leg.runner.detail().log.map((l) => ({ time: l.time, message: `${leg.x.symbol}: ${l.message}` })));
  if (failed !== null) log.push({ time: time[done - 1], message: `Stopped: ${failed}` });
  return {
    ok: true,
    result: {
      stats, time, equity, drawdown, trades, index,
      legs: legs.map((leg) => ({
        symbol: leg.x.symbol, trades: leg.broker.closed, markers: leg.markers, overlays: leg.overlays,
        log: leg.runner.detail().log, pnl: leg.broker.closed.reduce((s, tr) => s + tr.pnl, 0),
      })),
    },
  };
}

/** Every bar time of every instrument, once each, in order. */
function mergedTimes(columns: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(columns.reduce((s, c) => s + c.length, 0));
  let k = 0;
  for (const c of columns) {
    all.set(c, k);
    k += c.length;
  }
  all.sort();
  let m = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[m - 1]) all[m++] = all[i];
  return all.slice(0, m);
}
