/**
 * The relay's rooms and what each message does to them: no sockets here, only
 * `Member`s (one per socket) with a `send`. server.ts owns the sockets, the
 * limits and the timers; the store keeps what must survive and fans room-wide
 * messages out (`publish`), so a Redis store can carry them to other relays.
 *
 * Several instances on one Redis: each holds in memory the rooms its sockets
 * are in (a room made on another is read from the store when someone asks for
 * it, its verified entries replayed), verifies the seats whose sockets it
 * holds, and follows what the others change (`store.watch`): the clock, new
 * seats, the figures of the seats they verified (so every instance builds the
 * same board without replaying every seat), flags and presence. A seat that
 * comes to this instance (a student reconnects here) has its newer entries
 * read from the store and replayed before this instance verifies it. Each
 * instance sends the ticks, the board and the roster to its own sockets
 * (`deliver`), so nothing goes out twice; a teacher's round action is
 * published to all.
 */
import { randomInt } from 'node:crypto';
import { Code } from '../core/codes';
import {
  REPLAY_PAGE_BYTES, REPLAY_PAGE_ENTRIES, RelayCode, type ClientMessage, type JournalEntry, type RoundAction, type ServerMessage,
} from '../protocol/relay';
import type { RoomSim, Scenario } from '../protocol/relayScenario';
import { boardCsv } from './csv';
import { figuresOf, Room, type Player } from './room';
import type { RelayStore, RoomListener, StoreChange } from './store';
import { newRoomCode, newSeed, newToken, tokenHash } from './tokens';

/** Market time of every round's tick 0: a Monday 09:30 in New York, so stocks are open (rounds are at most a day). */
export const ROUND_EPOCH = Date.UTC(2030, 0, 7, 14, 30);
export const TICK_MS = 1000;

export interface RelayOptions {
  /** Wall ms a student's command may lag the prices they had been sent (times the room's speed, in market ms). */
  toleranceWallMs: number;
  maxPlayers: number;
  maxRooms: number;
  /** Rooms one address may create while this relay runs: a student cannot fill the relay with rooms. */
  roomsPerIp: number;
  /**
   * Wall ms between two pushes of one room's board (and roster), at least;
   * plus `boardMsPerSeat` for each seat, up to a second. A change is pushed
   * at once after a quiet spell, then at most that often. A push is a row a
   * seat to a socket a seat: its bytes grow with the square of the room (200
   * students, ~30 KB to each of 200 sockets), so its period grows with the
   * room and the cost with the room's size only. Students stream about once
   * a second, so a board a second behind the biggest room is still live.
   */
  boardMs: number;
  boardMsPerSeat: number;
}

export const DEFAULT_RELAY_OPTIONS: RelayOptions = {
  toleranceWallMs: 1500, maxPlayers: 200, maxRooms: 500, roomsPerIp: 5, boardMs: 100, boardMsPerSeat: 5,
};
const BOARD_MAX_MS = 1000;

/** One socket's side of a room: who it is and how to reach it. */
export interface Member {
  /** The socket's address (limits count by it). */
  ip: string;
  send(msg: ServerMessage): void;
  seat: { room: Room; player: Player } | null;
  admin: Room | null;
  /** The newest tick sent on this socket (-1: none); what its next message confirms (`Player.confirmed`). */
  sentTick: number;
}

type Body<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
type Reply = (msg: ServerMessage) => void;

const err = (code: string, message: string): ServerMessage => ({ v: 1, type: 'error', code, message });

export class Relay {
  readonly rooms = new Map<string, Room>();
  /** Rooms whose board changed since it was last pushed. */
  readonly dirty = new Set<string>();
  /** Relay wall time of each room's last board push (boardMs apart). */
  private readonly boardAt = new Map<string, number>();
  /** Rooms created per address since this relay started. */
  private readonly createdBy = new Map<string, number>();
  /** Rooms being read from the store, with the changes heard meanwhile (applied once it is in). */
  private readonly loads = new Map<string, { changes: StoreChange[]; done: Promise<Room | undefined> }>();
  /** This instance's sockets in a room (server.ts sets it): what it alone sends, so nothing goes out twice. */
  deliver: RoomListener = () => {};
  /** Called when something may now come due sooner than the server's timer is set for (server.ts re-arms it). */
  wake: () => void = () => {};
  /** Stops following the other instances' changes. */
  readonly unwatch: () => void;

  constructor(private readonly store: RelayStore, readonly opts: RelayOptions, private readonly now: () => number) {
    this.unwatch = store.watch((c) => this.follow(c));
  }

  /** Every room the store holds, rebuilt (their verified entries replayed). */
  async load(): Promise<void> {
    for (const s of await this.store.rooms()) this.rooms.set(s.room.code, Room.restore(s));
  }

  /** The room with this code: held here, or read from the store (made on another instance, or before this one started). */
  private find(code: string): Promise<Room | undefined> {
    const held = this.rooms.get(code);
    if (held !== undefined) return Promise.resolve(held);
    const loading = this.loads.get(code);
    if (loading !== undefined) return loading.done;
    const changes: StoreChange[] = [];
    const done = this.store.room(code).then((s) => {
      if (s === null) return undefined;
      const room = Room.restore(s);
      this.rooms.set(code, room);
      // Changes published while the store was read: each is applied only where it is new.
      for (const c of changes) this.apply(room, c);
      return room;
    }).finally(() => this.loads.delete(code));
    this.loads.set(code, { changes, done });
    return done;
  }

  /** A change another instance made: applied to the room if it is held here (else read whole when asked for). */
  private follow(c: StoreChange): void {
    const room = this.rooms.get(c.code);
    if (room !== undefined) return this.apply(room, c);
    this.loads.get(c.code)?.changes.push(c);
  }

  private apply(room: Room, c: StoreChange): void {
    switch (c.k) {
      case 'clock':
        room.clock = c.clock;
        break;
      case 'player':
        if (!room.players.has(c.player.playerId)) room.addPlayer(c.player);
        break;
      case 'figures': {
        const p = room.players.get(c.playerId);
        if (p === undefined) {
          // A seat this copy has not seen yet (it joined as the room was read): the store has it.
          void this.resync(room).then(() => {
            if (room.players.has(c.playerId)) this.apply(room, c);
          }, () => {});
          return;
        }
        if (c.figures.seq >= p.verifier.seq) p.remote = c.figures;
        p.lastSeen = this.now();
        break;
      }
      case 'flag': {
        const f = c.flag;
        if (!room.flags.some((x) => x.playerId === f.playerId && x.seq === f.seq)) room.flags.push(f);
        const v = room.players.get(f.playerId)?.verifier;
        if (v !== undefined && v.broken === null) v.restoreBroken({ seq: f.seq, code: f.code, message: f.message });
        break;
      }
      case 'presence': {
        room.players.get(c.playerId)?.elsewhere.set(c.instance, c.sockets);
        break;
      }
    }
    this.touch(room.code);
  }

  /** Brings a held room's seats and flags up to the store's (each applied only where it is new). */
  private async resync(room: Room): Promise<void> {
    const s = await this.store.room(room.code);
    if (s === null) return;
    for (const rec of s.players) if (!room.players.has(rec.playerId)) room.addPlayer(rec);
    for (const flag of s.flags) this.apply(room, { k: 'flag', code: room.code, flag });
  }

  /**
   * A seat another instance verified further than this one's replay (the
   * student reconnected here): its newer entries are read from the store and
   * replayed, so this instance verifies from where the other stopped.
   */
  private async catchUp(room: Room, p: Player): Promise<void> {
    if (p.remote === null || p.remote.seq <= p.verifier.seq) return;
    for (const e of await this.store.entriesAfter(room.code, p.record.playerId, p.verifier.seq)) {
      if (e.seq === p.verifier.seq + 1) p.verifier.restore(e);
    }
    if (p.remote !== null && p.remote.seq <= p.verifier.seq) p.remote = null;
  }

  async handle(m: Member, msg: ClientMessage, reply: Reply): Promise<void> {
    switch (msg.type) {
      case 'create':
        return this.create(m, msg.scenario, reply);
      case 'join':
        return this.join(m, msg, reply);
      case 'rejoin':
        return this.rejoin(m, msg, reply);
      case 'admin':
        return this.admin(m, msg, reply);
      case 'round':
        return this.round(m, msg.action, reply);
      case 'entries':
        return this.entries(m, msg.entries, reply);
      case 'export':
        if (m.admin === null) return reply(err(RelayCode.NOT_ALLOWED, 'Only the room’s teacher can export the board.'));
        return reply({ v: 1, type: 'csv', text: boardCsv(m.admin.board(), m.admin.flagViews()) });
      case 'replay':
        return this.replay(m, msg, reply);
    }
  }

  /**
   * One page of a seat's verified session, for anyone in the room (a seated
   * student or the teacher) once the round has ended: while it runs, a replay
   * would show the class what a rival holds. Only what the store holds is
   * sent, and the store holds only verified entries (a refused one never
   * reached it); a page is cut by count and by bytes, so no answer nears the
   * frame limit, and the app asks for the next from the page's last seq.
   */
  private async replay(m: Member, msg: Body<'replay'>, reply: Reply): Promise<void> {
    const room = m.seat?.room ?? m.admin;
    if (room === null) return reply(err(RelayCode.NOT_ALLOWED, 'Join the room before asking for a replay.'));
    if (room.clock.state !== 'ended') return reply(err(RelayCode.ROUND_STATE, 'Replays open when the round ends.'));
    const p = room.players.get(msg.playerId);
    if (p === undefined) return reply(err(RelayCode.UNKNOWN_SEAT, `Room ${room.code} has no seat ${msg.playerId}.`));
    const last = figuresOf(p).seq;
    if (msg.after > last) return reply(err(Code.INVALID_COMMAND, `${p.record.name} has ${last} verified entries: there is nothing after entry ${msg.after}.`));
    const stored = await this.store.entriesAfter(room.code, p.record.playerId, msg.after, REPLAY_PAGE_ENTRIES);
    const entries: JournalEntry[] = [];
    let bytes = 0;
    for (const e of stored) {
      // In seq order, each once and no further than the figures the board shows (a second copy stored by two instances is skipped).
      if (e.seq !== msg.after + entries.length + 1 || e.seq > last) continue;
      const size = JSON.stringify(e).length;
      if (entries.length > 0 && bytes + size > REPLAY_PAGE_BYTES) break;
      entries.push(e);
      bytes += size + 1;
    }
    if (entries.length === 0 && msg.after < last) return reply(err(RelayCode.ROUND_STATE, 'That session is not readable here yet; try again in a moment.'));
    reply({ v: 1, type: 'replayPage', page: { playerId: p.record.playerId, name: p.record.name, after: msg.after, last, entries } });
  }

  private async create(m: Member, scenario: Scenario, reply: Reply): Promise<void> {
    if (this.rooms.size >= this.opts.maxRooms) return reply(err(RelayCode.ROOM_FULL, 'This relay holds as many rooms as it may.'));
    const made = this.createdBy.get(m.ip) ?? 0;
    if (made >= this.opts.roomsPerIp) return reply(err(RelayCode.RATE_LIMITED, `This device has created ${made} rooms already; restart the relay for more.`));
    const adminToken = newToken();
    const sim: RoomSim = { botSeed: randomInt(2 ** 31), start: ROUND_EPOCH, tickMs: TICK_MS };
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = newRoomCode();
      if (this.rooms.has(code)) continue;
      const record = { code, scenario, seed: newSeed(), sim, adminHash: tokenHash(adminToken), createdAt: this.now() };
      if (!(await this.store.createRoom(record))) continue;
      const room = new Room(record);
      this.rooms.set(code, room);
      this.createdBy.set(m.ip, made + 1);
      this.leave(m);
      m.admin = room;
      reply({ v: 1, type: 'created', code, adminToken, scenario, sim });
      this.welcome(m, room);
      return;
    }
    reply(err(RelayCode.ROOM_FULL, 'No free room code was found; try again.'));
  }

  private async join(m: Member, msg: Body<'join'>, reply: Reply): Promise<void> {
    const room = await this.find(msg.code);
    if (room === undefined) return reply(err(RelayCode.UNKNOWN_ROOM, `No room ${msg.code}.`));
    if (room.clock.state === 'ended') return reply(err(RelayCode.ROUND_STATE, 'This round has ended.'));
    for (let attempt = 0; attempt < 5; attempt++) {
      if (room.players.size >= this.opts.maxPlayers) return reply(err(RelayCode.ROOM_FULL, 'The room is full.'));
      if (room.nameTaken(msg.name)) return reply(err(RelayCode.NAME_TAKEN, `Someone in the room is already called ${msg.name}.`));
      const token = newToken();
      const record = { playerId: room.nextPlayerId(), name: msg.name, tokenHash: tokenHash(token), joinedAt: this.now() };
      // The store decides: another instance (or another join here) may have taken the id or the name meanwhile.
      if (await this.store.addPlayer(room.code, record)) {
        const player = room.players.get(record.playerId) ?? room.addPlayer(record);
        return this.seat(m, room, player, token, reply);
      }
      await this.resync(room);
    }
    reply(err(RelayCode.ROOM_FULL, 'Too many students joined at once; try again.'));
  }

  private async rejoin(m: Member, msg: Body<'rejoin'>, reply: Reply): Promise<void> {
    const room = await this.find(msg.code);
    if (room === undefined) return reply(err(RelayCode.UNKNOWN_ROOM, `No room ${msg.code}.`));
    let player = room.seatOf(msg.token);
    if (player === undefined) {
      // A seat taken on another instance a moment ago may not have reached this one yet.
      await this.resync(room);
      player = room.seatOf(msg.token);
    }
    if (player === undefined) return reply(err(RelayCode.BAD_TOKEN, 'That seat is not known here: join again with your name.'));
    await this.catchUp(room, player);
    this.seat(m, room, player, msg.token, reply);
  }

  private seat(m: Member, room: Room, player: Player, token: string, reply: Reply): void {
    this.leave(m);
    m.seat = { room, player };
    player.sockets++;
    this.store.setPresence(room.code, player.record.playerId, player.sockets);
    player.lastSeen = this.now();
    const { playerId, name } = player.record;
    reply({ v: 1, type: 'joined', code: room.code, playerId, token, name, scenario: room.scenario, sim: room.sim, nextSeq: player.verifier.seq + 1 });
    this.welcome(m, room);
    this.touch(room.code);
  }

  private async admin(m: Member, msg: Body<'admin'>, reply: Reply): Promise<void> {
    const room = await this.find(msg.code);
    if (room === undefined) return reply(err(RelayCode.UNKNOWN_ROOM, `No room ${msg.code}.`));
    if (!room.isAdmin(msg.token)) return reply(err(RelayCode.BAD_TOKEN, 'That is not this room’s teacher token.'));
    this.leave(m);
    m.admin = room;
    reply({ v: 1, type: 'adminJoined', code: room.code, scenario: room.scenario, sim: room.sim });
    this.welcome(m, room);
  }

  /** What a member needs on arrival: the round, the prices their sim has not taken, the board (and the roster for a teacher). */
  private welcome(m: Member, room: Room): void {
    const now = this.now();
    m.send({ v: 1, type: 'round', round: room.round(now) });
    if (m.seat !== null) {
      const p = m.seat.player;
      p.atJoin = { delivered: p.delivered, confirmed: Math.max(p.confirmed, p.verifier.lastTick) };
      // In slices: a late joiner catches up on the whole round so far.
      for (let from = p.verifier.lastTick + 1; from <= room.published; from += 500) {
        const ticks = room.prices.range(from, Math.min(room.published, from + 499));
        m.send({ v: 1, type: 'prices', ticks });
        p.delivered = Math.max(p.delivered, ticks[ticks.length - 1].tick);
        m.sentTick = Math.max(m.sentTick, ticks[ticks.length - 1].tick);
      }
    }
    m.send({ v: 1, type: 'board', rows: room.board() });
    if (m.admin !== null) m.send({ v: 1, type: 'roster', players: room.roster(), flags: room.flagViews() });
  }

  private async round(m: Member, action: RoundAction, reply: Reply): Promise<void> {
    const room = m.admin;
    if (room === null) return reply(err(RelayCode.NOT_ALLOWED, 'Only the room’s teacher runs the clock.'));
    const r = room.act(action, this.now());
    if (typeof r === 'string') return reply(err(RelayCode.ROUND_STATE, r));
    await this.store.setClock(room.code, r);
    const view: ServerMessage = { v: 1, type: 'round', round: room.round(this.now()) };
    reply(view);
    this.store.publish(room.code, view, 'all');
    this.touch(room.code);
  }

  private async entries(m: Member, entries: JournalEntry[], reply: Reply): Promise<void> {
    if (m.seat === null) return reply(err(RelayCode.NOT_ALLOWED, 'Join a room before sending entries.'));
    const { room, player } = m.seat;
    // Entries this seat had verified on another instance meanwhile (a second tab there) are replayed first. Only
    // then awaited: otherwise the verification below runs synchronously in the server's work slice (server.ts).
    if (player.remote !== null && player.remote.seq > player.verifier.seq) await this.catchUp(room, player);
    const now = this.now();
    player.lastSeen = now;
    const r = room.receive(player, entries, now, this.opts.toleranceWallMs);
    // Stored before acknowledged: an ack is a promise that a restart keeps the entry.
    await this.store.appendEntries(room.code, player.record.playerId, r.verified);
    const changed = r.verified.length > 0 || r.flag !== null;
    // The figures (flagged or not) before the flag: another instance never shows a flag with the figures before it.
    if (changed) this.store.shareFigures(room.code, player.record.playerId, figuresOf(player));
    if (r.flag !== null) await this.store.addFlag(room.code, r.flag);
    if (changed) {
      await this.store.setScore(room.code, player.record.playerId, player.verifier.equity());
      this.touch(room.code);
    }
    if (r.refusal !== null) reply({ v: 1, type: 'refused', ...r.refusal });
    else reply({ v: 1, type: 'ack', seq: r.ack });
  }

  /** A socket leaves its seat or its teacher's view (it closed, or it joins another room). */
  leave(m: Member): void {
    if (m.seat !== null) {
      const { room, player } = m.seat;
      player.sockets--;
      this.store.setPresence(room.code, player.record.playerId, player.sockets);
      this.touch(room.code);
    }
    m.seat = null;
    m.admin = null;
    m.sentTick = -1;
  }

  /** A room's board changed: pushed on the next run of the clock's loop (at most every `boardMs`). */
  private touch(code: string): void {
    this.dirty.add(code);
    this.wake();
  }

  /**
   * Relay wall time at which the loop has work next: the earliest tick or
   * round end across rooms, or a changed board's next push (Infinity: none).
   */
  nextDueAt(): number {
    let at = Infinity;
    for (const room of this.rooms.values()) at = Math.min(at, room.nextDueAt());
    for (const code of this.dirty) at = Math.min(at, this.nextBoardAt(code));
    return at;
  }

  /** When a changed board of this room may be pushed next (boardMs apart, longer for a bigger room). */
  private nextBoardAt(code: string): number {
    const seats = this.rooms.get(code)?.players.size ?? 0;
    return (this.boardAt.get(code) ?? -Infinity) + Math.min(BOARD_MAX_MS, Math.max(this.opts.boardMs, seats * this.opts.boardMsPerSeat));
  }

  /**
   * The loop's synchronous part: due ticks sent, changed boards (and the
   * teacher's roster) pushed, each to this instance's own sockets. Every
   * instance holding the room runs the same clock on the same prices and
   * follows the others' changes, so each builds the same ticks and board.
   * Returns the rooms whose round ran its length (`tick` ends them).
   */
  pushDue(now: number): Room[] {
    const runOut: Room[] = [];
    for (const room of this.rooms.values()) {
      const ticks = room.dueTicks(now);
      if (ticks.length > 0) this.deliver(room.code, { v: 1, type: 'prices', ticks }, 'all');
      if (room.runOut(now)) runOut.push(room);
    }
    for (const code of this.dirty) {
      const room = this.rooms.get(code);
      if (room === undefined) {
        this.dirty.delete(code);
        continue;
      }
      if (now < this.nextBoardAt(code)) continue;
      this.dirty.delete(code);
      this.boardAt.set(code, now);
      this.deliver(code, { v: 1, type: 'board', rows: room.board() }, 'all');
      this.deliver(code, { v: 1, type: 'roster', players: room.roster(), flags: room.flagViews() }, 'admin');
    }
    return runOut;
  }

  /**
   * The clock's work, run when `nextDueAt` comes (server.ts): due ticks and
   * boards pushed, and rounds that ran their length ended (stored, then told).
   */
  async tick(): Promise<void> {
    const now = this.now();
    for (const room of this.pushDue(now)) {
      const r = room.act('end', now);
      if (typeof r === 'string') continue;
      await this.store.setClock(room.code, r);
      this.deliver(room.code, { v: 1, type: 'round', round: room.round(now) }, 'all');
    }
  }
}
