import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DurableTerminal } from './durableTerminal';
import { Store } from '../storage/store';
import { dump } from '../storage/testkit';
import { Code } from '../core/codes';

let wallNow = Date.UTC(2025, 2, 4, 15, 0);
const wall = () => wallNow;
const fresh = () => `durable-${Math.random()}`;

async function started(name: string): Promise<DurableTerminal> {
  const h = await DurableTerminal.start(new Store(name), wall);
  await h.settled(); // a new profile is saved in the background
  return h;
}

describe('DurableTerminal: the engine with its storage', () => {
  it('a reload restores exactly the state (same hash), the orders and the fills, and the market resumes', async () => {
    const name = fresh();
    const a = await started(name);
    expect(a.persistent).toBe(true);
    expect(a.terminal.setSpeed(60)).toMatchObject({ ok: true });
    a.terminal.advance(2_000);
    const buy = a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 7 });
    expect(buy.ok).toBe(true);
    const rest = a.terminal.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1 });
    expect(rest.ok).toBe(true);
    expect(await a.commit()).toMatchObject({ ok: true });
    a.terminal.advance(1_000); // steps taken after the last commit...
    await a.snapshot(); // ...and a snapshot
    a.terminal.advance(500);
    expect(await a.commit()).toMatchObject({ ok: true }); // a tail after the snapshot
    const hash = a.stateHash();
    const orders = [...a.terminal.activity.orders.values()];
    const fills = a.terminal.activity.fills.length;

    const b = await started(name);
    expect(b.stateHash()).toBe(hash);
    expect([...b.terminal.activity.orders.values()].map((o) => [o.id, o.status, o.filled])).toEqual(orders.map((o) => [o.id, o.status, o.filled]));
    expect(b.terminal.activity.fills).toHaveLength(fills);
    expect(b.terminal.activity.open().map((o) => o.symbol)).toEqual(['MEME']);
    expect(b.terminal.speed).toBe(1); // speed is stored only through setSpeed
    // The market resumes: the clock moves and bots trade on.
    const t = b.terminal.sim.now;
    b.terminal.advance(1_000);
    expect(b.terminal.sim.now).toBeGreaterThan(t);
  });

  it('nothing acknowledged is lost: a command committed but never snapshotted is replayed from the journal', async () => {
    const name = fresh();
    const a = await started(name);
    const r = a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 3 });
    expect(r.ok).toBe(true);
    expect(await a.commit()).toMatchObject({ ok: true });
    const hash = a.stateHash();
    const b = await started(name);
    expect(b.stateHash()).toBe(hash);
    expect(b.terminal.portfolio().holdings.find((h) => h.symbol === 'FUN')?.qty).toBe(3);
    // The replayed tail's effects are not stored twice.
    expect(await b.commit()).toMatchObject({ ok: true });
    const c = await started(name);
    expect(c.terminal.activity.fills).toHaveLength(a.terminal.activity.fills.length);
  });

  it('a backup restores into another profile; a bad one changes nothing', async () => {
    const a = await started(fresh());
    expect(a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 4 })).toMatchObject({ ok: true });
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
    expect((await started(name)).terminal.speed).toBe(10);
    wallNow += 1;
  });
});

describe('a backup is restored completely before it replaces anything (issue 10, defect 1)', () => {
  /** A profile that traded a bit, with a snapshot and a journal tail after it; its backup and its state hash. */
  async function source(): Promise<{ text: string; hash: string }> {
    const a = await started(fresh());
    expect(a.terminal.setSpeed(10)).toMatchObject({ ok: true });
    a.terminal.advance(1_000);
    expect(a.terminal.place({ symbol: 'FUN', side: 'buy', type: 'market', qty: 4 }).ok).toBe(true);
    expect(a.terminal.place({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1 }).ok).toBe(true);
    await a.snapshot();
    a.terminal.advance(700);
    expect(await a.commit()).toMatchObject({ ok: true });
    const r = await a.storage!.exportBackup();
    if (!r.ok) throw new Error(r.message);
    return { text: r.text, hash: a.stateHash() };
  }

  /** `mutate` edits the document; the import must be refused with `why`, and the running profile go on untouched. */
  async function refused(mutate: (doc: any) => void, why: RegExp): Promise<void> {
    const { text } = await source();
    const doc = JSON.parse(text);
    mutate(doc);
    const name = fresh();
    const b = await started(name);
    b.terminal.advance(500);
    expect(await b.commit()).toMatchObject({ ok: true });
    const before = await dump(b.storage!);
    const hash = b.stateHash();
    b.terminal.advance(300); // not committed yet: the refused import must not lose it
    const pending = b.stateHash();
    const r = await b.importBackup(JSON.stringify(doc));
    expect(r).toMatchObject({ ok: false, code: Code.INVALID_BACKUP });
    if (!r.ok) expect(r.message).toMatch(why);
    expect(await dump(b.storage!)).toEqual(before);
    expect(b.replaced).toBe(false);
    expect(b.stateHash()).toBe(pending);
    // It keeps saving: what was pending lands, and a reload is where it was.
    expect(await b.commit()).toMatchObject({ ok: true });
    expect((await started(name)).stateHash()).toBe(pending);
    expect(pending).not.toBe(hash);
  }
  const latest = (d: any) => d.tables.snapshots.reduce((m: any, s: any) => (s.seq > m.seq ? s : m));
  const profile = (d: any) => d.tables.settings.find((r: any) => r.key === 'profile');

  it('a good one restores exactly: the answer and the reload have the source state hash', async () => {
    const { text, hash } = await source();
    const name = fresh();
    const b = await started(name);
    const r = await b.importBackup(text);
    expect(r).toMatchObject({ ok: true, hash });
    expect(b.replaced).toBe(true);
    expect((await started(name)).stateHash()).toBe(hash);
  });

  it('negative balances in the snapshot', () =>
    refused((d) => (latest(d).data.exchange.accounts[0][1][0] = -5), /snapshot field exchange\.accounts\[0\]\[1\]\[0\] should be a whole number/));
  it('books that do not add up', () =>
    refused((d) => (latest(d).data.exchange.accounts[0][1][0] += 1), /does not add up/));
  it('garbage snapshot data', () => refused((d) => (latest(d).data = { hello: 'world' }), /snapshot has no version/));
  it('a snapshot that is not the one its hash was taken of', () =>
    refused((d) => (latest(d).data.now += 1), /does not match the state hash stored with it/));
  it('no profile setting', () =>
    refused((d) => (d.tables.settings = d.tables.settings.filter((r: any) => r.key !== 'profile')), /no profile setting/));
  it('a profile without a seed', () => refused((d) => delete profile(d).value.seed, /profile setting needs a seed/));
  it('a profile of another version', () => refused((d) => (profile(d).value.v = 2), /profile setting has an unknown version/));
  it('a bad speed', () => refused((d) => d.tables.settings.push({ key: 'speed', value: 1e9 }), /speed setting must be one of/));
  it('no snapshot', () => refused((d) => {
    d.tables.snapshots = [];
    d.tables.inputs = [];
  }, /no snapshot of the market/));
});

describe('small messages (issue 10, defect 9)', () => {
  it('a deposit of 1e-9 says it is below the smallest unit, not "too large"; a real one still goes in', async () => {
    const h = await started(fresh());
    const r = h.terminal.deposit(1e-9);
    expect(r).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' });
    if (!r.ok) expect(r.message).toMatch(/^Amount is below the smallest unit of USD \(0\.0+1\)\.$/);
    expect(h.terminal.deposit(1e15)).toMatchObject({ ok: false, message: 'Amount too large.' });
    expect(h.terminal.deposit(10).ok).toBe(true);
  });

  it('a risk message never shows Infinity or exponent digits', async () => {
    const h = await started(fresh());
    for (const t of [{ type: 'market' as const, qty: 1e300 }, { type: 'limit' as const, qty: 1e300, price: 1 }]) {
      const r = h.terminal.place({ symbol: 'FUN', side: 'buy', ...t });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toMatch(/Infinity|In,fin|NaN|e\+|e,\+/);
    }
  });
});
