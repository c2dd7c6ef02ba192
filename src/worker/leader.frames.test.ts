// What a tab runs once it leads (leader.ts): the stored settings it starts
// with, the handler table it answers through, the frames its clock sends to
// its own page and to the followers, and the save on flush.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Frame } from '../protocol';
import { Store } from '../storage/store';
import type { ClockTimers } from './clock';
import { DurableTerminal } from './durableTerminal';
import { FEED_KEY } from './handlers';
import { startLeader, VIEW_TTL_MS } from './leader';
import { LeaderLink, type Channel } from './tabs';

const START = Date.UTC(2025, 2, 4, 15, 0);

/** Timers the test fires by hand; Date is faked too, as the terminal reads the wall clock from it. */
function handTimers() {
  let interval: (() => void) | null = null;
  const soon: (() => void)[] = [];
  const timers: ClockTimers = {
    now: () => Date.now(),
    setInterval: (fn) => (interval = fn),
    setTimeout: (fn) => soon.push(fn),
  };
  return {
    timers,
    /** One clock tick, `ms` after the last. */
    tick(ms: number) {
      vi.setSystemTime(Date.now() + ms);
      interval!();
    },
    runSoon() {
      for (const fn of soon.splice(0)) fn();
    },
  };
}

/** The broadcast channel as the leader sees it: what it posts is kept. */
function recordingChannel() {
  const posted: { t: string; frame?: { base: object; details: Record<string, unknown> } }[] = [];
  const channel: Channel = { postMessage: (m) => posted.push(m as (typeof posted)[number]), addEventListener: () => {}, removeEventListener: () => {}, close: () => {} };
  return { channel, frames: () => posted.filter((m) => m.t === 'frame').map((m) => m.frame!) };
}

async function leaderOn(name: string) {
  const clock = handTimers();
  const sent: Frame[] = [];
  let hasPage = true;
  const local = await startLeader({
    me: 'me',
    store: new Store(name),
    timers: clock.timers,
    page: { hasPage: () => hasPage, send: (f) => sent.push(f) },
  });
  return { local, clock, sent, noPage: () => (hasPage = false) };
}

/** A store whose person chose synthetic prices (so no test opens a socket to a venue). */
async function syntheticStore(): Promise<string> {
  const name = `leader-${Math.random()}`;
  const d = await DurableTerminal.start(new Store(name), () => START);
  expect((await d.saveSetting(FEED_KEY, 'synthetic')).ok).toBe(true);
  expect(await d.commit()).toMatchObject({ ok: true });
  return name;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('startLeader', () => {
  it('starts the feeds in the stored mode and answers through the handler table', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START });
    const { local, clock, sent } = await leaderOn(await syntheticStore());
    expect(await local.invoke('health', 'me', [])).toMatchObject({ ok: true, role: 'leader', persistent: true });
    await expect(local.invoke('no such method', 'me', [])).rejects.toThrow('Unknown method');
    const { channel } = recordingChannel();
    local.begin(new LeaderLink(channel, () => null));
    clock.tick(100);
    const f = sent.at(-1)!;
    expect(f.role).toBe('leader');
    expect(f.feeds).toMatchObject({ mode: 'synthetic', crypto: { state: 'synthetic' }, stocks: null, alpaca: false });
  });

  it('each tick: its own page gets the frame with its view; the followers get the base and each one’s own detail, not the leader’s', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START });
    const { local, clock, sent, noPage } = await leaderOn(await syntheticStore());
    const { channel, frames } = recordingChannel();
    local.begin(new LeaderLink(channel, () => null));
    clock.tick(100);
    // No follower has a view yet: nothing is broadcast.
    expect(frames()).toEqual([]);
    expect(await local.invoke('setView', 'me', [{ symbol: 'FUN' }])).toEqual({ ok: true });
    expect(await local.invoke('setView', 'tab-2', [{ symbol: 'MEME' }])).toEqual({ ok: true });
    clock.tick(100);
    const broadcast = frames().at(-1)!;
    expect(Object.keys(broadcast.details)).toEqual(['tab-2']);
    expect(broadcast.details['tab-2']).toMatchObject({ book: { symbol: 'MEME' } });
    expect(sent.at(-1)).toMatchObject({ role: 'leader', book: { symbol: 'FUN' } });
    // A tab without a page of its own (a follower's worker that lost it) sends none.
    noPage();
    const before = sent.length;
    clock.tick(100);
    expect(sent.length).toBe(before);
    expect(frames().length).toBe(2);
  });

  it('a follower not heard from for VIEW_TTL_MS loses its view at the next commit; the leader’s own stays', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START });
    const { local, clock } = await leaderOn(await syntheticStore());
    const { channel, frames } = recordingChannel();
    local.begin(new LeaderLink(channel, () => null));
    await local.invoke('setView', 'me', [{ symbol: 'FUN' }]);
    await local.invoke('setView', 'tab-2', [{ symbol: 'MEME' }]);
    clock.tick(VIEW_TTL_MS - 1_000);
    expect(Object.keys(frames().at(-1)!.details)).toEqual(['tab-2']);
    clock.tick(2_000);
    const n = frames().length;
    clock.tick(100);
    // tab-2 expired: nothing more is broadcast.
    expect(frames().length).toBe(n);
    expect(await local.invoke('health', 'me', [])).toMatchObject({ ok: true });
  });

  it('pushNow sends a frame on the next task, not at the next tick; before begin it does nothing', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START });
    const { local, clock, sent } = await leaderOn(await syntheticStore());
    local.pushNow();
    clock.runSoon();
    expect(sent).toEqual([]);
    local.begin(new LeaderLink(recordingChannel().channel, () => null));
    local.pushNow();
    expect(sent).toEqual([]);
    clock.runSoon();
    expect(sent).toHaveLength(1);
  });

  it('flush saves: a leader started on the same store after it is where this one was', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: START });
    const name = await syntheticStore();
    const { local } = await leaderOn(name);
    expect(await local.invoke('deposit', 'me', [777])).toEqual({ ok: true });
    await local.flush();
    const hash = ((await local.invoke('health', 'me', [])) as { stateHash: string }).stateHash;
    const again = await leaderOn(name);
    expect(((await again.local.invoke('health', 'me', [])) as { stateHash: string }).stateHash).toBe(hash);
  });
});
