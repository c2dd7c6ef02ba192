import { Code, fail, type Result } from '../../core/codes';
import { ORDER_STATUSES, type EquityRow, type InputRow, type OrderRow, type SettingRow, type SnapshotRow, type TradeRow } from './rows';

/**
 * The backup file: one JSON document with every table. Reading one checks
 * everything before anything is written, and keeps only known fields, so a
 * bad or hand-edited file is refused with the first problem found.
 */

export const BACKUP_FORMAT = 'bourse-backup';
export const BACKUP_VERSION = 1;

export interface BackupTables {
  inputs: InputRow[];
  snapshots: SnapshotRow[];
  orders: OrderRow[];
  trades: TradeRow[];
  equity: EquityRow[];
  settings: SettingRow[];
}

export interface BackupDoc {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601, wall-clock time of the export. */
  exportedAt: string;
  tables: BackupTables;
}

const TABLES = ['inputs', 'snapshots', 'orders', 'trades', 'equity', 'settings'] as const;

export function backupText(tables: BackupTables, exportedAt: Date): string {
  const doc: BackupDoc = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: exportedAt.toISOString(), tables };
  return JSON.stringify(doc);
}

/** Thrown inside validation only; turned into an INVALID_BACKUP failure by `parseBackup`. */
class Bad extends Error {}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);

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

const readRow = {
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
    return row;
  },
  trades: (r: Obj, w: string): TradeRow => ({
    n: int(r, 'n', w, 1), tradeSeq: int(r, 'tradeSeq', w, 0), ts: num(r, 'ts', w), account: str(r, 'account', w),
    symbol: str(r, 'symbol', w), side: oneOf(r, 'side', w, SIDES), price: num(r, 'price', w), qty: num(r, 'qty', w),
    fee: num(r, 'fee', w), feeAsset: str(r, 'feeAsset', w), orderId: str(r, 'orderId', w),
    liquidity: oneOf(r, 'liquidity', w, ['maker', 'taker'] as const),
  }),
  equity: (r: Obj, w: string): EquityRow => ({ account: str(r, 'account', w), ts: num(r, 'ts', w), equity: num(r, 'equity', w) }),
  settings: (r: Obj, w: string): SettingRow => ({ key: str(r, 'key', w), value: present(r, 'value', w) }),
};

const keyOf: { [T in keyof BackupTables]: (row: BackupTables[T][number]) => string | number } = {
  inputs: (r) => r.seq,
  snapshots: (r) => r.seq,
  orders: (r) => r.id,
  trades: (r) => r.n,
  equity: (r) => JSON.stringify([r.account, r.ts]),
  settings: (r) => r.key,
};

function readTable<T extends keyof BackupTables>(name: T, rows: unknown): BackupTables[T] {
  if (!Array.isArray(rows)) throw new Bad(`Table "${name}" must be a list of rows.`);
  const out: BackupTables[T][number][] = [];
  const keys = new Set<string | number>();
  const read = readRow[name] as (r: Obj, w: string) => BackupTables[T][number];
  const key = keyOf[name] as (row: BackupTables[T][number]) => string | number;
  for (let i = 0; i < rows.length; i++) {
    const where = `${name} row ${i + 1}`;
    const r: unknown = rows[i];
    if (!isObj(r)) throw new Bad(`${where} is not an object.`);
    const row = read(r, where);
    const k = key(row);
    if (keys.has(k)) throw new Bad(`${where} repeats the key ${typeof k === 'string' ? k : String(k)}.`);
    keys.add(k);
    out.push(row);
  }
  return out as BackupTables[T];
}

/** The journal must restore: inputs without gaps, and all of the latest snapshot's tail. */
function checkJournal(t: BackupTables): void {
  const seqs = t.inputs.map((r) => r.seq).sort((a, b) => a - b);
  for (let i = 1; i < seqs.length; i++) {
    if (seqs[i] !== seqs[i - 1] + 1) throw new Bad(`The journal has a gap after entry ${seqs[i - 1]}.`);
  }
  if (seqs.length === 0) return;
  const latest = t.snapshots.reduce((m, s) => Math.max(m, s.seq), -1);
  if (latest < 0 && seqs[0] !== 1) throw new Bad(`The journal starts at entry ${seqs[0]} and no snapshot covers what came before.`);
  if (latest >= 0 && seqs[0] > latest + 1) throw new Bad(`The journal misses entries ${latest + 1} to ${seqs[0] - 1} after the latest snapshot.`);
}

/** Parses and checks a backup; nothing is written here. */
export function parseBackup(text: string): Result<{ tables: BackupTables }> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail(Code.INVALID_BACKUP, 'This file is not a Bourse backup: it is not valid JSON.');
  }
  if (!isObj(doc) || doc.format !== BACKUP_FORMAT) return fail(Code.INVALID_BACKUP, 'This file is not a Bourse backup.');
  if (doc.version !== BACKUP_VERSION) {
    return fail(Code.INVALID_BACKUP, `This backup has version ${JSON.stringify(doc.version ?? null)}; this Bourse reads version ${BACKUP_VERSION}.`);
  }
  try {
    const raw = doc.tables;
    if (!isObj(raw)) throw new Bad('The backup has no tables.');
    for (const k of Object.keys(raw)) if (!(TABLES as readonly string[]).includes(k)) throw new Bad(`Unknown table "${k}".`);
    const tables: BackupTables = {
      inputs: readTable('inputs', raw.inputs),
      snapshots: readTable('snapshots', raw.snapshots),
      orders: readTable('orders', raw.orders),
      trades: readTable('trades', raw.trades),
      equity: readTable('equity', raw.equity),
      settings: readTable('settings', raw.settings),
    };
    checkJournal(tables);
    return { ok: true, tables };
  } catch (e) {
    if (e instanceof Bad) return fail(Code.INVALID_BACKUP, `This backup is damaged and was not imported: ${e.message}`);
    throw e;
  }
}
