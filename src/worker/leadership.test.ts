import { describe, expect, it } from 'vitest';
import { args, parseSymbol } from '../protocol';
import { Leadership, ORPHANED, type BroadcastFrame, type Local } from './leadership';
import { Methods, mutate, read, type Committer } from './table';
import type { LeaderLink } from './tabs';
import { FakeLocks, Hub } from './tabs.testkit';

type Call = [method: string, tab: string, args: unknown[]];

/** A leader's runtime that logs its calls; `hang` leaves every call but setView unanswered (a leader about to die). */
function fakeLocal(name: string, opts: { hang?: boolean } = {}) {
  const calls: Call[] = [];
  let link: LeaderLink | null = null;
  const local: Local = {
    invoke: async (method, tab, a) => {
      calls.push([method, tab, [...a]]);
      if (opts.hang && method !== 'setView') return new Promise(() => {});
      return `${name}:${method}`;
    },
    begin: (l) => (link = l),
    pushNow: () => {},
    flush: async () => {},
  };
  return { local, calls, link: () => link };
}

const mutating = new Set(['place', 'cancel']);

/** Tab A takes the lock and leads; tab B follows it. */
async function leaderAndFollower() {
  const hub = new Hub();
  const locks = new FakeLocks();
  const a = fakeLocal('A');
  const A = tab('A', hub, locks, a.local);
  await A.lead.whenStarted();
  const B = tab('B', hub, locks, fakeLocal('B').local);
  await B.lead.whenStarted();
  return { hub, locks, a, A, B };
}

function tab(me: string, hub: Hub, locks: FakeLocks, local: Local) {
  const frames: BroadcastFrame[] = [];
  const channel = hub.channel();
  const lead = new Leadership({
    me, lockName: 'bourse:engine', locks, channel, startLocal: async () => local, mutates: (m) => mutating.has(m), onFrame: (f) => frames.push(f),
  });
  lead.start();
  return { lead, frames, channel };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('leadership: one engine across tabs', () => {
  it('the first tab leads; the next follows and its calls run on the leader, as its own tab', async () => {
    const { a, A, B } = await leaderAndFollower();
    expect([A.lead.role, B.lead.role]).toEqual(['leader', 'follower']);
    expect([A.lead.isLeader, B.lead.isLeader]).toEqual([true, false]);
    expect(await A.lead.call('book', ['FUN'])).toBe('A:book');
    expect(await B.lead.call('place', [{ symbol: 'FUN' }])).toBe('A:place');
    expect(a.calls).toEqual([
      ['setView', 'A', [{}]],
      ['book', 'A', ['FUN']],
      ['place', 'B', [{ symbol: 'FUN' }]],
    ]);
  });

  it('a follower’s heartbeat repeats its remembered view to the leader; a leader has none to send', async () => {
    const { a, A, B } = await leaderAndFollower();
    B.lead.rememberView({ symbol: 'FUN' });
    B.lead.rememberView({ depth: 5 });
    B.lead.heartbeat();
    A.lead.heartbeat();
    await settle();
    expect(a.calls.filter(([m]) => m === 'setView')).toEqual([
      ['setView', 'A', [{}]],
      ['setView', 'B', [{ symbol: 'FUN', depth: 5 }]],
    ]);
  });

  it('frames the leader broadcasts reach the followers', async () => {
    const { a, A, B } = await leaderAndFollower();
    a.link()!.frame({ base: { n: 1 }, details: { B: { book: null } } });
    await settle();
    expect(B.frames).toEqual([{ base: { n: 1 }, details: { B: { book: null } } }]);
    expect(A.frames).toEqual([]);
  });

  it('when the leader dies, the next tab takes over: unanswered commands are refused, reads asked again, views handed over', async () => {
    const hub = new Hub();
    const locks = new FakeLocks();
    const A = tab('A', hub, locks, fakeLocal('A', { hang: true }).local);
    await A.lead.whenStarted();
    const b = fakeLocal('B');
    const B = tab('B', hub, locks, b.local);
    const c = fakeLocal('C');
    const C = tab('C', hub, locks, c.local);
    await Promise.all([B.lead.whenStarted(), C.lead.whenStarted()]);
    B.lead.rememberView({ symbol: 'FUN' });
    C.lead.rememberView({ symbol: 'MEME', depth: 5 });
    const bPlace = B.lead.call('place', [{ symbol: 'FUN' }]);
    const bBook = B.lead.call('book', ['FUN']);
    const cCancel = C.lead.call('cancel', ['you.1']);
    const cTape = C.lead.call('tape', ['MEME']);
    await settle(); // the requests reach A, which never answers

    A.channel.close();
    locks.release(); // A's tab closed: B is next in line
    await expect(bPlace).rejects.toThrow(ORPHANED);
    await expect(cCancel).rejects.toThrow(ORPHANED);
    expect(await bBook).toBe('B:book');
    expect(await cTape).toBe('B:tape');
    await settle();
    expect(B.lead.role).toBe('leader');
    expect(C.lead.role).toBe('follower');
    // B's own view first, then the read it asked; C's read and view come with C's id after the hello.
    expect(b.calls[0]).toEqual(['setView', 'B', [{ symbol: 'FUN' }]]);
    expect(b.calls).toContainEqual(['book', 'B', ['FUN']]);
    expect(b.calls).toContainEqual(['tape', 'C', ['MEME']]);
    expect(b.calls).toContainEqual(['setView', 'C', [{ symbol: 'MEME', depth: 5 }]]);
    expect(b.calls.some(([m]) => mutating.has(m))).toBe(false);
    expect(c.calls).toEqual([]);
  });

  it('a follower’s call by a name that is no method (Object.prototype’s included) is refused, never run', async () => {
    const hub = new Hub();
    const locks = new FakeLocks();
    const ran: string[] = [];
    const methods = new Methods<Committer>({
      setView: read(() => ({ ok: true, value: [] }), () => ({ ok: true })),
      book: read(args(parseSymbol), (_c, [s]) => (ran.push(s), s)),
      place: mutate(args(parseSymbol), (_c, [s]) => (ran.push(s), { ok: true })),
    });
    const ctx: Committer = { commit: async () => ({ ok: true, saved: true }) };
    const local: Local = { invoke: (m, t, a) => methods.invoke(ctx, m, t, a), begin: () => {}, pushNow: () => {}, flush: async () => {} };
    const A = tab('A', hub, locks, local);
    await A.lead.whenStarted();
    const B = tab('B', hub, locks, fakeLocal('B').local);
    await B.lead.whenStarted();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      await expect(B.lead.call(name, ['FUN'])).rejects.toThrow(/^Unknown method/);
    }
    await expect(B.lead.call('book', [1])).rejects.toThrow('A symbol must be text.');
    expect(await B.lead.call('place', [1])).toMatchObject({ ok: false });
    expect(await B.lead.call('book', ['FUN'])).toBe('FUN');
    expect(ran).toEqual(['FUN']);
  });
});
