import type { EquityRow, NewTrade, OrderRow } from './rows';
import { Store, type StoreOptions } from './store';

/** Test helpers. Every store gets a database name of its own. */

let counter = 0;
export function freshName(label = 'bourse'): string {
  return `${label}-test-${process.pid}-${++counter}`;
}

export async function openStore(opts: StoreOptions = {}): Promise<Store> {
  const s = new Store(freshName(), { storage: undefined, ...opts });
  const r = await s.open();
  if (!r.ok) throw new Error(r.message);
  return s;
}

export function order(over: Partial<OrderRow> = {}): OrderRow {
  return {
    id: 'o1', account: 'me', symbol: 'BTC-USD', side: 'buy', type: 'limit', price: 100, stopPrice: 0, qty: 1, filled: 0,
    tif: 'GTC', status: 'open', createdAt: 1000, updatedAt: 1000, ...over,
  };
}

export function trade(over: Partial<NewTrade> = {}): NewTrade {
  return {
    tradeSeq: 1, ts: 1000, account: 'me', symbol: 'BTC-USD', side: 'buy', price: 100, qty: 1, fee: 0.1, feeAsset: 'USD',
    orderId: 'o1', liquidity: 'taker', ...over,
  };
}

export function point(over: Partial<EquityRow> = {}): EquityRow {
  return { account: 'me', ts: 1000, equity: 100_000, ...over };
}

/** The sim inputs a batch journals (their shape is the sim's business). */
export function steps(n: number, at = 0): { input: unknown; at: number }[] {
  return Array.from({ length: n }, (_, i) => ({ input: { t: 'step', dt: 1000 + i }, at: at + i }));
}

/**
 * Every table's rows, for comparing whole databases. The person's strategies
 * (schema 4), their sandboxes' states (schema 5) and the imported series (schema 6) appear only when there are some, as in a backup document, so
 * the expectations written before them hold as they were.
 */
/** Tables that appear in a dump only when they hold rows (later schemas' tables, as a backup leaves them out). */
const OPTIONAL_TABLES = ['userStrategies', 'strategyStates', 'series', 'seriesColumns', 'backtestRuns'];

export async function dump(s: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of s.db.all()) {
    const rows = await t.toArray();
    if (!OPTIONAL_TABLES.includes(t.name) || rows.length > 0) out[t.name] = rows;
  }
  return out;
}
