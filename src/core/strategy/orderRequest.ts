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

export function readRequest(o: OrderRequest | undefined): Result<{ req: ReadRequest }> {
  if (o === undefined || o === null) return { ok: true, req: { size: undefined, limit: undefined, stop: undefined, tp: undefined, sl: undefined, reason: undefined } };
  if (typeof o !== 'object') return fail(Code.INVALID_ORDER, 'An order is described by an object such as { size: { units: 10 }, limit: 101.5 }.');
  const x = o as unknown as Record<string, unknown>;
  for (const k of Object.keys(x)) if (!FIELDS.has(k)) return fail(Code.INVALID_ORDER, `Unknown order field ${JSON.stringify(k)}: use size, limit, stop, tp, sl, reason.`);
  const price = (k: string): number | undefined | string => {
    const v = x[k];
    if (v === undefined) return undefined;
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : `${k} must be a price above 0 (got ${String(v)}).`;
  };
  const limit = price('limit');
  const stop = price('stop');
  const tp = price('tp');
  const sl = price('sl');
  for (const v of [limit, stop, tp, sl]) if (typeof v === 'string') return fail(Code.INVALID_PRICE, v);
  if (limit !== undefined && stop !== undefined) return fail(Code.INVALID_ORDER, 'An order has a limit or a stop price, not both.');
  const size = readSize(x.size);
  if (typeof size === 'string') return fail(Code.INVALID_QUANTITY, size);
  const reason = x.reason;
  if (reason !== undefined && typeof reason !== 'string') return fail(Code.INVALID_ORDER, 'reason must be text.');
  return {
    ok: true,
    req: {
      size, limit: limit as number | undefined, stop: stop as number | undefined, tp: tp as number | undefined, sl: sl as number | undefined,
      reason: reason === undefined ? undefined : reason.slice(0, 120),
    },
  };
}

function readSize(s: unknown): OrderSize | undefined | string {
  if (s === undefined) return undefined;
  if (typeof s !== 'object' || s === null) return 'size must be { units }, { cash } or { fraction }.';
  const keys = Object.keys(s);
  if (keys.length !== 1) return 'size must have exactly one of units, cash or fraction.';
  const k = keys[0];
  const v = (s as Record<string, unknown>)[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) return `size.${k} must be a number above 0 (got ${String(v)}).`;
  if (k === 'units') return { units: v };
  if (k === 'cash') return { cash: v };
  if (k === 'fraction') return v <= 1 ? { fraction: v } : `size.fraction is a share of equity, above 0 and at most 1 (got ${v}).`;
  return `size must be { units }, { cash } or { fraction }, not { ${k} }.`;
}
