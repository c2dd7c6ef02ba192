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
  /**
   * 16-bit fingerprints (odd, so 0 is empty): a million slots fit in 2 MB, a
   * core's L2. The index into `list` is read only when a fingerprint matches.
   */
  private fp = new Uint16Array(1024);
  private at = new Int32Array(1024);
  private mask = 1023;
  private readonly list: string[] = [];
  /** Both hashes of every id, by insertion index: growing never reads a string again. */
  private hs1 = new Int32Array(512);
  private hs2 = new Int32Array(512);

  get size(): number {
    return this.list.length;
  }

  has(id: string): boolean {
    hash(id);
    const f16 = (h2 >>> 16) | 1;
    let i = h1 & this.mask;
    for (;;) {
      const f = this.fp[i];
      if (f === 0) return false;
      if (f === f16 && this.list[this.at[i]] === id) return true;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    hash(id);
    const f16 = (h2 >>> 16) | 1;
    let i = h1 & this.mask;
    for (;;) {
      const f = this.fp[i];
      if (f === 0) break;
      if (f === f16 && this.list[this.at[i]] === id) return false;
      i = (i + 1) & this.mask;
    }
    const k = this.list.length;
    this.fp[i] = f16;
    this.at[i] = k;
    this.list.push(id);
    if (k === this.hs1.length) {
      const a = new Int32Array(k * 2);
      const b = new Int32Array(k * 2);
      a.set(this.hs1);
      b.set(this.hs2);
      this.hs1 = a;
      this.hs2 = b;
    }
    this.hs1[k] = h1;
    this.hs2[k] = h2;
    // Load stays under 0.6 so a miss ends within a few slots of one cache line.
    if ((k + 1) * 5 > this.mask * 3) this.grow();
    return true;
  }

  private grow(): void {
    const n = (this.mask + 1) * 2;
    const fp = new Uint16Array(n);
    const at = new Int32Array(n);
    const mask = n - 1;
    const hs1 = this.hs1;
    const hs2 = this.hs2;
    for (let k = 0; k < this.list.length; k++) {
      let i = hs1[k] & mask;
      while (fp[i] !== 0) i = (i + 1) & mask;
      fp[i] = (hs2[k] >>> 16) | 1;
      at[i] = k;
    }
    this.fp = fp;
    this.at = at;
    this.mask = mask;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.list[Symbol.iterator]();
  }
}

/**
 * Live orders by id, iterated in the order they went live (a list threaded
 * through the orders), so snapshots and hashes do not depend on table layout.
 * Deletion shifts later entries back (no tombstones), so heavy churn never
 * forces a rehash.
 */
export class LiveOrders {
  private fp = new Int32Array(1024);
  /** Home slot (h1) of each entry, for backward-shift deletion. */
  private home = new Int32Array(1024);
  private vals: (Order | null)[] = new Array<Order | null>(1024).fill(null);
  private mask = 1023;
  private count = 0;
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
    if (this.count * 2 > this.mask) this.resize((this.mask + 1) * 2);
  }

  private insert(o: Order, a: number, b: number): void {
    let i = a & this.mask;
    while (this.fp[i] !== 0) i = (i + 1) & this.mask;
    this.fp[i] = b;
    this.home[i] = a;
    this.vals[i] = o;
    o.slot = i;
  }

  delete(o: Order): void {
    let i = o.slot;
    if (i < 0 || this.vals[i] !== o) return;
    o.slot = -1;
    // Backward shift: pull later entries of the same run into the hole when their home allows.
    const mask = this.mask;
    const fp = this.fp;
    const home = this.home;
    const vals = this.vals;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (fp[j] === 0) break;
      const k = home[j] & mask;
      const stays = i <= j ? i < k && k <= j : i < k || k <= j;
      if (stays) continue;
      fp[i] = fp[j];
      home[i] = home[j];
      const moved = vals[j]!;
      vals[i] = moved;
      moved.slot = i;
      i = j;
    }
    fp[i] = 0;
    vals[i] = null;
    if (o.lprev) o.lprev.lnext = o.lnext;
    else this.head = o.lnext;
    if (o.lnext) o.lnext.lprev = o.lprev;
    else this.tail = o.lprev;
    o.lprev = o.lnext = null;
    this.count--;
  }

  private resize(n: number): void {
    const old = this.vals;
    const oldHome = this.home;
    const oldFp = this.fp;
    this.fp = new Int32Array(n);
    this.home = new Int32Array(n);
    this.vals = new Array<Order | null>(n).fill(null);
    this.mask = n - 1;
    for (let i = 0; i < old.length; i++) {
      const o = old[i];
      if (o !== null) this.insert(o, oldHome[i], oldFp[i]);
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
