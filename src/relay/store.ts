/**
 * Where a relay keeps its rooms, and how it fans updates out. One contract
 * (`store.contract.test.ts` runs every implementation through it): the
 * embedded store (memory plus an append-only log on disk, `logStore.ts`) now;
 * a Redis store next, for several relays behind one address: a hash per room
 * and per player, a stream per student's entries, a sorted set per board
 * (`setScore` / `board` are ZADD / ZREVRANGE), and pub/sub for `publish`.
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

export interface RelayStore {
  /** Every room it holds, for a relay that starts (again). */
  rooms(): Promise<StoredRoom[]>;
  /** A new room; false (and nothing stored) when the code is taken. */
  createRoom(room: RoomRecord): Promise<boolean>;
  setClock(code: string, clock: ClockState): Promise<void>;
  addPlayer(code: string, player: PlayerRecord): Promise<void>;
  /** Entries the relay has verified, in order, after those already stored. */
  appendEntries(code: string, playerId: string, entries: JournalEntry[]): Promise<void>;
  addFlag(code: string, flag: FlagRecord): Promise<void>;
  setScore(code: string, playerId: string, score: number): Promise<void>;
  /** The room's scores, highest first, ties by player id (code-unit order). */
  board(code: string): Promise<BoardScore[]>;
  publish(code: string, msg: ServerMessage, audience: 'all' | 'admin'): void;
  /** Every published message, this instance's and (Redis) the others'. Returns the unsubscribe. */
  subscribe(listener: RoomListener): () => void;
  /** Flushes to disk and lets go of files and connections. */
  close(): Promise<void>;
}
