/**
 * The backtester's studies beyond one run, as the page asks a backtest worker
 * for them: a slice of a parameter sweep, a walk-forward, a Monte Carlo over a
 * run's trades, and a portfolio backtest. Each message comes from the page to
 * a worker, so each has its parser here, read field by field (names of
 * parameters as keys of null-prototype objects), like a single run's job
 * (`backtest.ts`); the core checks the values and has the last word.
 */
import { Code, fail } from '../core/codes';
import type { BacktestStats } from '../core/backtest/types';
import type { MonteCarloMethod, MonteCarloResult } from '../core/backtest/monteCarlo';
import type { WalkForwardResult } from '../core/backtest/walkForward';
import type { PortfolioResult } from '../core/backtest/portfolio';
import type { ParamValue } from '../core/strategy/types';
import { parseBacktestJob, STAT_KEYS, type BacktestJob, type BacktestSource } from './backtest';
import { bool, finite, oneOf, optional, parseParamValues, record, text, type Parsed, type Parser } from './parse';
import type { ApiResult } from './results';

const good = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** As core's MAX_SWEEP_SETS: a slice is never more than a whole sweep. */
export const MAX_SLICE_SETS = 100_000;

// ------------------------------------------------------------------ a sweep's slice

/** Sets `start ..` of a sweep (their index in the whole sweep), over the job's data and settings (its `params` unused). */
export interface SweepSliceJob {
  job: BacktestJob;
  start: number;
  sets: Record<string, ParamValue>[];
}

/**
 * Rows as a worker posts them while a slice runs: `count` rows from set
 * `start` on, their statistics packed row after row in `STAT_KEYS` order
 * (one Float64Array, transferred, not an object per row).
 */
export interface SweepRowsMessage {
  type: 'rows';
  start: number;
  count: number;
  stats: Float64Array;
  /** The strategy threw on that set (its figures cover the bars before), or null. */
  errors: (string | null)[];
}

/** A slice's last word: how many rows it ran (the rows themselves came in `rows` messages). */
export type SweepSliceAnswer = ApiResult<{ rows: number }>;

/** A row's statistics back from the packed array. */
export function statsAt(packed: Float64Array, row: number): BacktestStats {
  const out = {} as Record<keyof BacktestStats, number>;
  const base = row * STAT_KEYS.length;
  STAT_KEYS.forEach((k, i) => (out[k] = packed[base + i]));
  return out;
}

/** Rows' statistics packed row after row in `STAT_KEYS` order. */
export function packStats(rows: readonly BacktestStats[]): Float64Array {
  const out = new Float64Array(rows.length * STAT_KEYS.length);
  rows.forEach((s, r) => STAT_KEYS.forEach((k, i) => (out[r * STAT_KEYS.length + i] = s[k])));
  return out;
}

const index = (what: string): Parser<number> => (x) =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_SLICE_SETS ? good(x) : fail(Code.INVALID_SETTING, `${what} must be a whole number from 0 to ${MAX_SLICE_SETS}.`);

const parseSets: Parser<Record<string, ParamValue>[]> = (x) => {
  if (!Array.isArray(x) || x.length === 0 || x.length > MAX_SLICE_SETS) return fail(Code.INVALID_SETTING, `A sweep's slice is a list of 1 to ${MAX_SLICE_SETS} parameter sets.`);
  const out: Record<string, ParamValue>[] = [];
  for (const s of x as unknown[]) {
    const p = parseParamValues(s);
    if (!p.ok) return p;
    out.push(p.value);
  }
  return good(out);
};

export const parseSweepSlice: Parser<SweepSliceJob> = record<SweepSliceJob>(
  { job: parseBacktestJob, start: index('The slice start'), sets: parseSets },
  Code.INVALID_COMMAND,
  'A sweep slice needs a job, its first set number and its sets.',
);

// ------------------------------------------------------------------ walk-forward

/** A swept parameter: a range of numbers, or a list of values (booleans, choices). */
export type StudyAxis = { from: number; to: number; step: number } | ParamValue[];

export interface WalkForwardJob {
  job: BacktestJob;
  ranges: Map<string, StudyAxis>;
  fixed: Record<string, ParamValue>;
  inSampleBars: number;
  outOfSampleBars: number;
  statKey: keyof BacktestStats;
  maximize: boolean;
  random?: { n: number; seed: number };
}

const num = (what: string) => finite(Code.INVALID_SETTING, `${what} must be a number.`);
const parseRange = record<{ from: number; to: number; step: number }>({ from: num('From'), to: num('To'), step: num('The step') }, Code.INVALID_SETTING, 'A range has from, to and step.');

/** The swept parameters by name (a Map: the names come from the page). */
export const parseRanges: Parser<Map<string, StudyAxis>> = (x) => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail(Code.INVALID_SETTING, 'The ranges must be an object of parameter names.');
  const keys = Object.keys(x);
  if (keys.length > 32) return fail(Code.INVALID_SETTING, 'Too many swept parameters.');
  const out = new Map<string, StudyAxis>();
  for (const k of keys) {
    const v = (x as Record<string, unknown>)[k];
    if (Array.isArray(v)) {
      const isValue = (y: unknown) => (typeof y === 'number' && Number.isFinite(y)) || typeof y === 'boolean' || (typeof y === 'string' && y.length <= 200);
      if (v.length === 0 || v.length > 1000 || !v.every(isValue)) return fail(Code.INVALID_SETTING, `${k}: a list of 1 to 1,000 numbers, true/false or choices.`);
      out.set(k, [...(v as ParamValue[])]);
    } else {
      const r = parseRange(v);
      if (!r.ok) return fail(r.code, `${k}: ${r.message}`);
      out.set(k, r.value);
    }
  }
  return good(out);
};

export const parseStatKey: Parser<keyof BacktestStats> = oneOf(STAT_KEYS, Code.INVALID_SETTING, () => 'Pick a statistic to optimise.');

export const parseWalkForwardJob: Parser<WalkForwardJob> = record<WalkForwardJob>(
  {
    job: parseBacktestJob,
    ranges: parseRanges,
    fixed: (x) => parseParamValues(x ?? {}),
    inSampleBars: num('The in-sample bars'),
    outOfSampleBars: num('The out-of-sample bars'),
    statKey: parseStatKey,
    maximize: bool(Code.INVALID_SETTING, 'Maximize must be true or false.'),
    random: optional(record({ n: num('The number of sets'), seed: num('The seed') }, Code.INVALID_SETTING, 'A random sample has n and a seed.')),
  },
  Code.INVALID_COMMAND,
  'A walk-forward needs a job, ranges, its windows and a statistic.',
);

export type WalkForwardAnswer = ApiResult<{ result: WalkForwardResult }>;

// ------------------------------------------------------------------ Monte Carlo

export interface MonteCarloJob {
  /** The run's trades' returns (fractions), in the order they closed. */
  returns: Float64Array;
  method: MonteCarloMethod;
  runs: number;
  cash: number;
  seed: number;
}

export const parseMonteCarloJob: Parser<MonteCarloJob> = record<MonteCarloJob>(
  {
    returns: (x) => (x instanceof Float64Array && x.length <= 1_000_000 ? good(x) : fail(Code.INVALID_DATA, "The trades' returns must be numbers (at most a million).")),
    method: oneOf(['shuffle', 'bootstrap'] as const, Code.INVALID_SETTING, () => 'The method is shuffle or bootstrap.'),
    runs: num('Runs'),
    cash: num('The cash'),
    seed: num('The seed'),
  },
  Code.INVALID_COMMAND,
  'A Monte Carlo needs returns, a method, runs, cash and a seed.',
);

export type MonteCarloAnswer = ApiResult<{ result: MonteCarloResult }>;

// ------------------------------------------------------------------ a portfolio

export interface PortfolioJob {
  /** The strategy, its parameters, the date range and the settings (its `source` is the first leg's). */
  job: BacktestJob;
  legs: { symbol: string; source: BacktestSource }[];
}

const MAX_LEGS = 20;

export const parsePortfolioJob: Parser<PortfolioJob> = (x) => {
  const base = record({ job: parseBacktestJob, legs: (y: unknown) => (Array.isArray(y) && y.length >= 1 && y.length <= MAX_LEGS ? good(y as unknown[]) : fail(Code.INVALID_DATA, `A portfolio takes 1 to ${MAX_LEGS} series.`)) }, Code.INVALID_COMMAND, 'A portfolio needs a job and its series.')(x);
  if (!base.ok) return base;
  const legs: PortfolioJob['legs'] = [];
  for (const leg of base.value.legs) {
    const symbol = record({ symbol: text(Code.INVALID_DATA, 'Every series needs a name.') }, Code.INVALID_DATA, 'A series needs a name and its data.')(leg);
    if (!symbol.ok) return symbol;
    // The source is read by the job's own parser, with the job's strategy, so it is checked the same way.
    const src = parseBacktestJob({ strategy: base.value.job.strategy, params: {}, source: (leg as { source?: unknown }).source, config: {} });
    if (!src.ok) return src;
    legs.push({ symbol: symbol.value.symbol.slice(0, 200), source: src.value.source });
  }
  return good({ job: base.value.job, legs });
};

/** What the page shows of a portfolio (no per-leg overlays or logs: they stay in the worker). */
export type PortfolioSummary = Pick<PortfolioResult, 'stats' | 'time' | 'equity' | 'drawdown'> & {
  legs: { symbol: string; pnl: number; trades: number; wins: number }[];
  tradeCount: number;
};
export type PortfolioAnswer = ApiResult<{ result: PortfolioSummary }>;

// ------------------------------------------------------------------ the messages

/** A study a backtest worker is asked for (besides `{ type: 'run', job }`). */
export type StudyMessage =
  | { type: 'sweep'; study: unknown }
  | { type: 'walkForward'; study: unknown }
  | { type: 'monteCarlo'; study: unknown }
  | { type: 'portfolio'; study: unknown };
