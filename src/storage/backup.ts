import { Code, fail, type Result } from '../core/codes';
import { Bad, isObj, readAll, readRow, readStrategyState, type Obj } from './check';
import type { EquityRow, InputRow, OrderRow, SettingRow, SnapshotRow, StrategyStateRow, TradeRow, UserStrategyRow } from './rows';
import { MAX_SERIES, readSeriesBackup, type SeriesBackupRow, type SeriesRestore } from './series';
import { MAX_USER_STRATEGIES, readUserStrategy } from './userStrategies';
import { MAX_SAVED_RUNS, readSavedRun } from './backtestRuns';
import type { SavedRun } from '../protocol/backtest';

/**
 * The backup file: one JSON document with every table. Reading one checks
 * everything (row shapes in `check.ts`, unique keys, a journal that restores)
 * before anything is written, and keeps only known fields, so a bad or
 * hand-edited file is refused with the first problem found.
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
  /**
   * The strategies the person wrote (schema 4). Optional in the file: a
   * backup made before them has none, and one without any leaves the key
   * out, so its document is as it was (a Bourse before them reads it).
   */
  userStrategies?: UserStrategyRow[];
  /**
   * Where each running user strategy's sandbox was (schema 5), so an import
   * goes on from there as a reload does; consistent with the journal beside
   * it (the export commits first, and reads all tables in one transaction).
   * Optional and left out when empty, as `userStrategies`.
   */
  strategyStates?: StrategyStateRow[];
  /**
   * The series imported for backtests (schema 6), each its description and
   * its bars: number lists in the document (`SeriesBackupRow`), typed arrays
   * once read (`SeriesRestore`). Optional and left out when empty, as
   * `userStrategies`.
   */
  series?: SeriesRestore[];
  /** The backtests the person ran (schema 7). Optional and left out when empty, as `userStrategies`. */
  backtestRuns?: SavedRun[];
}

export interface BackupDoc {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601, wall-clock time of the export. */
  exportedAt: string;
  tables: Omit<BackupTables, 'series'> & { series?: SeriesBackupRow[] };
}

const TABLES = ['inputs', 'snapshots', 'orders', 'trades', 'equity', 'settings', 'userStrategies', 'strategyStates', 'series', 'backtestRuns'] as const;
/** Far more than anyone runs at once; a bound so a file cannot fill the database. */
const MAX_STRATEGY_STATES = 1_000;

/** `series`: the stored series as the document carries them (`backupSeries`). */
export function backupText(tables: Omit<BackupTables, 'series'>, exportedAt: Date, series: SeriesBackupRow[] = []): string {
  const { userStrategies, strategyStates, backtestRuns, ...rest } = tables;
  const withStrategies: BackupDoc['tables'] = { ...rest };
  if (userStrategies !== undefined && userStrategies.length > 0) withStrategies.userStrategies = userStrategies;
  if (strategyStates !== undefined && strategyStates.length > 0) withStrategies.strategyStates = strategyStates;
  if (series.length > 0) withStrategies.series = series;
  if (backtestRuns !== undefined && backtestRuns.length > 0) withStrategies.backtestRuns = backtestRuns;
  const doc: BackupDoc = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: exportedAt.toISOString(), tables: withStrategies };
  return JSON.stringify(doc);
}

type Rows = Required<BackupTables>;

const keyOf: { [T in keyof Rows]: (row: Rows[T][number]) => string | number } = {
  inputs: (r) => r.seq,
  snapshots: (r) => r.seq,
  orders: (r) => r.id,
  trades: (r) => r.n,
  equity: (r) => JSON.stringify([r.account, r.ts]),
  settings: (r) => r.key,
  userStrategies: (r) => r.name,
  strategyStates: (r) => r.id,
  series: (r) => r.meta.id,
  backtestRuns: (r) => r.id,
};

const readers: { [T in keyof Rows]: (r: Obj, w: string) => Rows[T][number] } = {
  ...readRow, userStrategies: readUserStrategy, strategyStates: readStrategyState, series: readSeriesBackup, backtestRuns: readSavedRun,
};

function readTable<T extends keyof Rows>(name: T, rows: unknown): Rows[T] {
  if (!Array.isArray(rows)) throw new Bad(`Table "${name}" must be a list of rows.`);
  const out = readAll(name, rows, readers[name] as (r: Obj, w: string) => Rows[T][number]);
  const key = keyOf[name] as (row: Rows[T][number]) => string | number;
  const keys = new Set<string | number>();
  out.forEach((row, i) => {
    const k = key(row);
    if (keys.has(k)) throw new Bad(`${name} row ${i + 1} repeats the key ${String(k)}.`);
    keys.add(k);
  });
  return out as Rows[T];
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

/**
 * What a restore from these tables starts from, as `journal.load` would give
 * it once they are stored: the latest snapshot (null if none) and the inputs
 * after it, in order.
 */
export function restorePoint(t: BackupTables): { snapshot: SnapshotRow | null; tail: InputRow[] } {
  const snapshot = t.snapshots.reduce<SnapshotRow | null>((m, s) => (m === null || s.seq > m.seq ? s : m), null);
  const base = snapshot?.seq ?? 0;
  const tail = t.inputs.filter((r) => r.seq > base).sort((a, b) => a.seq - b.seq);
  return { snapshot, tail };
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
    if (raw.userStrategies !== undefined) {
      if (Array.isArray(raw.userStrategies) && raw.userStrategies.length > MAX_USER_STRATEGIES) {
        throw new Bad(`The backup holds ${raw.userStrategies.length} strategies; Bourse keeps at most ${MAX_USER_STRATEGIES}.`);
      }
      tables.userStrategies = readTable('userStrategies', raw.userStrategies);
    }
    if (raw.strategyStates !== undefined) {
      if (Array.isArray(raw.strategyStates) && raw.strategyStates.length > MAX_STRATEGY_STATES) {
        throw new Bad(`The backup holds ${raw.strategyStates.length} strategy states; Bourse keeps at most ${MAX_STRATEGY_STATES}.`);
      }
      tables.strategyStates = readTable('strategyStates', raw.strategyStates);
    }
    if (raw.series !== undefined) {
      if (Array.isArray(raw.series) && raw.series.length > MAX_SERIES) {
        throw new Bad(`The backup holds ${raw.series.length} series; Bourse keeps at most ${MAX_SERIES}.`);
      }
      tables.series = readTable('series', raw.series);
    }
    if (raw.backtestRuns !== undefined) {
      if (Array.isArray(raw.backtestRuns) && raw.backtestRuns.length > MAX_SAVED_RUNS) {
        throw new Bad(`The backup holds ${raw.backtestRuns.length} backtests; Bourse keeps at most ${MAX_SAVED_RUNS}.`);
      }
      tables.backtestRuns = readTable('backtestRuns', raw.backtestRuns);
    }
    checkJournal(tables);
    return { ok: true, tables };
  } catch (e) {
    if (e instanceof Bad) return fail(Code.INVALID_BACKUP, `This backup is damaged and was not imported: ${e.message}`);
    throw e;
  }
}
