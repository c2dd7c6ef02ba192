import type { Order, Side } from './order';

/**
 * The order-book seam: both sides of one instrument's book, resting orders in
 * price-time priority. The exchange keeps everything else (escrow, fees,
 * events, stops, self-trade prevention) and asks the book only what is here,
 * so a different book can be swapped in (`new Exchange(sink, { book })`) and
 * proven equal by `book.contract.test.ts` and the equivalence property in
 * `properties.test.ts`.
 *
 * Sides are named by the orders resting on them: `BUY` is the bids, `SELL`
 * the asks. "Priority order" is best price first, then arrival at that price
 * (not `seq`: a stop-limit that fires rests behind orders placed after it).
 *
 * A book changes only the orders' book bookkeeping (`qty` through `reduce`,
 * and whatever links the implementation keeps); `state` is the exchange's.
 */
export interface OrderBook {
  /** Read-only faces of the two sides, for code outside matching (marks, depth for the UI). */
  readonly bids: SideView;
  readonly asks: SideView;
  /** Puts a live order on its side, behind every order already resting at its price. */
  rest(o: Order): void;
  /** Takes a resting order off its side, wherever it is in its level; drops the level when it empties. */
  unlink(o: Order): void;
  /** A resting order's open quantity drops by `lots` (a fill, or a decrease that keeps priority); `o.qty` included. */
  reduce(o: Order, lots: number): void;
  /** The order first in priority on a side (best price, oldest there), or null when the side is empty. */
  head(side: Side): Order | null;
  /** The resting order after `o` in its side's priority order (the next level's head after a level's tail), or null. */
  after(o: Order): Order | null;
  /** Resting orders on a side. */
  orderCount(side: Side): number;
  /** Distinct prices on a side. */
  levelCount(side: Side): number;
  /**
   * The book's own invariants (sorted levels, level sums, links), for tests:
   * null when sound, else what is wrong. Like exchange-core's
   * `validateInternalState`, it reads and changes nothing.
   */
  check(): string | null;
}

/** One price level as seen from outside: price in ticks, Σ open lots, number of orders. */
export interface LevelView {
  readonly price: number;
  readonly qty: number;
  readonly count: number;
}

/** One side of a book as seen from outside matching. */
export interface SideView {
  readonly isBid: boolean;
  /** The best level, or undefined when the side is empty. */
  best(): LevelView | undefined;
  /** Aggregated depth, best first: [price ticks, lots][], at most `maxLevels` levels. */
  depth(maxLevels: number): [number, number][];
}

/** Makes the empty book of one newly listed instrument. */
export type BookFactory = () => OrderBook;
