/**
 * The contract of an order book (orderBook.ts), run against every
 * implementation: what the exchange may rely on whichever book it is given.
 * A new book joins by adding one line to IMPLEMENTATIONS; the exchange-level
 * equivalence (events, balances, state hash over random journals) is in
 * properties.test.ts ("the book seam").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastBooks, ordersBestFirst } from './book';
import { newInstrument } from './instrument';
import { Asset, Ledger } from './ledger';
import { naiveBooks } from './naiveBook';
import { BUY, Order, SELL, type Instrument, type Side } from './order';
import type { BookFactory, OrderBook } from './orderBook';

const IMPLEMENTATIONS: [string, BookFactory][] = [
  ['fast', fastBooks],
  ['naive', naiveBooks],
];

describe.each(IMPLEMENTATIONS)('order book contract: %s', (_name, books) => {
  let inst: Instrument;
  let book: OrderBook;
  const ledger = new Ledger();
  let seq = 0;

  function fresh(): OrderBook {
    inst = newInstrument({ symbol: 'FUN', tick: 0.01, lot: 1 }, new Asset(0, 'FUN', 0), new Asset(1, 'USD', 2), books);
    book = inst.book;
    seq = 0;
    return book;
  }

  /** A resting order, rested: `b7@101x3` style fixtures, newest last. */
  function put(id: string, side: Side, price: number, qty: number, account = 'a'): Order {
    const o = new Order(id, ledger.account(account), inst, side, 'limit', price, 0, qty, 'GTC', ++seq);
    book.rest(o);
    expect(book.check()).toBeNull();
    return o;
  }

  const ids = (side: Side) => Array.from(ordersBestFirst(book, side), (o) => o.id);
  const levels = (side: Side) => (side === BUY ? book.bids : book.asks).depth(Infinity);

  function take(o: Order): void {
    book.unlink(o);
    expect(book.check()).toBeNull();
  }

  it('an empty book has no head, no level, no depth, no orders, and is sound', () => {
    fresh();
    for (const side of [BUY, SELL] as const) {
      expect(book.head(side)).toBeNull();
      expect(book.orderCount(side)).toBe(0);
      expect(book.levelCount(side)).toBe(0);
      expect(ids(side)).toEqual([]);
    }
    expect(book.bids.best()).toBeUndefined();
    expect(book.asks.best()).toBeUndefined();
    expect(book.bids.depth(10)).toEqual([]);
    expect(book.check()).toBeNull();
    expect(book.bids.isBid).toBe(true);
    expect(book.asks.isBid).toBe(false);
    expect(inst.bids).toBe(book.bids);
    expect(inst.asks).toBe(book.asks);
  });

  it('price-time priority: highest bid and lowest ask first, arrival order within a price', () => {
    fresh();
    put('b1', BUY, 100, 1);
    put('b2', BUY, 101, 1);
    put('b3', BUY, 100, 1);
    put('b4', BUY, 99, 1);
    put('b5', BUY, 101, 1);
    put('b6', BUY, 102, 1); // a better price later goes in front of all
    put('b7', BUY, 98, 1); // a worse one behind all
    expect(ids(BUY)).toEqual(['b6', 'b2', 'b5', 'b1', 'b3', 'b4', 'b7']);
    expect(book.head(BUY)!.id).toBe('b6');

    put('a1', SELL, 105, 1);
    put('a2', SELL, 104, 1);
    put('a3', SELL, 105, 1);
    put('a4', SELL, 106, 1);
    put('a5', SELL, 104, 1);
    expect(ids(SELL)).toEqual(['a2', 'a5', 'a1', 'a3', 'a4']);
    expect(book.head(SELL)!.id).toBe('a2');
  });

  it('time priority is arrival at the price, not the sequence number', () => {
    fresh();
    const late = new Order('stop-fired', ledger.account('a'), inst, BUY, 'limit', 100, 0, 1, 'GTC', 1);
    put('b1', BUY, 100, 1);
    put('b2', BUY, 100, 1);
    book.rest(late); // an older seq that reaches the book last, as a fired stop-limit does
    expect(ids(BUY)).toEqual(['b1', 'b2', 'stop-fired']);
    expect(book.check()).toBeNull();
  });

  it('level quantities and counts: best() and depth() sum each price’s open lots; orderCount and levelCount', () => {
    fresh();
    put('b1', BUY, 100, 3);
    put('b2', BUY, 101, 2);
    put('b3', BUY, 100, 4);
    put('b4', BUY, 99, 7);
    put('b5', BUY, 101, 5);
    put('a1', SELL, 103, 1);
    put('a2', SELL, 103, 6);
    expect(book.bids.best()).toMatchObject({ price: 101, qty: 7, count: 2 });
    expect(book.asks.best()).toMatchObject({ price: 103, qty: 7, count: 2 });
    expect(levels(BUY)).toEqual([[101, 7], [100, 7], [99, 7]]);
    expect(levels(SELL)).toEqual([[103, 7]]);
    expect(book.bids.depth(2)).toEqual([[101, 7], [100, 7]]);
    expect(book.bids.depth(0)).toEqual([]);
    expect(book.orderCount(BUY)).toBe(5);
    expect(book.levelCount(BUY)).toBe(3);
    expect(book.orderCount(SELL)).toBe(2);
    expect(book.levelCount(SELL)).toBe(1);
  });

  it('unlink in the middle, at the head and at the tail of a level keeps the rest in order and the sums right', () => {
    fresh();
    const o = ['m1', 'm2', 'm3', 'm4', 'm5'].map((id, i) => put(id, SELL, 50, i + 1));
    put('far', SELL, 51, 9);
    take(o[2]); // middle
    expect(ids(SELL)).toEqual(['m1', 'm2', 'm4', 'm5', 'far']);
    expect(book.asks.best()).toMatchObject({ price: 50, qty: 1 + 2 + 4 + 5, count: 4 });
    take(o[0]); // head
    expect(ids(SELL)).toEqual(['m2', 'm4', 'm5', 'far']);
    expect(book.head(SELL)).toBe(o[1]);
    expect(book.asks.best()).toMatchObject({ price: 50, qty: 2 + 4 + 5, count: 3 });
    take(o[4]); // tail
    expect(ids(SELL)).toEqual(['m2', 'm4', 'far']);
    expect(book.asks.best()).toMatchObject({ price: 50, qty: 6, count: 2 });
    // a new arrival goes behind the remaining ones, not into a removed order's place
    put('m6', SELL, 50, 1);
    expect(ids(SELL)).toEqual(['m2', 'm4', 'm6', 'far']);
  });

  it('the best level after removals: an emptied level is dropped and the next price is best; a side can empty', () => {
    fresh();
    const b1 = put('b1', BUY, 101, 1);
    const b2 = put('b2', BUY, 101, 2);
    const b3 = put('b3', BUY, 100, 3);
    const b4 = put('b4', BUY, 98, 4);
    take(b1);
    expect(book.bids.best()).toMatchObject({ price: 101, qty: 2, count: 1 });
    take(b2);
    expect(book.bids.best()).toMatchObject({ price: 100, qty: 3, count: 1 });
    expect(book.levelCount(BUY)).toBe(2);
    take(b4); // a worse level first: the best stays
    expect(book.bids.best()).toMatchObject({ price: 100 });
    expect(levels(BUY)).toEqual([[100, 3]]);
    take(b3);
    expect(book.head(BUY)).toBeNull();
    expect(book.bids.best()).toBeUndefined();
    expect(book.levelCount(BUY)).toBe(0);
    expect(book.orderCount(BUY)).toBe(0);
    // and the emptied side works again
    put('b5', BUY, 97, 1);
    expect(ids(BUY)).toEqual(['b5']);
  });

  it('reduce lowers the order and its level’s quantity and keeps its place', () => {
    fresh();
    const a = put('a', SELL, 70, 5);
    put('b', SELL, 70, 5);
    book.reduce(a, 3);
    expect(book.check()).toBeNull();
    expect(a.qty).toBe(2);
    expect(ids(SELL)).toEqual(['a', 'b']);
    expect(book.asks.best()).toMatchObject({ price: 70, qty: 7, count: 2 });
    // a filled maker leaves with its reduced quantity: the level sum stays exact
    book.reduce(a, 2);
    take(a);
    expect(book.asks.best()).toMatchObject({ price: 70, qty: 5, count: 1 });
  });

  it('an order that rests again (a modify that loses priority) goes to the back of its new price', () => {
    fresh();
    const a = put('a', BUY, 10, 1);
    put('b', BUY, 10, 1);
    put('c', BUY, 11, 1);
    take(a);
    book.rest(a);
    expect(ids(BUY)).toEqual(['c', 'b', 'a']);
    take(a);
    a.price = 11;
    book.rest(a);
    expect(book.check()).toBeNull();
    expect(ids(BUY)).toEqual(['c', 'a', 'b']);
    expect(levels(BUY)).toEqual([[11, 2], [10, 1]]);
  });

  it('after() walks from a level’s tail to the next level’s head and ends after the last order', () => {
    fresh();
    const x = put('x', SELL, 5, 1);
    const y = put('y', SELL, 5, 1);
    const z = put('z', SELL, 8, 1);
    expect(book.after(x)).toBe(y);
    expect(book.after(y)).toBe(z);
    expect(book.after(z)).toBeNull();
  });

  it('bids and asks are independent, even at the same price', () => {
    fresh();
    const b = put('b', BUY, 20, 2);
    put('a', SELL, 20, 3);
    expect(levels(BUY)).toEqual([[20, 2]]);
    expect(levels(SELL)).toEqual([[20, 3]]);
    take(b);
    expect(book.head(BUY)).toBeNull();
    expect(book.head(SELL)!.id).toBe('a');
  });

  it('random rests, unlinks and reduces agree with a sorted-list model (priority, depth, counts, soundness)', () => {
    type Op = { k: 'rest'; side: Side; price: number; qty: number } | { k: 'unlink' | 'reduce'; pick: number; lots: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ k: fc.constant('rest' as const), side: fc.constantFrom(BUY, SELL), price: fc.integer({ min: 1, max: 12 }), qty: fc.integer({ min: 1, max: 9 }) }) },
      { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('unlink' as const, 'reduce' as const), pick: fc.nat(), lots: fc.integer({ min: 1, max: 8 }) }) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        fresh();
        // The model: resting orders with the moment each reached the book.
        const model: { o: Order; at: number }[] = [];
        let clock = 0;
        let n = 0;
        for (const op of ops) {
          if (op.k === 'rest') {
            const o = new Order(`o${n++}`, ledger.account('a'), inst, op.side, 'limit', op.price, 0, op.qty, 'GTC', ++seq);
            book.rest(o);
            model.push({ o, at: clock++ });
          } else if (model.length > 0) {
            const i = op.pick % model.length;
            const o = model[i].o;
            if (op.k === 'unlink' || op.lots >= o.qty) {
              book.unlink(o);
              model.splice(i, 1);
            } else {
              book.reduce(o, op.lots);
            }
          }
          expect(book.check()).toBeNull();
          for (const side of [BUY, SELL] as const) {
            const want = model
              .filter((m) => m.o.side === side)
              .sort((p, q) => (p.o.price !== q.o.price ? (side === BUY ? q.o.price - p.o.price : p.o.price - q.o.price) : p.at - q.at))
              .map((m) => m.o);
            expect(ids(side)).toEqual(want.map((o) => o.id));
            expect(book.head(side)?.id).toBe(want[0]?.id);
            const depth: [number, number][] = [];
            for (const o of want) {
              const last = depth[depth.length - 1];
              if (last !== undefined && last[0] === o.price) last[1] += o.qty;
              else depth.push([o.price, o.qty]);
            }
            expect(levels(side)).toEqual(depth);
            expect(book.orderCount(side)).toBe(want.length);
            expect(book.levelCount(side)).toBe(depth.length);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
