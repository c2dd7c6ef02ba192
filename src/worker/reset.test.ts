import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DurableTerminal } from './durableTerminal';
import { Store } from '../storage/store';

/**
 * Issue 13: a reset is a clean slate. The old orders, trades and P&L totals
 * are gone from memory and from storage, the answer says what was cleared,
 * and a reload after it shows nothing of before.
 */
const wall = () => Date.UTC(2025, 2, 4, 15, 0);

async function started(name: string): Promise<DurableTerminal> {
  const h = await DurableTerminal.start(new Store(name), wall);
  await h.settled();
  return h;
}

/** As the `reset` handler runs it (table.ts's mutate): commit, reset, commit. */
async function reset(d: DurableTerminal, cash: number) {
  expect(await d.commit()).toMatchObject({ ok: true });
  const r = await d.reset(cash);
  expect(await d.commit()).toMatchObject({ ok: true });
  return r;
}

describe('reset, with storage', () => {
  it('clears orders, trades and P&L, says how many, and a reload keeps it clear', async () => {
    const name = `reset-${Math.random()}`;
    const a = await started(name);
    expect(a.terminal.setSpeed(60)).toMatchObject({ ok: true });
    a.terminal.advance(2_000);
    expect(a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 5 }).ok).toBe(true);
    expect(a.terminal.place({ symbol: 'FUN', side: 'sell', type: 'market', qty: 2 }).ok).toBe(true);
    expect(a.terminal.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1 }).ok).toBe(true);
    expect(await a.commit()).toMatchObject({ ok: true });
    await a.snapshot(); // the reset lands in the tail after this snapshot: a reload replays it
    const trades = (await a.trades({})).total!;
    expect(trades).toBeGreaterThanOrEqual(2);
    expect(a.terminal.portfolio().fees).toBeGreaterThan(0);

    const r = await reset(a, 50_000);
    expect(r).toEqual({ ok: true, cleared: { orders: 3, trades } });
    const clean = (d: DurableTerminal) => {
      expect(d.terminal.portfolio()).toMatchObject({ cash: 50_000, equity: 50_000, realized: 0, fees: 0, totalPnl: 0, holdings: [] });
      expect(d.terminal.activity.orders.size).toBe(0);
      expect(d.terminal.activity.fills).toEqual([]);
      expect(d.terminal.leaderboard().find((row) => row.kind === 'you')).toMatchObject({ equity: 50_000, returnPct: 0 });
    };
    clean(a);
    expect(await a.trades({})).toEqual({ rows: [], total: 0 });
    expect(await a.orders({})).toEqual({ rows: [], more: false });
    const hash = a.stateHash();

    const b = await started(name);
    expect(b.stateHash()).toBe(hash);
    clean(b);
    expect(await b.trades({})).toEqual({ rows: [], total: 0 });
    expect(await b.orders({})).toEqual({ rows: [], more: false });

    // What comes after the reset is kept as usual.
    expect(b.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 1 }).ok).toBe(true);
    expect(await b.commit()).toMatchObject({ ok: true });
    expect((await b.trades({})).total).toBeGreaterThanOrEqual(1);
    expect((await b.orders({})).rows.map((o) => o.symbol)).toEqual(['FUN']);
  });

  it('a refused reset clears nothing', async () => {
    const a = await started(`reset-${Math.random()}`);
    expect(a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 1 }).ok).toBe(true);
    const r = await reset(a, 1e15);
    expect(r.ok).toBe(false);
    expect((await a.trades({})).total).toBeGreaterThanOrEqual(1);
    expect(a.terminal.activity.orders.size).toBe(1);
  });
});
