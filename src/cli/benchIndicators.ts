/**
 * Indicator updates per second: ours against trading-signals and
 * technicalindicators, on the same Float64Array price series, one number per
 * update, each through its fastest incremental form:
 *   ours                 new Sma(20).update(x)           (src/core/indicators)
 *   trading-signals      new SMA(20).update(x, false)    (v8 computes on plain numbers; its
 *                        former FasterSMA/FasterRSI are these classes now; `add(x)` is update(x, false) one call deeper)
 *   technicalindicators  new SMA({ period: 20, values: [] }).nextValue(x)  (a generator step per value)
 * The same for RSI(14) and EMA(20).
 *
 * Usage: npx tsx src/cli/benchIndicators.ts [--quick]
 *   Prints a table to standard error and, as its last line on standard
 *   output, one JSON object: `sma_updates_per_s`, `rsi_updates_per_s`,
 *   `ema_updates_per_s` (ours) and the same keys suffixed
 *   `_trading_signals` and `_technicalindicators` (the peers), each the
 *   MEDIAN over the runs; `…_best` keys hold the best run. null: that
 *   library failed to run.
 *   --quick: 200,000 values and 5 runs (a smoke test); else 2,000,000 values,
 *   2 untimed runs then 7 timed.
 * `npm run bench` calls `benchIndicators` in its own run (bench.ts), bundled
 * with esbuild as the app is: under tsx each module is transpiled apart and
 * our figures come out lower than in the bundle.
 *
 * Time is the process's CPU time (user + system, GC threads included), not
 * the wall clock: on a shared machine the wall clock also counts the time
 * this process waited for a core, which is nobody's cost and differs from
 * run to run; on an idle machine the two agree.
 *
 * Fairness: every subject gets its own loop function (a shared one would make
 * the call site polymorphic and slow down whoever comes second), each run
 * feeds a fresh indicator (its warm-up is in the figure; all are built
 * before the first timed run, see benchIndicators), runs alternate
 * between the libraries so a noisy neighbour hurts all of them alike, and
 * every loop consumes each output (sums the defined ones) so none is
 * optimised away.
 */
import { settle } from './gc';
import * as TI from 'technicalindicators';
import * as TS from 'trading-signals';
import { Ema } from '../core/indicators/ema';
import { Rsi } from '../core/indicators/rsi';
import { Sma } from '../core/indicators/sma';

/**
 * One library's indicator: `make` builds a fresh one (never updated), `loop`
 * feeds it the series. They are apart so that a run's indicator is built,
 * and kept, outside the timed part (see benchIndicators).
 */
export interface Subject<T> {
  library: string;
  suffix: string;
  make(): T;
  loop(xs: Float64Array, ind: T): number;
}
const subject = <T>(library: string, suffix: string, make: () => T, loop: (xs: Float64Array, ind: T) => number): Subject<T> => ({ library, suffix, make, loop });

/* Ours. */
function oursSma(xs: Float64Array, ind: Sma): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.update(xs[i]);
    if (v === v) acc += v;
  }
  return acc;
}
function oursRsi(xs: Float64Array, ind: Rsi): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.update(xs[i]);
    if (v === v) acc += v;
  }
  return acc;
}
function oursEma(xs: Float64Array, ind: Ema): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.update(xs[i]);
    if (v === v) acc += v;
  }
  return acc;
}

/* trading-signals: update(x, false) answers null during the warm-up. */
function tsSma(xs: Float64Array, ind: TS.SMA): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.update(xs[i], false);
    if (v !== null) acc += v;
  }
  return acc;
}
function tsRsi(xs: Float64Array, ind: TS.RSI): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.update(xs[i], false);
    if (v !== null) acc += v;
  }
  return acc;
}
function tsEma(xs: Float64Array, ind: TS.EMA): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    // Its EMA answers from the first value on (its own warm-up is a flag we do not read); consumed as ours is.
    const v = ind.update(xs[i], false);
    if (v === v) acc += v;
  }
  return acc;
}

/* technicalindicators: nextValue(x) answers undefined during the warm-up. */
function tiSma(xs: Float64Array, ind: TI.SMA): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.nextValue(xs[i]);
    if (v !== undefined) acc += v;
  }
  return acc;
}
function tiRsi(xs: Float64Array, ind: TI.RSI): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.nextValue(xs[i]);
    if (v !== undefined) acc += v;
  }
  return acc;
}
function tiEma(xs: Float64Array, ind: TI.EMA): number {
  let acc = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = ind.nextValue(xs[i]);
    if (v !== undefined) acc += v;
  }
  return acc;
}

/** The indicators measured, and who runs them (the JSON key's prefix, then its suffix per library). */
export const SUBJECTS: ReadonlyArray<{ indicator: string; loops: ReadonlyArray<Subject<unknown>> }> = [
  {
    indicator: 'sma',
    loops: [
      subject('ours', '', () => new Sma(20), oursSma),
      subject('trading-signals', '_trading_signals', () => new TS.SMA(20), tsSma),
      subject('technicalindicators', '_technicalindicators', () => new TI.SMA({ period: 20, values: [] }), tiSma),
    ],
  },
  {
    indicator: 'rsi',
    loops: [
      subject('ours', '', () => new Rsi(14), oursRsi),
      subject('trading-signals', '_trading_signals', () => new TS.RSI(14), tsRsi),
      subject('technicalindicators', '_technicalindicators', () => new TI.RSI({ period: 14, values: [] }), tiRsi),
    ],
  },
  {
    indicator: 'ema',
    loops: [
      subject('ours', '', () => new Ema(20), oursEma),
      subject('trading-signals', '_trading_signals', () => new TS.EMA(20), tsEma),
      subject('technicalindicators', '_technicalindicators', () => new TI.EMA({ period: 20, values: [] }), tiEma),
    ],
  },
];

/** A price path from a fixed seed: 1 % moves around 100 (xorshift: no Math.random, the same series every run). */
export function priceSeries(n: number): Float64Array {
  const xs = new Float64Array(n);
  let s = 0x2545f491;
  let p = 100;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    p *= 1 + ((s >>> 0) / 4294967296 - 0.5) * 0.02;
    if (p < 1 || p > 10_000) p = 100;
    xs[i] = p;
  }
  return xs;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const fmtRate = (x: number | null): string => (x === null ? 'failed' : `${(x / 1e6).toFixed(1)} M/s`);

export interface BenchIndicatorsOptions {
  quick: boolean;
  /** Where the table goes, a line at a time (default: standard error). */
  log?: (line: string) => void;
  /** Values per run and timed runs (defaults: quick 200,000 × 5, else 2,000,000 × 7). */
  values?: number;
  runs?: number;
}

/**
 * Measures every subject and returns the JSON keys (updates per second,
 * median over the runs, and `_best`); prints the table through `log`.
 */
export function benchIndicators(opts: BenchIndicatorsOptions): Record<string, number | null> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const n = opts.values ?? (opts.quick ? 200_000 : 2_000_000);
  const runs = Math.max(5, opts.runs ?? (opts.quick ? 5 : 7));
  const warmup = opts.quick ? 0 : 2;
  const xs = priceSeries(n);
  const out: Record<string, number | null> = {};
  log(`indicator updates per second: ${n.toLocaleString('en-US')} values, ${runs} runs (median / best)`);
  log(`${'indicator'.padEnd(10)}${'ours'.padStart(24)}${'trading-signals'.padStart(24)}${'technicalindicators'.padStart(24)}`);
  for (const { indicator, loops } of SUBJECTS) {
    const rates = loops.map((): number[] | null => []);
    // Every run's indicator is built before any is timed and kept until the
    // last run: settle()'s full collection would otherwise free the runs
    // before, and V8 throws away optimised code that holds a freed object
    // ("deoptimization, reason: weak objects" with --trace-deopt), so each
    // timed run would pay for compiling its loop again (measured: our SMA at
    // 60–95 M/s so, 140–180 M/s with the indicators kept; the peers alike).
    // A run's indicator is still fresh: built, never updated, when its run starts.
    const kept = loops.map(({ make }) => Array.from({ length: warmup + runs }, make));
    for (let r = -warmup; r < runs; r++) {
      loops.forEach(({ loop }, k) => {
        const into = rates[k];
        if (into === null) return;
        try {
          const ind = kept[k][r + warmup];
          settle();
          const c0 = process.cpuUsage();
          loop(xs, ind);
          const c = process.cpuUsage(c0);
          const dt = (c.user + c.system) / 1e6;
          if (r >= 0) into.push(n / dt);
        } catch {
          rates[k] = null;
        }
      });
    }
    const cells: string[] = [];
    loops.forEach(({ suffix }, k) => {
      const rs = rates[k];
      const med = rs === null ? null : median(rs);
      const best = rs === null ? null : Math.max(...rs);
      out[`${indicator}_updates_per_s${suffix}`] = med === null ? null : Math.round(med);
      out[`${indicator}_updates_per_s${suffix}_best`] = best === null ? null : Math.round(best);
      cells.push(`${fmtRate(med)} / ${fmtRate(best)}`.padStart(24));
    });
    log(`${indicator.padEnd(10)}${cells.join('')}`);
  }
  return out;
}

// Run alone: `npx tsx src/cli/benchIndicators.ts [--quick]` (not when bench.ts imports it).
if (/benchIndicators\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const result = benchIndicators({ quick: process.argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
