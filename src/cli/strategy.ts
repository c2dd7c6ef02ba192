/**
 * `npm run -s strategy -- --strategy NAME [--symbol S] [--params k=v,...] [--hours H] [--seed N]
 *   [--budget CASH] [--timeframe TF] [--json]`
 * `npm run -s strategy -- --code FILE [the same flags but --strategy]`
 *
 * Runs a built-in strategy (or, with `--code`, a strategy a person wrote, as
 * the app's editor keeps it: the file's code in a sandbox thread, the app's
 * own bridge feeding it bars in lockstep — each bar answered before the sim
 * steps on — so the same arguments give the same line) live in a headless sim (the worker's own `Sim`:
 * market maker, noise traders, the strategy as an agent through the one
 * order path) on one instrument for H simulated hours, and prints a summary;
 * with `--json` the last line is one JSON object: `seed`, `symbol`,
 * `strategy`, `params`, `hours`, `budget`, `timeframe`, `trades`, `pnl`,
 * `fees`, `equity_final`, `status` (and `error`, `last_refusal` when set),
 * `state_hash`. Same arguments, same line: the sim is seeded and nothing
 * reads the wall clock.
 *
 * Defaults: --symbol FUN, --hours 24, --seed 1, --budget 10000, the
 * strategy's own timeframe and parameters. Exit 0 after a run (whatever the
 * strategy did, an error in it included: it is reported); 2 for an unknown
 * strategy, symbol or parameter, or a bad flag, with one line on stderr.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TIMEFRAMES, type Timeframe } from '../core/market/candles';
import { defaultCatalogue, findInstrument } from '../core/market/instruments';
import { Sim } from '../core/sim/sim';
import { simStateHash } from '../core/sim/snapshot';
import { paramsFromText } from '../core/strategy/params';
import { BUILTIN_STRATEGIES, builtinStrategy } from '../core/strategy/registry';
import type { ParamSpecs, ParamValues } from '../core/strategy/types';
import type { Timers } from '../worker/sandbox/bridge';
import { simBridge } from '../worker/sandbox/engine';
import { spawnNodeSandbox } from '../worker/sandbox/nodeSandbox';

export interface StrategyArgs {
  strategy: string;
  /** `--code FILE`: a person's strategy from this file (its parameters are read once its declaration is known). */
  codePath?: string;
  /** `--params` as given, for a `--code` strategy's own declaration. */
  paramsText?: string;
  /** `--timeframe` given: a `--code` strategy otherwise runs on its declared one. */
  timeframeGiven?: boolean;
  symbol: string;
  params: ParamValues;
  hours: number;
  seed: number;
  budget: number;
  timeframe: Timeframe;
  json: boolean;
}

/** Monday 6 January 2025, 14:30 UTC: the NYSE opens, so a stock trades from the first minute. */
export const CLI_START = Date.UTC(2025, 0, 6, 14, 30);
const USAGE =
  'usage: npm run -s strategy -- (--strategy NAME | --code FILE) [--symbol S] [--params k=v,...] [--hours H] [--seed N] [--budget CASH] [--timeframe TF] [--json]';

/** The flags, each checked; a message for the first bad one. */
export function parseStrategyArgs(argv: readonly string[]): { ok: true; args: StrategyArgs } | { ok: false; message: string } {
  const flags = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (['--strategy', '--code', '--symbol', '--params', '--hours', '--seed', '--budget', '--timeframe'].includes(a)) {
      const v = argv[++i];
      if (v === undefined) return { ok: false, message: `${a} needs a value.` };
      flags.set(a.slice(2), v);
    } else return { ok: false, message: `Unknown argument ${a}.` };
  }
  const codePath = flags.get('code');
  const name = flags.get('strategy');
  const names = BUILTIN_STRATEGIES.map((d) => d.name).join(', ');
  if (codePath !== undefined && name !== undefined) return { ok: false, message: 'Give --strategy NAME (a built-in) or --code FILE (your own), not both.' };
  if (name === undefined && codePath === undefined) return { ok: false, message: `Which strategy? --strategy is one of ${names}, or --code FILE runs your own.` };
  const def = name === undefined ? undefined : builtinStrategy(name);
  if (name !== undefined && def === undefined) {
    const why = name.startsWith('user:') ? ' (your own code: --code FILE)' : '';
    return { ok: false, message: `Unknown strategy ${JSON.stringify(name)}${why}; the built-ins are ${names}.` };
  }
  const symbol = flags.get('symbol') ?? 'FUN';
  if (findInstrument(symbol) === undefined) {
    const some = defaultCatalogue().slice(0, 12).map((s) => s.symbol).join(', ');
    return { ok: false, message: `Unknown symbol ${JSON.stringify(symbol)}; try one of ${some}, ….` };
  }
  // A --code strategy's parameters are read against its declaration, once the sandbox has read it.
  const p = def === undefined ? { ok: true as const, values: {} } : paramsFromText(def.params, flags.get('params') ?? '', def.validate);
  if (!p.ok) return { ok: false, message: `${name}: ${p.message}` };
  const num = (k: string, dflt: number, ok: (x: number) => boolean, what: string): number | string => {
    const raw = flags.get(k);
    if (raw === undefined) return dflt;
    const x = Number(raw);
    return raw.trim() !== '' && ok(x) ? x : `--${k} must be ${what} (got ${JSON.stringify(raw)}).`;
  };
  const hours = num('hours', 24, (x) => x > 0 && x <= 24 * 31, 'a number of hours above 0, at most 744');
  const seed = num('seed', 1, (x) => Number.isSafeInteger(x), 'a whole number');
  const budget = num('budget', 10_000, (x) => x > 0 && x <= 100_000, 'an amount above 0, at most 100000 (the starting cash)');
  for (const v of [hours, seed, budget]) if (typeof v === 'string') return { ok: false, message: v };
  const tf = flags.get('timeframe') ?? def?.timeframe ?? '1m';
  if (!(TIMEFRAMES as readonly string[]).includes(tf)) return { ok: false, message: `--timeframe must be one of ${TIMEFRAMES.join(', ')}.` };
  const args: StrategyArgs = {
    strategy: name ?? 'user:', symbol, params: { ...p.values }, hours: hours as number, seed: seed as number, budget: budget as number, timeframe: tf as Timeframe, json,
  };
  if (codePath !== undefined) {
    args.codePath = codePath;
    args.paramsText = flags.get('params') ?? '';
    args.timeframeGiven = flags.has('timeframe');
  }
  return { ok: true, args };
}

/** The run: one instrument, its bots, the strategy started at once; the figures when the hours are up. */
export function runStrategy(a: StrategyArgs): Record<string, unknown> {
  const sim = new Sim({ seed: a.seed, start: CLI_START, instruments: [findInstrument(a.symbol)!] });
  const started = sim.submit('you', { op: 'strategyStart', strategy: a.strategy, symbol: a.symbol, timeframe: a.timeframe, params: a.params, budget: a.budget });
  if (!started.ok) throw new Error(`the strategy could not start: ${started.message}`);
  const end = CLI_START + a.hours * 3_600_000;
  while (sim.now < end) sim.step(Math.min(60_000, end - sim.now));
  return figures(sim, a);
}

/**
 * A person's strategy (`--code`): its file read and declared in a sandbox
 * thread (a bad file: the message and its line), its parameters read against
 * that declaration, then run as the app runs it, through the app's bridge,
 * in lockstep: after each sim step the closed bar goes to the sandbox, and
 * the sim steps on only once it has answered (its orders in at that step, as
 * a built-in's). A call over the bridge's time limit stops the strategy, as
 * in the app, and is reported in the figures.
 */
export async function runCodeStrategy(a: StrategyArgs, code: string): Promise<{ ok: true; out: Record<string, unknown> } | { ok: false; message: string }> {
  const sim = new Sim({ seed: a.seed, start: CLI_START, instruments: [findInstrument(a.symbol)!] });
  const bridge = simBridge(sim, 'you', { spawn: () => spawnNodeSandbox(), timers: nodeTimers }, { code: () => Promise.resolve({ ok: true, code }) });
  try {
    const checked = await bridge.check(code);
    if (!checked.ok) return { ok: false, message: `${a.codePath ?? 'the code'}${checked.line !== undefined ? `, line ${checked.line}` : ''}: ${checked.message}` };
    const d = checked.summary;
    const p = paramsFromText(d.params as ParamSpecs, a.paramsText ?? '');
    if (!p.ok) return { ok: false, message: `${d.name}: ${p.message}` };
    const run: StrategyArgs = { ...a, strategy: `user:${d.name}`.slice(0, 65), params: { ...p.values }, timeframe: a.timeframeGiven === true ? a.timeframe : d.timeframe };
    const started = sim.submit('you', { op: 'strategyStart', strategy: run.strategy, symbol: run.symbol, timeframe: run.timeframe, params: run.params, budget: run.budget });
    if (!started.ok) return { ok: false, message: `the strategy could not start: ${started.message}` };
    const end = CLI_START + run.hours * 3_600_000;
    const stepMs = sim.cfg.stepMs;
    while (sim.now < end) {
      sim.step(Math.min(stepMs, end - sim.now));
      bridge.pump();
      while (bridge.busy()) await new Promise<void>((r) => setImmediate(r));
    }
    return { ok: true, out: figures(sim, run) };
  } finally {
    bridge.dispose();
  }
}

const nodeTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** The strategy's figures when the hours are up. */
function figures(sim: Sim, a: StrategyArgs): Record<string, unknown> {
  const v = sim.strategies()[0];
  const out: Record<string, unknown> = {
    seed: a.seed, symbol: a.symbol, strategy: a.strategy, params: a.params, hours: a.hours, budget: a.budget, timeframe: a.timeframe,
    trades: v.trades, pnl: round(v.pnl), fees: round(v.fees), equity_final: round(v.equity), status: v.status,
  };
  if (v.error !== undefined) out.error = v.error;
  if (v.lastRefusal !== undefined) out.last_refusal = v.lastRefusal;
  out.state_hash = simStateHash(sim);
  return out;
}

/** Cents and below as the cash asset keeps them, without float noise. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The command: exit code and what it prints (tests call this; the script prints it). */
export async function main(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const parsed = parseStrategyArgs(argv);
  if (!parsed.ok) return { code: 2, stdout: '', stderr: `strategy: ${parsed.message}\n${USAGE}\n` };
  let a = parsed.args;
  let r: Record<string, unknown>;
  if (a.codePath === undefined) r = runStrategy(a);
  else {
    let code: string;
    try {
      code = readFileSync(a.codePath, 'utf8');
    } catch (e) {
      return { code: 2, stdout: '', stderr: `strategy: ${a.codePath} cannot be read (${(e as Error).message}).\n` };
    }
    const ran = await runCodeStrategy(a, code);
    if (!ran.ok) return { code: 2, stdout: '', stderr: `strategy: ${ran.message}\n` };
    r = ran.out;
    a = { ...a, strategy: String(r.strategy), timeframe: r.timeframe as Timeframe };
  }
  const lines = [
    `${a.strategy} on ${a.symbol} (${a.timeframe}) for ${a.hours} h, seed ${a.seed}, budget ${a.budget}`,
    `  trades ${String(r.trades)}, fees ${String(r.fees)}, P&L ${String(r.pnl)}, final equity ${String(r.equity_final)}, ${String(r.status)}`,
  ];
  if (r.last_refusal !== undefined) lines.push(`  last refusal: ${String(r.last_refusal)}`);
  if (r.error !== undefined) lines.push(`  error: ${JSON.stringify(r.error)}`);
  if (a.json) lines.push(JSON.stringify(r));
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((r) => {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}
