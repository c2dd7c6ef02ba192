/**
 * One room as the relay holds it in memory: scenario, market, clock, seats
 * and their verifiers, flags. No sockets and no store here (server.ts does
 * both): everything takes the wall time it needs as an argument.
 */
import { rankLeaders } from '../core/portfolio/leaderboard';
import type { BoardRow, FlagView, JournalEntry, PriceTick, RosterRow, RoundAction, RoundView } from '../protocol/relay';
import type { RoomSim, Scenario } from '../protocol/relayScenario';
import { act, elapsedAt, LOBBY, type ClockState } from './clock';
import { RoomPrices } from './prices';
import { nameKey, type FlagRecord, type PlayerRecord, type RoomRecord, type SeatFigures, type StoredRoom } from './store';
import { tokenMatches } from './tokens';
import { PlayerVerifier, type Verdict } from './verify';

export interface Player {
  record: PlayerRecord;
  verifier: PlayerVerifier;
  /** Sockets open on this seat on this relay (a student may have the app open twice). */
  sockets: number;
  /** Sockets on this seat held by other relay instances (Redis), by instance. */
  elsewhere: Map<string, number>;
  /**
   * The figures another instance verified this seat to (Redis), when they are
   * ahead of this instance's replay: the board shows them, and this instance
   * reads the entries from the store before it verifies the seat itself.
   */
  remote: SeatFigures | null;
  /** Relay wall clock of the last message from this seat (0: never). */
  lastSeen: number;
  /** The newest tick sent to any of this seat's sockets (-1: none): what the student could know. */
  delivered: number;
  /**
   * The newest tick sent on one of this seat's sockets before the relay
   * last heard from that socket (a message, a pong): a tick the phone
   * surely had, unlike one written into a connection that had silently died
   * (a phone off the Wi-Fi: the relay writes on until the heartbeat ends the
   * socket, up to 30 s later).
   */
  confirmed: number;
  /**
   * The seat at its last (re)join, before the catch-up sent the ticks it
   * missed: `delivered` (what the earlier sockets were sent) and what it
   * surely had (`confirmed`, or the ticks its verified journal took). An
   * entry the student's sim made before it passed `delivered` may have been
   * made offline, before the catch-up reached the phone: it is measured
   * against what the phone surely had (or the tick its own sim had taken),
   * not against the ticks the catch-up has just sent. A student back from
   * five minutes offline sends their offline orders right after rejoining,
   * when `delivered` is already the round's newest tick: measured against
   * that, every one was "backdated".
   */
  atJoin: { delivered: number; confirmed: number };
}

/** A seat is connected when a socket on any relay instance is open on it. */
export function isConnected(p: Player): boolean {
  if (p.sockets > 0) return true;
  for (const n of p.elsewhere.values()) if (n > 0) return true;
  return false;
}

/** A seat's verified figures: this instance's replay, or another's newer figures. */
export function figuresOf(p: Player): SeatFigures {
  const v = p.verifier;
  if (p.remote !== null && p.remote.seq >= v.seq) return { ...p.remote, flagged: p.remote.flagged || v.broken !== null };
  return { seq: v.seq, equity: v.equity(), netIn: v.netIn(), trades: v.trades, drawdownPct: v.maxDrawdownPct, flagged: v.broken !== null };
}

/** What became of a batch of entries. */
export interface Received {
  /** Entries newly verified, in order (the store appends them). */
  verified: JournalEntry[];
  /** The last verified seq after the batch. */
  ack: number;
  /** The first refusal, if any (the rest of the batch is not read). */
  refusal: { seq: number; code: string; message: string; expected?: number } | null;
  /** A new flag, if the refusal raised one. */
  flag: FlagRecord | null;
}

export class Room {
  readonly code: string;
  readonly scenario: Scenario;
  readonly sim: RoomSim;
  readonly adminHash: string;
  readonly prices: RoomPrices;
  readonly lengthMs: number;
  clock: ClockState;
  /** The newest tick published (-1: none yet). */
  published = -1;
  readonly players = new Map<string, Player>();
  readonly flags: FlagRecord[] = [];

  constructor(readonly record: RoomRecord, clock: ClockState = LOBBY) {
    this.code = record.code;
    this.scenario = record.scenario;
    this.sim = record.sim;
    this.adminHash = record.adminHash;
    this.prices = new RoomPrices(record.seed, record.scenario, record.sim);
    this.lengthMs = record.scenario.roundMinutes * 60_000;
    this.clock = clock;
  }

  /** A room rebuilt from its store: seats, their verified entries replayed, flags, the clock where it was. */
  static restore(s: StoredRoom): Room {
    const room = new Room(s.room, s.clock);
    for (const p of s.players) room.addPlayer(p);
    for (const [playerId, entries] of s.entries) {
      const v = room.players.get(playerId)?.verifier;
      // In seq order, each once: two instances verifying one seat at once (two tabs) may both have stored an entry.
      if (v !== undefined) for (const e of entries) if (e.seq === v.seq + 1) v.restore(e);
    }
    for (const f of s.flags) {
      room.flags.push(f);
      const v = room.players.get(f.playerId)?.verifier;
      if (v !== undefined && v.broken === null) v.restoreBroken({ seq: f.seq, code: f.code, message: f.message });
    }
    // Ticks already taken by someone were published: a restart never takes one back.
    for (const p of room.players.values()) room.published = Math.max(room.published, p.verifier.lastTick);
    return room;
  }

  /** The highest seat number tried here, joins in flight included, so two joins at once on one relay never try the same id. */
  private lastSeat = 0;

  /** An id for a new seat: past every seat held and every one tried (the store still decides, across instances). */
  nextPlayerId(): string {
    for (const id of this.players.keys()) {
      const n = Number(id.slice(1));
      if (Number.isInteger(n) && n > this.lastSeat) this.lastSeat = n;
    }
    return `p${++this.lastSeat}`;
  }

  addPlayer(record: PlayerRecord): Player {
    const p: Player = { record, verifier: new PlayerVerifier(this.scenario, this.sim, this.prices), sockets: 0, elsewhere: new Map(), remote: null, lastSeen: 0, delivered: -1,
      confirmed: -1, atJoin: { delivered: -1, confirmed: -1 } };
    this.players.set(record.playerId, p);
    return p;
  }

  nameTaken(name: string): boolean {
    const key = nameKey(name);
    for (const p of this.players.values()) if (nameKey(p.record.name) === key) return true;
    return false;
  }

  /** The seat a token opens, checked against every seat (each compare in constant time). */
  seatOf(token: string): Player | undefined {
    let found: Player | undefined;
    for (const p of this.players.values()) if (tokenMatches(token, p.record.tokenHash)) found = p;
    return found;
  }

  isAdmin(token: string): boolean {
    return tokenMatches(token, this.adminHash);
  }

  elapsed(now: number): number {
    return elapsedAt(this.clock, now, this.scenario.speed, this.lengthMs);
  }

  round(now: number): RoundView {
    return { state: this.clock.state, marketNow: this.sim.start + this.elapsed(now), endsAt: this.sim.start + this.lengthMs, tick: this.published };
  }

  /** A teacher's action on the clock: the new clock, or why not. */
  act(action: RoundAction, now: number): ClockState | string {
    const next = act(this.clock, action, now, this.scenario.speed, this.lengthMs);
    if (typeof next !== 'string') this.clock = next;
    return next;
  }

  /** True when the round has run its length and should end now. */
  runOut(now: number): boolean {
    return this.clock.state === 'running' && this.elapsed(now) >= this.lengthMs;
  }

  /**
   * Relay wall time (ms) at which the next thing on this room's clock comes
   * due: the next tick, or the round running out; Infinity unless it runs.
   * The server sleeps until the earliest across rooms, so a tick goes out
   * when it is due, not up to a polling period later.
   */
  nextDueAt(): number {
    const c = this.clock;
    if (c.state !== 'running') return Infinity;
    const speed = this.scenario.speed;
    // elapsed(now) = floor(c.elapsed + (now - c.wallAt) × speed), capped at the length: due at the first whole ms it reaches `market`.
    const at = (market: number) => c.wallAt + Math.ceil((market - c.elapsed) / speed);
    const nextTick = (this.published + 1) * this.sim.tickMs;
    return Math.min(nextTick <= this.lengthMs ? at(nextTick) : Infinity, at(this.lengthMs));
  }

  /** The ticks that have come due since the last call (none in the lobby): they are published now. */
  dueTicks(now: number): PriceTick[] {
    if (this.clock.state === 'lobby') return [];
    const upTo = Math.floor(this.elapsed(now) / this.sim.tickMs);
    if (upTo <= this.published) return [];
    const out = this.prices.range(this.published + 1, upTo);
    this.published = upTo;
    return out;
  }

  /** Entries from a seat, verified one by one; the first refusal stops the batch. */
  receive(p: Player, entries: JournalEntry[], now: number, toleranceWallMs: number): Received {
    const v = p.verifier;
    const knownAt = (tick: number) => (tick >= 0 ? this.prices.at(tick).t : -Infinity);
    const ctx = {
      published: this.published,
      known: knownAt(p.delivered),
      toleranceMs: Math.max(this.sim.tickMs, toleranceWallMs * this.scenario.speed),
    };
    const verified: JournalEntry[] = [];
    for (const e of entries) {
      // Maybe made offline (the sim had not passed what the sockets before the last join were sent): see `atJoin`.
      ctx.known = knownAt(v.lastTick <= p.atJoin.delivered ? Math.max(p.atJoin.confirmed, v.lastTick) : p.delivered);
      const r: Verdict = v.verify(e, ctx);
      if (r.ok) {
        if (!r.duplicate) verified.push(e);
        continue;
      }
      if (r.kind === 'order') return { verified, ack: v.seq, refusal: { seq: e.seq, code: 'OUT_OF_ORDER', message: r.message, expected: r.expected }, flag: null };
      // A new flag only when this refusal is what stopped the run (later entries repeat the same refusal).
      const fresh = v.broken !== null && v.broken.seq === e.seq && !this.flags.some((f) => f.playerId === p.record.playerId && f.seq === e.seq);
      const flag: FlagRecord | null = fresh ? { playerId: p.record.playerId, seq: e.seq, code: r.code, message: r.message, at: now } : null;
      if (flag !== null) this.flags.push(flag);
      return { verified, ack: v.seq, refusal: { seq: e.seq, code: 'REFUSED', message: r.message }, flag };
    }
    return { verified, ack: v.seq, refusal: null, flag: null };
  }

  /** The board: verified equity ranked by the app's own rankLeaders, with trades, drawdown and presence. */
  board(): BoardRow[] {
    const byId = this.players;
    const figures = new Map([...byId.values()].map((p) => [p.record.playerId, figuresOf(p)]));
    const ranks = rankLeaders(
      [...figures].map(([account, f]) => ({ account, equity: f.equity, netIn: f.netIn })),
      () => 'person',
    );
    return ranks.map((r, i) => {
      const p = byId.get(r.account)!;
      const f = figures.get(r.account)!;
      return {
        rank: i + 1, playerId: r.account, name: p.record.name, equity: p.verifier.decimals(r.equity),
        returnPct: Number.isFinite(r.returnPct) ? r.returnPct : null, trades: f.trades,
        drawdownPct: f.drawdownPct, connected: isConnected(p), verifiedSeq: f.seq, flagged: f.flagged,
      };
    });
  }

  roster(): RosterRow[] {
    return [...this.players.values()].map((p) => ({
      playerId: p.record.playerId, name: p.record.name, connected: isConnected(p), verifiedSeq: figuresOf(p).seq, lastSeen: p.lastSeen,
    }));
  }

  flagViews(): FlagView[] {
    return this.flags.map((f) => ({ ...f, name: this.players.get(f.playerId)?.record.name ?? f.playerId }));
  }
}
