import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DurableTerminal } from './durableTerminal';
import { Store } from '../storage/store';

const wall = () => Date.UTC(2025, 2, 4, 15, 0);

async function started(name: string): Promise<DurableTerminal> {
  const h = await DurableTerminal.start(new Store(name), wall);
  await h.settled();
  return h;
}

describe('an imported backup says what it restored', () => {
  it('counts the instruments, the orders and trades, the strategies, and the cash as restored', async () => {
    const a = await started(`restored-${Math.random()}`);
    expect(a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 4 })).toMatchObject({ ok: true });
    expect(a.terminal.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1 })).toMatchObject({ ok: true });
    const backup = await a.exportBackup();
    if (!backup.ok) throw new Error(backup.message);
    const fills = a.terminal.activity.fills.length;
    const p = a.terminal.portfolio();

    const b = await started(`restored-${Math.random()}`);
    const r = await b.importBackup(backup.text);
    if (!r.ok) throw new Error(r.message);
    expect(r.restored).toEqual({
      instruments: a.terminal.sim.markets.size, orders: 2, trades: fills, strategies: 0, running: 0, backtests: 0, series: 0,
      cash: p.cash, equity: p.equity, cashAsset: 'USD',
    });
    expect(fills).toBeGreaterThan(0);
  });

  it('a bad file says why and restores nothing', async () => {
    const b = await started(`restored-${Math.random()}`);
    const r = await b.importBackup('{"format":"nope"}');
    expect(r).toMatchObject({ ok: false, code: 'INVALID_BACKUP' });
    expect(r.ok ? null : r.message).toMatch(/\S/);
  });
});
