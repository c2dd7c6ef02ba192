import { Dexie, type Collection, type IndexableType, type Table } from 'dexie';
import { TRADE_CSV_HEADER, tradeCsvLine } from './csv';
import type { BourseDb } from './db';
import type { EquityRow, OrderRow, OrderStatus, TradeRow } from './rows';

/**
 * What the UI reads, newest first, one page at a time. Each filter picks the
 * compound index that starts with it, so a page is one key range read
 * backwards and stops after `limit` rows, however many rows the account has.
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
  if (q.symbol !== undefined) {
    const c = newestFirst(db.trades, '[account+symbol+ts+n]', [q.account, q.symbol], before);
    const side = q.side;
    return side === undefined ? c : c.filter((t) => t.side === side);
  }
  if (q.side !== undefined) return newestFirst(db.trades, '[account+side+ts+n]', [q.account, q.side], before);
  return newestFirst(db.trades, '[account+ts+n]', [q.account], before);
}

export function trades(db: BourseDb, q: TradeQuery): Promise<TradeRow[]> {
  return tradeCollection(db, q).limit(pageSize(q.limit)).toArray();
}

/** Counts by index range; only symbol and side together read the symbol's rows to check the side. */
export function tradeCount(db: BourseDb, q: Omit<TradeQuery, 'limit' | 'before'>): Promise<number> {
  return tradeCollection(db, q).count();
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
  if (q.status !== undefined) {
    const c = newestFirst(db.orders, '[account+status+updatedAt+id]', [q.account, q.status], before);
    const symbol = q.symbol;
    return symbol === undefined ? c : c.filter((o) => o.symbol === symbol);
  }
  if (q.symbol !== undefined) return newestFirst(db.orders, '[account+symbol+updatedAt+id]', [q.account, q.symbol], before);
  return newestFirst(db.orders, '[account+updatedAt+id]', [q.account], before);
}

/** Orders by last update, newest first; status and symbol together read that status's rows to check the symbol. */
export function orders(db: BourseDb, q: OrderQuery): Promise<OrderRow[]> {
  return orderCollection(db, q).limit(pageSize(q.limit)).toArray();
}

/** An account's equity points from `since` (inclusive), oldest first. */
export function equity(db: BourseDb, account: string, since = -Infinity): Promise<EquityRow[]> {
  return db.equity.where('[account+ts]').between([account, since], [account, Infinity], true, true).toArray();
}

/**
 * An account's trades as CSV, oldest first. Read `chunk` rows per read
 * transaction, so the worker's other work runs between chunks instead of
 * waiting for 100,000 rows at once.
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
