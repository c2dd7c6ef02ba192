/**
 * What the worker's classroom seat shows the page (plain data across
 * Comlink): the seat, its round and board from the relay, and the student's
 * own sim in decimals. Declared here, below both, since the UI may not
 * import the worker.
 */
import type { ReplayOrder } from '../core/classroom/sessionReplay';
import type { BoardRow, RoundView } from './relay';
import type { RoomSim, Scenario } from './relayScenario';

export type SeatStatus = 'connecting' | 'online' | 'offline' | 'closed';

export interface SeatHolding {
  symbol: string;
  qty: number;
  /** Decimals of the cash asset. */
  value: number;
}

/** One of the seat's working orders (decimals; price null for a market or stop order): a replay step's order without its stop price. */
export type SeatOrder = Omit<ReplayOrder, 'stopPrice'>;

export interface SeatView {
  status: SeatStatus;
  /** Why the seat stopped (a refused join, a flag), or null. */
  problem: string | null;
  code: string;
  playerId: string | null;
  name: string | null;
  /** The player token the page keeps (localStorage) to rejoin. */
  token: string | null;
  scenario: Scenario | null;
  /** The room's public sim settings (a replay builds the room's sim from them). */
  sim: RoomSim | null;
  round: RoundView | null;
  board: BoardRow[];
  /** The student's own sim: market time, equity and cash (decimals), holdings, newest prices. */
  now: number | null;
  equity: number | null;
  cash: number | null;
  holdings: SeatHolding[];
  orders: SeatOrder[];
  prices: [string, number][];
  /** Entries journaled, and how many of them the relay verified. */
  journaled: number;
  verified: number;
}
