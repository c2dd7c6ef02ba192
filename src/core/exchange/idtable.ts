import type { Order } from './order';

/**
 * Order ids are strings, and the engine looks one up on every command: once
 * among every id ever used (DUPLICATE_ID) and once among the live orders.
 * JavaScript's Set and Map chase several pointers per lookup, which at a
 * million ids means several cache misses. These tables probe typed arrays of
 * 32-bit fingerprints instead and touch the string only when a fingerprint
 * matches, so a new id costs one probe in a flat array.
 */

let h1 = 0;
let h2 = 0;
/** A place hashes its id for the used-id set and again for the live table: the second time is free. */
let lastHashed: string | null = null;

/** Two independent 32-bit hashes of s into h1 and h2 (h2 is odd: 0 marks an empty slot). */
function hash(s: string): void {
  if (s === lastHashed) return;
  lastHashed = s;
  let a = 0x811c9dc5 | 0;
  let b = 0x2545f491 | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  a ^= a >>> 15;
  a = Math.imul(a, 0x2c1b3c6d);
  a ^= a >>> 12;
  b ^= b >>> 13;
  b = Math.imul(b, 0x297a2d39);
  b ^= b >>> 15;
  h1 = a;
  h2 = b | 1;
}

/** Every id ever added, insert-only, iterated in insertion order. */
export class IdSet {
  private fp = new Int32Array(1024);
  private at = new Int32Array(1024);
  private mask = 1023;
  private readonly list: string[] = [];

  get size(): number {
    return this.list.length;
  }

  has(id: string): boolean {
    hash(id);
    return this.find(id) >= 0;
  }

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    hash(id);
    let i = h1 & this.mask;
    for (;;) {
      const f = this.fp[i];
      if (f === 0) break;
      if (f === h2 && this.list[this.at[i]] === id) return false;
      i = (i + 1) & this.mask;
    }
    this.fp[i] = h2;
    this.at[i] = this.list.length;
    this.list.push(id);
    if (this.list.length * 2 > this.mask) this.grow();
    return true;
  }

  private find(id: string): number {
    let i = h1 & this.mask;
    for (;;) {
      const f = this.fp[i];
      if (f === 0) return -1;
      if (f === h2 && this.list[this.at[i]] === id) return i;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const n = (this.mask + 1) * 2;
    this.fp = new Int32Array(n);
    this.at = new Int32Array(n);
    this.mask = n - 1;
    for (let k = 0; k < this.list.length; k++) {
      hash(this.list[k]);
      let i = h1 & this.mask;
      while (this.fp[i] !== 0) i = (i + 1) & this.mask;
      this.fp[i] = h2;
      this.at[i] = k;
    }
  }

  [Symbol.iterator](): Iterator<string> {
    return this.list[Symbol.iterator]();
  }
}

const TOMB = 2; // even, so never a fingerprint

/**
 * Live orders by id, iterated in the order they went live (a list threaded
 * through the orders), so snapshots and hashes do not depend on table layout.
 */
export class LiveOrders {
  private fp = new Int32Array(1024);
  private vals: (Order | undefined)[] = new Array<Order | undefined>(1024);
  private mask = 1023;
  private count = 0;
  private used = 0; // live + tombstones
  private head: Order | null = null;
  private tail: Order | null = null;

  get size(): number {
    return this.count;
  }

  get(id: string): Order | undefined {
    hash(id);
    let i = h1 & this.mask;
    for (;;) {
      const f = this.fp[i];
      if (f === 0) return undefined;
      if (f === h2) {
        const o = this.vals[i]!;
        if (o.id === id) return o;
      }
      i = (i + 1) & this.mask;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds an order whose id is not live. */
  set(o: Order): void {
    hash(o.id);
    this.insert(o, h1, h2);
    o.lprev = this.tail;
    o.lnext = null;
    if (this.tail) this.tail.lnext = o;
    else this.head = o;
    this.tail = o;
    this.count++;
    if (this.used * 2 > this.mask) this.rehash();
  }

  private insert(o: Order, a: number, b: number): void {
    let i = a & this.mask;
    // Fingerprints are odd (and may be negative); 0 and TOMB are the two free kinds.
    let f = this.fp[i];
    while (f !== 0 && f !== TOMB) {
      i = (i + 1) & this.mask;
      f = this.fp[i];
    }
    if (f === 0) this.used++;
    this.fp[i] = b;
    this.vals[i] = o;
    o.slot = i;
  }

  delete(o: Order): void {
    const i = o.slot;
    if (i < 0 || this.vals[i] !== o) return;
    this.fp[i] = TOMB;
    this.vals[i] = undefined;
    o.slot = -1;
    if (o.lprev) o.lprev.lnext = o.lnext;
    else this.head = o.lnext;
    if (o.lnext) o.lnext.lprev = o.lprev;
    else this.tail = o.lprev;
    o.lprev = o.lnext = null;
    this.count--;
  }

  /** Rebuilds without tombstones, sized for the live count. */
  private rehash(): void {
    let n = 1024;
    while (n < this.count * 4) n *= 2;
    this.fp = new Int32Array(n);
    this.vals = new Array<Order | undefined>(n);
    this.mask = n - 1;
    this.used = 0;
    for (let o = this.head; o; o = o.lnext) {
      hash(o.id);
      this.insert(o, h1, h2);
    }
  }

  *values(): Generator<Order> {
    for (let o = this.head; o; ) {
      const next = o.lnext; // the caller may remove o
      yield o;
      o = next;
    }
  }

  [Symbol.iterator](): Iterator<Order> {
    return this.values();
  }
}
