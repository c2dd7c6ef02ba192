/**
 * The Redis store: rooms, seats, verified entries, flags and boards in Redis,
 * so several relay instances behind one address share them; room-wide
 * messages and each instance's changes fanned out between the instances with
 * pub/sub. `REDIS_URL` set: `npm run relay` uses it (main.ts).
 *
 * Keys (all of a room's share the hash tag `{CODE}`, so a Redis Cluster keeps
 * them on one node; `prefix` keeps several relays' data apart on one server):
 *
 *   <p>rooms                     set of every room code
 *   <p>{CODE}:room               the RoomRecord (JSON), SET NX: a code is made once
 *   <p>{CODE}:clock              the ClockState (JSON)
 *   <p>{CODE}:seats              list of PlayerRecords (JSON) in the order they joined
 *   <p>{CODE}:ids, :names        hashes that make a seat's id and name (case-insensitively) unique
 *   <p>{CODE}:entries:<player>   list of verified entries (JSON), in order
 *   <p>{CODE}:flags              list of FlagRecords (JSON)
 *   <p>{CODE}:board              sorted set: player id -> verified equity (minor units)
 *
 * Channels: `<p>messages` (published ServerMessages) and `<p>changes`
 * (StoreChange), each with the sending instance's id: an instance hands its
 * own messages to its listeners at once, and skips their echo.
 *
 * Durability is Redis's own (its RDB / AOF settings); a write resolves once
 * Redis has it, so the relay acknowledges an entry only when Redis holds it.
 * Lists rather than streams for entries: a replay reads a seat's entries
 * whole and in order, and that is LRANGE.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { parseServerMessage, type JournalEntry, type ServerMessage } from '../protocol/relay';
import type { ClockState } from './clock';
import { LOBBY } from './clock';
import { nameKey, type BoardScore, type FlagRecord, type PlayerRecord, type RelayStore, type RoomListener, type RoomRecord, type SeatFigures, type StoreChange, type StoredRoom } from './store';

type Client = ReturnType<typeof createClient>;

export interface RedisStoreOptions {
  /** `redis://host:port[/db]`. */
  url: string;
  /** Put before every key and channel (default `bourse:`). */
  prefix?: string;
  /** Where connection trouble is reported (default: standard error). */
  log?: (line: string) => void;
}

/** A seat is added only if the room exists and neither its id nor its name is taken: one script, so atomic. */
const ADD_PLAYER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], '1')
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
redis.call('RPUSH', KEYS[4], ARGV[3])
return 1`;

interface Envelope {
  from: string;
}

export class RedisStore implements RelayStore {
  private readonly listeners = new Set<RoomListener>();
  private readonly watchers = new Set<(change: StoreChange) => void>();
  /** This instance, on the channels: its own messages come back and are skipped. */
  readonly instance = randomBytes(8).toString('hex');
  private readonly p: string;
  /** Closed: what is still told (sockets closing as the relay stops) goes nowhere, quietly. */
  private closed = false;

  private constructor(private readonly client: Client, private readonly sub: Client, prefix: string, private readonly log: (line: string) => void) {
    this.p = prefix;
  }

  /** Connects (a command connection and a subscriber) and listens to the other instances. */
  static async open(opts: RedisStoreOptions): Promise<RedisStore> {
    const log = opts.log ?? ((line: string) => process.stderr.write(`relay: ${line}\n`));
    let connected = false;
    const client: Client = createClient({
      url: opts.url,
      // A Redis that is not there at the start is a mistake to report (open fails after ~1.5 s); one lost later is waited for.
      socket: { reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, 2000) : retries < 5 ? 300 : cause) },
    });
    // Without a listener an 'error' event would end the process; the same trouble is reported once until it changes.
    let last = '';
    const report = (who: string) => (e: unknown) => {
      const line = `redis${who}: ${(e as Error)?.message ?? String(e)}`;
      if (line !== last) log((last = line));
    };
    client.on('error', report(''));
    client.on('ready', () => (last = ''));
    await client.connect();
    connected = true;
    const sub: Client = client.duplicate();
    sub.on('error', report(' (subscriber)'));
    await sub.connect();
    const s = new RedisStore(client, sub, opts.prefix ?? 'bourse:', log);
    await sub.subscribe(s.messagesChannel, (text: string) => s.heardMessage(text));
    await sub.subscribe(s.changesChannel, (text: string) => s.heardChange(text));
    return s;
  }

  private get messagesChannel(): string {
    return `${this.p}messages`;
  }

  private get changesChannel(): string {
    return `${this.p}changes`;
  }

  private key(code: string, what: string): string {
    return `${this.p}{${code}}:${what}`;
  }

  /** Another instance's published message: parsed as the app would (Redis is trusted, a bug is not), then handed on. */
  private heardMessage(text: string): void {
    const e = this.envelope(text) as (Envelope & { code?: unknown; audience?: unknown; msg?: unknown }) | null;
    if (e === null || typeof e.code !== 'string' || (e.audience !== 'all' && e.audience !== 'admin')) return;
    const parsed = parseServerMessage(e.msg);
    if (!parsed.ok) return this.log(`redis: a message from instance ${e.from} was unreadable: ${parsed.message}`);
    for (const l of this.listeners) l(e.code, parsed.value, e.audience);
  }

  private heardChange(text: string): void {
    const e = this.envelope(text) as (Envelope & { change?: StoreChange }) | null;
    const c = e?.change;
    if (c === undefined || c === null || typeof c !== 'object' || typeof c.k !== 'string' || typeof c.code !== 'string') return;
    for (const w of this.watchers) w(c);
  }

  /** The envelope of a message on a channel, or null when it is this instance's own (or not an envelope). */
  private envelope(text: string): Envelope | null {
    let e: unknown;
    try {
      e = JSON.parse(text);
    } catch {
      return null;
    }
    if (e === null || typeof e !== 'object' || typeof (e as Envelope).from !== 'string' || (e as Envelope).from === this.instance) return null;
    return e as Envelope;
  }

  private changed(change: StoreChange): string {
    return JSON.stringify({ from: this.instance, change });
  }

  async rooms(): Promise<StoredRoom[]> {
    const codes = (await this.client.sMembers(`${this.p}rooms`)).sort();
    const out: StoredRoom[] = [];
    for (const r of await Promise.all(codes.map((c) => this.room(c)))) if (r !== null) out.push(r);
    return out;
  }

  async room(code: string): Promise<StoredRoom | null> {
    const [roomText, clockText, seats, flags] = await Promise.all([
      this.client.get(this.key(code, 'room')),
      this.client.get(this.key(code, 'clock')),
      this.client.lRange(this.key(code, 'seats'), 0, -1),
      this.client.lRange(this.key(code, 'flags'), 0, -1),
    ]);
    if (roomText === null) return null;
    const players = seats.map((s) => JSON.parse(s) as PlayerRecord);
    const lists = await Promise.all(players.map((p) => this.client.lRange(this.key(code, `entries:${p.playerId}`), 0, -1)));
    const entries = new Map<string, JournalEntry[]>();
    players.forEach((p, i) => {
      if (lists[i].length > 0) entries.set(p.playerId, lists[i].map((e) => JSON.parse(e) as JournalEntry));
    });
    return {
      room: JSON.parse(roomText) as RoomRecord,
      clock: clockText === null ? LOBBY : (JSON.parse(clockText) as ClockState),
      players,
      entries,
      flags: flags.map((f) => JSON.parse(f) as FlagRecord),
    };
  }

  async createRoom(room: RoomRecord): Promise<boolean> {
    const made = await this.client.set(this.key(room.code, 'room'), JSON.stringify(room), { condition: 'NX' });
    if (made === null) return false;
    await this.client.multi()
      .set(this.key(room.code, 'clock'), JSON.stringify(LOBBY))
      .sAdd(`${this.p}rooms`, room.code)
      .exec();
    return true;
  }

  async setClock(code: string, clock: ClockState): Promise<void> {
    // XX: only a room's own clock key, made with the room, is set; a code that names no room changes nothing.
    const set = await this.client.set(this.key(code, 'clock'), JSON.stringify(clock), { condition: 'XX' });
    if (set !== null) await this.client.publish(this.changesChannel, this.changed({ k: 'clock', code, clock }));
  }

  async addPlayer(code: string, player: PlayerRecord): Promise<boolean> {
    const added = await this.client.eval(ADD_PLAYER, {
      keys: [this.key(code, 'room'), this.key(code, 'ids'), this.key(code, 'names'), this.key(code, 'seats')],
      arguments: [player.playerId, nameKey(player.name), JSON.stringify(player)],
    });
    if (Number(added) !== 1) return false;
    await this.client.publish(this.changesChannel, this.changed({ k: 'player', code, player }));
    return true;
  }

  /**
   * Whether a room exists, for the writes that need one. Checked before the
   * write rather than with it: a room is never deleted, so once it exists it
   * still does when the write lands.
   */
  private async held(code: string): Promise<boolean> {
    return (await this.client.exists(this.key(code, 'room'))) === 1;
  }

  async appendEntries(code: string, playerId: string, entries: JournalEntry[]): Promise<void> {
    if (entries.length === 0 || !(await this.held(code))) return;
    await this.client.rPush(this.key(code, `entries:${playerId}`), entries.map((e) => JSON.stringify(e)));
  }

  async entriesAfter(code: string, playerId: string, seq: number, limit = Infinity): Promise<JournalEntry[]> {
    // Entry n is at index n - 1 (appended in order from 1): the list from index `seq` on, `limit` long at most.
    const from = Math.max(0, seq);
    const texts = await this.client.lRange(this.key(code, `entries:${playerId}`), from, Number.isFinite(limit) ? from + limit - 1 : -1);
    return texts.map((t) => JSON.parse(t) as JournalEntry).filter((e) => e.seq > seq);
  }

  async addFlag(code: string, flag: FlagRecord): Promise<void> {
    if (!(await this.held(code))) return;
    await this.client.multi()
      .rPush(this.key(code, 'flags'), JSON.stringify(flag))
      .publish(this.changesChannel, this.changed({ k: 'flag', code, flag }))
      .exec();
  }

  async setScore(code: string, playerId: string, score: number): Promise<void> {
    if (!(await this.held(code))) return;
    await this.client.zAdd(this.key(code, 'board'), { score, value: playerId });
  }

  async board(code: string): Promise<BoardScore[]> {
    const rows = await this.client.zRangeWithScores(this.key(code, 'board'), 0, -1);
    // Sorted here, not by ZREVRANGE: Redis breaks ties by member in reverse too, the board by player id ascending.
    return rows.map((r) => ({ playerId: String(r.value), score: Number(r.score) }))
      .sort((a, b) => b.score - a.score || (a.playerId < b.playerId ? -1 : a.playerId > b.playerId ? 1 : 0));
  }

  publish(code: string, msg: ServerMessage, audience: 'all' | 'admin'): void {
    // This instance's sockets hear it at once (the echo from Redis is skipped), the others through the channel.
    for (const l of this.listeners) l(code, msg, audience);
    if (this.closed) return;
    this.client.publish(this.messagesChannel, JSON.stringify({ from: this.instance, code, audience, msg }))
      .catch((e: unknown) => this.log(`redis: publish failed: ${(e as Error)?.message ?? String(e)}`));
  }

  subscribe(listener: RoomListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setPresence(code: string, playerId: string, sockets: number): void {
    if (this.closed) return;
    this.client.publish(this.changesChannel, this.changed({ k: 'presence', code, playerId, instance: this.instance, sockets }))
      .catch((e: unknown) => this.log(`redis: presence failed: ${(e as Error)?.message ?? String(e)}`));
  }

  shareFigures(code: string, playerId: string, figures: SeatFigures): void {
    if (this.closed) return;
    // Sent after the entries' RPUSH on the same connection: an instance that hears the figures finds the entries stored.
    this.client.publish(this.changesChannel, this.changed({ k: 'figures', code, playerId, figures }))
      .catch((e: unknown) => this.log(`redis: figures failed: ${(e as Error)?.message ?? String(e)}`));
  }

  watch(listener: (change: StoreChange) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.watchers.clear();
    await Promise.allSettled([this.sub.close(), this.client.close()]);
  }
}
