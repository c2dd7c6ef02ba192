/**
 * Where a relay keeps its rooms, and how it fans updates out. One contract
 * (`store.contract.test.ts` runs every implementation through it): the
 * embedded store (memory plus an append-only log on disk, `logStore.ts`), and
 * the Redis store (`redisStore.ts`) for several relays behind one address:
 * a key per room, a hash of its seats, a list per student's verified entries,
 * a sorted set per board (`setScore` / `board` are ZADD / ZRANGE), and
 * pub/sub for `publish` and for the changes one instance tells the others
 * (`watch`).
 *
 * Secrets are stored as they must be used: the market's seed (the relay needs
 * it to publish prices after a restart), tokens only as SHA-256 hashes.
 */
import type { FlagCode, JournalEntry, ServerMessage } from '../protocol/relay';
import type { RoomSim, Scenario } from '../protocol/relayScenario';
import type { ClockState } from './clock';

export interface RoomRecord {
  code: string;
  scenario: Scenario;
  /** The market's seed: never sent to anyone. */
  seed: string;
  sim: RoomSim;
  /** SHA-256 of the teacher's admin token, hex. */
  adminHash: string;
  /** Relay wall clock, UTC ms. */
  createdAt: number;
}

export interface PlayerRecord {
  playerId: string;
  name: string;
  /** SHA-256 of the player token, hex. */
  tokenHash: string;
  joinedAt: number;
}

export interface FlagRecord {
  playerId: string;
  seq: number;
  code: FlagCode;
  message: string;
  at: number;
}

/** What makes two names the same in a room (names are unique in it case-insensitively). */
export const nameKey = (name: string): string => name.toLocaleLowerCase('en');

/** A room as the store gives it back: enough to rebuild everything the relay knew. */
export interface StoredRoom {
  room: RoomRecord;
  clock: ClockState;
  players: PlayerRecord[];
  /** Verified entries per player, in order. */
  entries: Map<string, JournalEntry[]>;
  flags: FlagRecord[];
}

export interface BoardScore {
  playerId: string;
  /** What the board is ordered by (verified equity, minor units). */
  score: number;
}

/** A message for every member of a room, on whichever relay instance holds their socket. */
export type RoomListener = (code: string, msg: ServerMessage, audience: 'all' | 'admin') => void;

/**
 * A seat's verified figures, as the instance that verifies it tells the
 * others: enough for their boards without replaying the seat.
 */
export interface SeatFigures {
  /** The last verified entry. */
  seq: number;
  /** Verified equity and net deposits, minor units of the cash asset. */
  equity: number;
  netIn: number;
  trades: number;
  drawdownPct: number;
  flagged: boolean;
}

/**
 * What another relay instance changed in a room this one may hold, so its
 * copy of the room follows: the clock, a new seat, a seat's figures after
 * entries it verified (the entries themselves are read from the store only
 * when this instance must verify that seat), a flag, and how many sockets
 * that instance holds on a seat. Figures and presence are not stored: a
 * restarted relay replays the stored entries, and starts every seat offline.
 */
export type StoreChange =
  | { k: 'clock'; code: string; clock: ClockState }
  | { k: 'player'; code: string; player: PlayerRecord }
  | { k: 'figures'; code: string; playerId: string; figures: SeatFigures }
  | { k: 'flag'; code: string; flag: FlagRecord }
  | { k: 'presence'; code: string; playerId: string; instance: string; sockets: number };

export interface RelayStore {
  /** Every room it holds, for a relay that starts (again). */
  rooms(): Promise<StoredRoom[]>;
  /** One room, for an instance that does not hold it yet (it was made on another); null when there is none. */
  room(code: string): Promise<StoredRoom | null>;
  /** A new room; false (and nothing stored) when the code is taken. */
  createRoom(room: RoomRecord): Promise<boolean>;
  setClock(code: string, clock: ClockState): Promise<void>;
  /**
   * A new seat; false (and nothing stored) when the room is unknown, or its id
   * or its name (case-insensitively) is taken: two instances may seat two
   * students at the same moment, and the store is where they meet.
   */
  addPlayer(code: string, player: PlayerRecord): Promise<boolean>;
  /** Entries the relay has verified, in order, after those already stored. */
  appendEntries(code: string, playerId: string, entries: JournalEntry[]): Promise<void>;
  /**
   * A seat's stored entries after `seq`, in order (an instance catching up on
   * a seat another verified), at most `limit` of them read (a replay's page).
   */
  entriesAfter(code: string, playerId: string, seq: number, limit?: number): Promise<JournalEntry[]>;
  addFlag(code: string, flag: FlagRecord): Promise<void>;
  setScore(code: string, playerId: string, score: number): Promise<void>;
  /** The room's scores, highest first, ties by player id (code-unit order). */
  board(code: string): Promise<BoardScore[]>;
  publish(code: string, msg: ServerMessage, audience: 'all' | 'admin'): void;
  /** Every published message, this instance's and (Redis) the others'. Returns the unsubscribe. */
  subscribe(listener: RoomListener): () => void;
  /** Sockets this instance holds on a seat, for the other instances' boards (not stored). */
  setPresence(code: string, playerId: string, sockets: number): void;
  /** A seat's figures after this instance verified entries of it, for the other instances' boards (not stored). */
  shareFigures(code: string, playerId: string, figures: SeatFigures): void;
  /** Changes made through the other instances (the embedded store has none). Returns the unsubscribe. */
  watch(listener: (change: StoreChange) => void): () => void;
  /** Flushes to disk and lets go of files and connections. */
  close(): Promise<void>;
}
