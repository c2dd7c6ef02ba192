/**
 * One engine per profile across tabs. The tab whose worker holds the Web Lock
 * runs the engine (the leader); every other tab's worker is a follower: it
 * forwards its page's calls to the leader and passes the leader's frames on.
 * When the leader's tab closes its lock is released, the next waiting worker
 * gets it and takes over from what the leader stored. Never two engines.
 *
 * The messages go over a BroadcastChannel; requests carry the sender's id so
 * each reply reaches only the tab that asked.
 */

export type Method = string;

type Msg =
  | { t: 'req'; id: number; from: string; method: Method; args: unknown[] }
  | { t: 'res'; id: number; to: string; ok: true; value: unknown }
  | { t: 'res'; id: number; to: string; ok: false; error: string }
  | { t: 'frame'; frame: unknown }
  | { t: 'hello'; from: string };

/** The part of BroadcastChannel used here (so tests can pass another transport). */
export interface Channel {
  postMessage(m: unknown): void;
  addEventListener(type: 'message', cb: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', cb: (e: MessageEvent) => void): void;
  close(): void;
}

/** The leader's side: answers followers' calls, sends frames to them. */
export class LeaderLink {
  private readonly listener = (e: MessageEvent) => void this.onMessage(e.data as Msg);

  constructor(
    private readonly channel: Channel,
    private readonly handle: (method: Method, args: unknown[], from: string) => unknown | Promise<unknown>,
  ) {
    channel.addEventListener('message', this.listener);
  }

  private async onMessage(m: Msg): Promise<void> {
    if (m?.t !== 'req') return;
    try {
      const value = await this.handle(m.method, m.args, m.from);
      this.channel.postMessage({ t: 'res', id: m.id, to: m.from, ok: true, value } satisfies Msg);
    } catch (err) {
      this.channel.postMessage({ t: 'res', id: m.id, to: m.from, ok: false, error: String((err as Error)?.message ?? err) } satisfies Msg);
    }
  }

  frame(frame: unknown): void {
    this.channel.postMessage({ t: 'frame', frame } satisfies Msg);
  }

  /** Tells the followers a (new) leader is answering: they resend what went unanswered and their views. */
  hello(from: string): void {
    this.channel.postMessage({ t: 'hello', from } satisfies Msg);
  }

  close(): void {
    this.channel.removeEventListener('message', this.listener);
  }
}

/** A follower's side: calls go to the leader; its frames come back. */
export class FollowerLink {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: Method; args: unknown[] }>();
  private readonly listener = (e: MessageEvent) => this.onMessage(e.data as Msg);
  onFrame: (frame: unknown) => void = () => {};
  /** A new leader took over. */
  onHello: () => void = () => {};

  constructor(
    private readonly channel: Channel,
    private readonly me: string,
  ) {
    channel.addEventListener('message', this.listener);
  }

  call(method: Method, args: unknown[]): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method, args });
      this.channel.postMessage({ t: 'req', id, from: this.me, method, args } satisfies Msg);
    });
  }

  private onMessage(m: Msg): void {
    if (m?.t === 'frame') {
      this.onFrame(m.frame);
      return;
    }
    if (m?.t === 'hello') {
      this.onHello();
      return;
    }
    if (m?.t !== 'res' || m.to !== this.me) return;
    const p = this.pending.get(m.id);
    if (p === undefined) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.error));
  }

  /**
   * Calls still unanswered when this worker becomes the leader. A call whose
   * request reached the old leader may have been carried out and stored even
   * though no answer came back; the caller is told it is unknown rather than
   * have it run twice.
   */
  orphans(): { method: Method; args: unknown[]; resolve: (v: unknown) => void; reject: (e: Error) => void }[] {
    const out = [...this.pending.values()];
    this.pending.clear();
    return out;
  }

  close(): void {
    this.channel.removeEventListener('message', this.listener);
  }
}
