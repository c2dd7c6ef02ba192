/**
 * The backtester's figures (issue 12):
 * - `backtest_bars_per_s`: the SDK's `sma-cross` (10, 30, short: backtesting.py's
 *   SmaCross, always in the market) through `runBacktest` (the runner, the
 *   broker, equity at every bar, the statistics) over a seeded synthetic
 *   series of 1,000,000 one-minute bars; the median of the runs
 *   (`backtest_bars_per_s_best`: the best). Aim: ≥ 10 M bars/s.
 * - `backtest_ratio_hand_loop`: that over a hand-written loop of the same
 *   strategy on the same columns (the same SMA class, the same fills at the
 *   next open sized as backtesting.py sizes "all the money", the same equity
 *   at every close), which is checked to give the same equity at every bar and
 *   the same trade count before anything is timed. Aim: ≥ 0.4.
 * - A sweep of 1,000 parameter sets of `sma-cross` over GOOG (2,148 daily
 *   bars) through the worker pool of the CLI (sweepPool.ts) with 1 and with 2
 *   workers, wall time: `backtest_sweep_runs_per_s_1w`, `…_2w` and
 *   `backtest_sweep_scaling` (2 workers over 1) on warm pools (kept, as the
 *   app keeps its workers: each worker's JIT warm-up is paid once), and
 *   `backtest_sweep_cold_runs_per_s_1w`, `…_2w` on a pool started for the one
 *   sweep, as the CLI does (workers' start and warm-up in the time). The log
 *   line gives the load average: on a machine busier than its cores the
 *   scaling is the machine's share, not the pool's.
 *
 * Single-thread times are the process's CPU time (as benchIndicators.ts);
 * the sweep's, wall time (two threads). Runs alternate engine / hand loop so
 * that a noisy neighbour hurts both alike.
 *
 * `npm run bench` calls `benchBacktest` (bench.ts; `--no-backtest` skips it);
 * the pool's workers are then the bench's bundle itself. Alone, bundled as the
 * bench is (the bundle's name must end in `benchBacktest.cjs`: that is how it
 * knows it runs alone, and any other name prints nothing):
 *   npx esbuild src/cli/benchBacktest.ts --bundle --platform=node --format=cjs --outfile=/tmp/bt/benchBacktest.cjs && node --max-semi-space-size=64 /tmp/bt/benchBacktest.cjs [--quick]
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { importCsv } from '../core/backtest/csv';
import { runBacktest } from '../core/backtest/engine';
import { gridSets } from '../core/backtest/sweep';
import type { OhlcvColumns } from '../core/backtest/types';
import type { Result } from '../core/codes';
import { Sma } from '../core/indicators/sma';
import { createRng } from '../core/market/prng';
import { ALL_THE_MONEY } from '../core/strategy/runner';
import { builtinStrategy } from '../core/strategy/registry';
import { gc, settle } from './gc';
import { poolSweep, SweepPool, type SweepWorkerEntry } from './sweepPool';

const FAST = 10;
const SLOW = 30;
const CASH = 10_000;

/**
 * A seeded random walk of one-minute bars (geometric, 0.1 % a bar): open at
 * the last close, high and low a little beyond both. Long enough for the
 * averages to cross some ten thousand times.
 */
export function syntheticBars(n: number, seed: number): OhlcvColumns {
  const rng = createRng(seed);
  const t0 = Date.UTC(2024, 0, 1);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let last = 100;
  for (let i = 0; i < n; i++) {
    const c = last * Math.exp(0.001 * rng.gaussian());
    time[i] = t0 + i * 60_000;
    open[i] = last;
    close[i] = c;
    high[i] = Math.max(last, c) * (1 + 0.0005 * rng.next());
    low[i] = Math.min(last, c) * (1 - 0.0005 * rng.next());
    volume[i] = 1000;
    last = c;
  }
  return { length: n, time, open, high, low, close, volume };
}

/**
 * SmaCross by hand, on the columns: the two averages (the SDK's own Sma, so
 * the same values to the bit), a cross decided at a close, the order filled
 * at the next open: first the close of the open trade, then the new one sized
 * from the free money as backtesting.py sizes "all of it" (the broker's
 * arithmetic, step for step, so the equity is the same to the bit), equity
 * marked at every close, the last trade closed at the last bar's open
 * (`finalize_trades`) and orders sent on the last bar dropped. No
 * commission, no spread, margin 1.
 */
export function handLoop(d: OhlcvColumns, equity: Float64Array): { trades: number; final: number } {
  const n = d.length;
  const { open, close } = d;
  const fast = new Sma(FAST);
  const slow = new Sma(SLOW);
  let pf = NaN;
  let ps = NaN;
  let cash = CASH;
  let pos = 0;
  let entry = 0;
  let trades = 0;
  // Orders sent at a close for the next open: close the trade, then enter with all the money (+1 long, −1 short).
  let closing = false;
  let enter = 0;
  for (let i = 0; i < n; i++) {
    if (closing) {
      cash += pos * (open[i] - entry);
      pos = 0;
      trades++;
      closing = false;
    }
    if (enter !== 0) {
      const units = Math.floor((cash * ALL_THE_MONEY) / open[i]);
      if (units > 0) {
        pos = enter * units;
        entry = open[i];
      }
      enter = 0;
    }
    const eq = pos === 0 ? cash : cash + (close[i] * pos - pos * entry);
    if (!(eq > 0)) throw new Error(`the synthetic series ruined the strategy at bar ${i}: pick another seed`);
    equity[i] = eq;
    const f = fast.update(close[i]);
    const s = slow.update(close[i]);
    if (slow.ready) {
      // As smaCross.ts: up, cover a short and buy unless long; down, sell a long and go short.
      if (pf <= ps && f > s) {
        closing = pos < 0;
        if (pos <= 0) enter = 1;
      } else if (ps <= pf && s > f) {
        if (pos < 0) throw new Error(`a second down-cross while short at bar ${i}: the SDK would add a trade, which this loop does not model`);
        closing = pos > 0;
        enter = -1;
      }
    }
    pf = f;
    ps = s;
  }
  // Orders sent on the last bar are cancelled (README.md, "Where we differ"); what is open closes at the last open.
  if (pos !== 0) {
    cash += pos * (open[n - 1] - entry);
    trades++;
    equity[n - 1] = cash;
  }
  return { trades, final: equity[n - 1] };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** CPU seconds of f, after a full GC and its background work are over (settle: no run pays for sweeping the one before). */
function cpuSeconds<T>(f: () => T): { s: number; value: T } {
  settle();
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { s: (c.user + c.system) / 1e6, value };
}

/** GOOG daily, the bundled sample, through the importer (read from the repository: the bench runs from its root). */
function goog(): OhlcvColumns {
  const r = importCsv(readFileSync('src/core/backtest/samples/GOOG.csv', 'utf8'));
  if (!r.ok) throw new Error(`GOOG.csv: ${r.message}`);
  return r.data;
}

export interface BacktestFigures {
  backtest_bars_per_s: number;
  backtest_bars_per_s_best: number;
  backtest_hand_loop_bars_per_s: number;
  backtest_ratio_hand_loop: number;
  backtest_trades: number;
  backtest_sweep_runs: number;
  backtest_sweep_runs_per_s_1w: number | null;
  backtest_sweep_runs_per_s_2w: number | null;
  backtest_sweep_scaling: number | null;
  backtest_sweep_cold_runs_per_s_1w: number | null;
  backtest_sweep_cold_runs_per_s_2w: number | null;
}

/** The figures; `entry` null (the bench run from its TypeScript source: no bundle for the workers to load) skips the sweep's. */
export async function benchBacktest(o: { quick: boolean; entry: SweepWorkerEntry | null; log(line: string): void }): Promise<BacktestFigures> {
  const bars = o.quick ? 200_000 : 1_000_000;
  const runs = o.quick ? 3 : 7;
  const data = syntheticBars(bars, 7);
  const def = builtinStrategy('sma-cross')!;
  const params = { fast: FAST, slow: SLOW, short: true };

  // The proof first: the same equity at every bar and the same trades, or no figure.
  const handEquity = new Float64Array(bars);
  const hand = handLoop(data, handEquity);
  const sdk = runBacktest(def, params, data, { cash: CASH });
  if (!sdk.ok) throw new Error(sdk.message);
  if (sdk.result.trades.length !== hand.trades || sdk.result.stats.equityFinal !== hand.final) {
    throw new Error(`the hand loop and the SDK disagree: ${hand.trades} / ${sdk.result.trades.length} trades, final equity ${hand.final} / ${sdk.result.stats.equityFinal}`);
  }
  for (let i = 0; i < bars; i++) {
    if (handEquity[i] !== sdk.result.equity[i]) throw new Error(`the hand loop and the SDK disagree at bar ${i}: equity ${handEquity[i]} / ${sdk.result.equity[i]}`);
  }

  const sdkRates: number[] = [];
  const handRates: number[] = [];
  for (let k = 0; k < runs + 1; k++) {
    const a = cpuSeconds(() => runBacktest(def, params, data, { cash: CASH }));
    const b = cpuSeconds(() => handLoop(data, handEquity));
    if (k === 0) continue; // the first of each: V8 tiering up, not the steady state
    sdkRates.push(bars / a.s);
    handRates.push(bars / b.s);
  }
  const sdkMedian = median(sdkRates);
  const handMedian = median(handRates);
  o.log(
    `Backtest: sma-cross (${FAST}, ${SLOW}, short) over ${bars.toLocaleString('en-US')} synthetic bars, ${hand.trades.toLocaleString('en-US')} trades: ` +
      `${(sdkMedian / 1e6).toFixed(2)} M bars/s through the SDK (best ${(Math.max(...sdkRates) / 1e6).toFixed(2)} M; aim ≥ 10 M), ` +
      `hand loop ${(handMedian / 1e6).toFixed(2)} M bars/s: ratio ${(sdkMedian / handMedian).toFixed(3)} (aim ≥ 0.4); medians of ${runs} runs, same equity at every bar.`,
  );

  const single = {
    backtest_bars_per_s: Math.round(sdkMedian),
    backtest_bars_per_s_best: Math.round(Math.max(...sdkRates)),
    backtest_hand_loop_bars_per_s: Math.round(handMedian),
    backtest_ratio_hand_loop: Math.round((sdkMedian / handMedian) * 1000) / 1000,
    backtest_trades: hand.trades,
  };
  if (o.entry === null) {
    return { ...single, backtest_sweep_runs: 0, backtest_sweep_runs_per_s_1w: null, backtest_sweep_runs_per_s_2w: null, backtest_sweep_scaling: null, backtest_sweep_cold_runs_per_s_1w: null, backtest_sweep_cold_runs_per_s_2w: null };
  }
  const entry = o.entry;
  // The sweep: 20 fast × 50 slow averages, every one fast < slow, over GOOG.
  const grid = gridSets(def, { fast: { from: 2, to: 21, step: 1 }, slow: { from: 25, to: 270, step: 5 } }, { short: true });
  if (!grid.ok) throw new Error(grid.message);
  const sets = grid.sets.slice(0, o.quick ? 200 : 1000);
  const g = goog();
  const timed = async (run: () => Promise<Result<{ rows: unknown[] }>>, workers: number): Promise<number> => {
    gc();
    const t0 = performance.now();
    const r = await run();
    const s = (performance.now() - t0) / 1000;
    if (!r.ok) throw new Error(`the sweep on ${workers} worker(s) failed: ${r.message}`);
    return sets.length / s;
  };
  // Cold: a pool started for the one sweep, as the CLI does (each worker's start and warm-up in the time).
  const cold1 = await timed(() => poolSweep({ entry, workers: 1, strategy: def.name, sets, data: g, config: {} }), 1);
  const cold2 = await timed(() => poolSweep({ entry, workers: 2, strategy: def.name, sets, data: g, config: {} }), 2);
  // Warm: pools kept (as the app keeps its workers), each warmed by one sweep, then timed in turn.
  const pools = [new SweepPool(entry, 1, def.name, g, {}), new SweepPool(entry, 2, def.name, g, {})];
  const one: number[] = [];
  const two: number[] = [];
  try {
    for (const p of pools) await timed(() => p.run(sets), p.size); // the warm-up: untimed in effect, checked all the same
    for (let k = 0; k < (o.quick ? 1 : 3); k++) {
      one.push(await timed(() => pools[0].run(sets), 1));
      two.push(await timed(() => pools[1].run(sets), 2));
    }
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  const r1 = median(one);
  const r2 = median(two);
  const scaling = r2 / r1;
  o.log(
    `Backtest sweep: ${sets.length.toLocaleString('en-US')} sets of sma-cross over GOOG (${g.length.toLocaleString('en-US')} bars), wall time: ` +
      `${r1.toFixed(0)} runs/s on 1 worker, ${r2.toFixed(0)} on 2 (scaling ${scaling.toFixed(2)}×; warm pools, medians of ${one.length}); ` +
      `a pool started for the sweep, as the CLI does: ${cold1.toFixed(0)} and ${cold2.toFixed(0)} runs/s. ` +
      `Load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores (more than the cores: the figures are the machine's share, not the pool's).`,
  );
  return {
    ...single,
    backtest_sweep_runs: sets.length,
    backtest_sweep_runs_per_s_1w: Math.round(r1),
    backtest_sweep_runs_per_s_2w: Math.round(r2),
    backtest_sweep_scaling: Math.round(scaling * 100) / 100,
    backtest_sweep_cold_runs_per_s_1w: Math.round(cold1),
    backtest_sweep_cold_runs_per_s_2w: Math.round(cold2),
  };
}

// Alone, bundled (see above): by the script's name, not import.meta (empty once bundled as CommonJS); the bundle is its own worker.
if (isMainThread && /benchBacktest\.c?js$/.test(process.argv[1] ?? '')) {
  benchBacktest({ quick: process.argv.includes('--quick'), entry: { script: process.argv[1] }, log: (line) => process.stderr.write(`${line}\n`) }).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
