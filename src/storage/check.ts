import type { CommitBatch } from './journal';
import { ORDER_STATUSES, type EquityRow, type InputRow, type NewTrade, type OrderRow, type SettingRow, type SnapshotRow, type StrategyStateRow, type TradeRow } from './rows';

/**
 * Row shapes, checked wherever rows come in: a backup file, and the worker's
 * commits and snapshots, so whatever is stored can be exported and imported
 * again. Like a command, a row is read field by field: finite numbers in
 * their range (nothing negative that cannot be), enums from their closed
 * sets, bounded strings; the known fields are kept and the rest dropped.
 * Readers throw `Bad` at the first problem, saying where and why.
 */

export class Bad extends Error {}

export type Obj = Record<string, unknown>;
export const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Ids, accounts, symbols, assets, setting names: far longer than any Bourse makes, short enough that a file cannot bloat a page. */
export const MAX_NAME = 128;
/** A cancel reason. */
const MAX_TEXT = 500;
/** Times are UTC ms within what a Date can hold. */
const MAX_TIME = 8.64e15;
/** Prices, quantities, amounts: anything a person could mean, with room; beyond it a number is a corruption. */
const MAX_AMOUNT = 1e18;
/** Nesting of the opaque JSON values (a journal entry, snapshot data, a setting); Bourse's own are under 10 deep. */
const MAX_DEPTH = 64;

function text(r: Obj, k: string, where: string, max: number): string {
  const v = r[k];
  if (typeof v !== 'string' || v === '') throw new Bad(`${where}: "${k}" must be a non-empty string.`);
  if (v.length > max) throw new Bad(`${where}: "${k}" is longer than ${max} characters.`);
  return v;
}
const str = (r: Obj, k: string, where: string): string => text(r, k, where, MAX_NAME);

function num(r: Obj, k: string, where: string): number {
  const v = r[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad(`${where}: "${k}" must be a finite number.`);
  return v;
}
/** A finite number in [min, max] (or (min, max] when `above`). */
function range(r: Obj, k: string, where: string, min: number, max: number, above = false): number {
  const v = num(r, k, where);
  if (above ? !(v > min) : !(v >= min)) throw new Bad(`${where}: "${k}" must be ${above ? 'above' : 'at least'} ${min}.`);
  if (v > max) throw new Bad(`${where}: "${k}" must be at most ${max}.`);
  return v;
}
const time = (r: Obj, k: string, w: string): number => range(r, k, w, 0, MAX_TIME);
const amount = (r: Obj, k: string, w: string): number => range(r, k, w, 0, MAX_AMOUNT);
const positive = (r: Obj, k: string, w: string): number => range(r, k, w, 0, MAX_AMOUNT, true);
function int(r: Obj, k: string, where: string, min: number): number {
  const v = num(r, k, where);
  if (!Number.isSafeInteger(v) || v < min) throw new Bad(`${where}: "${k}" must be an integer of at least ${min}.`);
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

/**
 * A copy of an opaque JSON value (a journal entry, snapshot data, a setting)
 * that is plain data: objects without a prototype to pollute, no `__proto__`
 * key, no value JSON cannot carry, and a bounded depth.
 */
export function plainJson(x: unknown, where: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Bad(`${where} is nested more than ${MAX_DEPTH} deep.`);
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new Bad(`${where} holds a number that is not finite.`);
    return x;
  }
  if (Array.isArray(x)) return x.map((v) => plainJson(v, where, depth + 1));
  if (typeof x !== 'object') throw new Bad(`${where} holds a ${typeof x}, which is not data.`);
  const out: Obj = Object.create(null) as Obj;
  for (const k of Object.keys(x)) {
    if (k === '__proto__') continue;
    const v = (x as Obj)[k];
    if (v !== undefined) out[k] = plainJson(v, where, depth + 1);
  }
  return out;
}

const SIDES = ['buy', 'sell'] as const;
const LIQUIDITY = ['maker', 'taker'] as const;
const ORDER_TYPES = ['limit', 'market', 'stop', 'stop_limit'] as const;
const TIFS = ['GTC', 'IOC', 'FOK'] as const;
const INPUT_KINDS = ['step', 'cmd', 'ref', 'refs', 'synthetic'] as const;
/** The longest step a journal entry may ask for: an hour (the engine takes at most 5 s × 60 at a time); a bigger one is a file that would replay for ages. */
const MAX_STEP_MS = 3_600_000;

export function readNewTrade(r: Obj, w: string): NewTrade {
  return {
    tradeSeq: int(r, 'tradeSeq', w, 0), ts: time(r, 'ts', w), account: str(r, 'account', w), symbol: str(r, 'symbol', w),
    side: oneOf(r, 'side', w, SIDES), price: positive(r, 'price', w), qty: positive(r, 'qty', w),
    // A maker's fee can be a rebate: negative.
    fee: range(r, 'fee', w, -MAX_AMOUNT, MAX_AMOUNT),
    feeAsset: str(r, 'feeAsset', w), orderId: str(r, 'orderId', w), liquidity: oneOf(r, 'liquidity', w, LIQUIDITY),
  };
}

/**
 * A journal entry from a file: a sim input whose envelope (`t` and its
 * fields) is checked here; a command's own fields are the sim's to judge when
 * it is replayed (the journal keeps rejected commands too, as they were sent).
 */
export function readInput(x: unknown, w: string): unknown {
  if (!isObj(x)) throw new Bad(`${w}: "input" must be an object.`);
  const t = oneOf(x, 't', w, INPUT_KINDS);
  switch (t) {
    case 'step':
      return { t, dt: range(x, 'dt', w, 0, MAX_STEP_MS, true) };
    case 'cmd': {
      if (!isObj(x.cmd)) throw new Bad(`${w}: "cmd" must be an object.`);
      // Commands are recorded with `op` since issue 9; journals written before hold the legacy `kind`.
      text(x.cmd, x.cmd.op !== undefined ? 'op' : 'kind', `${w} command`, MAX_NAME);
      return { t, cmd: plainJson(x.cmd, `${w} command`) };
    }
    case 'ref':
      return { t, symbol: str(x, 'symbol', w), price: positive(x, 'price', w) };
    case 'refs': {
      if (!Array.isArray(x.prices) || x.prices.length === 0) throw new Bad(`${w}: "prices" must be a non-empty list.`);
      const prices = x.prices.map((p, i) => {
        const at = `${w} price ${i + 1}`;
        if (!Array.isArray(p) || p.length !== 2) throw new Bad(`${at} must be a [symbol, price] pair.`);
        const pair = { symbol: p[0], price: p[1] };
        return [str(pair, 'symbol', at), positive(pair, 'price', at)];
      });
      return { t, prices };
    }
    case 'synthetic':
      return { t, symbol: str(x, 'symbol', w) };
  }
}

export const readRow = {
  inputs: (r: Obj, w: string): InputRow => ({ seq: int(r, 'seq', w, 1), input: readInput(present(r, 'input', w), w), at: time(r, 'at', w) }),
  snapshots: (r: Obj, w: string): SnapshotRow => ({
    seq: int(r, 'seq', w, 0), at: time(r, 'at', w), hash: text(r, 'hash', w, MAX_NAME), data: plainJson(present(r, 'data', w), `${w} data`),
  }),
  orders: (r: Obj, w: string): OrderRow => {
    const row: OrderRow = {
      id: str(r, 'id', w), account: str(r, 'account', w), symbol: str(r, 'symbol', w), side: oneOf(r, 'side', w, SIDES),
      type: oneOf(r, 'type', w, ORDER_TYPES), price: amount(r, 'price', w), stopPrice: amount(r, 'stopPrice', w),
      qty: amount(r, 'qty', w), filled: amount(r, 'filled', w), tif: oneOf(r, 'tif', w, TIFS), status: oneOf(r, 'status', w, ORDER_STATUSES),
      createdAt: time(r, 'createdAt', w), updatedAt: time(r, 'updatedAt', w),
    };
    if (r.reason !== undefined) row.reason = text(r, 'reason', w, MAX_TEXT);
    if (r.parent !== undefined) row.parent = str(r, 'parent', w);
    for (const k of ['avgPrice', 'takeProfit', 'stopLoss'] as const) if (r[k] !== undefined) row[k] = amount(r, k, w);
    return row;
  },
  trades: (r: Obj, w: string): TradeRow => ({ n: int(r, 'n', w, 1), ...readNewTrade(r, w) }),
  equity: (r: Obj, w: string): EquityRow => ({ account: str(r, 'account', w), ts: time(r, 'ts', w), equity: amount(r, 'equity', w) }),
  settings: (r: Obj, w: string): SettingRow => ({ key: str(r, 'key', w), value: plainJson(present(r, 'value', w), `${w} value`) }),
};

/** A runner's state as text: far above what a strategy's indicators and ctx.state take (the sandbox sends at most 256,000). */
export const MAX_STATE_TEXT = 300_000;
/** Bars a sandbox can have waiting (its bridge stops it beyond 2,000). */
const MAX_PENDING = 2_000;

/** A sandbox's state row (a commit's or a backup's): the envelope here; the state text and the bars are read by the sandbox's bridge. */
export function readStrategyState(r: Obj, w: string): StrategyStateRow {
  const state = r.state === null ? null : text(r, 'state', w, MAX_STATE_TEXT);
  if (!Array.isArray(r.pending) || r.pending.length > MAX_PENDING) throw new Bad(`${w}: "pending" must be a list of at most ${MAX_PENDING} bars.`);
  return {
    id: str(r, 'id', w), strategy: str(r, 'strategy', w), startedAt: time(r, 'startedAt', w), at: time(r, 'at', w),
    bar: r.bar === null ? null : time(r, 'bar', w), state, pending: r.pending.map((p, i) => plainJson(p, `${w} pending ${i + 1}`)),
  };
}

/** A snapshot the worker saves: its data is the sim's own (plain JSON already), so only the envelope is read. */
export function readSnapshot(s: SnapshotRow): SnapshotRow {
  if (!isObj(s)) throw new Bad('A snapshot must be an object.');
  const w = 'snapshot';
  if (typeof s.hash !== 'string') throw new Bad(`${w}: "hash" must be a string.`);
  return { seq: int(s, 'seq', w, 0), at: num(s, 'at', w), hash: s.hash, data: present(s, 'data', w) };
}

/** Reads a list of rows with `read`; `name` is for messages ("orders row 3: …"). */
export function readAll<T>(name: string, rows: readonly unknown[], read: (r: Obj, w: string) => T): T[] {
  return rows.map((r, i) => {
    const where = `${name} row ${i + 1}`;
    if (!isObj(r)) throw new Bad(`${where} is not an object.`);
    return read(r, where);
  });
}

/**
 * A commit's rows, checked and stripped to their fields; throws `Bad`. The
 * inputs are the sim's own, recorded as it took them, and stored as they are:
 * a backup's are checked when it is imported.
 */
export function readBatch(b: CommitBatch): Required<Omit<CommitBatch, 'clearHistoryOf'>> & Pick<CommitBatch, 'clearHistoryOf'> {
  if (!isObj(b) || !Array.isArray(b.inputs)) throw new Bad('A commit needs a list of inputs.');
  if (b.clearHistoryOf !== undefined && (typeof b.clearHistoryOf !== 'string' || b.clearHistoryOf === '')) throw new Bad('A commit clears the history of an account by its name.');
  return {
    ...(b.clearHistoryOf !== undefined ? { clearHistoryOf: b.clearHistoryOf } : {}),
    inputs: readAll('inputs', b.inputs, (r, w) => ({ input: present(r, 'input', w), at: num(r, 'at', w) })),
    orders: readAll('orders', b.orders ?? [], readRow.orders),
    trades: readAll('trades', b.trades ?? [], readNewTrade),
    equity: readAll('equity', b.equity ?? [], readRow.equity),
    strategyStates: readAll('strategyStates', b.strategyStates ?? [], readStrategyState),
  };
}
