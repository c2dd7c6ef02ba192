import { afterEach, describe, expect, it, vi } from 'vitest';
import { ONLINE_POLL_MS, platformNetwork } from './runtime';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('platformNetwork', () => {
  it('without navigator.onLine (Node) counts as online and sets no timer', () => {
    vi.useFakeTimers();
    vi.stubGlobal('navigator', undefined);
    expect(platformNetwork.online()).toBe(true);
    const off = platformNetwork.subscribe(() => {});
    expect(vi.getTimerCount()).toBe(0);
    off();
  });

  it('hears a change of navigator.onLine without an event (a worker under network emulation), once per change, until unsubscribed', () => {
    vi.useFakeTimers();
    const nav = { onLine: true };
    vi.stubGlobal('navigator', nav);
    const heard: boolean[] = [];
    const off = platformNetwork.subscribe((online) => heard.push(online));
    nav.onLine = false;
    expect(platformNetwork.online()).toBe(false);
    vi.advanceTimersByTime(ONLINE_POLL_MS * 3);
    nav.onLine = true;
    vi.advanceTimersByTime(ONLINE_POLL_MS);
    expect(heard).toEqual([false, true]);
    off();
    expect(vi.getTimerCount()).toBe(0);
    nav.onLine = false;
    vi.advanceTimersByTime(ONLINE_POLL_MS * 2);
    expect(heard).toEqual([false, true]);
  });

  it('hears the online and offline events at once, and not twice with the poll', () => {
    vi.useFakeTimers();
    const nav = { onLine: false };
    const target = new EventTarget();
    vi.stubGlobal('navigator', nav);
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    const heard: boolean[] = [];
    const off = platformNetwork.subscribe((online) => heard.push(online));
    nav.onLine = true;
    target.dispatchEvent(new Event('online'));
    expect(heard).toEqual([true]);
    vi.advanceTimersByTime(ONLINE_POLL_MS * 2);
    expect(heard).toEqual([true]);
    off();
    target.dispatchEvent(new Event('offline'));
    expect(heard).toEqual([true]);
  });
});
