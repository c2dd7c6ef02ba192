/**
 * `npm run -s backtest -- --data PATH --strategy NAME [--params k=v,...] [--cash N] [--commission RATE]
 *   [--spread-bps N] [--trade-on-close] [--from DATE] [--to DATE] [--json]`
 * `npm run -s backtest -- --data PATH --strategy NAME --sweep k=from:to:step,... [--params k=v,...]
 *   [--workers N] [--maximize STAT] [--random N --seed S] [... as above]`
 *
 * A built-in strategy over a CSV of daily (or any) bars with the backtester
 * of src/core/backtest (backtesting.py's fills and statistics). Prints the
 * statistics; with `--json` the last line is one JSON object, unrounded,
 * NaN as null, with exactly these keys: `trades`, `return_pct`,
 * `buy_hold_return_pct`, `equity_final`, `equity_peak`, `max_drawdown_pct`,
 * `win_rate_pct`, `exposure_pct`, `sharpe`, `sortino`, `calmar`, `cagr_pct`,
 * `profit_factor`, `expectancy_pct`, `sqn`, `kelly`.
 *
 * `--sweep` runs every combination of the ranges (`fast=5:30:5`; a list
 * for booleans and choices: `short=true|false`), or `--random N` of them
 * (seeded by `--seed`, default 1), skipping the ones the strategy refuses
 * (fast ≥ slow), across `--workers N` threads (default 1: this thread), and
 * prints the best set by `--maximize STAT` (one of the JSON keys above,
 * default `sqn` as backtesting.py's `optimize`) and the run count; with
 * `--json` the last line is `{ runs, skipped, maximize, best_params, best }`
 * where `best` has the keys above. The rows are the same whatever the
 * number of workers.
 *
 * --data: a CSV in Yahoo Finance's layout (GOOG.csv's too) or with the usual
 * column names (csv.ts). --commission: a share of each fill's value (0.002 is
 * 0.2 %). --from / --to: dates (YYYY-MM-DD, UTC), both inclusive.
 *
 * Exit 0 after a run; 2 for a bad flag, an unknown strategy or parameter, a
 * file that cannot be read or a bad row (its line number), with one line on
 * stderr; 1 when something else broke.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sliceColumns } from '../core/backtest/columns';
import { importCsv } from '../core/backtest/csv';
import { runBacktest } from '../core/backtest/engine';
import { STAT_INFO } from '../core/backtest/statInfo';
import { bestOf, gridSets, paramsText, randomSets, runSweep, type SweepAxis, type SweepRow } from '../core/backtest/sweep';
import type { BacktestConfig, BacktestStats, OhlcvColumns } from '../core/backtest/types';
import { paramsFromText } from '../core/strategy/params';
import { BUILTIN_STRATEGIES, builtinStrategy } from '../core/strategy/registry';
import type { ParamSpec, ParamValue, ParamValues, StrategyDef } from '../core/strategy/types';
import { poolSweep, type SweepWorkerEntry } from './sweepPool';

/** The JSON line's keys (fixed by the issue: other programs read them) and the statistic each one is. */
export const JSON_KEYS: readonly (readonly [string, keyof BacktestStats])[] = [
  ['trades', 'trades'],
  ['return_pct', 'returnPct'],
  ['buy_hold_return_pct', 'buyHoldReturnPct'],
  ['equity_final', 'equityFinal'],
  ['equity_peak', 'equityPeak'],
  ['max_drawdown_pct', 'maxDrawdownPct'],
  ['win_rate_pct', 'winRatePct'],
  ['exposure_pct', 'exposurePct'],
  ['sharpe', 'sharpe'],
  ['sortino', 'sortino'],
  ['calmar', 'calmar'],
  ['cagr_pct', 'cagrPct'],
  ['profit_factor', 'profitFactor'],
  ['expectancy_pct', 'expectancyPct'],
  ['sqn', 'sqn'],
  ['kelly', 'kelly'],
];
const STAT_BY_KEY = new Map(JSON_KEYS.map(([k, s]) => [k, s]));

export interface BacktestArgs {
  data: string;
  strategy: string;
  /** `--params` as given: a single run's checked values, or a sweep's fixed ones (only the names written). */
  params: ParamValues;
  config: Partial<BacktestConfig>;
  from: number | null;
  to: number | null;
  sweep: Map<string, SweepAxis> | null;
  random: number | null;
  seed: number;
  workers: number;
  maximize: string;
  json: boolean;
}

const USAGE =
  'usage: npm run -s backtest -- --data PATH --strategy NAME [--params k=v,...] [--cash N] [--commission RATE] [--spread-bps N] ' +
  '[--trade-on-close] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sweep k=from:to:step,... [--workers N] [--maximize STAT] [--random N] [--seed S]] [--json]';
const VALUED = ['--data', '--strategy', '--params', '--cash', '--commission', '--spread-bps', '--from', '--to', '--sweep', '--workers', '--maximize', '--random', '--seed'];
const MAX_WORKERS = 64;

type Parsed = { ok: true; args: BacktestArgs } | { ok: false; message: string };

/** The flags, each checked; a message for the first bad one. */
export function parseBacktestArgs(argv: readonly string[]): Parsed {
  const flags = new Map<string, string>();
  let json = false;
  let tradeOnClose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--trade-on-close') tradeOnClose = true;
    else if (VALUED.includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) return { ok: false, message: `${a} needs a value.` };
      if (flags.has(a)) return { ok: false, message: `${a} is given twice.` };
      flags.set(a, v);
    } else return { ok: false, message: `Unknown argument ${JSON.stringify(a)}.` };
  }
  const data = flags.get('--data');
  if (data === undefined) return { ok: false, message: 'Which data? --data PATH names a CSV of bars (e.g. GOOG.csv).' };
  const name = flags.get('--strategy');
  const names = BUILTIN_STRATEGIES.map((d) => d.name).join(', ');
  if (name === undefined) return { ok: false, message: `Which strategy? --strategy is one of ${names}.` };
  const def = builtinStrategy(name);
  if (def === undefined) return { ok: false, message: `Unknown strategy ${JSON.stringify(name)}; the built-ins are ${names}.` };

  const num = (flag: string, ok: (x: number) => boolean, what: string): number | undefined | string => {
    const raw = flags.get(flag);
    if (raw === undefined) return undefined;
    const x = Number(raw);
    return raw.trim() !== '' && Number.isFinite(x) && ok(x) ? x : `${flag} must be ${what} (got ${JSON.stringify(raw)}).`;
  };
  const cash = num('--cash', (x) => x > 0, 'an amount above 0');
  const commission = num('--commission', (x) => x >= 0 && x < 1, 'a rate from 0 to below 1 (0.002 is 0.2 %)');
  const spread = num('--spread-bps', (x) => x >= 0 && x < 10_000, 'basis points from 0 to below 10000');
  const workers = num('--workers', (x) => Number.isInteger(x) && x >= 1 && x <= MAX_WORKERS, `a whole number from 1 to ${MAX_WORKERS}`);
  const random = num('--random', (x) => Number.isInteger(x) && x >= 1, 'a whole number of sets, at least 1');
  const seed = num('--seed', (x) => Number.isSafeInteger(x), 'a whole number');
  for (const v of [cash, commission, spread, workers, random, seed]) if (typeof v === 'string') return { ok: false, message: v };
  const config: Partial<BacktestConfig> = { tradeOnClose };
  if (cash !== undefined) config.cash = cash as number;
  if (commission !== undefined) config.commission = { rate: commission as number, fixed: 0, perUnit: 0 };
  if (spread !== undefined) config.spreadBps = spread as number;

  const from = dateFlag(flags.get('--from'), false);
  const to = dateFlag(flags.get('--to'), true);
  if (typeof from === 'string') return { ok: false, message: `--from ${from}` };
  if (typeof to === 'string') return { ok: false, message: `--to ${to}` };
  if (from !== null && to !== null && from > to) return { ok: false, message: '--from is after --to.' };

  const maximize = flags.get('--maximize') ?? 'sqn';
  if (!STAT_BY_KEY.has(maximize)) return { ok: false, message: `--maximize is one of ${JSON_KEYS.map(([k]) => k).join(', ')} (got ${JSON.stringify(maximize)}).` };

  const sweepText = flags.get('--sweep');
  const paramsArg = flags.get('--params') ?? '';
  let params: ParamValues;
  let sweep: Map<string, SweepAxis> | null = null;
  if (sweepText === undefined) {
    for (const f of ['--workers', '--maximize', '--random', '--seed']) if (flags.has(f)) return { ok: false, message: `${f} goes with --sweep.` };
    const p = paramsFromText(def.params, paramsArg, def.validate);
    if (!p.ok) return { ok: false, message: `${name}: ${p.message}` };
    params = p.values;
  } else {
    const s = parseSweep(def, sweepText);
    if (!s.ok) return { ok: false, message: `--sweep: ${s.message}` };
    sweep = s.ranges;
    const f = fixedParams(def, paramsArg);
    if (!f.ok) return { ok: false, message: `${name}: ${f.message}` };
    params = f.values;
  }
  return {
    ok: true,
    args: {
      data, strategy: name, params, config, from, to, sweep, json, maximize,
      random: (random as number | undefined) ?? null, seed: (seed as number | undefined) ?? 1, workers: (workers as number | undefined) ?? 1,
    },
  };
}

/** A date flag as UTC ms: the start of a YYYY-MM-DD day (its end for --to), or an ISO date-time; a message when neither. */
function dateFlag(raw: string | undefined, endOfDay: boolean): number | null | string {
  if (raw === undefined) return null;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (day !== null) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const t = Date.UTC(y, m - 1, d);
    if (new Date(t).getUTCDate() !== d || new Date(t).getUTCMonth() !== m - 1) return `is not a date (got ${JSON.stringify(raw)}).`;
    return endOfDay ? t + 86_400_000 - 1 : t;
  }
  const t = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : Number.NaN;
  return Number.isFinite(t) ? t : `must be a date, YYYY-MM-DD (got ${JSON.stringify(raw)}).`;
}

/** `fast=5:30:5,slow=20:100:10,short=true|false`: a range per number, a list (`|`) for anything. */
export function parseSweep(def: StrategyDef, text: string): { ok: true; ranges: Map<string, SweepAxis> } | { ok: false; message: string } {
  const ranges = new Map<string, SweepAxis>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, message: `write each parameter as name=from:to:step or name=a|b|c (got ${JSON.stringify(part)}).` };
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!Object.hasOwn(def.params, name)) return { ok: false, message: `Unknown parameter ${JSON.stringify(name)}; ${def.name} takes ${Object.keys(def.params).join(', ')}.` };
    if (ranges.has(name)) return { ok: false, message: `${name} is given twice.` };
    const spec = def.params[name];
    if (value.includes(':')) {
      const bits = value.split(':');
      const [from, to, step] = bits.map((b) => (b.trim() === '' ? Number.NaN : Number(b)));
      if (bits.length !== 3 || ![from, to, step].every(Number.isFinite)) {
        return { ok: false, message: `${name}: a range is from:to:step with three numbers (got ${JSON.stringify(value)}).` };
      }
      ranges.set(name, { from, to, step });
    } else ranges.set(name, value.split('|').map((v) => typed(spec, v.trim())));
  }
  if (ranges.size === 0) return { ok: false, message: 'name at least one parameter to sweep (fast=5:30:5).' };
  return { ok: true, ranges };
}

/** A value written as text, read as its parameter's type (a wrong one stays text and is refused, with its reason, by the check). */
function typed(spec: ParamSpec, v: string): ParamValue {
  if (spec.type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
  if (spec.type === 'choice' || v === '') return v;
  return Number(v);
}

/** A sweep's `--params`: each written value checked on its own (no cross-parameter rule: the swept ones are not known yet), only those kept. */
function fixedParams(def: StrategyDef, text: string): { ok: true; values: ParamValues } | { ok: false; message: string } {
  const checked = paramsFromText(def.params, text);
  if (!checked.ok) return checked;
  const values = Object.create(null) as Record<string, ParamValue>;
  for (const part of text.split(',')) {
    const name = part.slice(0, part.indexOf('=')).trim();
    if (name !== '') values[name] = checked.values[name];
  }
  return { ok: true, values };
}

/** The statistics under the keys; NaN (and ±Infinity) print as null in JSON. */
export function statsJson(stats: BacktestStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, s] of JSON_KEYS) out[k] = stats[s];
  return out;
}

type Output = { code: number; stdout: string; stderr: string };

function bad(message: string): Output {
  return { code: 2, stdout: '', stderr: `backtest: ${message}\n${USAGE}\n` };
}

/** The CSV, read and checked, cut to --from/--to; a message naming the file (and the line) when it cannot be used. */
function loadData(a: BacktestArgs): { ok: true; data: OhlcvColumns } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(a.data, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
    return { ok: false, message: `cannot read ${a.data}: ${why}.` };
  }
  const csv = importCsv(text);
  if (!csv.ok) return { ok: false, message: `${a.data}: ${csv.message}` };
  if (a.from === null && a.to === null) return { ok: true, data: csv.data };
  const data = sliceColumns(csv.data, a.from ?? Number.NEGATIVE_INFINITY, a.to ?? Number.POSITIVE_INFINITY);
  if (data.length < 2) return { ok: false, message: `${a.data} has ${data.length} bar${data.length === 1 ? '' : 's'} between --from and --to; a backtest needs at least 2.` };
  return { ok: true, data };
}

/** Where the pool's workers find their code when this runs under tsx (the CLI is never bundled). */
function workerEntry(): SweepWorkerEntry {
  return { ts: new URL('./sweepWorker.ts', import.meta.url), tsxApi: import.meta.resolve('tsx/esm/api') };
}

/** The command: exit code and what it prints (tests call this; the script prints it). */
export async function main(argv: readonly string[]): Promise<Output> {
  const parsed = parseBacktestArgs(argv);
  if (!parsed.ok) return bad(parsed.message);
  const a = parsed.args;
  const def = builtinStrategy(a.strategy)!;
  const loaded = loadData(a);
  if (!loaded.ok) return bad(loaded.message);
  const data = loaded.data;
  const span = `${basename(a.data)}, ${fmtInt(data.length)} bars from ${isoDay(data.time[0])} to ${isoDay(data.time[data.length - 1])}`;
  if (a.sweep === null) {
    const r = runBacktest(def, a.params, data, a.config);
    if (!r.ok) return bad(r.message);
    const lines = [`${def.name} (${paramsText(a.params)}) over ${span}`, ...statLines(r.result.stats)];
    if (r.result.error !== null) lines.push(`The strategy stopped with an error: ${r.result.error.message}`);
    if (a.json) lines.push(JSON.stringify(statsJson(r.result.stats)));
    return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
  }
  const planned = a.random === null ? gridSets(def, a.sweep, a.params) : randomSets(def, a.sweep, a.params, a.random, a.seed);
  if (!planned.ok) return bad(`--sweep: ${planned.message}`);
  const { sets, skipped, firstSkip } = planned;
  if (sets.length === 0) return bad(`--sweep: every one of the ${fmtInt(planned.combinations)} combinations was refused: ${firstSkip ?? ''}`);
  const t0 = performance.now();
  const swept = a.workers === 1
    ? runSweep(def, sets, data, a.config)
    : await poolSweep({ entry: workerEntry(), workers: a.workers, strategy: def.name, sets, data, config: a.config });
  if (!swept.ok) return bad(swept.message);
  const seconds = (performance.now() - t0) / 1000;
  const stat = STAT_BY_KEY.get(a.maximize)!;
  const best = bestOf(swept.rows, stat) as SweepRow;
  const label = STAT_INFO.find((s) => s.key === stat)?.label ?? a.maximize;
  const lines = [
    `Sweep of ${def.name} over ${span}: ${fmtInt(sets.length)} runs in ${seconds.toFixed(2)} s on ${a.workers} worker${a.workers === 1 ? '' : 's'}` +
      (skipped > 0 ? `; ${fmtInt(skipped)} combination${skipped === 1 ? '' : 's'} skipped (${firstSkip ?? ''})` : ''),
    `Best by ${label}: ${paramsText(best.params)}`,
    ...statLines(best.stats),
  ];
  if (a.json) {
    lines.push(JSON.stringify({ runs: sets.length, skipped, maximize: a.maximize, best_params: { ...best.params }, best: statsJson(best.stats) }));
  }
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

const fmtInt = (x: number): string => new Intl.NumberFormat('en-US').format(x);
const fmt = (x: number, digits: number): string => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(x);
const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** The statistics table as backtesting.py prints it: its labels, the values readable. */
function statLines(stats: BacktestStats): string[] {
  const width = Math.max(...STAT_INFO.map((s) => s.label.length));
  return STAT_INFO.map((s) => {
    const v = stats[s.key];
    let shown: string;
    if (Number.isNaN(v)) shown = '-';
    else if (s.unit === 'time') shown = isoDay(v);
    else if (s.unit === 'duration') shown = `${fmt(v / 86_400_000, 1)} days`;
    else if (s.unit === 'count') shown = fmtInt(v);
    else shown = fmt(v, s.unit === 'ratio' ? 3 : 2);
    return `  ${s.label.padEnd(width)}  ${shown}`;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (r) => {
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      process.exitCode = r.code;
    },
    (e: unknown) => {
      process.stderr.write(`backtest: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
