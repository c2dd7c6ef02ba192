import { BookSide, Level, type Order } from './order';

/** Index of the level with this key, or -(insertion point) - 1. */
function find(keys: number[], key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  // The busy end is the best (last) one: check it before searching.
  if (hi >= 0 && keys[hi] === key) return hi;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid];
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

export function bestLevel(side: BookSide): Level | undefined {
  const n = side.levels.length;
  return n ? side.levels[n - 1] : undefined;
}

/** Appends the order at the tail of its price level (time priority). */
export function rest(side: BookSide, order: Order): void {
  const key = side.isBid ? order.price : -order.price;
  let i = find(side.keys, key);
  let level: Level;
  if (i >= 0) {
    level = side.levels[i];
  } else {
    i = -i - 1;
    level = new Level(order.price);
    if (i === side.keys.length) {
      side.keys.push(key);
      side.levels.push(level);
    } else {
      side.keys.splice(i, 0, key);
      side.levels.splice(i, 0, level);
    }
  }
  order.level = level;
  order.next = null;
  order.prev = level.tail;
  if (level.tail) level.tail.next = order;
  else level.head = order;
  level.tail = order;
  level.qty += order.qty;
  level.count++;
}

/** Unlinks an order from its level, dropping the level when it empties. */
export function unlink(side: BookSide, order: Order): void {
  const level = order.level!;
  if (order.prev) order.prev.next = order.next;
  else level.head = order.next;
  if (order.next) order.next.prev = order.prev;
  else level.tail = order.prev;
  level.qty -= order.qty;
  level.count--;
  order.prev = order.next = order.level = null;
  if (level.count === 0) removeLevel(side, level);
}

function removeLevel(side: BookSide, level: Level): void {
  const n = side.levels.length;
  if (n && side.levels[n - 1] === level) {
    side.keys.pop();
    side.levels.pop();
    return;
  }
  const i = find(side.keys, side.isBid ? level.price : -level.price);
  if (i >= 0) {
    side.keys.splice(i, 1);
    side.levels.splice(i, 1);
  }
}

/** Aggregated depth, best first: [price ticks, qty lots][]. */
export function depth(side: BookSide, maxLevels = Infinity): [number, number][] {
  const out: [number, number][] = [];
  for (let i = side.levels.length - 1; i >= 0 && out.length < maxLevels; i--) {
    const l = side.levels[i];
    out.push([l.price, l.qty]);
  }
  return out;
}

export function* ordersBestFirst(side: BookSide): Generator<Order> {
  for (let i = side.levels.length - 1; i >= 0; i--) {
    for (let o = side.levels[i].head; o; o = o.next) yield o;
  }
}
