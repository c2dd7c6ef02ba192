/** Tabs in one Node process: a fake Web Lock and a fake BroadcastChannel (for leadership and leader tests). */
import type { Locks } from './leadership';
import type { Channel } from './tabs';

/** One Web Lock: granted at once if free, else refused (ifAvailable) or queued until the holder's tab goes. */
export class FakeLocks implements Locks {
  private held = false;
  private readonly queue: (() => void)[] = [];
  request(_name: string, options: { ifAvailable?: boolean }, cb: (lock: unknown) => Promise<void>): Promise<unknown> {
    if (!this.held) {
      this.held = true;
      return cb({});
    }
    if (options.ifAvailable) return cb(null);
    return new Promise((resolve) => this.queue.push(() => resolve(cb({}))));
  }
  /** The holder's tab closed: the next in line gets the lock. */
  release(): void {
    this.held = false;
    const next = this.queue.shift();
    if (next !== undefined) {
      this.held = true;
      next();
    }
  }
}

/** A BroadcastChannel between tabs: every other open channel gets a clone, a task later. */
export class Hub {
  private readonly open = new Set<FakeChannel>();
  channel(): FakeChannel {
    const c = new FakeChannel(this.open);
    this.open.add(c);
    return c;
  }
}
export class FakeChannel implements Channel {
  private readonly listeners = new Set<(e: MessageEvent) => void>();
  constructor(private readonly open: Set<FakeChannel>) {}
  postMessage(m: unknown): void {
    for (const c of this.open) if (c !== this) setTimeout(() => c.deliver(structuredClone(m)), 0);
  }
  deliver(data: unknown): void {
    for (const l of this.listeners) l({ data } as MessageEvent);
  }
  addEventListener(_t: 'message', cb: (e: MessageEvent) => void): void {
    this.listeners.add(cb);
  }
  removeEventListener(_t: 'message', cb: (e: MessageEvent) => void): void {
    this.listeners.delete(cb);
  }
  close(): void {
    this.open.delete(this);
    this.listeners.clear();
  }
}
