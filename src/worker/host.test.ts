import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Host } from './host';
import { Store } from '../storage/store';

let wallNow = Date.UTC(2025, 2, 4, 15, 0);
const wall = () => wallNow;
const fresh = () => `host-${Math.random()}`;

async function started(name: string): Promise<Host> {
  const h = await Host.start(new Store(name), wall);
  await h.settled(); // a new profile is saved in the background
  return h;
}

describe('Host: the engine with its storage', () => {
  it('a reload restores exactly the state (same hash), the orders and the fills, and the market resumes', async () => {
    const name = fresh();
    const a = await started(name);
    expect(a.persistent).toBe(true);
    a.engine.setSpeed(60);
    a.engine.advance(2_000);
    const buy = a.engine.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 7 });
    expect(buy.ok).toBe(true);
    const rest = a.engine.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1 });
    expect(rest.ok).toBe(true);
    await a.commit();
    a.engine.advance(1_000); // steps taken after the last commit...
    await a.snapshot(); // ...and a snapshot
    a.engine.advance(500);
    await a.commit(); // a tail after the snapshot
    const hash = a.stateHash();
    const orders = [...a.engine.activity.orders.values()];
    const fills = a.engine.activity.fills.length;

    const b = await started(name);
    expect(b.stateHash()).toBe(hash);
    expect([...b.engine.activity.orders.values()].map((o) => [o.id, o.status, o.filled])).toEqual(orders.map((o) => [o.id, o.status, o.filled]));
    expect(b.engine.activity.fills).toHaveLength(fills);
    expect(b.engine.activity.open().map((o) => o.symbol)).toEqual(['MEME']);
    expect(b.engine.speed).toBe(1); // speed is stored only through setSpeed
    // The market resumes: the clock moves and bots trade on.
    const t = b.engine.sim.now;
    b.engine.advance(1_000);
    expect(b.engine.sim.now).toBeGreaterThan(t);
  });

  it('nothing acknowledged is lost: a command committed but never snapshotted is replayed from the journal', async () => {
    const name = fresh();
    const a = await started(name);
    const r = a.engine.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 3 });
    expect(r.ok).toBe(true);
    await a.commit();
    const hash = a.stateHash();
    const b = await started(name);
    expect(b.stateHash()).toBe(hash);
    expect(b.engine.portfolio().holdings.find((h) => h.symbol === 'FUN')?.qty).toBe(3);
    // The replayed tail's effects are not stored twice.
    await b.commit();
    const c = await started(name);
    expect(c.engine.activity.fills).toHaveLength(a.engine.activity.fills.length);
  });

  it('a backup restores into another profile; a bad one changes nothing', async () => {
    const a = await started(fresh());
    a.engine.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 4 });
    const backup = await a.exportBackup();
    expect(backup.ok).toBe(true);
    if (!backup.ok) return;
    const name = fresh();
    const b = await started(name);
    const before = b.stateHash();
    const bad = await b.importBackup('{"format":"nope"}');
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_BACKUP' });
    expect((await started(name)).stateHash()).toBe(before);
    expect((await b.importBackup(backup.text)).ok).toBe(true);
    const c = await started(name);
    expect(c.stateHash()).toBe(a.stateHash());
  });

  it('speed is kept', async () => {
    const name = fresh();
    const a = await started(name);
    expect((await a.setSpeed(10)).ok).toBe(true);
    expect((await started(name)).engine.speed).toBe(10);
    wallNow += 1;
  });
});

describe('small messages (issue 10, defect 9)', () => {
  it('a deposit of 1e-9 says it is below the smallest unit, not "too large"; a real one still goes in', async () => {
    const h = await started(fresh());
    const r = h.engine.deposit(1e-9);
    expect(r).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' });
    if (!r.ok) expect(r.message).toMatch(/^Amount is below the smallest unit of USD \(0\.0+1\)\.$/);
    expect(h.engine.deposit(1e15)).toMatchObject({ ok: false, message: 'Amount too large.' });
    expect(h.engine.deposit(10).ok).toBe(true);
  });

  it('a risk message never shows Infinity or exponent digits', async () => {
    const h = await started(fresh());
    for (const t of [{ type: 'market' as const, qty: 1e300 }, { type: 'limit' as const, qty: 1e300, price: 1 }]) {
      const r = h.engine.place({ symbol: 'FUN', side: 'buy', ...t });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toMatch(/Infinity|In,fin|NaN|e\+|e,\+/);
    }
  });
});
