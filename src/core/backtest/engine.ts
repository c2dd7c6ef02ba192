import { Code, fail, type Result } from '../codes';
import type { Timeframe } from '../market/candles';
import { checkParams } from '../strategy/params';
import { StrategyRunner } from '../strategy/runner';
import type { Bar, ParamValues, StrategyDef, StrategyMarker } from '../strategy/types';
import { BacktestBroker } from './broker';
import { checkColumns } from './columns';
import { checkConfig } from './config';
import { computeStats, dataPeriod } from './stats';
import type { BacktestConfig, BacktestResult, OhlcvColumns, RunControl } from './types';

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
  const bad = checkColumns(data);
  if (bad !== null) return fail(Code.INVALID_DATA, bad);
  return runChecked(def, p.values, data, c.config, control);
}

function runChecked(
  def: StrategyDef, params: ParamValues, data: OhlcvColumns, config: BacktestConfig, control: RunControl | undefined,
): Result<{ result: BacktestResult }> {
  const n = data.length;
  const broker = new BacktestBroker(data, config);
  const runner = new StrategyRunner(def, params, broker, { symbol: 'data', timeframe: timeframeOf(data), record: false });
  const equity = new Float64Array(n).fill(config.cash);
  const markers: StrategyMarker[] = [];
  const takeFills = (tellStrategy: boolean): void => {
    const fills = broker.fills;
    for (let k = 0; k < fills.length; k++) {
      const f = fills[k];
      markers.push({ time: f.time, side: f.side, price: f.price, units: f.units, reason: f.reason ?? f.side, kind: 'fill' });
      if (tellStrategy) runner.onFill(f);
    }
    fills.length = 0;
    for (const m of broker.cancelled) runner.history.addLog(data.time[Math.max(0, bars - 1)], `Not filled: ${m}`);
    broker.cancelled.length = 0;
  };

  let bars = 0;
  let bust = false;
  const started = runner.start();
  const outputs = runner.feeds.flatMap((f) => f.outputs.map((s) => ({ s, overlay: f.overlay })));
  const overlays = outputs.filter((o) => o.overlay).map((o) => ({ name: o.s.name, values: new Float64Array(n).fill(NaN) }));
  const overlaySeries = outputs.filter((o) => o.overlay).map((o) => o.s);
  // backtesting.py's warm-up: for each indicator the first bar with a value, the latest of them (0 when one never has one).
  const firstValue = new Int32Array(outputs.length).fill(-1);
  let warmPending = outputs.length;

  const bar: Bar = { time: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN };
  const { time, open, high, low, close, volume } = data;
  if (started) {
    for (let i = 0; i < n; i++) {
      broker.process(i);
      bars = i + 1;
      if (broker.fills.length > 0 || broker.cancelled.length > 0) takeFills(true);
      const eq = broker.equity();
      equity[i] = eq;
      if (eq <= 0) {
        // Out of money: everything closes at this close and the run ends (backtesting.py's _OutOfMoneyError).
        broker.bust();
        takeFills(false);
        equity.fill(0, i);
        bust = true;
        break;
      }
      bar.time = time[i];
      bar.open = open[i];
      bar.high = high[i];
      bar.low = low[i];
      bar.close = close[i];
      bar.volume = volume[i];
      runner.onBar(bar);
      if (runner.status === 'error') break;
      for (let k = 0; k < overlaySeries.length; k++) overlays[k].values[i] = overlaySeries[k].value;
      if (warmPending > 0) {
        for (let k = 0; k < outputs.length; k++) {
          if (firstValue[k] < 0 && !Number.isNaN(outputs[k].s.value)) {
            firstValue[k] = i;
            warmPending--;
          }
        }
      }
      if ((i & (CHECK_EVERY - 1)) === CHECK_EVERY - 1 && control !== undefined) {
        if (control.cancelled?.() === true) return fail(Code.CANCELLED, `Cancelled after ${i + 1} of ${n} bars.`);
        control.onProgress?.(i + 1, n);
      }
    }
  }
  const finished = started && bars === n && !bust && runner.status !== 'error';
  if (finished && config.finalizeTrades && broker.trades.length > 0) {
    // backtesting.py closes what is still open and runs the broker once more on the last bar (fills at its open).
    broker.closeAll('end of data');
    broker.process(n - 1);
    takeFills(false);
    equity[n - 1] = broker.equity();
  }
  control?.onProgress?.(n, n);
  let warmup = 0;
  for (let k = 0; k < firstValue.length; k++) warmup = Math.max(warmup, firstValue[k] < 0 ? 0 : firstValue[k]);
  const drawdown = new Float64Array(n);
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    if (equity[i] > peak) peak = equity[i];
    drawdown[i] = peak > 0 ? 1 - equity[i] / peak : 0;
  }
  const trades = broker.closed;
  return {
    ok: true,
    result: {
      stats: computeStats(trades, equity, time, close, warmup),
      trades,
      equity,
      drawdown,
      markers,
      overlays,
      log: runner.detail().log,
      warmup,
      error: runner.error,
      bars,
    },
  };
}

/** The timeframe a strategy is told it runs on: the nearest of the app's to the data's bar length. */
function timeframeOf(data: OhlcvColumns): Timeframe {
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
