/**
 * The strategies' cost in the sim (issue 11's figure): the whole catalogue
 * with every bot, for a simulated day from the opening bell, with and without
 * 20 strategies running live on 20 instruments (the built-ins in turn, on
 * 1-minute bars, each with its own budget), in the same process, the two
 * sims stepped an hour in turn (day() says why), each hour after a full GC,
 * and taking medians over the days, so that the machine's other load falls
 * on both alike.
 *
 * `benchStrategies({ quick })` returns the JSON keys for `npm run bench`:
 * `sim_day24_cpu_s_base`, `sim_day24_cpu_s_strategies`,
 * `strategies_overhead_pct` (aim: ≤ 10), `strategies_trades` (proof they
 * traded). Alone: `npx tsx src/cli/benchStrategies.ts [--quick]` (bundle
 * it with esbuild for figures comparable with the bench's).
 */
import { Sim } from '../core/sim/sim';
import { gc } from './gc';
import { BUILTIN_STRATEGIES } from '../core/strategy/registry';

/** Tuesday 4 March 2025, the NYSE's opening bell (the bench's session start). */
const OPEN = Date.UTC(2025, 2, 4, 14, 30);
export const STRATEGY_COUNT = 20;

/** A sim of the whole catalogue from the bell, with or without the strategies. */
function newSim(withStrategies: boolean): Sim {
  const sim = new Sim({ seed: 42, start: OPEN, startingCash: 1_000_000 });
  if (withStrategies) {
    const symbols = [...sim.markets.values()].filter((m) => m.spec.calendar === '24/7').slice(0, STRATEGY_COUNT).map((m) => m.spec.symbol);
    symbols.forEach((symbol, i) => {
      const r = sim.submit('you', { op: 'strategyStart', strategy: BUILTIN_STRATEGIES[i % BUILTIN_STRATEGIES.length].name, symbol, timeframe: '1m', budget: 10_000 });
      if (!r.ok) throw new Error(`cannot start a strategy on ${symbol}: ${r.message}`);
    });
  }
  return sim;
}

/** CPU seconds for one simulated hour of `sim`, after a full GC (the other sim's garbage is not this hour's). */
function hour(sim: Sim): number {
  gc();
  const t0 = process.cpuUsage();
  for (let i = 0; i < 60; i++) sim.step(60_000);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

/**
 * One simulated day of both sims, interleaved an hour at a time (which one
 * goes first swaps every hour): a whole day of one sim, then of the other,
 * put minutes between their measures, and this VM's load drifts over
 * minutes (whole-day runs gave 2.7 %, 4.9 % and 16.6 % for the same code).
 */
function day(hours: number): { base: number; withS: number; trades: number } {
  const base = newSim(false);
  const withS = newSim(true);
  let b = 0;
  let s = 0;
  for (let h = 0; h < hours; h++) {
    if (h % 2 === 0) {
      b += hour(base);
      s += hour(withS);
    } else {
      s += hour(withS);
      b += hour(base);
    }
  }
  return { base: b, withS: s, trades: withS.strategies().reduce((n, v) => n + v.trades, 0) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function benchStrategies(opts: { quick: boolean }): Record<string, number | null> {
  const hours = opts.quick ? 1 : 24;
  const rounds = opts.quick ? 1 : 3;
  const base: number[] = [];
  const withS: number[] = [];
  const overhead: number[] = [];
  let trades = 0;
  for (let i = 0; i < rounds; i++) {
    const d = day(hours);
    base.push(d.base);
    withS.push(d.withS);
    overhead.push((d.withS - d.base) / d.base);
    trades = d.trades;
  }
  const b = median(base);
  const s = median(withS);
  return {
    sim_day24_cpu_s_base: Math.round((b * 24 * 100) / hours) / 100,
    sim_day24_cpu_s_strategies: Math.round((s * 24 * 100) / hours) / 100,
    // The median of the days' own overheads: each day's two sims were measured side by side.
    strategies_overhead_pct: Math.round(median(overhead) * 1000) / 10,
    strategies_trades: trades,
  };
}

// By the script's name, not import.meta (empty once bench.ts bundles this file as CommonJS).
if (/benchStrategies\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const r = benchStrategies({ quick: process.argv.includes('--quick') });
  process.stderr.write(
    `The sim for a simulated day, every bot on every instrument: ${r.sim_day24_cpu_s_base} CPU s; with ${STRATEGY_COUNT} strategies live: ` +
      `${r.sim_day24_cpu_s_strategies} CPU s (${r.strategies_overhead_pct} %, aim ≤ 10 %; ${r.strategies_trades} strategy fills).\n`,
  );
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
