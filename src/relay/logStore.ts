/**
 * The embedded store: everything in memory, and every change appended to a
 * log on disk (JSON Lines, one record a line) that a restarted relay reads
 * back. No server, no dependency: what a teacher's laptop runs.
 *
 * Durability (the fsync policy): each record is written with a synchronous
 * write before the call resolves, so once the relay has acknowledged
 * something, a crash of the relay process loses nothing (the operating system
 * holds the write). The file is fsynced at most `fsyncMs` later (default
 * 200 ms; in libuv's thread pool, so a slow disk never holds the relay's
 * clock back: a 15 ms fsync on the main thread was a late tick) and on close
 * (synchronously), so a power cut loses at most the last `fsyncMs` of
 * records. A record torn by a cut (the last line, unfinished) is skipped on
 * reading. The log only grows: a classroom's rounds are small (a 30-student
 * hour is ~100k entries, ~15 MB); start a new file for a new term.
 */
import { closeSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JournalEntry, ServerMessage } from '../protocol/relay';
import type { ClockState } from './clock';
import { LOBBY } from './clock';
import { nameKey, type BoardScore, type FlagRecord, type PlayerRecord, type RelayStore, type RoomListener, type RoomRecord, type StoreChange, type StoredRoom } from './store';

type LogRecord =
  | { k: 'room'; room: RoomRecord }
  | { k: 'clock'; code: string; clock: ClockState }
  | { k: 'player'; code: string; player: PlayerRecord }
  | { k: 'entries'; code: string; playerId: string; entries: JournalEntry[] }
  | { k: 'flag'; code: string; flag: FlagRecord }
  | { k: 'score'; code: string; playerId: string; score: number };

interface Held extends StoredRoom {
  scores: Map<string, number>;
}

export interface LogStoreOptions {
  /** The log file; none: memory only (tests, a throwaway room). */
  path?: string;
  fsyncMs?: number;
}

export class LogStore implements RelayStore {
  private readonly held = new Map<string, Held>();
  private readonly listeners = new Set<RoomListener>();
  private fd: number | null = null;
  private dirty = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Lines of the log that could not be read (a torn last line). */
  skipped = 0;

  private constructor(private readonly opts: LogStoreOptions) {}

  /** Opens (creates) the log and reads back what it holds. */
  static open(opts: LogStoreOptions = {}): LogStore {
    const s = new LogStore(opts);
    if (opts.path !== undefined) {
      mkdirSync(dirname(opts.path), { recursive: true });
      const text = existsSync(opts.path) ? readFileSync(opts.path, 'utf8') : '';
      s.read(text);
      s.fd = openSync(opts.path, 'a');
      // A torn last line is ended, so the next record starts a line of its own.
      if (text !== '' && !text.endsWith('\n')) writeSync(s.fd, '\n');
      s.timer = setInterval(() => s.sync(), opts.fsyncMs ?? 200);
      s.timer.unref();
    }
    return s;
  }

  private read(text: string): void {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let r: LogRecord;
      try {
        r = JSON.parse(line) as LogRecord;
      } catch {
        this.skipped++;
        continue;
      }
      this.apply(r);
    }
  }

  /** One record into memory; a record for a room the log does not hold is skipped (it cannot be placed). */
  private apply(r: LogRecord): boolean {
    if (r.k === 'room') {
      if (this.held.has(r.room.code)) return false;
      this.held.set(r.room.code, { room: r.room, clock: LOBBY, players: [], entries: new Map(), flags: [], scores: new Map() });
      return true;
    }
    const h = this.held.get(r.code);
    if (h === undefined) return false;
    switch (r.k) {
      case 'clock':
        h.clock = r.clock;
        break;
      case 'player': {
        const key = nameKey(r.player.name);
        if (h.players.some((p) => p.playerId === r.player.playerId || nameKey(p.name) === key)) return false;
        h.players.push(r.player);
        break;
      }
      case 'entries': {
        let list = h.entries.get(r.playerId);
        if (list === undefined) h.entries.set(r.playerId, (list = []));
        for (const e of r.entries) list.push(e);
        break;
      }
      case 'flag':
        h.flags.push(r.flag);
        break;
      case 'score':
        h.scores.set(r.playerId, r.score);
        break;
    }
    return true;
  }

  /** Applies and logs a record; false when it could not be placed (nothing is logged then). */
  private write(r: LogRecord): boolean {
    if (!this.apply(r)) return false;
    if (this.fd === null) return true;
    writeSync(this.fd, JSON.stringify(r) + '\n');
    this.dirty = true;
    return true;
  }

  /** The periodic fsync, off the main thread; one at a time (a slow disk skips a turn rather than queue them). */
  private syncing: Promise<void> | null = null;
  private sync(): void {
    if (this.fd === null || !this.dirty || this.syncing !== null) return;
    this.dirty = false;
    const fd = this.fd;
    this.syncing = new Promise<void>((done) => fsync(fd, () => done())).finally(() => {
      this.syncing = null;
    });
  }

  async rooms(): Promise<StoredRoom[]> {
    return [...this.held.values()].map(copyOf);
  }

  async room(code: string): Promise<StoredRoom | null> {
    const h = this.held.get(code);
    return h === undefined ? null : copyOf(h);
  }

  async createRoom(room: RoomRecord): Promise<boolean> {
    if (this.held.has(room.code)) return false;
    this.write({ k: 'room', room });
    return true;
  }

  async setClock(code: string, clock: ClockState): Promise<void> {
    this.write({ k: 'clock', code, clock });
  }

  async addPlayer(code: string, player: PlayerRecord): Promise<boolean> {
    return this.write({ k: 'player', code, player });
  }

  async appendEntries(code: string, playerId: string, entries: JournalEntry[]): Promise<void> {
    if (entries.length > 0) this.write({ k: 'entries', code, playerId, entries });
  }

  async entriesAfter(code: string, playerId: string, seq: number, limit = Infinity): Promise<JournalEntry[]> {
    const all = this.held.get(code)?.entries.get(playerId) ?? [];
    // Entry n is at index n - 1 or later (two instances may both have stored one): start there, not at 0.
    const out: JournalEntry[] = [];
    for (let i = Math.max(0, seq); i < all.length && out.length < limit; i++) if (all[i].seq > seq) out.push(all[i]);
    return out;
  }

  async addFlag(code: string, flag: FlagRecord): Promise<void> {
    this.write({ k: 'flag', code, flag });
  }

  async setScore(code: string, playerId: string, score: number): Promise<void> {
    // Unchanged scores are not logged: a board pushes every student's score on every change.
    if (this.held.get(code)?.scores.get(playerId) === score) return;
    this.write({ k: 'score', code, playerId, score });
  }

  async board(code: string): Promise<BoardScore[]> {
    const h = this.held.get(code);
    if (h === undefined) return [];
    return [...h.scores].map(([playerId, score]) => ({ playerId, score }))
      .sort((a, b) => b.score - a.score || (a.playerId < b.playerId ? -1 : a.playerId > b.playerId ? 1 : 0));
  }

  publish(code: string, msg: ServerMessage, audience: 'all' | 'admin'): void {
    for (const l of this.listeners) l(code, msg, audience);
  }

  subscribe(listener: RoomListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One relay holds an embedded store: no other instance needs to hear of a seat's sockets. */
  setPresence(): void {}

  /** One relay holds an embedded store: no other instance needs a seat's figures. */
  shareFigures(): void {}

  /** One relay holds an embedded store: no other instance changes it, so a watcher hears nothing. */
  watch(listener: (change: StoreChange) => void): () => void {
    void listener;
    return () => {};
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.fd !== null) {
      await this.syncing;
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
    }
    this.listeners.clear();
  }
}

function copyOf(h: Held): StoredRoom {
  return {
    room: h.room, clock: h.clock, players: [...h.players], flags: [...h.flags],
    entries: new Map([...h.entries].map(([k, v]) => [k, [...v]])),
  };
}
