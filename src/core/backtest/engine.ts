import { Code, fail, type Result } from '../codes';
import { ColumnSeries } from '../strategy/columns';
import type { FeedSeries } from '../strategy/feeds';
import type { Timeframe } from '../market/candles';
import { checkParams } from '../strategy/params';
import { StrategyRunner } from '../strategy/runner';
import type { ParamValues, StrategyDef } from '../strategy/types';
import { BacktestBroker } from './broker';
import { checkColumns } from './columns';
import { checkConfig } from './config';
import { onFirstRead } from './onFirstRead';
import { computeStats, dataPeriod, drawdownOf } from './stats';
import type { BacktestConfig, BacktestResult, OhlcvColumns, RunControl } from './types';

/** The result's drawdown until it is first read (onFirstRead makes it then). */
const NO_DRAWDOWN = new Float64Array(0);

/** How many bars between two looks at `control` (progress and cancel cost nothing per bar). */
const CHECK_EVERY = 16_384;

/**
 * One backtest: the strategy's own code (the SDK's `StrategyRunner`, as in
 * the sim) over the bars, through backtesting.py's broker. Per bar, as
 * backtesting.py's loop: the queued orders meet the bar (fills at its open,
 * inside its range), equity is marked at its close, then the strategy sees
 * the closed bar and may queue orders for the next. Pure: the same inputs
 * give the same result, byte for byte.
 */
export function runBacktest(
  def: StrategyDef, params: unknown, data: OhlcvColumns, config?: Partial<BacktestConfig>, control?: RunControl,
): Result<{ result: BacktestResult }> {
  const p = checkParams(def.params, params, def.validate);
  if (!p.ok) return p;
  const c = checkConfig(config);
  if (!c.ok) return c;
  const from = control?.tradeFrom ?? 0;
  if (!Number.isInteger(from) || from < 0 || from > data.length - 2) {
    return fail(Code.INVALID_SETTING, `Trading must start on a bar from 0 to ${Math.max(0, data.length - 2)} (two bars at least to trade on), not ${String(from)}.`);
  }
  if (!checked.has(data)) {
    const bad = checkColumns(data);
    if (bad !== null) return fail(Code.INVALID_DATA, bad);
    checked.add(data);
  }
  return runChecked(def, p.values, data, c.config, control);
}

/**
 * Data already checked, by identity: a sweep runs the same bars a thousand
 * times. (Columns are not frozen; nothing in Bourse writes into a series
 * once built, and a caller that did would get its own garbage back, never
 * a crash: the engine guards every price it divides by.)
 */
const checked = new WeakSet<OhlcvColumns>();

function runChecked(
  def: StrategyDef, params: ParamValues, data: OhlcvColumns, config: BacktestConfig, control: RunControl | undefined,
): Result<{ result: BacktestResult }> {
  const n = data.length;
  const broker = new BacktestBroker(data, config);
  // The last run's indicator columns, if its overlays were never read, are this run's to write into (lendColumn).
  lastRun.giveColumns?.();
  lastRun.giveColumns = null;
  const runner = new StrategyRunner(def, params, broker, {
    symbol: 'data', timeframe: timeframeOf(data), record: false, waitForWarmup: true, lineOf: control?.lineOf?.bind(control), columns: data,
    lendColumn,
  });
  // Equity at every bar: the loop writes each bar it runs; the bars it does not run are filled after it.
  const equity = new Float64Array(n);
  // A runner over this venue does nothing with a fill but hand it to `onFill` (no histories, exits native): without one, no record per fill.
  broker.tellFills = def.onFill !== undefined;
  const started = runner.start();
  // History before `tradeFrom`: fed to the indicators, no hook (a paused runner), so nothing is sent.
  const from = control?.tradeFrom ?? 0;
  if (from > 0) runner.pause();
  // Columns given by the last run and not taken by this one are let go.
  spareColumns.length = 0;

  let bars = 0;
  let bust = false;
  if (started) {
    // The bar to resume trading on, -1 for none: the loop's one comparison for it (no `from > 0` inside, which
    // would run on the first bar only, before V8 gives runBars its feedback: its code then deoptimized there).
    const resumeAt = from > 0 ? from : -1;
    const ran = runBars(broker, runner, n, data.time, equity, resumeAt, control);
    if (ran < -n) return fail(Code.CANCELLED, `Cancelled after ${-ran - n} of ${n} bars.`);
    bust = ran < 0;
    bars = bust ? -ran : ran;
  }
  // Bars not run (the strategy failed to start, or threw) keep the starting cash; after a bust, 0 (filled there).
  if (!bust && bars < n) equity.fill(config.cash, bars);
  return finish(broker, runner, data, config, control, equity, bars, started && bars === n && !bust);
}

/**
 * The bars, one after another: the run's loop and nothing else. Its answer
 * is the number of bars run; minus that when the money ran out (the run
 * ended there); −n minus that when `control` cancelled the run. A function that is only its loop, for V8: its
 * first call gets its type feedback only once the loop is under way (V8
 * gives a function its feedback lazily), so code before a loop has none in
 * that call, and the optimized code made at the start of the next call
 * deoptimized there (measured with --trace-deopt: the timed runs 1 and 3
 * recompiled the loop). Here nothing before the loop needs feedback.
 */
function runBars(
  broker: BacktestBroker, runner: StrategyRunner, n: number, time: Float64Array, equity: Float64Array, resumeAt: number, control: RunControl | undefined,
): number {
  let i = 0;
  for (; i < n; i++) {
    broker.process(i);
    if (broker.fills.length > 0 || broker.cancelled.length > 0) takeFills(broker, runner, true, time[i]);
    const eq = broker.equity();
    equity[i] = eq;
    if (eq <= 0) {
      // Out of money: everything closes at this close and the run ends (backtesting.py's _OutOfMoneyError).
      broker.bust();
      takeFills(broker, runner, false, time[i]);
      equity.fill(0, i);
      return -(i + 1);
    }
    if (i === resumeAt) runner.resume();
    // The runner reads its bar from the data's columns at its cursor (bar.ts' ColumnBar): nothing to write here.
    runner.step();
    if (runner.status === 'error') return i + 1;
    if ((i & (CHECK_EVERY - 1)) === CHECK_EVERY - 1 && control !== undefined) {
      if (control.cancelled?.() === true) return -n - (i + 1);
      control.onProgress?.(i + 1, n);
    }
  }
  return i;
}

/**
 * The run's end, after its loop: what is open closed as backtesting.py
 * closes it, then the statistics and the result. A function of its own so
 * that the loop's function stays small: this tail, when it was part of it,
 * made V8 compile more, and deoptimize the loop's code when the tail first
 * met a new object, in the early runs.
 */
function finish(
  broker: BacktestBroker, runner: StrategyRunner, data: OhlcvColumns, config: BacktestConfig, control: RunControl | undefined,
  equity: Float64Array, bars: number, ranAll: boolean,
): Result<{ result: BacktestResult }> {
  const n = data.length;
  const { time, close } = data;
  const from = control?.tradeFrom ?? 0;
  // The fills' numbers, logged by the broker as the run went: the markers are made from them (records.ts says why).
  const markers = broker.fillLog;
  const finished = ranAll && runner.status !== 'error';
  if (finished && config.finalizeTrades && (broker.trades.length > 0 || broker.orders.length > 0)) {
    // backtesting.py closes what is still open and runs the broker once more on the last bar (fills at its open).
    broker.closeAll('end of data');
    broker.process(n - 1);
    takeFills(broker, runner, false, time[n - 1]);
    equity[n - 1] = broker.equity();
  }
  // A strategy that threw stopped the run: the result covers the bars it ran, what it held closed as at the end.
  let end = n;
  if (runner.status === 'error' && bars > 0) {
    end = Math.max(bars, Math.min(n, from + 2));
    broker.closeAll('the strategy stopped with an error');
    broker.process(end - 1);
    takeFills(broker, runner, false, time[end - 1]);
    equity[end - 1] = broker.equity();
  }
  control?.onProgress?.(n, n);
  // backtesting.py counts an indicator that never has a value as warm from bar 0.
  const warmup = Math.max(0, runner.warmup - from);
  // The result covers the bars traded: from `from` (0 but for a walk-forward test) to the end, bars counted from `from`.
  const tradedEquity = from === 0 && end === n ? equity : equity.slice(from, end);
  // Bars counted from `from`: trades as objects, made now; from 0, the broker's own numbers (objects only if read).
  const shifted = from === 0 ? null : broker.closed.map((t) => ({ ...t, entryBar: t.entryBar - from, exitBar: t.exitBar - from }));
  const detail = runner.detail();
  const within = (a: Float64Array): Float64Array => (from === 0 && end === n ? a : a.subarray(from, end));
  const result: BacktestResult = {
    stats: computeStats(shifted ?? broker.closedColumns, tradedEquity, within(time), within(close), warmup),
    trades: shifted ?? [], equity: tradedEquity, drawdown: NO_DRAWDOWN, markers: [], overlays: [],
    log: detail.log, warmup, error: runner.error, bars: Math.max(0, bars - from),
  };
  // The overlays too (a sweep's runs never read them): until they are, the next run may write into their columns.
  let overlaysRead = false;
  onFirstRead(result, 'overlays', () => {
    overlaysRead = true;
    const overlays = overlaysOf(runner, n);
    return from === 0 && end === n ? overlays : overlays.map((o) => ({ name: o.name, values: o.values.slice(from, end) }));
  });
  // The trades and the markers as objects are made when first read (onFirstRead.ts says why).
  if (shifted === null) onFirstRead(result, 'trades', () => broker.closed);
  onFirstRead(result, 'markers', () => markers.records());
  // So is the drawdown column (the statistics computed theirs from the equity): a sweep's runs never make one.
  onFirstRead(result, 'drawdown', () => drawdownOf(tradedEquity));
  const out: Result<{ result: BacktestResult }> = { ok: true, result };
  lastRun.broker = broker;
  lastRun.runner = runner;
  lastRun.out = out;
  lastRun.detail = detail;
  lastRun.giveColumns = () => {
    if (!overlaysRead) giveColumns(runner);
  };
  return out;
}

/**
 * A finished run's one-value indicator columns, for the next run to write its
 * own into (lendColumn), instead of taking fresh memory: a million-bar run's
 * two averages are 16 MB, and fresh pages cost the bench's runs about a
 * tenth of their time (page faults, measured alternating: the runs that got
 * reused memory from the allocator ran at 11 M bars/s, the others at 9.5 M).
 * Only the last run's, only while its overlays were never read: nothing else
 * outside the engine reaches a column (a strategy's series are the runner's,
 * and a person's code in the sandbox is sent numbers). A column given is
 * marked, so that overlays read later are computed again (`again`), to the
 * same bits, rather than read from a column another run wrote.
 */
function giveColumns(runner: StrategyRunner): void {
  for (const feed of runner.feeds) {
    for (const s of feed.outputs) {
      if (!(s instanceof ColumnSeries) || s.again === null || s.lentOut) continue;
      s.lentOut = true;
      spareColumns.push(s.values);
    }
  }
}

/** Columns the last run gave (giveColumns), until this run's indicators are declared. */
const spareColumns: Float64Array[] = [];

/** A column of n values: a spare one of that length, else a new one. */
function lendColumn(n: number): Float64Array {
  for (let i = 0; i < spareColumns.length; i++) {
    const c = spareColumns[i];
    if (c.length !== n) continue;
    spareColumns[i] = spareColumns[spareColumns.length - 1];
    spareColumns.pop();
    return c;
  }
  return new Float64Array(n);
}

/**
 * The last run's objects, held until the next run ends. Why: V8 holds the
 * hidden classes ("maps") of objects' field layouts only weakly, through
 * their transition trees. A full collection that finds no object of a run
 * alive (between two runs of a sweep, or the bench's gc() before each run)
 * frees those maps, and with them the type feedback and the optimized code
 * that name them: every run then starts cold (measured with --trace-deopt:
 * runChecked, processOrders, the statistics deoptimized in every run with
 * "insufficient type feedback", and re-optimized; a third of a run's time).
 * One run's objects alive keep the maps, so a run after a full collection
 * runs code already optimized. What this holds is what the run's caller was
 * given (the result) and the venue and runner that made it: no copy.
 */
const lastRun: { broker: unknown; runner: unknown; out: unknown; detail: unknown; giveColumns: (() => void) | null } = {
  broker: null, runner: null, out: null, detail: null, giveColumns: null,
};

/** The price-scale series' values, one per bar from bar 0: computed ahead over the data (column series), taken as they are. */
function overlaysOf(runner: StrategyRunner, n: number): { name: string; values: Float64Array }[] {
  return runner.feeds.filter((f) => f.overlay).flatMap((f) => f.outputs).map((s) => ({ name: s.name, values: overlayOf(s, n) }));
}

/** A series' values over the run: a column series' own; any other records into a new column as it is fed. */
function overlayOf(s: FeedSeries, n: number): Float64Array {
  if (s instanceof ColumnSeries) return s.lentOut && s.again !== null ? s.again() : s.values;
  const values = new Float64Array(n).fill(Number.NaN);
  s.recordInto(values);
  return values;
}

/**
 * The fills of the bar just run to the strategy's `onFill` (not after the
 * end; the broker has logged them for the markers already); orders the
 * broker cancelled, to its log. A
 * function of its own, not a closure over the loop's variables, so the loop
 * keeps them in registers.
 */
function takeFills(broker: BacktestBroker, runner: StrategyRunner, tell: boolean, now: number): void {
  const fills = broker.fills;
  if (tell) for (let k = 0; k < fills.length; k++) runner.onFill(fills[k]);
  fills.length = 0;
  for (const m of broker.cancelled) runner.history.addLog(now, `Not filled: ${m}`);
  broker.cancelled.length = 0;
}

/** The timeframe a strategy is told it runs on: the nearest of the app's to the data's bar length. */
export function timeframeOf(data: OhlcvColumns): Timeframe {
  const period = dataPeriod(data.time);
  const steps: [number, Timeframe][] = [[1000, '1s'], [60_000, '1m'], [300_000, '5m'], [900_000, '15m'], [3_600_000, '1h'], [86_400_000, '1d']];
  let best: Timeframe = '1d';
  let gap = Infinity;
  for (const [ms, tf] of steps) {
    const d = Math.abs(Math.log(period / ms));
    if (d < gap) {
      gap = d;
      best = tf;
    }
  }
  return best;
}
