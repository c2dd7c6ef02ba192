// The handler table's methods that handlers.test.ts does not drive: the reads
// a page makes (and what each one answers once an order has traded), cancel,
// withdraw, reset, and the backup round trip through the table.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { Store } from '../storage/store';
import { METHODS, type HandlerContext } from './handlers';
import { DurableTerminal } from './durableTerminal';

const wall = () => Date.UTC(2025, 2, 4, 15, 0);

async function setUp() {
  const durable = await DurableTerminal.start(new Store(`handlers-reads-${Math.random()}`), wall);
  await durable.settled();
  const ctx: HandlerContext = {
    durable,
    terminal: durable.terminal,
    live: { setMode: () => {}, setKeys: () => {} },
    commit: () => durable.commit(),
    // The leader restarts its engine after an import (leader.ts, tested in leader.test.ts); here the old one stays.
    restart: async () => {},
  };
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a);
  // Some market for the bots to make before the person trades.
  expect(durable.terminal.setSpeed(60)).toMatchObject({ ok: true });
  durable.terminal.advance(3_000);
  return { durable, run };
}

type Placed = { ok: boolean; id: string };

describe('the handler table’s reads and the remaining commands', () => {
  it('instruments, tape and candles answer for a known symbol, and refuse a malformed one', async () => {
    const { run } = await setUp();
    const list = (await run('instruments')) as { symbol: string }[];
    expect(list.map((i) => i.symbol)).toContain('FUN');
    expect(Array.isArray(await run('tape', 'FUN'))).toBe(true);
    expect(await run('candles', 'FUN', '1m')).toMatchObject({ t: expect.anything() });
    expect(await run('candles', 'NOPE', '1m')).toBeNull();
    await expect(run('tape', 42)).rejects.toThrow('A symbol must be text.');
  });

  it('history: none for the sim’s own markets, the (empty) cache for a crypto pair when asked for the cache only', async () => {
    const { run } = await setUp();
    expect(await run('history', 'FUN', '1m')).toBeNull();
    expect(await run('history', 'BTCUSDT', '1m', true)).toMatchObject({ source: 'Binance', cached: true, partial: null });
    await expect(run('history', 'BTCUSDT', '1m', 'yes')).rejects.toThrow();
  });

  it('a market buy that fills shows in orders, order, orderFills, fills, position, positions, equity and the trades CSV', async () => {
    const { run, durable } = await setUp();
    const placed = (await run('place', { symbol: 'FUN', side: 'buy', type: 'market', qty: 1 })) as Placed;
    expect(placed.ok).toBe(true);
    durable.terminal.advance(500);
    const order = (await run('order', placed.id)) as { id: string; status: string; filled: number };
    expect(order).toMatchObject({ id: placed.id, status: 'filled', filled: 1 });
    expect((await run('orders')) as unknown[]).toContainEqual(order);
    const fills = (await run('orderFills', placed.id)) as { orderId: string; qty: number }[];
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.orderId === placed.id)).toBe(true);
    expect(fills.reduce((n, f) => n + f.qty, 0)).toBe(1);
    expect(await run('fills')).toEqual(expect.arrayContaining(fills));
    expect(await run('orderFills', 'no-such-order')).toEqual([]);
    expect(await run('order', 'no-such-order')).toBeNull();
    expect(await run('position', 'FUN')).toMatchObject({ symbol: 'FUN', qty: 1 });
    expect(await run('position', 'MEME')).toBeNull();
    expect((await run('positions')) as { symbol: string }[]).toContainEqual(expect.objectContaining({ symbol: 'FUN', qty: 1 }));
    const eq = (await run('equity')) as { t: Float64Array; equity: Float64Array };
    expect(eq.t.length).toBe(eq.equity.length);
    const board = (await run('leaderboard')) as { account: string; kind: string }[];
    expect(board.filter((r) => r.kind === 'you')).toHaveLength(1);
    const csv = (await run('tradesCsv')) as { ok: boolean; csv: string };
    expect(csv.ok).toBe(true);
    // The header and one row per fill of the person's, nothing else from storage.
    expect(Object.keys(csv)).toEqual(['ok', 'csv']);
    expect(csv.csv.trim().split('\n').length).toBe(1 + fills.length);
    expect(await run('ordersPage', { limit: 5 })).toMatchObject({ rows: [expect.objectContaining({ id: placed.id })] });
  });

  it('cancel: an open order is cancelled, an unknown one refused, a malformed id changes nothing', async () => {
    const { run, durable } = await setUp();
    const placed = (await run('place', { symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1 })) as Placed;
    expect(placed.ok).toBe(true);
    const hash = durable.stateHash();
    expect(await run('cancel', { id: placed.id })).toMatchObject({ ok: false });
    expect(durable.stateHash()).toBe(hash);
    expect(await run('cancel', 'no-such-order')).toMatchObject({ ok: false, code: Code.UNKNOWN_ORDER });
    expect(await run('cancel', placed.id)).toEqual({ ok: true });
    expect(await run('order', placed.id)).toMatchObject({ status: 'cancelled' });
  });

  it('withdraw takes cash out, more than there is is refused; reset starts over with the cash asked for', async () => {
    const { run, durable } = await setUp();
    const cash = durable.terminal.portfolio().cash;
    expect(await run('withdraw', 100)).toEqual({ ok: true });
    expect(durable.terminal.portfolio().cash).toBe(cash - 100);
    expect(await run('withdraw', cash * 10)).toMatchObject({ ok: false });
    expect(durable.terminal.portfolio().cash).toBe(cash - 100);
    expect(await run('reset', 25_000)).toEqual({ ok: true, cleared: { orders: 0, trades: 0 } }); // issue 13: it says what it cleared
    expect(durable.terminal.portfolio().cash).toBe(25_000);
  });

  it('exportBackup answers only the text; a bad backup changes nothing, the exported one is restored (the engine restarts on it)', async () => {
    const { run, durable } = await setUp();
    expect(await run('deposit', 1_234)).toEqual({ ok: true });
    const exported = (await run('exportBackup')) as { ok: boolean; text: string };
    expect(Object.keys(exported)).toEqual(['ok', 'text']);
    expect(exported.ok).toBe(true);
    const hash = durable.stateHash();
    expect(await run('deposit', 1)).toEqual({ ok: true });
    const later = durable.stateHash();
    expect(later).not.toBe(hash);
    expect(await run('importBackup', '{"not":"a backup"}')).toMatchObject({ ok: false, code: Code.INVALID_BACKUP });
    expect(await run('importBackup', 42)).toMatchObject({ ok: false });
    expect(durable.stateHash()).toBe(later);
    expect(durable.replaced).toBe(false);
    expect(await run('importBackup', exported.text)).toMatchObject({ ok: true, hash });
    expect(durable.replaced).toBe(true);
  });
});
