/**
 * Who runs the engine. The tab whose worker holds the profile's Web Lock is
 * the leader: it runs the engine and answers the other tabs (followers) over
 * the BroadcastChannel (tabs.ts). A follower forwards its page's calls to the
 * leader and passes the leader's frames on. When the leader's tab closes its
 * lock is released; the next waiting worker takes over from what was stored.
 * Never two engines.
 *
 * The lock manager and the channel are injected (navigator.locks and a
 * BroadcastChannel in the worker, fakes in tests).
 */
import type { Health, View } from '../protocol';
import { FollowerLink, LeaderLink, type Channel } from './tabs';

/** The part of navigator.locks used here. */
export interface Locks {
  request(name: string, options: { ifAvailable?: boolean }, cb: (lock: unknown) => Promise<void>): Promise<unknown>;
}

/** What a leader runs: the table's methods, the clock, the commit. */
export interface Local {
  invoke(method: string, tab: string, args: readonly unknown[]): Promise<unknown>;
  /** Starts the clock; frames for the other tabs go out over `link`. */
  begin(link: LeaderLink): void;
  /** Sends a frame at once (a page just subscribed). */
  pushNow(): void;
  /** Saves now. */
  flush(): Promise<void>;
}

/** A frame as the leader broadcasts it: what every tab gets, and each follower's own detail by its id. */
export interface BroadcastFrame {
  base: object;
  details: Record<string, object>;
}

export interface LeadershipDeps {
  /** This worker's id. */
  me: string;
  lockName: string;
  locks: Locks;
  channel: Channel;
  /** Builds the engine here (called once, when this worker gets the lock). */
  startLocal: () => Promise<Local>;
  /** Whether a method changes stored state: such a call left unanswered by a dying leader is refused, not rerun. */
  mutates: (method: string) => boolean;
  /** A frame from the leader, for this (follower) tab. */
  onFrame: (frame: BroadcastFrame) => void;
}

export const ORPHANED = 'The tab running the market closed before answering; check your orders.';

export class Leadership {
  role: Health['role'] = 'starting';
  private local: Local | null = null;
  private follower: FollowerLink | null;
  /** What this tab looks at, to hand to a new leader. */
  private view: Partial<View> = {};
  private ready!: () => void;
  private readonly started = new Promise<void>((r) => (this.ready = r));
  /** Resolves when this worker has become the leader (set while it is taking over). */
  private takingOver: Promise<void> | null = null;

  constructor(private readonly deps: LeadershipDeps) {
    const f = new FollowerLink(deps.channel, deps.me);
    f.onHello = () => {
      if (this.follower !== f) return;
      this.settleOrphans(f.orphans(), (method, args) => f.call(method, args));
      void f.call('setView', [deps.me, this.view]).catch(() => {});
    };
    f.onFrame = (msg) => deps.onFrame(msg as BroadcastFrame);
    this.follower = f;
  }

  /** Asks for the lock: the first tab gets it at once; the others wait in line and take over when it is released. */
  start(): void {
    const { locks, lockName } = this.deps;
    const forever = () => new Promise<void>(() => {}); // hold the lock while this worker lives
    void locks.request(lockName, { ifAvailable: true }, async (lock) => {
      if (lock === null) {
        this.role = 'follower';
        this.ready();
        void locks.request(lockName, {}, async () => {
          await this.lead();
          await forever();
        });
        return;
      }
      await this.lead();
      await forever();
    });
  }

  get isLeader(): boolean {
    return this.local !== null;
  }

  /** Runs a call here (leader) or on the leader (follower). */
  async call(method: string, args: readonly unknown[]): Promise<unknown> {
    await this.started;
    if (this.local === null && this.follower === null) await this.takingOver;
    if (this.local !== null) return this.local.invoke(method, this.deps.me, args);
    return this.follower!.call(method, [this.deps.me, ...args]);
  }

  /** Remembers (a parsed part of) this tab's view, for a leader that takes over later. */
  rememberView(v: Partial<View>): void {
    this.view = { ...this.view, ...v };
  }

  /** Resolves once this worker knows whether it leads or follows. */
  whenStarted(): Promise<void> {
    return this.started;
  }

  /** A follower says again that its tab is there (and what it looks at); a leader forgets views not heard from. */
  heartbeat(): void {
    if (this.local === null && this.follower !== null) void this.follower.call('setView', [this.deps.me, this.view]).catch(() => {});
  }

  pushNow(): void {
    this.local?.pushNow();
  }

  async flush(): Promise<void> {
    await this.local?.flush();
  }

  private async lead(): Promise<void> {
    let done!: () => void;
    this.takingOver = new Promise((r) => (done = r));
    const orphans = this.follower?.orphans() ?? [];
    this.follower?.close();
    this.follower = null;
    const local = await this.deps.startLocal();
    this.local = local;
    this.role = 'leader';
    const me = this.deps.me;
    // A follower's request carries its id first; the rest are the method's arguments.
    const link = new LeaderLink(this.deps.channel, (method, args, from) => local.invoke(method, from, Array.isArray(args) ? args.slice(1) : []));
    // This tab's own view carries over; the other tabs resend theirs (and their unanswered calls) on hello.
    await local.invoke('setView', me, [this.view]);
    this.settleOrphans(orphans, (method, args) => local.invoke(method, me, args.slice(1)));
    link.hello(me);
    done();
    local.begin(link);
    this.ready();
  }

  /** Calls unanswered by a leader that went away: commands are refused (they may have run), reads asked again via `ask`. */
  private settleOrphans(orphans: ReturnType<FollowerLink['orphans']>, ask: (method: string, args: unknown[]) => Promise<unknown>): void {
    for (const o of orphans) {
      if (this.deps.mutates(o.method)) o.reject(new Error(ORPHANED));
      else ask(o.method, o.args).then(o.resolve, o.reject);
    }
  }
}
