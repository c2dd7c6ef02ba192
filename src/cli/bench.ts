/**
 * `npm run bench`: the standard workload (workload.ts) fed to our engine and to
 * nodejs-order-book in the same process, with the book held near 1,000 and
 * near 100,000 resting orders; then the simulation figure.
 *
 * Prints a table, and as its LAST line one JSON object whose first keys are
 * `engine_ops_per_s`, `peer_ops_per_s` and `ratio` for the 1,000 case.
 *
 * Flags:
 *   --quick           100,000 ops, no warm-up, one run (smoke test)
 *   --ops=N           measured operations per case (default 1,000,000)
 *   --runs=N          measured runs per engine and case, best one kept (default 5)
 *   --warmup=N        untimed runs per engine before the first case (default 3: V8
 *                     tiers the hot path up over the first runs; from the fourth on,
 *                     a run's first 32k ops cost as its last)
 *   --cases=1000,100000
 *   --only=bourse|journal|peer  run one engine (e.g. to profile it)
 *   --seed=N          workload seed (default 42)
 *   --no-sim          skip the simulation figure (simulated s per wall s, every bot
 *                     on every instrument, from src/core/sim/sim when it can be imported)
 *   --no-indicators   skip the indicators (SMA, RSI, EMA updates per second, ours against
 *                     trading-signals and technicalindicators: benchIndicators.ts)
 *   --no-strategies   skip the sim's day with and without 20 live strategies (benchStrategies.ts)
 *   --part=NAME       run one part in this process (indicators, backtest, engine, sim, strategies); without it
 *                     the bundle runs each part in a child process of its own, one after another, and merges
 *                     their JSON lines (a fresh heap each: no part pays for the garbage of the one before)
 *   --no-backtest     skip the backtester: SDK bars/s against a hand loop, and a 1,000-set sweep
 *                     on 1 and 2 worker threads (benchBacktest.ts; the workers load this bundle)
 *
 * `npm run bench` bundles this file with esbuild first, as the app is bundled
 * for the browser: under tsx every module is transpiled apart and calls
 * across modules optimise less well.
 *
 * Profiling our engine alone, in one process (tsx as a loader, not its CLI;
 * the profile whose samples are not all idle is the main thread's, the other
 * one is tsx's loader thread):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx src/cli/bench.ts --cases=1000 --only=bourse --no-sim
 * tsx's transpiled code reports every function at line 1; for line-level
 * ticks (positionTicks), bundle first and profile the bundle:
 *   npx esbuild src/cli/bench.ts --bundle --platform=node --format=cjs --outfile=/tmp/bench.cjs
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof /tmp/bench.cjs --cases=1000 --only=bourse --no-sim
 */
import { spawnSync } from 'node:child_process';
import { gc } from './gc';
import { generateWorkload, type Workload } from './workload';
import { prepareEngine, prepareEngineJournal, preparePeer, type Prepared, type RunResult } from './peer';
import { Sim } from '../core/sim/sim';
import { benchIndicators } from './benchIndicators';
import { benchStrategies, STRATEGY_COUNT } from './benchStrategies';
import { benchBacktest } from './benchBacktest';
import { isMainThread } from 'node:worker_threads';

// ------------------------------------------------------------------ options

interface Options {
  ops: number;
  runs: number;
  warmup: number;
  cases: number[];
  only: 'bourse' | 'journal' | 'peer' | null;
  seed: number;
  sim: boolean;
  /** Indicator updates per second against trading-signals and technicalindicators (benchIndicators.ts). */
  indicators: boolean;
  /** The sim's day with and without 20 live strategies (benchStrategies.ts). */
  strategies: boolean;
  /** The backtester's bars/s, its ratio to a hand loop, and a sweep on 1 and 2 workers (benchBacktest.ts). */
  backtest: boolean;
  /** One part only (`--part=`), as the bundle runs itself for each part; null: every part, each in its own process. */
  part: Part | null;
}

/** The parts of the bench, in the order they are measured (display order differs: the JSON's keys start with the engine). */
const PARTS = ['indicators', 'backtest', 'engine', 'sim', 'strategies'] as const;
type Part = (typeof PARTS)[number];

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const o: Options = {
    ops: quick ? 100_000 : 1_000_000,
    runs: quick ? 1 : 5,
    warmup: quick ? 0 : 3,
    cases: [1_000, 100_000],
    only: null,
    seed: 42,
    sim: !argv.includes('--no-sim'),
    indicators: !argv.includes('--no-indicators'),
    strategies: !argv.includes('--no-strategies'),
    backtest: !argv.includes('--no-backtest'),
    part: null,
  };
  for (const a of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (!m) continue;
    const [, k, v] = m;
    if (k === 'ops') o.ops = Number(v);
    else if (k === 'runs') o.runs = Math.max(1, Number(v));
    else if (k === 'warmup') o.warmup = Math.max(0, Number(v));
    else if (k === 'cases') o.cases = v.split(',').map(Number);
    else if (k === 'seed') o.seed = Number(v);
    else if (k === 'only' && (v === 'bourse' || v === 'journal' || v === 'peer')) o.only = v;
    else if (k === 'part' && (PARTS as readonly string[]).includes(v)) o.part = v as Part;
  }
  return o;
}

// ------------------------------------------------------------------ helpers


const fmtInt = (x: number): string => Math.round(x).toLocaleString('en-US');
const fmtRate = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(0)} k`);

interface CaseResult {
  n: number;
  workload: Workload['stats'];
  /** Our engine through its units API (the headline figure). */
  engine?: Best;
  /** Our engine fed the journal's commands. */
  journal?: Best;
  peer?: Best;
}

interface Best {
  name: string;
  best: RunResult;
  opsPerS: number;
  /** ops/s of every measured run, in order. */
  all: number[];
}

/**
 * A full GC, then a wait until the process is idle. The forced GC of this
 * heap (the workloads, and every engine a case keeps alive: ~300 MB) leaves
 * sweeping and unmapping to V8's background threads, which run on into the
 * next timed run: measured, a run straight after gc() took 60–90 ms more CPU
 * than wall time, and its first ~100,000 operations cost 0.5–3 µs each,
 * against ~0.22 µs once settled. That is the harness's own collection, not
 * either engine's work, so both wait for it to end (at most 3 s).
 */
async function settle(): Promise<void> {
  gc();
  const deadline = performance.now() + 3000;
  for (;;) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const c = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    if ((c.user + c.system) / 1000 < 0.05 * wall || performance.now() > deadline) return;
  }
}

async function measure(p: Prepared, into: number[]): Promise<RunResult> {
  await settle();
  const r = p.run();
  into.push(r.ops / r.seconds);
  return r;
}

async function runCase(n: number, o: Options, warm: boolean): Promise<CaseResult> {
  const t0 = performance.now();
  const w = generateWorkload({ n, ops: o.ops, seed: o.seed });
  const preps: Prepared[] = [];
  if (o.only === null || o.only === 'bourse') preps.push(prepareEngine(w));
  if (o.only === null || o.only === 'journal') preps.push(prepareEngineJournal(w));
  if (o.only === null || o.only === 'peer') preps.push(preparePeer(w));
  const genS = (performance.now() - t0) / 1000;
  process.stderr.write(`case ${fmtInt(n)}: workload of ${fmtInt(w.prefill.length)} + ${fmtInt(w.ops.length)} ops built in ${genS.toFixed(1)} s\n`);

  if (warm) {
    for (let k = 0; k < o.warmup; k++) {
      for (const p of preps) {
        await settle();
        const r = p.run();
        process.stderr.write(`  warm-up ${k + 1}/${o.warmup} ${p.name}: ${fmtRate(r.ops / r.seconds)} ops/s\n`);
      }
    }
  }
  const rates: number[][] = preps.map(() => []);
  const bests: (RunResult | null)[] = preps.map(() => null);
  // Interleaved (engine, peer, engine, peer, ...) so slow drifts of a noisy machine hit both alike.
  for (let k = 0; k < o.runs; k++) {
    for (let i = 0; i < preps.length; i++) {
      const p = preps[i];
      const r = await measure(p, rates[i]);
      process.stderr.write(`  run ${k + 1}/${o.runs} ${p.name}: ${r.seconds.toFixed(3)} s, ${fmtRate(r.ops / r.seconds)} ops/s\n`);
      const b = bests[i];
      if (b === null || r.seconds < b.seconds) bests[i] = r;
    }
  }
  const res: CaseResult = { n, workload: w.stats };
  preps.forEach((p, i) => {
    const best = bests[i]!;
    const entry: Best = { name: p.name, best, opsPerS: best.ops / best.seconds, all: rates[i] };
    if (p.name === 'bourse') res.engine = entry;
    else if (p.name === 'bourse (journal)') res.journal = entry;
    else res.peer = entry;
  });
  return res;
}

// ------------------------------------------------------------------ table

function printTable(results: CaseResult[], o: Options): void {
  const head = ['case', 'engine', 'ops', 'seconds', 'ops/s', 'runs (ops/s)', 'trades', 'resting', 'rejected', 'ratio'];
  const rows: string[][] = [];
  for (const c of results) {
    for (const e of [c.engine, c.journal, c.peer]) {
      if (!e) continue;
      rows.push([
        `N=${fmtInt(c.n)}`,
        e.name,
        fmtInt(e.best.ops),
        e.best.seconds.toFixed(3),
        fmtInt(e.opsPerS),
        e.all.map(fmtRate).join(' / '),
        fmtInt(e.best.trades),
        fmtInt(e.best.resting),
        e.best.rejected === undefined ? '-' : fmtInt(e.best.rejected),
        c.peer ? `${(e.opsPerS / c.peer.opsPerS).toFixed(2)}x` : '-',
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('');
  console.log(`Standard workload: ${fmtInt(o.ops)} ops per case (seed ${o.seed}), best of ${o.runs} run(s)${o.warmup ? ' after a warm-up' : ''}; engine = Exchange with escrow, fees and events on: "bourse" through its units API (ticks, lots; the bots' path), "bourse (journal)" fed the journal's JSON commands (decimals checked and converted, every id ever used remembered); ratio = ops/s over the peer's.`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const c of results) {
    const s = c.workload;
    const tot = s.limits + s.markets + s.cancels;
    const pct = (x: number): string => `${((100 * x) / tot).toFixed(1)}%`;
    console.log(
      `N=${fmtInt(c.n)} mix: ${pct(s.limits)} limit (${((100 * s.crossingLimits) / s.limits).toFixed(1)}% of them crossing), ` +
        `${pct(s.markets)} market, ${pct(s.cancels)} cancel; resting ${fmtInt(s.minResting)}..${fmtInt(s.maxResting)}, ` +
        `model expects ${fmtInt(s.trades)} trades, ${fmtInt(s.restingAtEnd)} resting, ${fmtInt(s.stpCancels)} STP cancels.`,
    );
    for (const e of [c.engine, c.journal, c.peer]) {
      if (e && (e.best.trades !== s.trades || e.best.resting !== s.restingAtEnd)) {
        console.log(`  WARNING: ${e.name} disagrees with the workload model (trades ${e.best.trades}, resting ${e.best.resting}).`);
      }
      if (e?.best.unknownOrder) console.log(`  WARNING: ${e.name} saw ${e.best.unknownOrder} cancels of orders that were not live.`);
    }
  }
  const r1 = results.find((c) => c.n === 1000);
  if (r1?.engine) {
    const ok = r1.peer ? r1.engine.opsPerS / r1.peer.opsPerS >= 10 : false;
    const j = r1.journal && r1.peer ? `; fed the journal's commands: ${(r1.journal.opsPerS / r1.peer.opsPerS).toFixed(2)}x` : '';
    console.log(
      `Bar: ratio >= 10 at N=1,000, through the units API (the bots' path): ${ok ? 'met' : 'NOT met'}${j}; aims: ratio >= 20 and >= 10 M ops/s (engine: ${fmtRate(r1.engine.opsPerS)} ops/s); exchange-core (Java) publishes 5 M.`,
    );
  }
}

// ------------------------------------------------------------------ simulation

interface SimFigure {
  /** Simulated seconds per wall-clock second, every bot on every instrument. */
  simSecondsPerWallSecond: number;
  /** Wall seconds for one whole trading day (aim: < 10), extrapolated when the run was capped. */
  wallSecondsPerDay: number;
  simulatedSeconds: number;
  wallSeconds: number;
  instruments: number;
  trades: number;
}

/** A regular NYSE session: 09:30-16:00 ET, when every instrument (stocks and 24/7 crypto alike) is open. */
const SESSION_SECONDS = 6.5 * 3600;
const DAY_SECONDS = 24 * 3600;
/** Monday 3 March 2025, 09:30 EST = 14:30 UTC. */
const SESSION_OPEN = Date.UTC(2025, 2, 3, 14, 30);

/**
 * Simulated seconds per wall second with every bot on every instrument (the
 * sim's defaults: the whole catalogue, market makers and noise traders on),
 * from the opening bell, stepped a minute of sim time at a time; stops early
 * at `capWallS` and extrapolates.
 */
function benchSim(daySeconds: number, simSeconds: number, capWallS: number): SimFigure {
  let trades = 0;
  const sim = new Sim({ seed: 42, start: SESSION_OPEN }, (e) => {
    if (e.ev === 'trade') trades++;
  });
  const start = sim.now;
  const t0 = performance.now();
  let wall = 0;
  while (sim.now - start < simSeconds * 1000 && wall < capWallS) {
    sim.step(60_000);
    wall = (performance.now() - t0) / 1000;
  }
  const simulated = (sim.now - start) / 1000;
  const rate = simulated / wall;
  return {
    simSecondsPerWallSecond: rate,
    wallSecondsPerDay: daySeconds / rate,
    simulatedSeconds: simulated,
    wallSeconds: wall,
    instruments: sim.markets.size,
    trades,
  };
}

async function simFigure(quick: boolean, seconds: number): Promise<SimFigure> {
  await settle();
  return benchSim(seconds, quick ? Math.min(1800, seconds) : seconds, quick ? 5 : 60);
}

// ------------------------------------------------------------------ main

/** Whether part `p` runs in this process. */
function runs(o: Options, p: Part): boolean {
  const on = p === 'engine' ? true : o[p];
  return on && (o.part === null || o.part === p);
}

/**
 * Every part in a process of its own, one after the other: each measures on
 * a fresh heap and a fresh JIT, so no part pays for the garbage or the
 * background collection of the one before (measured: SMA at 90 M/s after the
 * engine's and the sim's runs in one process, 103–178 M/s in its own). Each
 * child prints its table and one JSON line last; this prints the tables as
 * they come and one JSON line last, the parts' keys merged.
 */
function runParts(o: Options, self: string): void {
  const merged = new Map<Part, Record<string, unknown>>();
  for (const p of PARTS) {
    if (!runs(o, p)) continue;
    const child = spawnSync(process.execPath, [...process.execArgv, self, ...process.argv.slice(2), `--part=${p}`], {
      stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    const lines = (child.stdout ?? '').trimEnd().split('\n');
    const last = lines.pop() ?? '';
    if (lines.length > 0) console.log(lines.join('\n'));
    if (child.status !== 0) throw new Error(`bench part ${p} exited with ${child.status ?? child.signal}`);
    merged.set(p, JSON.parse(last) as Record<string, unknown>);
  }
  const out: Record<string, unknown> = {};
  for (const p of ['engine', 'sim', 'indicators', 'strategies', 'backtest'] as const) {
    for (const [k, v] of Object.entries(merged.get(p) ?? {})) if (v !== null || !(k in out)) out[k] = v;
  }
  console.log(JSON.stringify(out));
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const self = process.argv[1] ?? '';
  if (o.part === null && /\.c?js$/.test(self)) {
    runParts(o, self);
    return;
  }
  let indicators: Record<string, number | null> = {};
  if (runs(o, 'indicators')) {
    await settle();
    console.log('');
    indicators = benchIndicators({ quick: o.ops < 1_000_000, log: (line) => console.log(line) });
  }

  let backtest: Record<string, number | null> = {};
  if (runs(o, 'backtest')) {
    await settle();
    console.log('');
    // The sweep's workers are this bundle itself (it serves as one when started as one); from the .ts source there is none.
    backtest = { ...(await benchBacktest({ quick: o.ops < 1_000_000, entry: /\.c?js$/.test(self) ? { script: self } : null, log: (line) => console.log(line) })) };
  }

  const results: CaseResult[] = [];
  if (runs(o, 'engine')) {
    for (let i = 0; i < o.cases.length; i++) results.push(await runCase(o.cases[i], o, i === 0 && o.warmup > 0));
    printTable(results, o);
  }

  let session: SimFigure | null = null;
  let day: SimFigure | null = null;
  if (runs(o, 'sim')) {
    const quick = o.ops < 1_000_000;
    session = await simFigure(quick, SESSION_SECONDS);
    day = await simFigure(quick, DAY_SECONDS);
    console.log('');
    const line = (what: string, f: SimFigure, total: number) =>
      console.log(
        `Simulation, ${what}: ${fmtInt(f.simSecondsPerWallSecond)} simulated s per wall s with every bot on every instrument ` +
          `(${f.instruments} instruments, ${fmtInt(f.simulatedSeconds)} sim s in ${f.wallSeconds.toFixed(2)} s, ${fmtInt(f.trades)} trades): ` +
          `${f.wallSecondsPerDay.toFixed(2)} s${f.simulatedSeconds < total ? ' (extrapolated)' : ''} (aim: < 10 s).`,
      );
    line('an NYSE session (6.5 h from the opening bell)', session, SESSION_SECONDS);
    line('a whole 24 h day (stocks close at 16:00)', day, DAY_SECONDS);
  }

  let strategies: Record<string, number | null> = {};
  if (runs(o, 'strategies')) {
    await settle();
    strategies = benchStrategies({ quick: o.ops < 1_000_000 });
    console.log('');
    console.log(
      `Strategies: the sim's day with every bot on every instrument, ${strategies.sim_day24_cpu_s_base} CPU s; with ${STRATEGY_COUNT} strategies live on ` +
        `${STRATEGY_COUNT} instruments, ${strategies.sim_day24_cpu_s_strategies} CPU s (${strategies.strategies_overhead_pct} %, aim: at most 10 %; ` +
        `${strategies.strategies_trades} strategy fills; median of 3 days, the two sims stepped an hour in turn).`,
    );
  }

  const r1 = results.find((c) => c.n === 1000) ?? results[0];
  const rk = results.find((c) => c.n === 100_000);
  const round = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : Math.round(x));
  const ratio = (c: CaseResult | undefined): number | null =>
    c?.engine && c.peer ? Math.round((c.engine.opsPerS / c.peer.opsPerS) * 100) / 100 : null;
  const out: Record<string, unknown> = {
    engine_ops_per_s: round(r1?.engine?.opsPerS),
    peer_ops_per_s: round(r1?.peer?.opsPerS),
    ratio: ratio(r1),
    engine_journal_ops_per_s: round(r1?.journal?.opsPerS),
    ratio_journal: r1?.journal && r1.peer ? Math.round((r1.journal.opsPerS / r1.peer.opsPerS) * 100) / 100 : null,
    case_resting: r1?.n ?? null,
    ops: o.ops,
    runs: o.runs,
    engine_ops_per_s_100k: round(rk?.engine?.opsPerS),
    peer_ops_per_s_100k: round(rk?.peer?.opsPerS),
    ratio_100k: ratio(rk),
    sim_s_per_wall_s: session ? Math.round(session.simSecondsPerWallSecond) : null,
    sim_session_wall_s: session ? Math.round(session.wallSecondsPerDay * 100) / 100 : null,
    sim_day24_wall_s: day ? Math.round(day.wallSecondsPerDay * 100) / 100 : null,
    ...indicators,
    ...strategies,
    ...backtest,
  };
  console.log(JSON.stringify(out));
}

// In a worker thread this bundle is a sweep worker (benchBacktest.ts), not the bench.
if (isMainThread) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
