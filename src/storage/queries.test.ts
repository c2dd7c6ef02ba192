import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradeRow } from './rows';
import type { Store } from './store';
import { openStore, order, point, trade } from './testkit';

/**
 * Paging over 100,000 trades. The rows are bulk-inserted once (fake-indexeddb
 * takes a few seconds for that); every test then reads the same database.
 * Three trades share each timestamp, so pages also split within a timestamp.
 */
const N = 100_000;
const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD'];

function nth(i: number): Omit<TradeRow, 'n'> {
  return trade({
    tradeSeq: i + 1,
    ts: 1_700_000_000_000 + Math.floor(i / 3),
    account: i % 10 === 9 ? 'other' : 'me',
    symbol: SYMBOLS[i % 3],
    side: i % 2 === 0 ? 'buy' : 'sell',
    orderId: `o${Math.floor(i / 2)}`,
  });
}

let s: Store;
let all: TradeRow[]; // every trade, as stored (with n = i + 1)

beforeAll(async () => {
  s = await openStore();
  all = Array.from({ length: N }, (_, i) => ({ ...nth(i), n: i + 1 }));
  await s.db.trades.bulkAdd(all.map(({ n: _n, ...t }) => t));
}, 60_000);
afterAll(() => s.close());

const newestFirst = (a: TradeRow, b: TradeRow) => b.ts - a.ts || b.n - a.n;

async function pageAll(q: { account: string; symbol?: string; side?: 'buy' | 'sell' }, limit: number): Promise<TradeRow[]> {
  const out: TradeRow[] = [];
  let before: Pick<TradeRow, 'ts' | 'n'> | undefined;
  for (;;) {
    const r = await s.trades({ ...q, limit, before });
    if (!r.ok) throw new Error(r.message);
    out.push(...r.rows);
    if (r.rows.length < limit) return out;
    before = r.rows[r.rows.length - 1];
  }
}

describe('trades, 100,000 rows', () => {
  it('stored them all with n in insertion order', async () => {
    expect(await s.db.trades.count()).toBe(N);
    expect(await s.db.trades.get(N)).toEqual(all[N - 1]);
  });

  it('the first page is the newest trades of the account', async () => {
    const r = await s.trades({ account: 'me', limit: 50 });
    const want = all.filter((t) => t.account === 'me').sort(newestFirst).slice(0, 50);
    expect(r).toEqual({ ok: true, rows: want });
  });

  it('paging by the last row visits every trade of the account once, newest first', async () => {
    const got = await pageAll({ account: 'me' }, 1000);
    const want = all.filter((t) => t.account === 'me').sort(newestFirst);
    expect(got.length).toBe(want.length);
    expect(got.map((t) => t.n)).toEqual(want.map((t) => t.n));
  });

  it('pages of 2 split trades that share a timestamp without losing or repeating one', async () => {
    const got = await pageAll({ account: 'other' }, 2);
    const want = all.filter((t) => t.account === 'other').sort(newestFirst);
    expect(got.map((t) => t.n)).toEqual(want.map((t) => t.n));
  });

  it('filters by symbol, by side, and by both', async () => {
    for (const q of [{ symbol: 'ETH-USD' }, { side: 'sell' as const }, { symbol: 'SOL-USD', side: 'buy' as const }]) {
      const got = await pageAll({ account: 'me', ...q }, 997);
      const want = all
        .filter((t) => t.account === 'me' && (q.symbol === undefined || t.symbol === q.symbol) && (q.side === undefined || t.side === q.side))
        .sort(newestFirst);
      expect(got.length, JSON.stringify(q)).toBe(want.length);
      expect(got.map((t) => t.n)).toEqual(want.map((t) => t.n));
    }
  });

  it('counts by account, symbol and side', async () => {
    const count = (f: (t: TradeRow) => boolean) => all.filter(f).length;
    expect(await s.tradeCount({ account: 'me' })).toEqual({ ok: true, count: count((t) => t.account === 'me') });
    expect(await s.tradeCount({ account: 'other', symbol: 'BTC-USD' })).toEqual({
      ok: true, count: count((t) => t.account === 'other' && t.symbol === 'BTC-USD'),
    });
    expect(await s.tradeCount({ account: 'me', side: 'buy' })).toEqual({ ok: true, count: count((t) => t.account === 'me' && t.side === 'buy') });
    expect(await s.tradeCount({ account: 'me', symbol: 'ETH-USD', side: 'sell' })).toEqual({
      ok: true, count: count((t) => t.account === 'me' && t.symbol === 'ETH-USD' && t.side === 'sell'),
    });
    expect(await s.tradeCount({ account: 'nobody' })).toEqual({ ok: true, count: 0 });
  });

  it('an account with no trades, and a page past the end, are empty', async () => {
    expect(await s.trades({ account: 'nobody', limit: 10 })).toEqual({ ok: true, rows: [] });
    expect(await s.trades({ account: 'me', limit: 10, before: { ts: 0, n: 0 } })).toEqual({ ok: true, rows: [] });
  });

  it('clamps the page size', async () => {
    const big = await s.trades({ account: 'me', limit: 1e9 });
    expect(big.ok && big.rows.length).toBe(1000);
    const none = await s.trades({ account: 'me', limit: 0 });
    expect(none.ok && none.rows.length).toBe(1);
  });

  it('exports the account as CSV, oldest first, every row once', async () => {
    const r = await s.tradesCsv('other');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lines = r.csv.split('\r\n');
    expect(lines[0]).toBe('time,symbol,side,price,quantity,fee,fee asset,order id,liquidity');
    expect(lines.at(-1)).toBe(''); // the last line ends with CRLF too
    const want = all.filter((t) => t.account === 'other');
    expect(r.rows).toBe(want.length);
    expect(lines.length).toBe(want.length + 2);
    const first = want[0];
    expect(lines[1]).toBe(`${new Date(first.ts).toISOString()},${first.symbol},${first.side},100,1,0.1,USD,${first.orderId},taker`);
    expect(lines.slice(1, -1).map((l) => l.split(',')[7])).toEqual(want.map((t) => t.orderId));
  });
});

describe('orders and equity', () => {
  let o: Store;
  beforeAll(async () => {
    o = await openStore();
    const orders = Array.from({ length: 30 }, (_, i) =>
      order({
        id: `o${String(i).padStart(2, '0')}`,
        account: i % 5 === 4 ? 'other' : 'me',
        symbol: SYMBOLS[i % 3],
        status: i % 2 === 0 ? 'open' : 'filled',
        updatedAt: 1000 + Math.floor(i / 4), // four orders per update time
      }),
    );
    expect(await o.commit({ inputs: [], orders, equity: [point({ ts: 3 }), point({ ts: 1 }), point({ ts: 2 }), point({ account: 'other', ts: 2 })] })).toMatchObject({ ok: true });
  });
  afterAll(() => o.close());

  async function pageOrders(q: { status?: 'open' | 'filled'; symbol?: string }, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let before: { updatedAt: number; id: string } | undefined;
    for (;;) {
      const r = await o.orders({ account: 'me', ...q, limit, before });
      if (!r.ok) throw new Error(r.message);
      ids.push(...r.rows.map((x) => x.id));
      if (r.rows.length < limit) return ids;
      before = r.rows[r.rows.length - 1];
    }
  }

  it('pages orders newest update first, by status, symbol or both', async () => {
    const rows = (await o.db.orders.toArray()).filter((x) => x.account === 'me');
    const byUpdate = (a: { updatedAt: number; id: string }, b: { updatedAt: number; id: string }) =>
      b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1);
    for (const q of [{}, { status: 'open' as const }, { symbol: 'ETH-USD' }, { status: 'filled' as const, symbol: 'BTC-USD' }]) {
      const want = rows
        .filter((x) => (!('status' in q) || x.status === q.status) && (!('symbol' in q) || x.symbol === q.symbol))
        .sort(byUpdate)
        .map((x) => x.id);
      expect(await pageOrders(q, 3), JSON.stringify(q)).toEqual(want);
    }
  });

  it('equity points of one account, oldest first, from a time on', async () => {
    const r = await o.equity('me');
    expect(r.ok && r.rows.map((p) => p.ts)).toEqual([1, 2, 3]);
    const since = await o.equity('me', 2);
    expect(since.ok && since.rows.map((p) => p.ts)).toEqual([2, 3]);
  });

  it('settings: unset is undefined; set and read back; a name and a value are required', async () => {
    expect(await o.getSetting('theme')).toEqual({ ok: true, value: undefined });
    expect(await o.setSetting('theme', { mode: 'dark' })).toEqual({ ok: true });
    expect(await o.getSetting('theme')).toEqual({ ok: true, value: { mode: 'dark' } });
    expect(await o.setSetting('', 1)).toMatchObject({ ok: false, code: 'INVALID_SETTING' });
    expect(await o.setSetting('x', undefined)).toMatchObject({ ok: false, code: 'INVALID_SETTING' });
  });
});
