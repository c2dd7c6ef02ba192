import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { Frame, OrderView } from '../protocol';
import { Store } from '../storage/store';
import { DurableTerminal } from './durableTerminal';
import { METHODS } from './handlers';
import { startLeader, type Feeds, type Leader } from './leader';
import { Leadership, ORPHANED, type BroadcastFrame } from './leadership';
import type { Terminal } from './terminal';
import { FakeLocks, Hub } from './tabs.testkit';

const wall = () => Date.UTC(2025, 2, 4, 15, 0);
const settle = () => new Promise((r) => setTimeout(r, 5));

/** Feeds that never connect (tests have no network): the sim's own prices. */
function quietFeeds(t: Terminal): Feeds {
  return {
    onArrive: () => {}, start() {}, stop() {}, apply() {}, watch() {}, setMode() {}, setKeys() {},
    view: () => t.feeds ?? { mode: 'synthetic', crypto: null, stocks: null, alpaca: false },
  };
}

/** Two tabs of one profile (one IndexedDB), each with its own worker: A leads with a real DurableTerminal, B follows. */
async function twoTabs() {
  const name = `leader-${Math.random()}`;
  const hub = new Hub();
  const locks = new FakeLocks();
  const leaders: Leader[] = [];
  const tab = (me: string) => {
    const frames: BroadcastFrame[] = [];
    const channel = hub.channel();
    const lead = new Leadership({
      me, lockName: 'bourse:engine', locks, channel, mutates: (m) => METHODS.mutates(m), onFrame: (f) => frames.push(f),
      startLocal: async () => {
        const l = await startLeader({
          me, store: new Store(name), page: { hasPage: () => false, send: () => {} },
          // The clock steps only when asked (pushNow), with no sim time passing.
          timers: { now: () => 0, setInterval: () => 0, setTimeout: (fn) => setTimeout(fn, 0) },
          startDurable: async (store) => {
            const d = await DurableTerminal.start(store, wall);
            await d.settled();
            return d;
          },
          makeFeeds: quietFeeds,
        });
        leaders.push(l);
        return l;
      },
    });
    lead.start();
    return { lead, frames, channel };
  };
  const A = tab('A');
  await A.lead.whenStarted();
  const B = tab('B');
  await B.lead.whenStarted();
  await B.lead.call('setView', [{ symbol: 'FUN' }]);
  const leader = leaders[0];
  /** What a reload would start from: a new engine on the same storage. */
  const reload = async () => {
    await leader.durable().settled();
    return DurableTerminal.start(new Store(name), wall);
  };
  return { A, B, leader, leaders, locks, reload, name };
}

type Placed = { ok: true; id: string };

/** The next frame the follower gets after the leader is asked to send one (the channel delivers later, how much later depends on the machine's load). */
async function nextFrame(leader: { lead: Leadership }, follower: { frames: BroadcastFrame[] }): Promise<BroadcastFrame> {
  follower.frames.length = 0;
  leader.lead.pushNow();
  await vi.waitFor(() => expect(follower.frames.length).toBeGreaterThan(0), { timeout: 5_000 });
  return follower.frames.at(-1)!;
}
const limit = (price: number) => ({ symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price });

describe('import and reset from a follower go through the leader, which runs the engine again for every tab', () => {
  it('a follower’s import is run by the leader; the leader restarts from it, saves what follows, and ids go on from the imported journal', async () => {
    const { A, B, leader, reload } = await twoTabs();
    expect([A.lead.role, B.lead.role]).toEqual(['leader', 'follower']);
    const first = (await B.lead.call('place', [limit(1)])) as Placed;
    expect(first.ok).toBe(true);
    const backup = (await B.lead.call('exportBackup', [])) as { ok: true; text: string };
    expect(backup.ok).toBe(true);
    const lost = (await B.lead.call('place', [limit(2)])) as Placed; // not in the backup: the import drops it
    const before = leader.durable();

    const r = (await B.lead.call('importBackup', [backup.text])) as { ok: true; hash: string };
    expect(r).toMatchObject({ ok: true });
    // The leader runs a new engine from what was imported, and it saves.
    const now = leader.durable();
    expect(now).not.toBe(before);
    expect(now.stateHash()).toBe(r.hash);
    expect(now.persistent).toBe(true);
    expect(leader.epoch()).toBe(1);
    expect((await B.lead.call('health', [])) as { stateHash: string; persistent: boolean }).toMatchObject({ stateHash: r.hash, persistent: true });
    const orders = (await B.lead.call('orders', [])) as OrderView[];
    expect(orders.map((o) => o.id)).toContain(first.id);
    expect(orders.map((o) => o.id)).not.toContain(lost.id);

    // An order after the import: acknowledged only once stored, with an id the imported journal has not used.
    const after = (await B.lead.call('place', [limit(3)])) as Placed;
    expect(after.ok).toBe(true);
    expect(after.id).not.toBe(first.id);
    const reloaded = await reload();
    expect(reloaded.stateHash()).toBe(leader.durable().stateHash());
    const stored = [...reloaded.terminal.activity.orders.values()];
    expect(stored.map((o) => [o.id, o.price])).toEqual(expect.arrayContaining([[first.id, 1], [after.id, 3]]));
    expect(new Set(stored.map((o) => o.id)).size).toBe(stored.length);
  });

  it('every follower gets frames from the new engine (its view carried over) with the new epoch', async () => {
    const { A, B, leader } = await twoTabs();
    const backup = (await A.lead.call('exportBackup', [])) as { ok: true; text: string };
    await B.lead.call('place', [limit(1)]);
    const old = await nextFrame(A, B);
    expect((old.base as Frame).openOrders).toHaveLength(1);
    expect((old.base as Frame).epoch).toBe(0);
    expect(await B.lead.call('importBackup', [backup.text])).toMatchObject({ ok: true });
    expect(leader.durable().terminal.tabs()).toEqual(expect.arrayContaining(['A', 'B']));
    const f = await nextFrame(A, B);
    expect((f.base as Frame).epoch).toBe(1);
    expect((f.base as Frame).openOrders).toEqual([]); // the imported state had no order
    expect((f.details.B as Frame).book).not.toBeNull(); // B still looks at FUN
  });

  it('the epoch is stored with the state: a tab taking over that never heard a frame goes on from it, never back', async () => {
    const { B, leader, name } = await twoTabs();
    const backup = (await B.lead.call('exportBackup', [])) as { ok: true; text: string };
    expect(await B.lead.call('importBackup', [backup.text])).toMatchObject({ ok: true });
    expect(leader.epoch()).toBe(1);
    await leader.durable().settled();
    // A fresh worker (epoch 0 heard) leading the same profile: the pages saw 1, so it says 1 (no reload for a takeover).
    const fresh = await startLeader({
      me: 'C', store: new Store(name), page: { hasPage: () => false, send: () => {} },
      timers: { now: () => 0, setInterval: () => 0, setTimeout: (fn) => setTimeout(fn, 0) },
      startDurable: (store) => DurableTerminal.start(store, wall), makeFeeds: quietFeeds,
    });
    expect(fresh.epoch()).toBe(1);
    // A backup exported after that carries epoch 1; importing it again goes above both (2), never back to it.
    const again = (await B.lead.call('exportBackup', [])) as { ok: true; text: string };
    expect(await B.lead.call('importBackup', [again.text])).toMatchObject({ ok: true });
    expect(leader.epoch()).toBe(2);
  });

  it('calls that arrive during an import wait for the new engine: none is acknowledged by the replaced one', async () => {
    const { B, leader, reload } = await twoTabs();
    const backup = (await B.lead.call('exportBackup', [])) as { ok: true; text: string };
    const importing = B.lead.call('importBackup', [backup.text]);
    const placing = B.lead.call('place', [limit(4)]) as Promise<Placed>;
    expect(await importing).toMatchObject({ ok: true });
    const placed = await placing;
    expect(placed.ok).toBe(true);
    expect(leader.durable().terminal.activity.orders.get(placed.id)?.price).toBe(4);
    const reloaded = await reload();
    expect(reloaded.terminal.activity.orders.get(placed.id)?.price).toBe(4);
  });

  it('a refused backup changes nothing: the same engine runs on and saves', async () => {
    const { B, leader, reload } = await twoTabs();
    const before = leader.durable();
    expect(await B.lead.call('importBackup', ['{"format":"nope"}'])).toMatchObject({ ok: false });
    expect(leader.durable()).toBe(before);
    expect(leader.epoch()).toBe(0);
    const placed = (await B.lead.call('place', [limit(5)])) as Placed;
    expect((await reload()).terminal.activity.orders.get(placed.id)?.price).toBe(5);
  });

  it('a follower’s reset runs on the leader and is stored', async () => {
    const { B, leader, reload } = await twoTabs();
    await B.lead.call('place', [limit(1)]);
    expect(await B.lead.call('reset', [50_000])).toMatchObject({ ok: true });
    expect(leader.durable().terminal.portfolio().cash).toBe(50_000);
    expect(leader.durable().terminal.activity.open()).toEqual([]);
    const reloaded = await reload();
    expect(reloaded.terminal.portfolio().cash).toBe(50_000);
    expect(reloaded.stateHash()).toBe(leader.durable().stateHash());
  });
});

// What the order ticket relies on (src/ui/orphanedOrder.ts): once the refusal comes, the engine that took over answers from the journal.
describe('a leader that dies with a follower’s order in flight: the journal says whether it was placed', () => {
  /** Drops what a tab's channel would send of one kind from now on (a leader's answers, a follower's requests). */
  function drop(channel: { postMessage(m: unknown): void }, t: 'res' | 'req'): void {
    const post = channel.postMessage.bind(channel);
    channel.postMessage = (m: unknown) => {
      if ((m as { t?: string })?.t !== t) post(m);
    };
  }

  it('placed and stored, answer lost: the call is refused, and the engine that takes over has the order', async () => {
    const { A, B, leader, leaders, locks } = await twoTabs();
    const known = new Set(((await B.lead.call('orders', [])) as OrderView[]).map((o) => o.id));
    const ticket = { symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1 } as const;
    const sentAt = leader.durable().terminal.sim.now;
    drop(A.channel, 'res');
    const placing = B.lead.call('place', [ticket]);
    await settle();
    await leader.durable().settled(); // the leader ran it and stored it; its answer went nowhere
    A.channel.close();
    locks.release(); // A's tab closed: B takes over from storage
    await expect(placing).rejects.toThrow(ORPHANED);
    expect(B.lead.role).toBe('leader');
    expect(leaders[1]).toBeDefined();
    const found = ((await B.lead.call('orders', [])) as OrderView[]).filter((o) => !known.has(o.id) && o.createdAt >= sentAt);
    expect(found).toEqual([expect.objectContaining({ symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1, status: 'open' })]);
  });

  it('never reached the leader: refused, and the engine that takes over has no such order', async () => {
    const { A, B, leader, locks } = await twoTabs();
    const known = new Set(((await B.lead.call('orders', [])) as OrderView[]).map((o) => o.id));
    const ticket = { symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1 } as const;
    const sentAt = leader.durable().terminal.sim.now;
    drop(B.channel, 'req');
    const placing = B.lead.call('place', [ticket]);
    await settle();
    A.channel.close();
    locks.release();
    await expect(placing).rejects.toThrow(ORPHANED);
    expect(((await B.lead.call('orders', [])) as OrderView[]).filter((o) => !known.has(o.id) && o.createdAt >= sentAt)).toEqual([]);
  });
});
