/**
 * The backtester's messages: a run a page asks a backtest worker for (a job),
 * what that worker answers (progress, then the result), and a finished run as
 * the page saves it with the engine (a saved run, kept in IndexedDB and in
 * backups). Each comes from outside the code that acts on it, so each has its
 * parser here, read field by field like every command (README.md).
 */
import { Code, fail, type Failure } from '../core/codes';
import type { BacktestConfig, BacktestResult, BacktestStats, OhlcvColumns, BacktestTrade } from '../core/backtest/types';
import type { ParamValue } from '../core/strategy/types';
import { bool, finite, oneOf, optional, parseParamValues, record, shown, text, type Parsed, type Parser } from './parse';
import type { ApiResult } from './results';

const good = <T>(value: T): Parsed<T> => ({ ok: true, value });

// ------------------------------------------------------------------ a job for a backtest worker

/** Where a job's bars come from: a bundled sample (the worker loads it), or columns the page sends. */
export type BacktestSource = { kind: 'sample'; name: string } | { kind: 'columns'; name: string; data: OhlcvColumns };

/** The samples a backtest worker can load by itself. */
export const BACKTEST_SAMPLES: readonly string[] = ['GOOG'];

/**
 * A run: a built-in strategy by name, its parameters (checked by the core's
 * checkParams), the bars, an inclusive time range (UTC ms; absent: all of
 * them) and the broker's settings (checked by the engine, field by field).
 */
export interface BacktestJob {
  /** A built-in's name, or `user:<name>` with its `code`. */
  strategy: string;
  /** The person's own strategy's JavaScript (run only by a sandboxed backtest worker). */
  code?: string;
  params: Record<string, ParamValue>;
  source: BacktestSource;
  from?: number;
  to?: number;
  config: Partial<BacktestConfig>;
}

/** What a backtest worker posts: progress now and then, then once the answer (its typed arrays transferred). */
export type BacktestWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; answer: BacktestAnswer };

/** A finished run, and the bars it ran over (the range's copy, for the candles). */
export type BacktestAnswer = ApiResult<{ result: BacktestResult; data: OhlcvColumns }>;

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Columns as sent: six Float64Arrays of one length (the values are the engine's to check). */
export const parseColumns: Parser<OhlcvColumns> = (x) => {
  const bad = fail(Code.INVALID_DATA, 'The bars must be six columns of numbers (time, open, high, low, close, volume) of one length.');
  if (typeof x !== 'object' || x === null) return bad;
  const o = x as Record<string, unknown>;
  const cols: Partial<Record<(typeof COLUMNS)[number], Float64Array>> = {};
  for (const k of COLUMNS) {
    const v = Object.hasOwn(o, k) ? o[k] : undefined;
    if (!(v instanceof Float64Array)) return bad;
    cols[k] = v;
  }
  const length = cols.time!.length;
  if (COLUMNS.some((k) => cols[k]!.length !== length)) return bad;
  return good({ length, time: cols.time!, open: cols.open!, high: cols.high!, low: cols.low!, close: cols.close!, volume: cols.volume! });
};

const parseSource: Parser<BacktestSource> = (x) => {
  const kind = record({ kind: oneOf(['sample', 'columns'] as const, Code.INVALID_DATA, (k) => `Unknown data source ${shown(k)}.`) }, Code.INVALID_DATA, 'A backtest needs a data source.')(x);
  if (!kind.ok) return kind;
  if (kind.value.kind === 'sample') {
    const s = record({ name: oneOf(BACKTEST_SAMPLES, Code.INVALID_DATA, (n) => `There is no bundled sample ${shown(n)}.`) }, Code.INVALID_DATA, 'A sample needs a name.')(x);
    return s.ok ? good({ kind: 'sample', name: s.value.name }) : s;
  }
  const c = record({ name: text(Code.INVALID_DATA, 'A series needs a name.'), data: parseColumns }, Code.INVALID_DATA, 'A series needs a name and its bars.')(x);
  return c.ok ? good({ kind: 'columns', name: c.value.name, data: c.value.data }) : c;
};

const cfgNumber = (what: string) => optional(finite(Code.INVALID_COMMAND, `${what} must be a number.`));
const cfgFlag = (what: string) => optional(bool(Code.INVALID_COMMAND, `${what} must be true or false.`));

/** The broker's settings, each optional (the engine's defaults fill the rest and it checks the ranges). */
export const parseBacktestConfig: Parser<Partial<BacktestConfig>> = record<Partial<BacktestConfig>>(
  {
    cash: cfgNumber('Cash'),
    commission: optional(record(
      { rate: finite(Code.INVALID_COMMAND, 'The commission rate must be a number.'), fixed: finite(Code.INVALID_COMMAND, 'The fixed commission must be a number.'), perUnit: finite(Code.INVALID_COMMAND, 'The commission per unit must be a number.') },
      Code.INVALID_COMMAND, 'A commission has a rate, a fixed part and a part per unit.',
    )),
    spreadBps: cfgNumber('The spread'),
    margin: cfgNumber('The margin'),
    tradeOnClose: cfgFlag('Trade on close'),
    exclusiveOrders: cfgFlag('Exclusive orders'),
    finalizeTrades: cfgFlag('Finalize trades'),
    fractional: cfgFlag('Fractional units'),
    allowShort: cfgFlag('Short selling'),
  },
  Code.INVALID_COMMAND,
  'The backtest settings must be an object.',
);

const time = (what: string) => optional(finite(Code.INVALID_SETTING, `${what} must be a time (UTC ms).`));
/** As storage keeps a person's strategy (src/storage/userStrategies.ts). */
const MAX_CODE = 100_000;

export const parseBacktestJob: Parser<BacktestJob> = record<BacktestJob>(
  {
    strategy: text(Code.UNKNOWN_STRATEGY, 'Pick a strategy.'),
    code: optional((x) => (typeof x === 'string' && x.length <= MAX_CODE ? good(x) : fail(Code.INVALID_COMMAND, `A strategy's code is text of at most ${MAX_CODE.toLocaleString('en')} characters.`))),
    params: (x) => parseParamValues(x ?? {}),
    source: parseSource,
    from: time('The start'),
    to: time('The end'),
    config: (x) => parseBacktestConfig(x ?? {}),
  },
  Code.INVALID_COMMAND,
  'A backtest needs a strategy, its parameters, a data source and its settings.',
);

// ------------------------------------------------------------------ a saved run

/** Every figure of BacktestStats, once: a key missing here (or one too many) fails to compile. */
const STAT_KEY_SET: Record<keyof BacktestStats, true> = {
  start: true, end: true, durationMs: true, exposurePct: true, equityFinal: true, equityPeak: true, commissions: true, returnPct: true,
  buyHoldReturnPct: true, returnAnnPct: true, volatilityAnnPct: true, cagrPct: true, sharpe: true, sortino: true, calmar: true,
  alphaPct: true, beta: true, maxDrawdownPct: true, avgDrawdownPct: true, maxDrawdownDurationMs: true, avgDrawdownDurationMs: true,
  trades: true, winRatePct: true, bestTradePct: true, worstTradePct: true, avgTradePct: true, maxTradeDurationMs: true,
  avgTradeDurationMs: true, profitFactor: true, expectancyPct: true, sqn: true, kelly: true,
};
export const STAT_KEYS = Object.keys(STAT_KEY_SET) as (keyof BacktestStats)[];

/** Statistics as saved: NaN (a figure that cannot be computed) as null, so a backup's JSON carries it. */
export type SavedStats = Record<keyof BacktestStats, number | null>;

/** A closed trade as saved: the engine's, less its bar numbers and exits (the fields the trades table and its CSV show). */
export type SavedTrade = Pick<
  BacktestTrade,
  'size' | 'entryTime' | 'exitTime' | 'entryPrice' | 'exitPrice' | 'pnl' | 'returnPct' | 'commission' | 'entryReason' | 'exitReason'
>;

/** What produced a run: enough to read it and to run it again. */
export interface SavedRunInputs {
  strategy: string;
  /** The strategy's title when it ran, for the list. */
  title: string;
  params: Record<string, ParamValue>;
  /** The data source's id (`sample:GOOG`) and name, as the page lists it. */
  sourceId: string;
  sourceName: string;
  /** The bars it ran over: first and last open time (UTC ms), and how many. */
  from: number;
  to: number;
  bars: number;
  cash: number;
  /** Commission, in percent of each fill's value (0.1 is 0.1 %). */
  commissionPct: number;
  spreadBps: number;
}

/** A finished run as the page hands it to the engine to keep (`backtestRunSave`). */
export interface SavedRunRecord {
  inputs: SavedRunInputs;
  stats: SavedStats;
  trades: SavedTrade[];
  /** How many trades the run made (more than `trades` holds when it was thinned to MAX_SAVED_TRADES). */
  tradeCount: number;
  /** Equity at the close of each kept bar (thinned to at most MAX_SAVED_POINTS), times in UTC ms. */
  equity: { t: number[]; v: number[] };
  /** The error the strategy stopped with, when it threw (the figures cover the bars before); absent when it ran to the end. */
  error?: string;
}

/** A kept run: its record, numbered by the store, and when it was saved (wall clock, UTC ms). */
export interface SavedRun extends SavedRunRecord {
  id: number;
  createdAt: number;
}

/** A kept run in the list and the comparison: no trades, no curve. */
export type SavedRunSummary = Omit<SavedRun, 'trades' | 'equity'>;

/** Bounds of one saved run, so a run over a million bars or with 100,000 trades stays a small row. */
export const MAX_SAVED_TRADES = 5_000;
export const MAX_SAVED_POINTS = 5_000;
const MAX_REASON = 200;
const MAX_NAME = 200;
const MAX_TIME = 8.64e15;

const num = (what: string) => finite(Code.INVALID_COMMAND, `${what} must be a number.`);
const at = (what: string): Parser<number> => (x) =>
  typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= MAX_TIME ? good(x) : fail(Code.INVALID_COMMAND, `${what} must be a time (UTC ms).`);
const short = (what: string, max: number): Parser<string> => (x) =>
  typeof x === 'string' && x.length <= max ? good(x) : fail(Code.INVALID_COMMAND, `${what} must be text of at most ${max} characters.`);
const name = (what: string) => (x: unknown) => {
  const r = short(what, MAX_NAME)(x);
  return r.ok && r.value === '' ? fail(Code.INVALID_COMMAND, `${what} is missing.`) : r;
};

const parseInputs = record<SavedRunInputs>(
  {
    strategy: name('The strategy'), title: name("The strategy's title"),
    params: (x) => parseParamValues(x ?? {}),
    sourceId: name('The data source'), sourceName: name("The data source's name"),
    from: at('The first bar'), to: at('The last bar'), bars: num('The bar count'),
    cash: num('The cash'), commissionPct: num('The commission'), spreadBps: num('The spread'),
  },
  Code.INVALID_COMMAND,
  'A saved run needs what produced it: strategy, parameters, data, range, cash, commission and spread.',
);

const parseStats: Parser<SavedStats> = (x) => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail(Code.INVALID_COMMAND, 'A saved run needs its statistics.');
  const out = {} as SavedStats;
  for (const k of STAT_KEYS) {
    const v = Object.hasOwn(x, k) ? (x as Record<string, unknown>)[k] : undefined;
    if (v !== null && !(typeof v === 'number' && Number.isFinite(v))) return fail(Code.INVALID_COMMAND, `The statistic ${k} must be a number or null.`);
    out[k] = v;
  }
  return good(out);
};

const parseTrade = record<SavedTrade>(
  {
    size: num("A trade's size"), entryTime: at("A trade's entry"), exitTime: at("A trade's exit"),
    entryPrice: num("A trade's entry price"), exitPrice: num("A trade's exit price"), pnl: num("A trade's P&L"),
    returnPct: num("A trade's return"), commission: num("A trade's commission"),
    entryReason: short("A trade's entry reason", MAX_REASON), exitReason: short("A trade's exit reason", MAX_REASON),
  },
  Code.INVALID_COMMAND,
  'A trade must be an object.',
);

function listOf<T>(p: Parser<T>, max: number, what: string): Parser<T[]> {
  return (x) => {
    if (!Array.isArray(x)) return fail(Code.INVALID_COMMAND, `${what} must be a list.`);
    if (x.length > max) return fail(Code.INVALID_COMMAND, `${what} holds ${x.length} entries; a saved run keeps at most ${max}.`);
    const out: T[] = [];
    for (const v of x) {
      const r = p(v);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return good(out);
  };
}

const parseCurve: Parser<{ t: number[]; v: number[] }> = (x) => {
  const r = record({ t: listOf(at('A time of the curve'), MAX_SAVED_POINTS, 'The curve'), v: listOf(num('A point of the curve'), MAX_SAVED_POINTS, 'The curve') }, Code.INVALID_COMMAND, 'A saved run needs its equity curve.')(x);
  if (!r.ok) return r;
  return r.value.t.length === r.value.v.length ? r : fail(Code.INVALID_COMMAND, 'The curve has as many times as values.');
};

/** A run to save, as the page sends it (or as a backup holds it, with its id and time: parseSavedRun). */
export const parseSavedRunRecord: Parser<SavedRunRecord> = record<SavedRunRecord>(
  {
    inputs: parseInputs,
    stats: parseStats,
    trades: listOf(parseTrade, MAX_SAVED_TRADES, 'The trades'),
    tradeCount: num('The trade count'),
    equity: parseCurve,
    error: optional(short('The error', 500)),
  },
  Code.INVALID_COMMAND,
  'A saved run needs its inputs, statistics, trades and equity curve.',
);

export const parseSavedRunId: Parser<number> = (x) =>
  typeof x === 'number' && Number.isSafeInteger(x) && x > 0 ? good(x) : fail(Code.INVALID_COMMAND, `A saved run's id is a whole number, not ${shown(x)}.`);

/** A kept run as a backup holds it: the record, its id and when it was saved. */
export const parseSavedRun: Parser<SavedRun> = (x) => {
  const rec = parseSavedRunRecord(x);
  if (!rec.ok) return rec;
  const meta = record({ id: parseSavedRunId, createdAt: at('The time it was saved') }, Code.INVALID_COMMAND, 'A saved run needs an id and a time.')(x);
  return meta.ok ? good({ id: meta.value.id, createdAt: meta.value.createdAt, ...rec.value }) : (meta as Failure);
};
