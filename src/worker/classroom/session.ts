/**
 * A student's seat in a classroom, on the worker: the socket to the relay,
 * the seat's journal (./journal.ts), and the streaming between them. The
 * relay's price ticks become journaled inputs as they arrive; every entry is
 * sent in order, in batches, and sent again from where the relay says it
 * stands after a reconnect, so a student who lost the network keeps trading
 * on the last prices they had and catches up when it comes back.
 */
import { Code, fail, type Result } from '../../core/codes';
import {
  MAX_ENTRIES_PER_MESSAGE, readServerFrame, type BoardRow, type RelaySocket, type ClientMessage, type ReplayPage, type RoundView, type ServerMessage,
} from '../../protocol/relay';
import type { RoomSim, Scenario } from '../../protocol/relayScenario';
import type { OrderTicket } from '../../protocol';
import type { SeatStatus, SeatView } from '../../protocol/classroom';
import type { PriceTick } from '../../protocol/relay';
import type { SeatJournalStore } from '../../storage/classroomSeats';
import { SeatJournal } from './journal';

/** What the worker needs of a WebSocket (the protocol's `RelaySocket`). */
export type SocketLike = RelaySocket;
export type OpenSocket = (url: string) => SocketLike;

const OPEN = 1;
/** Entries wait this long to travel together: a fast round publishes up to 60 ticks a second, the relay takes 40 messages. */
const FLUSH_MS = 150;
const RECONNECT_MS = [500, 1_000, 2_000, 4_000];
/**
 * While the round runs, a tick arrives every second of wall time at most; a
 * socket silent this long is dead (a network that vanished without closing
 * it: the browser may not notice for minutes), so it is dropped and opened
 * again.
 */
const SILENT_MS = 6_000;
const WATCH_MS = 500;
/**
 * The relay closes a socket on a message over 16 KiB (its `maxPayload`, 1009):
 * a batch is cut at this many bytes of entries, below the limit with room for
 * the envelope. 200 entries of a two-instrument room are ~19 KB, so a count
 * alone is not enough (a student back from a long time offline would be
 * closed on every reconnect and never catch up).
 */
const MAX_BATCH_BYTES = 12 * 1024;
/**
 * Batches sent and not yet acknowledged, at most: a long offline backlog goes
 * out at the pace the relay verifies it, not all at once into its per-socket
 * rate limit (40 a second, 80 at once), which would drop the excess.
 */
const MAX_IN_FLIGHT = 4;
/** A request the relay has not answered in this long is given up (a replay page is one read of its store). */
const ASK_MS = 15_000;

/**
 * What the device says of its network. `online() === false` is certain
 * (no interface); true only means "maybe". In a dedicated worker Chromium
 * keeps `navigator.onLine` current but fires no online/offline events, so
 * the seat polls it.
 */
export interface NetworkSignal {
  online(): boolean;
}

/** The worker's (or page's) `navigator.onLine`; always online where there is none (Node, the tests). */
export const deviceNetwork: NetworkSignal = {
  online: () => (typeof navigator === 'undefined' || typeof (navigator as { onLine?: unknown }).onLine !== 'boolean' ? true : navigator.onLine),
};

/** How a seat is entered: a new one by name, or the browser's own by its token. */
export type SeatEntry = { url: string; code: string } & ({ name: string } | { token: string });

export class ClassroomSeat {
  private ws: SocketLike | null = null;
  private journal: SeatJournal | null = null;
  private status: SeatStatus = 'connecting';
  private problem: string | null = null;
  private playerId: string | null = null;
  private name: string | null = null;
  private token: string | null;
  private round: RoundView | null = null;
  private board: BoardRow[] = [];
  /** Entries up to this seq were sent on the current socket; the relay verified up to `verified`. */
  private sent = 0;
  private verified = 0;
  /** The last seq of each batch sent on the current socket and not yet acknowledged. */
  private inFlight: number[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private stopped = false;
  /** Entries up to this count are kept in the browser; only those are sent, so the relay never verified what a reload loses. */
  private stored = 0;
  private saving: Promise<void> = Promise.resolve();
  /** Ticks that arrive while the kept journal is read back, taken once it is. */
  private held: PriceTick[] | null = null;
  /** When the relay was last heard on the current socket (the watchdog's clock). */
  private heardAt = 0;
  private wasOnline = true;
  /** The network watch: the device going offline drops the socket; back online, it connects at once. */
  private readonly watch: ReturnType<typeof setInterval>;
  /** Requests sent with a `ref` (a replay's pages), answered by the relay's message with the same `ref`. */
  private nextRef = 1;
  private readonly asked = new Map<number, (m: ServerMessage | null) => void>();

  constructor(
    private readonly entry: SeatEntry,
    private readonly open: OpenSocket,
    private readonly store: SeatJournalStore | null = null,
    private readonly network: NetworkSignal = deviceNetwork,
  ) {
    this.token = 'token' in entry ? entry.token : null;
    this.watch = setInterval(() => this.watchNetwork(), WATCH_MS);
    this.connect();
  }

  /**
   * Offline (the device says so), a socket cannot be trusted: it is dropped,
   * so the page says offline at once and the relay's board does too, and no
   * reconnect is tried until the device is back online, when one is tried at
   * once. A socket silent while the round runs is dropped the same way.
   */
  private watchNetwork(): void {
    if (this.stopped) return clearInterval(this.watch);
    const online = this.network.online();
    const cameBack = online && !this.wasOnline;
    this.wasOnline = online;
    if (!online) return this.drop();
    if (cameBack && this.ws === null && this.retry !== null) {
      // Back online while a reconnect waited: now, not after the backoff (which is for a relay that does not answer).
      clearTimeout(this.retry);
      this.attempts = 0;
      this.connect();
      return;
    }
    if (this.ws?.readyState === OPEN && this.round?.state === 'running' && Date.now() - this.heardAt > SILENT_MS) this.drop();
  }

  view(): SeatView {
    const j = this.journal;
    return {
      status: this.status, problem: this.problem, code: this.entry.code, playerId: this.playerId, name: this.name, token: this.token,
      scenario: j?.scenario ?? null, sim: j?.roomSim ?? null, round: this.round, board: this.board,
      now: j?.sim.now ?? null, equity: j?.equity() ?? null, cash: j?.cash() ?? null, holdings: j?.holdings() ?? [], orders: j?.orders() ?? [],
      prices: j ? [...j.last] : [], journaled: j?.entries.length ?? 0, verified: this.verified,
    };
  }

  /** A person's order in the seat's own sim: checked against the room's rules first, since the relay flags a forbidden one. */
  place(t: OrderTicket): Result<{ id?: string }> {
    const j = this.journal;
    if (j === null) return fail(Code.INVALID_COMMAND, 'Not in a room yet.');
    if (!j.scenario.orderTypes.includes(t.type)) return fail(Code.INVALID_COMMAND, `This room does not allow ${t.type.replace('_', ' ')} orders.`);
    if (!j.scenario.instruments.includes(t.symbol)) return fail(Code.UNKNOWN_SYMBOL, `${t.symbol} is not traded in this room.`);
    const state = this.round?.state;
    if (state !== 'running' && state !== 'paused') return fail(Code.INVALID_COMMAND, state === 'ended' ? 'The round has ended.' : 'The round has not started yet.');
    if (j.nextTick === 0) return fail(Code.INVALID_COMMAND, 'Wait for the first prices.');
    const r = j.command({ op: 'place', ...t });
    this.scheduleFlush();
    return r;
  }

  cancel(id: string): Result<{ id?: string }> {
    if (this.journal === null) return fail(Code.INVALID_COMMAND, 'Not in a room yet.');
    if (this.round?.state === 'ended') return fail(Code.INVALID_COMMAND, 'The round has ended.');
    if (!this.journal.orders().some((o) => o.id === id)) return fail(Code.INVALID_COMMAND, `No working order ${id}.`);
    const r = this.journal.command({ op: 'cancel', id });
    this.scheduleFlush();
    return r;
  }

  /**
   * One page of a seat's verified session (after the round), asked on this
   * seat's socket: the relay opens replays to members of the room only.
   */
  async replayPage(playerId: string, after: number): Promise<Result<{ page: ReplayPage }>> {
    if (this.playerId === null) return fail(Code.INVALID_COMMAND, 'Not in a room yet.');
    const m = await this.ask({ v: 1, type: 'replay', playerId, after });
    if (m === null) return fail(Code.INVALID_COMMAND, 'The relay did not answer: check the connection and try again.');
    if (m.type === 'replayPage') return { ok: true, page: m.page };
    if (m.type === 'error') return fail(Code.INVALID_COMMAND, m.message);
    return fail(Code.INVALID_COMMAND, `The relay answered a replay with ${m.type}.`);
  }

  /** Sends a request with a fresh `ref` and waits for the answer that carries it (null: no socket, lost, or too slow). */
  private ask(m: ClientMessage): Promise<ServerMessage | null> {
    const ref = this.nextRef++;
    return new Promise((ok) => {
      if (this.ws?.readyState !== OPEN || this.status !== 'online') return ok(null);
      const timer = setTimeout(() => this.answer(ref, null), ASK_MS);
      this.asked.set(ref, (a) => {
        clearTimeout(timer);
        ok(a);
      });
      this.send({ ...m, ref });
    });
  }

  private answer(ref: number, m: ServerMessage | null): void {
    const w = this.asked.get(ref);
    this.asked.delete(ref);
    w?.(m);
  }

  /** Leaves for good: no reconnect (the token stays with the page). */
  close(): void {
    this.stopped = true;
    this.status = 'closed';
    clearInterval(this.watch);
    if (this.retry) clearTimeout(this.retry);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.ws?.close();
  }

  /** Drops the socket as a lost network would (the tests' way to go offline); the seat reconnects by itself. */
  dropSocket(): void {
    this.ws?.close();
  }

  private connect(): void {
    this.retry = null;
    if (this.stopped) return;
    this.status = this.playerId === null ? 'connecting' : 'offline';
    if (!this.network.online()) {
      // No network: nothing to try; the watch tries again once the device is back online.
      this.retry = setTimeout(() => this.connect(), RECONNECT_MS[RECONNECT_MS.length - 1]);
      return;
    }
    let ws: SocketLike;
    try {
      ws = this.open(this.entry.url);
    } catch (e) {
      // The browser refused to open it at all (an https page may not open ws://): no retry can help.
      this.problem = `Cannot open a connection to ${this.entry.url}: ${e instanceof Error ? e.message : String(e)}`;
      this.stopped = true;
      this.status = 'closed';
      return;
    }
    this.ws = ws;
    this.heardAt = Date.now();
    ws.onopen = () => {
      this.attempts = 0;
      this.heardAt = Date.now();
      const e = this.entry;
      this.send(this.token !== null ? { v: 1, type: 'rejoin', code: e.code, token: this.token } : { v: 1, type: 'join', code: e.code, name: 'name' in e ? e.name : '' });
    };
    ws.onmessage = (e: { data: unknown }) => {
      if (this.ws !== ws) return; // a dropped socket's last frames: its successor says it again
      this.heardAt = Date.now();
      const m = readServerFrame(e.data);
      if (m !== null) this.onMessage(m);
    };
    ws.onerror = () => {};
    ws.onclose = () => this.lost(ws);
  }

  /** The socket is gone (closed, or dropped here): what was sent on it unverified goes again on the next one. */
  private lost(ws: SocketLike): void {
    if (this.ws !== ws) return;
    this.ws = null;
    // Requests asked on it are answered on it or not at all.
    for (const ref of [...this.asked.keys()]) this.answer(ref, null);
    this.sent = this.verified;
    this.inFlight = [];
    if (this.stopped) return;
    this.status = this.playerId === null && this.problem !== null ? 'closed' : 'offline';
    if (this.status === 'closed') return;
    const wait = RECONNECT_MS[Math.min(this.attempts++, RECONNECT_MS.length - 1)];
    this.retry = setTimeout(() => this.connect(), wait);
  }

  /**
   * Drops a socket that cannot be trusted, now: a browser fires `close` only
   * once the closing handshake is over, which a dead network delays for as
   * long as it likes.
   */
  private drop(): void {
    const ws = this.ws;
    if (ws === null) return;
    ws.close();
    this.lost(ws);
  }

  private onMessage(m: ServerMessage): void {
    // The answer to a request of ours (a replay page, or the error that refused it): its asker's, nothing else's.
    if (m.ref !== undefined && this.asked.has(m.ref)) return this.answer(m.ref, m);
    switch (m.type) {
      case 'joined': return void this.joined(m.playerId, m.token, m.name, m.scenario, m.sim, m.nextSeq);
      case 'round': this.round = m.round; return;
      case 'board': this.board = m.rows; return;
      case 'prices': {
        if (this.held !== null) return void this.held.push(...m.ticks);
        if (this.journal === null) return;
        for (const t of m.ticks) this.journal.take(t);
        this.scheduleFlush();
        return;
      }
      case 'ack':
        this.verified = Math.max(this.verified, m.seq);
        this.inFlight = this.inFlight.filter((seq) => seq > this.verified);
        this.send_();
        return;
      case 'refused':
        if (m.code === 'OUT_OF_ORDER' && m.expected !== undefined) {
          this.sent = m.expected - 1;
          this.inFlight = [];
          this.scheduleFlush();
        } else this.problem = `The relay refused entry ${m.seq}: ${m.message}`;
        return;
      case 'error':
        // Before a seat: the join itself was refused (a wrong code, a taken name, a stale token).
        if (this.playerId === null) {
          this.problem = m.message;
          this.stop();
          return;
        }
        // Seated: a batch was not taken (rate-limited, say). Everything unverified goes again; the relay acks a repeat.
        this.sent = this.verified;
        this.inFlight = [];
        this.scheduleFlush();
        return;
      default:
        return;
    }
  }

  private async joined(playerId: string, token: string, name: string, scenario: Scenario, sim: RoomSim, nextSeq: number): Promise<void> {
    if (this.journal === null) {
      this.held = [];
      const j = new SeatJournal(scenario, sim);
      // A reloaded page: the seat's journal as this browser kept it, applied again.
      const kept = this.store === null ? [] : await this.store.load(this.entry.code, token).catch(() => []);
      const whole = kept.every((e) => j.restore(e));
      this.journal = j;
      this.stored = j.entries.length;
      const held = this.held;
      this.held = null;
      if (!whole) return this.refuseSeat('The journal this browser kept for this seat does not replay; join again with a new name.');
      for (const t of held) j.take(t);
    }
    if (nextSeq - 1 > this.journal.entries.length) {
      // The relay verified more of this seat than this browser holds: its journal is gone (another browser, cleared storage).
      return this.refuseSeat('This seat’s trading is not in this browser any more; join again with a new name.');
    }
    if (this.store !== null) {
      const store = this.store;
      this.saving = this.saving.then(() => store.claim(this.entry.code, token)).catch(() => {});
    }
    this.playerId = playerId;
    this.token = token;
    this.name = name;
    this.problem = null;
    this.status = 'online';
    this.verified = nextSeq - 1;
    this.sent = this.verified;
    this.inFlight = [];
    this.scheduleFlush();
  }

  private refuseSeat(why: string): void {
    this.problem = why;
    this.stop();
  }

  private stop(): void {
    this.stopped = true;
    this.status = 'closed';
    this.ws?.close();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, FLUSH_MS);
  }

  /** Keeps the new entries in the browser, then sends every kept entry not yet sent on this socket, in order. */
  private flush(): void {
    const j = this.journal;
    if (j === null) return;
    if (this.store === null) this.stored = j.entries.length;
    else if (this.stored < j.entries.length) {
      const store = this.store;
      const upTo = j.entries.length;
      const fresh = j.entries.slice(this.stored, upTo);
      this.saving = this.saving
        .then(() => store.append(this.entry.code, fresh))
        .then(() => {
          this.stored = Math.max(this.stored, upTo);
          this.send_();
        })
        // Storage failed: the entries still go to the relay (the round matters more than a reload).
        .catch(() => {
          this.stored = Math.max(this.stored, upTo);
          this.send_();
        });
      return;
    }
    this.send_();
  }

  private send_(): void {
    const j = this.journal;
    if (j === null || this.ws === null || this.ws.readyState !== OPEN || this.status !== 'online') return;
    while (this.sent < this.stored && this.inFlight.length < MAX_IN_FLIGHT) {
      const batch = [];
      let bytes = 0;
      for (let i = this.sent; i < this.stored && batch.length < MAX_ENTRIES_PER_MESSAGE; i++) {
        const size = JSON.stringify(j.entries[i]).length; // entries are ASCII: characters are bytes
        if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
        batch.push(j.entries[i]);
        bytes += size + 1;
      }
      this.send({ v: 1, type: 'entries', entries: batch });
      this.sent += batch.length;
      this.inFlight.push(batch[batch.length - 1].seq);
    }
  }

  private send(m: ClientMessage): void {
    if (this.ws?.readyState === OPEN) this.ws.send(JSON.stringify(m));
  }
}

