import { BUY, type Order, type Side } from './order';
import type { BookFactory, LevelView, OrderBook, SideView } from './orderBook';

/**
 * One side of the naive book: a plain array of its resting orders in priority
 * order (best price first, then arrival), and nothing else. Levels, their
 * quantities and counts are not kept: every question is answered by a linear
 * scan, so there is no cached sum to get wrong.
 */
class NaiveSide implements SideView {
  readonly orders: Order[] = [];
  constructor(readonly isBid: boolean) {}

  /** True when price `a` is better than price `b` on this side. */
  better(a: number, b: number): boolean {
    return this.isBid ? a > b : a < b;
  }

  best(): LevelView | undefined {
    return this.depthLevels(1)[0];
  }

  depth(maxLevels: number): [number, number][] {
    return this.depthLevels(maxLevels).map((l) => [l.price, l.qty]);
  }

  depthLevels(maxLevels: number): LevelView[] {
    const out: { price: number; qty: number; count: number }[] = [];
    for (const o of this.orders) {
      const last = out[out.length - 1];
      if (last !== undefined && last.price === o.price) {
        last.qty += o.qty;
        last.count++;
      } else {
        if (out.length === maxLevels) break;
        out.push({ price: o.price, qty: o.qty, count: 1 });
      }
    }
    return out;
  }
}

/**
 * The reference book: as plain as a book can be, kept to prove faster ones
 * equal (book.contract.test.ts, and the equivalence property in
 * properties.test.ts), never run by the app. Every operation is O(orders).
 */
export class NaiveBook implements OrderBook {
  readonly bids = new NaiveSide(true);
  readonly asks = new NaiveSide(false);

  private sideOf(o: Order): NaiveSide {
    return o.side === BUY ? this.bids : this.asks;
  }

  rest(o: Order): void {
    const side = this.sideOf(o);
    // Behind every order at the same or a better price: arrival order within a price.
    let i = 0;
    while (i < side.orders.length && !side.better(o.price, side.orders[i].price)) i++;
    side.orders.splice(i, 0, o);
  }

  unlink(o: Order): void {
    const orders = this.sideOf(o).orders;
    const i = orders.indexOf(o);
    if (i >= 0) orders.splice(i, 1);
  }

  reduce(o: Order, lots: number): void {
    o.qty -= lots;
  }

  head(side: Side): Order | null {
    return (side === BUY ? this.bids : this.asks).orders[0] ?? null;
  }

  after(o: Order): Order | null {
    const orders = this.sideOf(o).orders;
    const i = orders.indexOf(o);
    return i >= 0 ? (orders[i + 1] ?? null) : null;
  }

  orderCount(side: Side): number {
    return (side === BUY ? this.bids : this.asks).orders.length;
  }

  levelCount(side: Side): number {
    return (side === BUY ? this.bids : this.asks).depthLevels(Infinity).length;
  }

  check(): string | null {
    for (const side of [this.bids, this.asks]) {
      const name = side.isBid ? 'bids' : 'asks';
      const seen = new Set<Order>();
      for (let i = 0; i < side.orders.length; i++) {
        const o = side.orders[i];
        if (seen.has(o)) return `${name}: ${o.id} rests twice`;
        seen.add(o);
        if ((o.side === BUY) !== side.isBid) return `${o.id} on the wrong side`;
        if (!(o.qty > 0)) return `${name}: ${o.id} rests with ${o.qty} lots`;
        if (i > 0 && side.better(o.price, side.orders[i - 1].price)) return `${name} not sorted at ${o.id}`;
      }
    }
    return null;
  }
}

/** The naive book as a factory: `new Exchange(sink, { book: naiveBooks })`. */
export const naiveBooks: BookFactory = () => new NaiveBook();
