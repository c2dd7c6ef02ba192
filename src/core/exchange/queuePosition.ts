import { RESTING, type Order } from './order';
import type { OrderBook } from './orderBook';

/** Where a resting order stands in its price level's queue (price-time priority). */
export interface QueuePosition {
  /** Lots of the orders before it at its price: they fill first. */
  aheadQty: number;
  /** How many orders are before it at its price (0: it is first). */
  aheadOrders: number;
  /** Its own open lots. */
  qty: number;
  /** Lots resting at better prices on its side: they trade before its price is reached. */
  betterQty: number;
}

/**
 * The queue in front of a resting order, read from the book through the
 * `OrderBook` seam only (head and after), so every book implementation
 * answers the same. Null for an order that is not resting (pending stop,
 * done). Walks the side from its best order to this one: cheap for the
 * depths the sim's books have (tens of orders a side), and asked on demand.
 */
export function queuePosition(book: OrderBook, o: Order): QueuePosition | null {
  if (o.state !== RESTING) return null;
  const pos: QueuePosition = { aheadQty: 0, aheadOrders: 0, qty: o.qty, betterQty: 0 };
  for (let x = book.head(o.side); x !== null; x = book.after(x)) {
    if (x === o) return pos;
    if (x.price === o.price) {
      pos.aheadQty += x.qty;
      pos.aheadOrders++;
    } else {
      pos.betterQty += x.qty;
    }
  }
  // Resting but not found on its side: the book and the order disagree, which no caller can act on.
  return null;
}
