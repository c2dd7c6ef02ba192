import { Code } from '../codes';
import type { OrderRequest } from './types';

/** How an order is sized: the runner's default (none given), units, an amount of cash, or a share of equity. */
export type SizeKind = 0 | 1 | 2 | 3;
export const SIZE_DEFAULT = 0;
export const SIZE_UNITS = 1;
export const SIZE_CASH = 2;
export const SIZE_FRACTION = 3;

/**
 * An order request read field by field (it comes from strategy code, perhaps
 * a person's): only known fields, each checked. Plain numbers, no nested
 * size object: the runner reads one into its own record per order.
 */
export interface ReadRequest {
  sizeKind: SizeKind;
  /** The size's number (units, cash or fraction); NaN with `SIZE_DEFAULT`. */
  size: number;
  limit: number | undefined;
  stop: number | undefined;
  tp: number | undefined;
  sl: number | undefined;
  reason: string | undefined;
}

export interface RequestRefusal {
  code: string;
  message: string;
}

export function emptyRequest(): ReadRequest {
  return { sizeKind: SIZE_DEFAULT, size: Number.NaN, limit: undefined, stop: undefined, tp: undefined, sl: undefined, reason: undefined };
}

const FIELDS = new Set(['size', 'limit', 'stop', 'tp', 'sl', 'reason']);

/**
 * Reads an order request into `into` (overwritten whole, even on a refusal);
 * null when it is good, else why not. Runs on every order a strategy sends (a
 * backtest sends tens of thousands a second), so it allocates nothing on the
 * good path: the caller keeps one record and reads it before the next order.
 */
export function readRequestInto(o: OrderRequest | undefined, into: ReadRequest): RequestRefusal | null {
  into.sizeKind = SIZE_DEFAULT;
  into.size = Number.NaN;
  into.limit = undefined;
  into.stop = undefined;
  into.tp = undefined;
  into.sl = undefined;
  into.reason = undefined;
  if (o === undefined || o === null) return null;
  if (typeof o !== 'object') return refusal(Code.INVALID_ORDER, 'An order is described by an object such as { size: { units: 10 }, limit: 101.5 }.');
  const x = o as unknown as Record<string, unknown>;
  for (const k in x) {
    if (Object.hasOwn(x, k) && !FIELDS.has(k)) return refusal(Code.INVALID_ORDER, `Unknown order field ${JSON.stringify(k)}: use size, limit, stop, tp, sl, reason.`);
  }
  const limit = x.limit;
  const stop = x.stop;
  const tp = x.tp;
  const sl = x.sl;
  if (!isPrice(limit)) return refusal(Code.INVALID_PRICE, badPrice('limit', limit));
  if (!isPrice(stop)) return refusal(Code.INVALID_PRICE, badPrice('stop', stop));
  if (!isPrice(tp)) return refusal(Code.INVALID_PRICE, badPrice('tp', tp));
  if (!isPrice(sl)) return refusal(Code.INVALID_PRICE, badPrice('sl', sl));
  if (limit !== undefined && stop !== undefined) return refusal(Code.INVALID_ORDER, 'An order has a limit or a stop price, not both.');
  const badSize = readSize(x.size, into);
  if (badSize !== null) return refusal(Code.INVALID_QUANTITY, badSize);
  const reason = x.reason;
  if (reason !== undefined && typeof reason !== 'string') return refusal(Code.INVALID_ORDER, 'reason must be text.');
  into.limit = limit;
  into.stop = stop;
  into.tp = tp;
  into.sl = sl;
  into.reason = reason === undefined ? undefined : reason.length > 120 ? reason.slice(0, 120) : reason;
  return null;
}

function refusal(code: string, message: string): RequestRefusal {
  return { code, message };
}

/** Absent, or a finite price above 0. */
function isPrice(v: unknown): v is number | undefined {
  return v === undefined || (typeof v === 'number' && v > 0 && v < Infinity);
}

function badPrice(k: string, v: unknown): string {
  return `${k} must be a price above 0 (got ${String(v)}).`;
}

/** Reads `size` into `into` (kind and number); null when it is good, else why not. */
function readSize(s: unknown, into: ReadRequest): string | null {
  if (s === undefined) return null;
  if (typeof s !== 'object' || s === null) return 'size must be { units }, { cash } or { fraction }.';
  let k = '';
  let count = 0;
  for (const key in s) {
    if (!Object.hasOwn(s, key)) continue;
    k = key;
    count++;
  }
  if (count !== 1) return 'size must have exactly one of units, cash or fraction.';
  const v = (s as Record<string, unknown>)[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) return `size.${k} must be a number above 0 (got ${String(v)}).`;
  const kind: SizeKind = k === 'units' ? SIZE_UNITS : k === 'cash' ? SIZE_CASH : k === 'fraction' ? SIZE_FRACTION : SIZE_DEFAULT;
  if (kind === SIZE_DEFAULT) return `size must be { units }, { cash } or { fraction }, not { ${k} }.`;
  if (kind === SIZE_FRACTION && v > 1) return `size.fraction is a share of equity, above 0 and at most 1 (got ${v}).`;
  into.sizeKind = kind;
  into.size = v;
  return null;
}
