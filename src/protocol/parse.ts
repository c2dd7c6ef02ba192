/**
 * Parse functions for untrusted input: what a page, another tab or (later)
 * the relay sends the worker. Each one reads the fields it knows, one by one,
 * into a fresh object: unknown fields are dropped, a field of the wrong type
 * (a string for a number, NaN, Infinity, an array for an object) is refused
 * with a result, never thrown. Only own properties are read, so a key such
 * as `__proto__` or `toString` is nothing more than an unknown field.
 *
 * These check the SHAPE of a message. Whether a price is on the tick, a
 * symbol is listed or an amount is positive stays with the domain (src/core),
 * which answers with its own codes.
 */
import { Code, fail, type Failure } from '../core/codes';
import { TIMEFRAMES, type Timeframe } from '../core/market/candles';
import type { RiskRules } from '../core/portfolio/risk';
import type { ParamValue } from '../core/strategy/types';
import {
  ORDER_TYPE_NAMES, SIDE_NAMES, SPEED_VALUES, TIF_NAMES, type AlpacaKeys, type OrderChange, type OrderPageQuery, type OrderTicket,
  type Speed, type StrategyStart, type TradePageQuery, type View,
} from './commands';
import type { OrderStatus } from './views';

export type Parsed<T> = { ok: true; value: T } | Failure;
/** Reads one value; `code` and `message` say what is wrong with it. */
export type Parser<T> = (x: unknown) => Parsed<T>;

const good = <T>(value: T): Parsed<T> => ({ ok: true, value });

// ------------------------------------------------------------------ building blocks

/** A finite number (not NaN, not ±Infinity, not a numeric string). */
export function finite(code: Code, message: string): Parser<number> {
  return (x) => (typeof x === 'number' && Number.isFinite(x) ? good(x) : fail(code, message));
}

export function text(code: Code, message: string): Parser<string> {
  return (x) => (typeof x === 'string' ? good(x) : fail(code, message));
}

export function bool(code: Code, message: string): Parser<boolean> {
  return (x) => (typeof x === 'boolean' ? good(x) : fail(code, message));
}

/**
 * The value a message names, as text that cannot throw (a BigInt, a cycle or
 * a null-prototype object break String and JSON.stringify) and stays short
 * (a megabyte of text is not repeated back): scalars as JSON, or as themselves
 * with `plain`; anything else by its kind.
 */
export function shown(x: unknown, plain = false): string {
  const scalar = x === null || x === undefined || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  const s = !scalar ? (Array.isArray(x) ? 'a list' : `a value of type ${typeof x}`) : plain ? String(x) : String(JSON.stringify(x));
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** One of a fixed list of names (compared with ===, so `'__proto__'` is just not in it). */
export function oneOf<T extends string | number>(list: readonly T[], code: Code, message: (x: unknown) => string): Parser<T> {
  return (x) => (list.includes(x as T) ? good(x as T) : fail(code, message(x)));
}

/** Absent (undefined) is allowed and stays absent. */
export function optional<T>(p: Parser<T>): Parser<T | undefined> {
  return (x) => (x === undefined ? good(undefined) : p(x));
}

export function nullable<T>(p: Parser<T>): Parser<T | null> {
  return (x) => (x === null ? good(null) : p(x));
}

/** A plain object (not null, not an array): its own properties only, as a null-prototype map to read from. */
function fieldsOf(x: unknown): Map<string, unknown> | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return null;
  const out = new Map<string, unknown>();
  for (const k of Object.keys(x)) out.set(k, (x as Record<string, unknown>)[k]);
  return out;
}

type Schema<T> = { [K in keyof T]-?: Parser<T[K]> };

/**
 * An object read field by field from `schema`: a fresh object with only the
 * schema's fields, absent ones left out (not set to undefined), so that a
 * command built from it has the same JSON as one a person typed.
 */
export function record<T extends object>(schema: Schema<T>, code: Code, message: string): Parser<T> {
  const keys = Object.keys(schema) as (keyof T & string)[];
  return (x) => {
    const fields = fieldsOf(x);
    if (fields === null) return fail(code, message);
    const out = {} as T;
    for (const k of keys) {
      const r = schema[k](fields.get(k));
      if (!r.ok) return r;
      if (r.value !== undefined) out[k] = r.value;
    }
    return good(out);
  };
}

type ValuesOf<P extends readonly Parser<unknown>[]> = { -readonly [K in keyof P]: P[K] extends Parser<infer T> ? T : never };
/** Trailing arguments that may be undefined may be left out by the caller. */
export type OptionalTail<T extends unknown[]> = T extends [...infer H, infer L] ? (undefined extends L ? [...OptionalTail<H>, L?] : T) : T;

/** A method's argument list, each argument by its own parser; extra arguments are ignored. */
export function args<P extends readonly Parser<unknown>[]>(...ps: P): (raw: readonly unknown[]) => Parsed<OptionalTail<ValuesOf<P>>> {
  return (raw) => {
    const out: unknown[] = [];
    for (let i = 0; i < ps.length; i++) {
      const r = ps[i](raw[i]);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return good(out as OptionalTail<ValuesOf<P>>);
  };
}

// ------------------------------------------------------------------ the worker's commands

const price = (what: string) => optional(finite(Code.INVALID_PRICE, `${what} must be a number.`));

export const parseOrderTicket: Parser<OrderTicket> = record<OrderTicket>(
  {
    symbol: text(Code.INVALID_ORDER, 'An order needs a symbol.'),
    side: oneOf(SIDE_NAMES, Code.INVALID_ORDER, (x) => `Side must be buy or sell, not ${shown(x ?? null)}.`),
    type: oneOf(ORDER_TYPE_NAMES, Code.INVALID_ORDER, (x) => `Order type must be limit, market, stop or stop_limit, not ${shown(x ?? null)}.`),
    qty: finite(Code.INVALID_QUANTITY, 'Quantity must be a number.'),
    price: price('Price'),
    stopPrice: price('Stop price'),
    tif: optional(oneOf(TIF_NAMES, Code.INVALID_ORDER, (x) => `Time in force must be GTC, IOC or FOK, not ${shown(x)}.`)),
    takeProfit: price('Take-profit'),
    stopLoss: price('Stop-loss'),
  },
  Code.INVALID_ORDER,
  'An order needs a symbol, a side, a type and a quantity.',
);

export const parseOrderChange: Parser<OrderChange> = record<OrderChange>(
  { price: price('Price'), stopPrice: price('Stop price'), qty: optional(finite(Code.INVALID_QUANTITY, 'Quantity must be a number.')) },
  Code.INVALID_ORDER,
  'A modify changes the price, the stop price or the quantity.',
);

export const parseOrderId: Parser<string> = text(Code.INVALID_COMMAND, 'An order id must be text.');
export const parseSymbol: Parser<string> = text(Code.UNKNOWN_SYMBOL, 'A symbol must be text.');

/** A deposit's or a withdrawal's amount, a reset's starting cash (decimals of the cash asset). */
export const parseAmount: Parser<number> = finite(Code.INVALID_AMOUNT, 'Amount must be a number.');

const limit = (what: string) => optional(nullable(finite(Code.INVALID_SETTING, `${what} must be a number, or empty for no limit.`)));
export const parseRiskRules: Parser<RiskRules> = record<RiskRules>(
  {
    maxOrderNotional: limit('Max order value'),
    maxPositionNotional: limit('Max position value'),
    maxOpenOrders: limit('Max open orders'),
    maxDrawdownPct: limit('Max drawdown'),
  },
  Code.INVALID_SETTING,
  'Risk rules must be an object.',
);

export const parseTimeframe: Parser<Timeframe> = oneOf(TIMEFRAMES, Code.INVALID_SETTING, (x) => `Unknown timeframe ${shown(x, true)}.`);

/** A change of view: any of its fields. */
export const parseView: Parser<Partial<View>> = record<Partial<View>>(
  {
    symbol: optional(nullable(text(Code.UNKNOWN_SYMBOL, 'A symbol must be text.'))),
    timeframe: optional(parseTimeframe),
    depth: optional(finite(Code.INVALID_SETTING, 'Depth must be a number of levels.')),
  },
  Code.INVALID_SETTING,
  'A view must be an object.',
);

export const parseSpeed: Parser<Speed> = oneOf(SPEED_VALUES, Code.INVALID_SETTING, () => 'Speed must be paused, 1×, 10× or 60×.');

/** A price source by name, from the list the worker offers. */
export function parseFeedMode<M extends string>(modes: readonly M[]): Parser<M> {
  return oneOf(modes, Code.INVALID_SETTING, (x) => `Unknown price source ${shown(x)}.`);
}

const BOTH_KEYS = 'Enter both the API key ID and the secret key.';
/** Alpaca keys, trimmed; null forgets them. */
export const parseAlpacaKeys: Parser<AlpacaKeys | null> = (x) => {
  if (x === null) return good(null);
  const r = record<AlpacaKeys>({ key: text(Code.INVALID_SETTING, BOTH_KEYS), secret: text(Code.INVALID_SETTING, BOTH_KEYS) }, Code.INVALID_SETTING, BOTH_KEYS)(x);
  if (!r.ok) return r;
  const key = r.value.key.trim();
  const secret = r.value.secret.trim();
  return key === '' || secret === '' ? fail(Code.INVALID_SETTING, BOTH_KEYS) : good({ key, secret });
};

const pageLimit = optional(finite(Code.INVALID_SETTING, 'A page size must be a number.'));
const at = (what: string) => finite(Code.INVALID_SETTING, `A page's ${what} must be a number.`);

export const parseTradePageQuery: Parser<TradePageQuery> = record<TradePageQuery>(
  {
    symbol: optional(parseSymbol),
    side: optional(oneOf(SIDE_NAMES, Code.INVALID_SETTING, (x) => `Side must be buy or sell, not ${shown(x)}.`)),
    limit: pageLimit,
    before: optional(record({ ts: at('time'), seq: at('sequence'), n: optional(at('row')) }, Code.INVALID_SETTING, 'A page starts after a row.')),
  },
  Code.INVALID_SETTING,
  'A page query must be an object.',
);

const STATUSES: readonly OrderStatus[] = ['open', 'pending', 'filled', 'cancelled'];
export const parseOrderPageQuery: Parser<OrderPageQuery> = record<OrderPageQuery>(
  {
    symbol: optional(parseSymbol),
    status: optional(oneOf(STATUSES, Code.INVALID_SETTING, (x) => `Unknown order status ${shown(x)}.`)),
    limit: pageLimit,
    before: optional(record({ updatedAt: at('time'), id: text(Code.INVALID_SETTING, "A page's order id must be text.") }, Code.INVALID_SETTING, 'A page starts after a row.')),
  },
  Code.INVALID_SETTING,
  'A page query must be an object.',
);

/** A backup file's text; its envelope and tables are checked by storage (parseBackup) before anything is replaced. */
export const parseBackupText: Parser<string> = text(Code.INVALID_BACKUP, 'A backup must be the text of a backup file.');

/** How many book levels a side. */
export const parseLevels: Parser<number | undefined> = optional(finite(Code.INVALID_SETTING, 'Levels must be a number.'));
export const parseFlag: Parser<boolean | undefined> = optional(bool(Code.INVALID_SETTING, 'Expected true or false.'));

// ------------------------------------------------------------------ strategies

/** More than any strategy declares; a bigger object is refused before it reaches the journal. */
export const MAX_PARAMS = 32;
const MAX_TEXT = 200;

/**
 * A strategy's parameter values: an object of numbers, booleans or short
 * texts, read into a null-prototype object (its keys come from the page, so
 * `__proto__` is only a key). Which names exist and which values are allowed
 * is the core's checkParams to say, naming the parameter.
 */
export const parseParamValues: Parser<Record<string, ParamValue>> = (x) => {
  const fields = fieldsOf(x);
  if (fields === null) return fail(Code.INVALID_SETTING, 'Parameters must be an object of names and values.');
  if (fields.size > MAX_PARAMS) return fail(Code.INVALID_SETTING, `Too many parameters (${fields.size}); a strategy has at most ${MAX_PARAMS}.`);
  const out = Object.create(null) as Record<string, ParamValue>;
  for (const [k, v] of fields) {
    if (k.length > MAX_TEXT) return fail(Code.INVALID_SETTING, 'A parameter name is too long.');
    const ok = (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || (typeof v === 'string' && v.length <= MAX_TEXT);
    if (!ok) return fail(Code.INVALID_SETTING, `Parameter ${shown(k, true)} must be a number, true or false, or one of its choices, not ${shown(v)}.`);
    out[k] = v as ParamValue;
  }
  return good(out);
};

export const parseStrategyId: Parser<string> = text(Code.UNKNOWN_STRATEGY, 'A strategy id must be text.');

export const parseStrategyStart: Parser<StrategyStart> = record<StrategyStart>(
  {
    strategy: text(Code.UNKNOWN_STRATEGY, 'Pick a strategy.'),
    symbol: text(Code.UNKNOWN_SYMBOL, 'A strategy needs a market (a symbol).'),
    timeframe: oneOf(TIMEFRAMES, Code.INVALID_SETTING, (x) => `Unknown timeframe ${shown(x ?? null, true)}.`),
    params: (x) => parseParamValues(x ?? {}),
    budget: finite(Code.INVALID_AMOUNT, 'The budget must be a number.'),
  },
  Code.INVALID_COMMAND,
  'A strategy start needs a strategy, a symbol, a timeframe, parameters and a budget.',
);
