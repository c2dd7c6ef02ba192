import { Dexie, type DexieOptions } from 'dexie';
import { Code, fail, type Failure, type Result } from '../core/codes';
import { backupText, parseBackup, type BackupTables } from './backup';
import { BourseDb, installedVersion, isNewer } from './db';
import { defaultStorageManager, estimate, requestPersistence, type StorageEstimate, type StorageManagerLike } from './device';
import { readBatch, readSnapshot } from './check';
import { afterOpen, guarded, NEWER_MESSAGE, STOPPED_MESSAGE, storageFailure } from './errors';
import * as journal from './journal';
import { KlineCache } from './klines';
import * as q from './queries';
import type { EquityRow, OrderRow, SnapshotRow, StrategyStateRow, TradeRow } from './rows';
import { backupSeries, SeriesStore } from './series';
import { UserStrategies } from './userStrategies';
import { BacktestRuns } from './backtestRuns';
import { PastCandleStore } from './pastCandles';

export interface StoreOptions {
  /** Passed to Dexie (tests give it another indexedDB). */
  dexie?: DexieOptions;
  /** navigator.storage by default. */
  storage?: StorageManagerLike;
  /** Wall clock for a backup's `exportedAt`. */
  now?: () => number;
  /** Trades read per transaction while building the CSV. */
  csvChunk?: number;
}

/**
 * The worker's persistence. Every method answers with a result value; a
 * storage problem (quota, private mode, a closed database) is a failure with
 * a message for the person, never a throw. Rows are checked on the way in
 * (`check.ts`), so whatever is stored can be backed up and imported again.
 */
export class Store {
  readonly db: BourseDb;
  private readonly idb: unknown;
  /** Why the database may not be used any more, once it is known. */
  private refused: Failure | null = null;
  /** Whether open() succeeded: a failure after it is storage that stopped, never "private browsing". */
  private opened = false;
  private readonly storage: StorageManagerLike | undefined;
  private readonly now: () => number;
  private readonly csvChunk: number;
  /** The exchange-candle cache, on the same database and refused when it is. */
  readonly klines: KlineCache;
  /** The strategies the person wrote (the editor's), on the same database; part of backups. */
  readonly userStrategies: UserStrategies;
  /** The series imported for backtests, on the same database; part of backups. */
  readonly series: SeriesStore;
  /** The backtests the person ran (the Backtest page's), on the same database; part of backups. */
  readonly backtestRuns: BacktestRuns;
  /** The synthetic markets' seeded pasts (schema 8), on the same database; not in backups (drawn again from the seed). */
  readonly pastCandles: PastCandleStore;

  constructor(name: string, opts: StoreOptions = {}) {
    // No auto-open: a database refused at open() (a newer Bourse's) must stay untouched.
    this.db = new BourseDb(name, { autoOpen: false, ...opts.dexie });
    this.db.on('versionchange', (ev) => {
      // Another tab upgraded or deleted the database; Dexie closes this connection.
      this.refused = fail(Code.STORAGE_UNAVAILABLE, ev.newVersion !== null && isNewer(ev.newVersion) ? NEWER_MESSAGE : STOPPED_MESSAGE);
    });
    this.idb = opts.dexie && 'indexedDB' in opts.dexie ? opts.dexie.indexedDB : Dexie.dependencies.indexedDB;
    this.storage = 'storage' in opts ? opts.storage : defaultStorageManager();
    this.now = opts.now ?? Date.now;
    this.csvChunk = Math.max(1, Math.floor(opts.csvChunk ?? 2000));
    this.klines = new KlineCache(this.db, () => this.refused);
    this.userStrategies = new UserStrategies(this.db, (op) => this.run(op), () => this.now());
    this.series = new SeriesStore(this.db, (op) => this.run(op), () => this.now());
    this.backtestRuns = new BacktestRuns(this.db, (op) => this.run(op), () => this.now());
    this.pastCandles = new PastCandleStore(this.db, (op) => this.run(op));
  }

  /**
   * Opens (creating or upgrading) the database; call it before anything else.
   * A database a newer Bourse has upgraded is refused, before it is touched
   * where the browser can list its databases, and stays refused.
   */
  async open(): Promise<Result> {
    this.refused = null;
    this.opened = false;
    const r = await guarded(async () => {
      const v = await installedVersion(this.db.name, this.idb);
      if (v !== null && isNewer(v)) return storageFailure(new Dexie.VersionError(`Database ${this.db.name} is at ${v}.`));
      await this.db.open();
      return { ok: true };
    });
    if (!r.ok && r.message === NEWER_MESSAGE) this.refused = r;
    this.opened = r.ok;
    return r;
  }

  /** Runs a storage operation unless the database was refused; failures come back as results. */
  private run<T extends object>(op: () => Promise<Result<T>>): Promise<Result<T>> {
    if (this.refused !== null) return Promise.resolve(this.refused);
    // A connection the browser closed is NOT opened again: Chromium closes it after a write failed on a full
    // disk, and what is written after reopening it lands behind the torn record in LevelDB's log, which the
    // next start drops (seen on a full tmpfs profile: the relaunch lost it all). A reload starts clean.
    return this.opened ? guarded(op).then((r) => (r.ok ? r : afterOpen(r))) : guarded(op);
  }

  close(): void {
    this.db.close();
  }

  /** Appends the inputs and writes their effects in one transaction; `seq` is the journal's last seq after it. */
  commit(batch: journal.CommitBatch): Promise<Result<{ seq: number }>> {
    return this.run(async () => ({ ok: true, seq: await journal.commit(this.db, readBatch(batch)) }));
  }

  /** Where a user strategy's sandbox was at the last commit that wrote it (null: never), for a reload to go on from. */
  strategyState(id: string): Promise<Result<{ row: StrategyStateRow | null }>> {
    if (typeof id !== 'string' || id === '') return Promise.resolve(fail(Code.INVALID_COMMAND, 'A strategy id is needed.'));
    return this.run(async () => ({ ok: true, row: (await this.db.strategyStates.get(id)) ?? null }));
  }

  /** Saves a snapshot, then prunes snapshots beyond the latest two and the inputs no kept snapshot needs. */
  saveSnapshot(snap: SnapshotRow): Promise<Result<{ pruned: journal.Pruned }>> {
    return this.run(async () => ({ ok: true, pruned: await journal.saveSnapshot(this.db, readSnapshot(snap)) }));
  }

  /**
   * What a restore needs: the latest snapshot and the inputs after it. With
   * `belowSeq`, the latest snapshot before that seq (when the latest one
   * fails its hash check); `complete` says whether its tail is all there.
   */
  load(opts: { belowSeq?: number } = {}): Promise<Result<journal.Restore>> {
    return this.run(async () => ({ ok: true, ...(await journal.load(this.db, opts.belowSeq)) }));
  }

  trades(query: q.TradeQuery): Promise<Result<{ rows: TradeRow[] }>> {
    return this.run(async () => ({ ok: true, rows: await q.trades(this.db, query) }));
  }

  tradeCount(query: Omit<q.TradeQuery, 'limit' | 'before'>): Promise<Result<{ count: number }>> {
    return this.run(async () => ({ ok: true, count: await q.tradeCount(this.db, query) }));
  }

  orderCount(account: string): Promise<Result<{ count: number }>> {
    return this.run(async () => ({ ok: true, count: await q.orderCount(this.db, account) }));
  }

  orders(query: q.OrderQuery): Promise<Result<{ rows: OrderRow[] }>> {
    return this.run(async () => ({ ok: true, rows: await q.orders(this.db, query) }));
  }

  equity(account: string, since?: number): Promise<Result<{ rows: EquityRow[] }>> {
    return this.run(async () => ({ ok: true, rows: await q.equity(this.db, account, since) }));
  }

  /** `value` is undefined when the setting was never set. */
  getSetting(key: string): Promise<Result<{ value: unknown }>> {
    if (typeof key !== 'string' || key === '') return Promise.resolve(fail(Code.INVALID_SETTING, 'A setting needs a name.'));
    return this.run(async () => ({ ok: true, value: (await this.db.settings.get(key))?.value }));
  }

  setSetting(key: string, value: unknown): Promise<Result> {
    if (typeof key !== 'string' || key === '') return Promise.resolve(fail(Code.INVALID_SETTING, 'A setting needs a name.'));
    if (value === undefined) return Promise.resolve(fail(Code.INVALID_SETTING, `Setting ${key} needs a value.`));
    return this.run(async () => {
      await this.db.settings.put({ key, value });
      return { ok: true };
    });
  }

  /** Every table as one JSON document, read in one transaction. */
  exportBackup(): Promise<Result<{ text: string }>> {
    const db = this.db;
    return this.run(async () => {
      const { series, ...tables } = await db.transaction('r', db.all(), async () => ({
        inputs: await db.inputs.toArray(),
        snapshots: await db.snapshots.toArray(),
        orders: await db.orders.toArray(),
        trades: await db.trades.toArray(),
        equity: await db.equity.toArray(),
        settings: await db.settings.toArray(),
        userStrategies: await db.userStrategies.toArray(),
        strategyStates: await db.strategyStates.toArray(),
        series: backupSeries(await db.series.orderBy('createdAt').toArray(), await db.seriesColumns.toArray()),
        backtestRuns: await db.backtestRuns.toArray(),
      }));
      return { ok: true, text: backupText(tables, new Date(this.now()), series) };
    });
  }

  /**
   * Checks the whole backup first, in memory: its rows (`check.ts`), its
   * journal, then whatever `verify` says of the tables (the worker restores
   * the sim from them). Only then replaces every table, in one transaction.
   * A bad file, a refusal by `verify`, or a failure while writing changes
   * nothing. The running sim must then be rebuilt from `load()`.
   */
  importBackup<V extends object = object>(
    text: string, verify?: (tables: BackupTables) => Result<V>,
  ): Promise<Result<{ rows: number } & V>> {
    const db = this.db;
    return this.run(async () => {
      const parsed = parseBackup(typeof text === 'string' ? text : '');
      if (!parsed.ok) return parsed;
      const t = parsed.tables;
      const verified = verify === undefined ? ({ ok: true } as Result<V>) : verify(t);
      if (!verified.ok) return verified;
      await db.transaction('rw', db.all(), async () => {
        for (const table of db.all()) await table.clear();
        await db.inputs.bulkAdd(t.inputs);
        await db.snapshots.bulkAdd(t.snapshots);
        await db.orders.bulkAdd(t.orders);
        await db.trades.bulkAdd(t.trades);
        await db.equity.bulkAdd(t.equity);
        await db.settings.bulkAdd(t.settings);
        await db.userStrategies.bulkAdd(t.userStrategies ?? []);
        await db.strategyStates.bulkAdd(t.strategyStates ?? []);
        await db.series.bulkAdd((t.series ?? []).map((s) => s.meta));
        await db.seriesColumns.bulkAdd((t.series ?? []).map((s) => s.columns));
        await db.backtestRuns.bulkAdd(t.backtestRuns ?? []);
      });
      const rows = Object.values(t).reduce((n: number, rs: unknown[]) => n + rs.length, 0);
      const { ok: _ok, ...extra } = verified;
      return { ...(extra as V), ok: true, rows };
    });
  }

  /** The account's trades as CSV (RFC 4180, oldest first), read in chunks. */
  tradesCsv(account: string): Promise<Result<{ csv: string; rows: number }>> {
    return this.run(async () => ({ ok: true, ...(await q.tradesCsv(this.db, account, this.csvChunk)) }));
  }

  /** Usage and quota in bytes, and whether the data is persistent; null where the browser doesn't say. */
  estimate(): Promise<StorageEstimate> {
    return estimate(this.storage);
  }

  /** navigator.storage.persist(); false when refused or unavailable (it exists on pages only, not in workers). */
  requestPersistence(): Promise<boolean> {
    return requestPersistence(this.storage);
  }
}
