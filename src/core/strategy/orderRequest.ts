import { Code, fail, type Result } from '../codes';
import type { OrderRequest, OrderSize } from './types';

/** An order request read field by field (it comes from strategy code, perhaps a person's): only known fields, each checked. */
export interface ReadRequest {
  size: OrderSize | undefined;
  limit: number | undefined;
  stop: number | undefined;
  tp: number | undefined;
  sl: number | undefined;
  reason: string | undefined;
}

const FIELDS = new Set(['size', 'limit', 'stop', 'tp', 'sl', 'reason']);

/**
 * Reads an order request. Runs on every order a strategy sends (a backtest
 * sends tens of thousands a second), so it allocates only its answer: no key
 * list, no closures.
 */
export function readRequest(o: OrderRequest | undefined): Result<{ req: ReadRequest }> {
  if (o === undefined || o === null) return { ok: true, req: { size: undefined, limit: undefined, stop: undefined, tp: undefined, sl: undefined, reason: undefined } };
  if (typeof o !== 'object') return fail(Code.INVALID_ORDER, 'An order is described by an object such as { size: { units: 10 }, limit: 101.5 }.');
  const x = o as unknown as Record<string, unknown>;
  for (const k in x) {
    if (Object.hasOwn(x, k) && !FIELDS.has(k)) return fail(Code.INVALID_ORDER, `Unknown order field ${JSON.stringify(k)}: use size, limit, stop, tp, sl, reason.`);
  }
  const limit = x.limit;
  const stop = x.stop;
  const tp = x.tp;
  const sl = x.sl;
  if (!isPrice(limit)) return fail(Code.INVALID_PRICE, badPrice('limit', limit));
  if (!isPrice(stop)) return fail(Code.INVALID_PRICE, badPrice('stop', stop));
  if (!isPrice(tp)) return fail(Code.INVALID_PRICE, badPrice('tp', tp));
  if (!isPrice(sl)) return fail(Code.INVALID_PRICE, badPrice('sl', sl));
  if (limit !== undefined && stop !== undefined) return fail(Code.INVALID_ORDER, 'An order has a limit or a stop price, not both.');
  const size = readSize(x.size);
  if (typeof size === 'string') return fail(Code.INVALID_QUANTITY, size);
  const reason = x.reason;
  if (reason !== undefined && typeof reason !== 'string') return fail(Code.INVALID_ORDER, 'reason must be text.');
  return {
    ok: true,
    req: { size, limit, stop, tp, sl, reason: reason === undefined ? undefined : reason.length > 120 ? reason.slice(0, 120) : reason },
  };
}

/** Absent, or a finite price above 0. */
function isPrice(v: unknown): v is number | undefined {
  return v === undefined || (typeof v === 'number' && v > 0 && v < Infinity);
}

function badPrice(k: string, v: unknown): string {
  return `${k} must be a price above 0 (got ${String(v)}).`;
}

function readSize(s: unknown): OrderSize | undefined | string {
  if (s === undefined) return undefined;
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
  if (k === 'units') return { units: v };
  if (k === 'cash') return { cash: v };
  if (k === 'fraction') return v <= 1 ? { fraction: v } : `size.fraction is a share of equity, above 0 and at most 1 (got ${v}).`;
  return `size must be { units }, { cash } or { fraction }, not { ${k} }.`;
}
