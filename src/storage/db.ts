import { Dexie, type DexieOptions, type EntityTable, type Table, type Transaction } from 'dexie';
import type { SavedRun } from '../protocol/backtest';
import type {
  EquityRow, InputRow, KlineRangeRow, KlineRow, OrderRow, PastCandlesRow, SeriesColumnsRow, SeriesRow, SettingRow, SnapshotRow, StrategyStateRow, TradeRow, UserStrategyRow,
} from './rows';

/**
 * Version 1, the first schema: single-field indexes, and every preference in
 * one `prefs` settings row (`{ key: 'prefs', value: { theme: …, … } }`).
 * Kept so a database made by it can still be opened and upgraded.
 */
export const SCHEMA_V1 = {
  inputs: '++seq',
  snapshots: 'seq',
  orders: 'id, account, symbol, status, updatedAt',
  trades: '++n, account, ts, symbol, orderId',
  equity: '[account+ts]',
  settings: 'key',
} as const;

/**
 * Version 2: the UI's lists are per account and newest first, so the indexes
 * are compound, start with the account and end with the primary key. A page
 * is then one exact key range (`before` a row's `[ts, n]`), however many rows
 * share a timestamp, and every filter the UI offers (symbol, side, status, and
 * two of them together) has its own index, so no query scans and filters rows.
 * These are the person's rows only, written at human pace, so the extra
 * indexes cost little. Settings become one row per key, so writing one
 * preference neither reads nor rewrites the others.
 */
export const SCHEMA_V2 = {
  inputs: '++seq',
  snapshots: 'seq',
  orders: 'id, [account+updatedAt+id], [account+status+updatedAt+id], [account+symbol+updatedAt+id], [account+status+symbol+updatedAt+id]',
  trades: '++n, [account+ts+n], [account+symbol+ts+n], [account+side+ts+n], [account+symbol+side+ts+n], orderId',
  equity: '[account+ts]',
  settings: 'key',
} as const;

/**
 * Version 3: a cache of exchange candles (klines) for the chart, and the
 * spans of time it holds completely (`storage/klines.ts`). Both are keyed by
 * `[symbol+interval+…]`, so one pair's candles or spans are one key range.
 * The cache is not the person's data: it is left out of `all()` and of
 * backups, and can be fetched again. Earlier tables are unchanged.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  klines: '[symbol+interval+t]',
  klineRanges: '[symbol+interval+from]',
} as const;

/**
 * Version 4: the strategies the person wrote (`userStrategies`, keyed by
 * name; `src/storage/userStrategies.ts`). The person's data: in `all()` and
 * in backups. Earlier tables are unchanged.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  userStrategies: 'name',
} as const;

/**
 * Version 5: where each running user strategy's sandbox was at the last
 * commit (`strategyStates`, keyed by the strategy's id), written with the
 * journal so a reload goes on from it. The person's data: in `all()` and in
 * backups. Earlier tables are unchanged.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  strategyStates: 'id',
} as const;

/**
 * Version 6: the series of bars imported for backtests
 * (`src/storage/series.ts`): `series` holds each one's description (listed
 * oldest first by `createdAt`), `seriesColumns` its bars as Float64Arrays,
 * keyed by the same id, so a list never reads the bars. The person's data:
 * in `all()` and in backups. Earlier tables are unchanged.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  series: 'id, createdAt',
  seriesColumns: 'id',
} as const;

/**
 * Version 7: the backtests the person ran (`backtestRuns`, numbered by
 * IndexedDB's key generator, so the newest has the highest id;
 * `src/storage/backtestRuns.ts`). The person's data: in `all()` and in
 * backups. Earlier tables are unchanged.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  backtestRuns: '++id',
} as const;

/**
 * Version 8: the seeded pasts of the synthetic markets (`pastCandles`,
 * keyed by `[seed+symbol]`; `src/storage/pastCandles.ts`), one row of
 * columns per market, so two days of minutes are one write, not thousands.
 * Like the kline cache, not the person's data: it can be drawn again from
 * the profile's seed, so it is left out of `all()` and of backups. Earlier
 * tables are unchanged.
 */
export const SCHEMA_V8 = {
  ...SCHEMA_V7,
  pastCandles: '[seed+symbol]',
} as const;

export const SCHEMA_VERSION = 8;

/**
 * v1 → v2: split the one `prefs` row into a row per preference. A `prefs` row
 * that is not an object is not v1's and stays as it is.
 */
async function splitPrefs(tx: Transaction): Promise<void> {
  const settings = tx.table<SettingRow, string>('settings');
  const prefs = await settings.get('prefs');
  const value = prefs?.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const rows: SettingRow[] = Object.entries(value).map(([key, v]) => ({ key, value: v as unknown }));
  // Unless a preference is itself named 'prefs': bulkPut then replaces the old row.
  if (!rows.some((r) => r.key === 'prefs')) await settings.delete('prefs');
  await settings.bulkPut(rows);
}

/** Dexie stores version v as native version 10·v (and may patch it to 10·v + k). */
export function isNewer(nativeVersion: number | undefined): boolean {
  return nativeVersion !== undefined && Math.floor(nativeVersion / 10) > SCHEMA_VERSION;
}

/**
 * The native version of database `name` on disk, without opening it (null
 * when it doesn't exist or the browser can't say: `databases()` is missing
 * before Firefox 126).
 */
export async function installedVersion(name: string, factory: unknown): Promise<number | null> {
  const f = factory as { databases?: () => Promise<{ name?: string; version?: number }[]> } | undefined;
  if (typeof f?.databases !== 'function') return null;
  const found = (await f.databases()).find((d) => d.name === name);
  return typeof found?.version === 'number' ? found.version : null;
}

export class BourseDb extends Dexie {
  declare inputs: EntityTable<InputRow, 'seq'>;
  declare snapshots: EntityTable<SnapshotRow, 'seq'>;
  declare orders: EntityTable<OrderRow, 'id'>;
  declare trades: EntityTable<TradeRow, 'n'>;
  declare equity: Table<EquityRow, [string, number]>;
  declare settings: EntityTable<SettingRow, 'key'>;
  declare klines: Table<KlineRow, [string, string, number]>;
  declare klineRanges: Table<KlineRangeRow, [string, string, number]>;
  declare userStrategies: EntityTable<UserStrategyRow, 'name'>;
  declare strategyStates: EntityTable<StrategyStateRow, 'id'>;
  declare series: EntityTable<SeriesRow, 'id'>;
  declare seriesColumns: EntityTable<SeriesColumnsRow, 'id'>;
  declare backtestRuns: EntityTable<SavedRun, 'id'>;
  declare pastCandles: Table<PastCandlesRow, [string, string]>;

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(splitPrefs);
    // v2 → v3 only adds the two cache tables; no row changes, so no upgrade function.
    this.version(3).stores(SCHEMA_V3);
    // v3 → v4 only adds the table of the person's strategies, empty: no row changes, so no upgrade function.
    this.version(4).stores(SCHEMA_V4);
    // v4 → v5 only adds the table of the sandboxes' states, empty: no row changes, so no upgrade function.
    this.version(5).stores(SCHEMA_V5);
    // v5 → v6 only adds the two tables of imported series, empty: no row changes, so no upgrade function.
    this.version(6).stores(SCHEMA_V6);
    // v5 → v7 only adds the table of saved backtests, empty: no row changes, so no upgrade function.
    this.version(7).stores(SCHEMA_V7);
    // v7 → v8 only adds the table of the markets' seeded pasts, empty: no row changes, so no upgrade function.
    this.version(8).stores(SCHEMA_V8);
    // Dexie 4 opens a database of a newer version than declared (and patches
    // its schema); an older Bourse must not write into it. Sticky: every open.
    this.on(
      'ready',
      (db: Dexie) => {
        if (isNewer(db.backendDB().version)) throw new Dexie.VersionError(`Database ${name} is newer than schema ${SCHEMA_VERSION}.`);
      },
      true,
    );
  }

  /** Every table of the person's data, for transactions that span them all (backup, import); not the kline cache. */
  all(): Table[] {
    return [this.inputs, this.snapshots, this.orders, this.trades, this.equity, this.settings, this.userStrategies, this.strategyStates, this.series, this.seriesColumns, this.backtestRuns];
  }
}
