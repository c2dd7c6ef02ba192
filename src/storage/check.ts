import type { CommitBatch } from './journal';
import { ORDER_STATUSES, type EquityRow, type InputRow, type NewTrade, type OrderRow, type SettingRow, type SnapshotRow, type TradeRow } from './rows';

/**
 * Row shapes, checked wherever rows come in: a backup file, and the worker's
 * commits and snapshots, so whatever is stored can be exported and imported
 * again. Readers keep only the known fields and throw `Bad` at the first
 * problem, saying where and why.
 */

export class Bad extends Error {}

export type Obj = Record<string, unknown>;
export const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);

function str(r: Obj, k: string, where: string): string {
  const v = r[k];
  if (typeof v !== 'string' || v === '') throw new Bad(`${where}: "${k}" must be a non-empty string.`);
  return v;
}
function num(r: Obj, k: string, where: string): number {
  const v = r[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad(`${where}: "${k}" must be a finite number.`);
  return v;
}
function int(r: Obj, k: string, where: string, min: number): number {
  const v = num(r, k, where);
  if (!Number.isInteger(v) || v < min) throw new Bad(`${where}: "${k}" must be an integer of at least ${min}.`);
  return v;
}
function oneOf<T extends string>(r: Obj, k: string, where: string, values: readonly T[]): T {
  const v = r[k];
  if (typeof v !== 'string' || !values.includes(v as T)) throw new Bad(`${where}: "${k}" must be one of ${values.join(', ')}.`);
  return v as T;
}
function present(r: Obj, k: string, where: string): unknown {
  if (r[k] === undefined) throw new Bad(`${where}: "${k}" is missing.`);
  return r[k];
}

const SIDES = ['buy', 'sell'] as const;
const LIQUIDITY = ['maker', 'taker'] as const;

export function readNewTrade(r: Obj, w: string): NewTrade {
  return {
    tradeSeq: int(r, 'tradeSeq', w, 0), ts: num(r, 'ts', w), account: str(r, 'account', w), symbol: str(r, 'symbol', w),
    side: oneOf(r, 'side', w, SIDES), price: num(r, 'price', w), qty: num(r, 'qty', w), fee: num(r, 'fee', w),
    feeAsset: str(r, 'feeAsset', w), orderId: str(r, 'orderId', w), liquidity: oneOf(r, 'liquidity', w, LIQUIDITY),
  };
}

export const readRow = {
  inputs: (r: Obj, w: string): InputRow => ({ seq: int(r, 'seq', w, 1), input: present(r, 'input', w), at: num(r, 'at', w) }),
  snapshots: (r: Obj, w: string): SnapshotRow => {
    if (typeof r.hash !== 'string') throw new Bad(`${w}: "hash" must be a string.`);
    return { seq: int(r, 'seq', w, 0), at: num(r, 'at', w), hash: r.hash, data: present(r, 'data', w) };
  },
  orders: (r: Obj, w: string): OrderRow => {
    const row: OrderRow = {
      id: str(r, 'id', w), account: str(r, 'account', w), symbol: str(r, 'symbol', w), side: oneOf(r, 'side', w, SIDES),
      type: str(r, 'type', w), price: num(r, 'price', w), stopPrice: num(r, 'stopPrice', w), qty: num(r, 'qty', w),
      filled: num(r, 'filled', w), tif: str(r, 'tif', w), status: oneOf(r, 'status', w, ORDER_STATUSES),
      createdAt: num(r, 'createdAt', w), updatedAt: num(r, 'updatedAt', w),
    };
    if (r.reason !== undefined) row.reason = str(r, 'reason', w);
    if (r.parent !== undefined) row.parent = str(r, 'parent', w);
    for (const k of ['avgPrice', 'takeProfit', 'stopLoss'] as const) if (r[k] !== undefined) row[k] = num(r, k, w);
    return row;
  },
  trades: (r: Obj, w: string): TradeRow => ({ n: int(r, 'n', w, 1), ...readNewTrade(r, w) }),
  equity: (r: Obj, w: string): EquityRow => ({ account: str(r, 'account', w), ts: num(r, 'ts', w), equity: num(r, 'equity', w) }),
  settings: (r: Obj, w: string): SettingRow => ({ key: str(r, 'key', w), value: present(r, 'value', w) }),
};

export function readSnapshot(s: SnapshotRow): SnapshotRow {
  if (!isObj(s)) throw new Bad('A snapshot must be an object.');
  return readRow.snapshots(s, 'snapshot');
}

/** Reads a list of rows with `read`; `name` is for messages ("orders row 3: …"). */
export function readAll<T>(name: string, rows: readonly unknown[], read: (r: Obj, w: string) => T): T[] {
  return rows.map((r, i) => {
    const where = `${name} row ${i + 1}`;
    if (!isObj(r)) throw new Bad(`${where} is not an object.`);
    return read(r, where);
  });
}

/** A commit's rows, checked and stripped to their fields; throws `Bad`. */
export function readBatch(b: CommitBatch): Required<CommitBatch> {
  if (!isObj(b) || !Array.isArray(b.inputs)) throw new Bad('A commit needs a list of inputs.');
  return {
    inputs: readAll('inputs', b.inputs, (r, w) => ({ input: present(r, 'input', w), at: num(r, 'at', w) })),
    orders: readAll('orders', b.orders ?? [], readRow.orders),
    trades: readAll('trades', b.trades ?? [], readNewTrade),
    equity: readAll('equity', b.equity ?? [], readRow.equity),
  };
}
