import { Dexie, type Collection, type IndexableType, type Table } from 'dexie';
import { TRADE_CSV_HEADER, tradeCsvLine } from './csv';
import type { BourseDb } from './db';
import type { EquityRow, OrderRow, OrderStatus, TradeRow } from './rows';

/**
 * What the UI reads, newest first, one page at a time. Each combination of
 * filters has a compound index that starts with it, so a page is one key
 * range read backwards that stops after `limit` rows, and a count never reads
 * rows, however many the account has. (No `.filter()`: it reads and tests
 * every row, which is slow in browsers and very slow in fake-indexeddb.)
 */

export const MAX_PAGE = 1000;
const DEFAULT_PAGE = 100;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE;
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
}

/**
 * The rows of an index whose key starts with `prefix`, newest first; with
 * `before` (the rest of a key, e.g. a row's [ts, n]) only the rows below it.
 */
function newestFirst<T, K, I>(
  table: Table<T, K, I>,
  index: string,
  prefix: IndexableType[],
  before: IndexableType[] | undefined,
): Collection<T, K, I> {
  // [a] sorts before every [a, …]; [a, maxKey] after every [a, x, …]. The
  // same maxKey array can't appear twice in one key (IndexedDB sees a cycle).
  const hi = before ? [...prefix, ...before] : [...prefix, Dexie.maxKey];
  return table.where(index).between(prefix, hi, true, before === undefined).reverse();
}

export interface TradeQuery {
  account: string;
  limit?: number;
  /** The last row of the previous page (its ts and n). */
  before?: Pick<TradeRow, 'ts' | 'n'>;
  symbol?: string;
  side?: 'buy' | 'sell';
}

function tradeCollection(db: BourseDb, q: Omit<TradeQuery, 'limit'>) {
  const before = q.before ? [q.before.ts, q.before.n] : undefined;
  const { account, symbol, side } = q;
  if (symbol !== undefined && side !== undefined) {
    return newestFirst(db.trades, '[account+symbol+side+ts+n]', [account, symbol, side], before);
  }
  if (symbol !== undefined) return newestFirst(db.trades, '[account+symbol+ts+n]', [account, symbol], before);
  if (side !== undefined) return newestFirst(db.trades, '[account+side+ts+n]', [account, side], before);
  return newestFirst(db.trades, '[account+ts+n]', [account], before);
}

export function trades(db: BourseDb, q: TradeQuery): Promise<TradeRow[]> {
  return tradeCollection(db, q).limit(pageSize(q.limit)).toArray();
}

/** Counts by index range, without reading the rows. */
export function tradeCount(db: BourseDb, q: Omit<TradeQuery, 'limit' | 'before'>): Promise<number> {
  return tradeCollection(db, q).count();
}

/** How many orders an account has stored, by index range, without reading them (what a reset clears). */
export function orderCount(db: BourseDb, account: string): Promise<number> {
  return db.orders.where('[account+updatedAt+id]').between([account], [account, Dexie.maxKey]).count();
}

export interface OrderQuery {
  account: string;
  limit?: number;
  status?: OrderStatus;
  symbol?: string;
  /** The last row of the previous page (its updatedAt and id). */
  before?: Pick<OrderRow, 'updatedAt' | 'id'>;
}

function orderCollection(db: BourseDb, q: Omit<OrderQuery, 'limit'>) {
  const before = q.before ? [q.before.updatedAt, q.before.id] : undefined;
  const { account, status, symbol } = q;
  if (status !== undefined && symbol !== undefined) {
    return newestFirst(db.orders, '[account+status+symbol+updatedAt+id]', [account, status, symbol], before);
  }
  if (status !== undefined) return newestFirst(db.orders, '[account+status+updatedAt+id]', [account, status], before);
  if (symbol !== undefined) return newestFirst(db.orders, '[account+symbol+updatedAt+id]', [account, symbol], before);
  return newestFirst(db.orders, '[account+updatedAt+id]', [account], before);
}

/** Orders by last update, newest first. */
export function orders(db: BourseDb, q: OrderQuery): Promise<OrderRow[]> {
  return orderCollection(db, q).limit(pageSize(q.limit)).toArray();
}

/** An account's equity points from `since` (inclusive), oldest first. */
export function equity(db: BourseDb, account: string, since = -Infinity): Promise<EquityRow[]> {
  return db.equity.where('[account+ts]').between([account, since], [account, Infinity], true, true).toArray();
}

/**
 * An account's trades as CSV, oldest first. Reads `chunk` rows per read
 * transaction, so the worker's other work runs between chunks instead of
 * waiting for 100,000 rows at once. Each chunk starts after the last row
 * read, so trades committed meanwhile (always later) are simply included.
 */
export async function tradesCsv(db: BourseDb, account: string, chunk: number): Promise<{ csv: string; rows: number }> {
  const parts = [TRADE_CSV_HEADER];
  let after: IndexableType[] | null = null;
  for (;;) {
    const lo: IndexableType[] = after ?? [account];
    const rows: TradeRow[] = await db.trades
      .where('[account+ts+n]')
      .between(lo, [account, Dexie.maxKey], after === null, true)
      .limit(chunk)
      .toArray();
    for (const t of rows) parts.push(tradeCsvLine(t));
    if (rows.length < chunk) break;
    const last = rows[rows.length - 1];
    after = [account, last.ts, last.n];
  }
  return { csv: parts.join(''), rows: parts.length - 1 };
}
