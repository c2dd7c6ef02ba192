import { Dexie } from 'dexie';
import type { BourseDb } from './db';
import { keepingReason } from './errors';
import type { EquityRow, InputRow, NewTrade, OrderRow, SnapshotRow, StrategyStateRow } from './rows';

/**
 * The journal of sim inputs and the snapshots that bound its replay. The
 * store gives each input its sequence number itself (one past the highest
 * input or snapshot seq), rather than leaving it to IndexedDB's key generator:
 * after a backup whose journal was pruned is imported, the generator may lag
 * behind the snapshot, and new inputs would land before it and be skipped on
 * restore.
 */

/** How many snapshots are kept: the latest, and one to fall back on if the latest doesn't check out. */
export const SNAPSHOTS_KEPT = 2;

export interface CommitBatch {
  inputs: { input: unknown; at: number }[];
  /** Upserted by id. */
  orders?: OrderRow[];
  /** Appended; the store numbers them. */
  trades?: NewTrade[];
  /** Upserted by [account+ts]: a second point at the same time replaces the first rather than failing the commit. */
  equity?: EquityRow[];
  /** Upserted by id: where each user strategy's sandbox is, as of these inputs (so in the same transaction). */
  strategyStates?: StrategyStateRow[];
  /**
   * An account that was reset in these inputs: its stored orders, trades and
   * equity are deleted first, in the same transaction as the reset's input, so
   * a reload after a reset never shows the old history (the batch's rows are
   * the ones after the reset).
   */
  clearHistoryOf?: string;
}

async function lastSeq(db: BourseDb): Promise<number> {
  const input = await db.inputs.toCollection().lastKey();
  const snap = await db.snapshots.toCollection().lastKey();
  return Math.max(typeof input === 'number' ? input : 0, typeof snap === 'number' ? snap : 0);
}

/** One transaction: all of the batch lands, or none of it. Returns the journal's last seq. */
export function commit(db: BourseDb, batch: CommitBatch): Promise<number> {
  // strategyStates joins the transaction only when it has rows: with it always in scope, a commit on a full disk
  // (Chromium, a full tmpfs profile) failed without the "no space" reason, and the person was told storage had stopped
  // rather than that it was full (e2e/durability.spec.ts). Without user strategies the transaction is the one proven there.
  const states = batch.strategyStates !== undefined && batch.strategyStates.length > 0;
  const tables = states ? [db.inputs, db.snapshots, db.orders, db.trades, db.equity, db.strategyStates] : [db.inputs, db.snapshots, db.orders, db.trades, db.equity];
  return db.transaction('rw', tables, async (tx) => keepingReason(tx, async () => {
    const last = await lastSeq(db);
    const rows: InputRow[] = batch.inputs.map((x, i) => ({ seq: last + 1 + i, input: x.input, at: x.at }));
    if (rows.length > 0) await db.inputs.bulkAdd(rows);
    if (batch.clearHistoryOf !== undefined) await clearHistory(db, batch.clearHistoryOf);
    if (batch.orders && batch.orders.length > 0) await db.orders.bulkPut(batch.orders);
    if (batch.trades && batch.trades.length > 0) await db.trades.bulkAdd(batch.trades);
    if (batch.equity && batch.equity.length > 0) await db.equity.bulkPut(batch.equity);
    if (states) await db.strategyStates.bulkPut(batch.strategyStates!);
    return last + rows.length;
  }));
}

/** Every order, trade and equity row of an account, by the indexes that start with it (no row is read). */
async function clearHistory(db: BourseDb, account: string): Promise<void> {
  await db.orders.where('[account+updatedAt+id]').between([account], [account, Dexie.maxKey]).delete();
  await db.trades.where('[account+ts+n]').between([account], [account, Dexie.maxKey]).delete();
  await db.equity.where('[account+ts]').between([account], [account, Dexie.maxKey]).delete();
}

export interface Pruned {
  snapshots: number;
  inputs: number;
}

/**
 * Saves a snapshot, keeps the latest SNAPSHOTS_KEPT and drops the inputs at or
 * below the oldest kept one (no kept snapshot replays them), in one transaction.
 */
export function saveSnapshot(db: BourseDb, snap: SnapshotRow): Promise<Pruned> {
  return db.transaction('rw', [db.inputs, db.snapshots], (tx) => keepingReason(tx, async () => {
    await db.snapshots.put({ seq: snap.seq, at: snap.at, hash: snap.hash, data: snap.data });
    const newestFirst = await db.snapshots.orderBy('seq').reverse().primaryKeys();
    const drop = newestFirst.slice(SNAPSHOTS_KEPT);
    if (drop.length > 0) await db.snapshots.bulkDelete(drop);
    const oldestKept = newestFirst[Math.min(SNAPSHOTS_KEPT, newestFirst.length) - 1];
    const inputs = await db.inputs.where('seq').belowOrEqual(oldestKept).delete();
    return { snapshots: drop.length, inputs };
  }));
}

export interface Restore {
  /** null: no snapshot; replay the tail from the sim's initial state. */
  snapshot: SnapshotRow | null;
  /** The inputs after the snapshot, in journal order. */
  tail: InputRow[];
  /**
   * Whether the tail is every input from the snapshot to the journal's end.
   * False when falling back past the oldest kept snapshot: the inputs before
   * it were pruned, and replaying this tail would not rebuild the state.
   */
  complete: boolean;
}

/** The latest snapshot below `belowSeq` (any, by default) and the inputs after it, read in one transaction. */
export function load(db: BourseDb, belowSeq = Infinity): Promise<Restore> {
  return db.transaction('r', [db.inputs, db.snapshots], async () => {
    const snapshot = (await db.snapshots.where('seq').below(belowSeq).last()) ?? null;
    const base = snapshot?.seq ?? 0;
    const tail = await db.inputs.where('seq').above(base).toArray();
    // Seqs are unique and run without gaps, so counting them is enough.
    const complete = tail.length === Math.max(base, await lastSeq(db)) - base;
    return { snapshot, tail, complete };
  });
}
