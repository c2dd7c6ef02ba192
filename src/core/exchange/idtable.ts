import type { Order } from './order';

/**
 * Order ids are strings, and the engine looks one up on every command: once
 * among every id ever used (DUPLICATE_ID) and once among the live orders.
 * JavaScript's Set and Map chase several pointers per lookup, which at a
 * million ids means several cache misses. These tables probe typed arrays of
 * 32-bit fingerprints instead and touch the string only when a fingerprint
 * matches, so a new id costs one probe in a flat array.
 */

/** A full-string hash of the last id hashed (odd, so never 0): fingerprints and probe steps. */
let hh = 1;
/**
 * Where the id's probe starts in the used-id table: the hash of everything
 * up to its trailing run of base-36 digits, plus the value of that run. Order
 * ids are nearly always counters ("o1a3", "you.17", "bot:mm:FUN.42"), so
 * consecutive ids start in consecutive slots and a new id's check touches
 * the cache line the previous one did; ids without a pattern spread as
 * randomly as any hash.
 */
let home = 0;

/** Hashes an id for the next table call that says it takes the last hash. */
export function hashId(s: string): number {
  let b = 0x2545f491 | 0;
  let prefix = b;
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b = Math.imul(b ^ c, 0x5bd1e995);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (d >= 0) {
      // Wraps at 2^32, which keeps consecutive counters consecutive.
      run = (Math.imul(run, 36) + d) | 0;
    } else {
      run = 0;
      prefix = b;
    }
  }
  b ^= b >>> 13;
  b = Math.imul(b, 0x297a2d39);
  b ^= b >>> 15;
  hh = b | 1;
  prefix ^= prefix >>> 15;
  prefix = Math.imul(prefix, 0x2c1b3c6d);
  prefix ^= prefix >>> 12;
  home = (prefix + run) | 0;
  return hh;
}

/** A well-mixed second value from a full hash, for tables that want no locality. */
function mix(h: number): number {
  let a = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  a ^= a >>> 16;
  return a;
}

const CHUNK = 0x10000;

/** Every id ever added, insert-only, iterated in insertion order. */
export class IdSet {
  /**
   * One Int32 per slot: a 16-bit fingerprint (high half, never 0) and the low
   * 16 bits of the id's insertion index (low half). An insert reads and writes
   * one cache line; a fingerprint match checks the ids whose index has those
   * low bits (one in 65,536), by their stored hashes, then by the string.
   */
  private tab = new Int32Array(1024);
  private mask = 1023;
  /** The ids in insertion order, in fixed chunks of 65,536: appending never copies. */
  private readonly chunks: string[][] = [];
  private n = 0;
  /** Each id's start slot hash and full hash, by insertion index: growing and checking never read a string first. */
  private hs1 = new Int32Array(512);
  private hs2 = new Int32Array(512);

  get size(): number {
    return this.n;
  }

  has(id: string): boolean {
    hashId(id);
    return this.find(id) === -1;
  }

  /** The slot to fill for id (≥ 0), or -1 when id is already in. Expects hash(id) done. */
  private find(id: string): number {
    const f16 = (hh >>> 16) | 1;
    const tab = this.tab;
    const mask = this.mask;
    // Double hashing: a run of consecutive ids fills consecutive slots, and an
    // id whose start lands inside such a run jumps out of it rather than walking it.
    const step = (hh >>> 3) | 1;
    let i = home & mask;
    for (;;) {
      const e = tab[i];
      if (e === 0) return i;
      if (e >>> 16 === f16 && this.holds(e & 0xffff, id)) return -1;
      i = (i + step) & mask;
    }
  }

  private holds(low: number, id: string): boolean {
    for (let k = low, c = 0; k < this.n; k += CHUNK, c++) {
      if (this.hs2[k] === hh && this.hs1[k] === home && this.chunks[c][low] === id) return true;
    }
    return false;
  }

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    hashId(id);
    return this.addHashed(id);
  }

  /** add(), for the id hashId() hashed last. */
  addHashed(id: string): boolean {
    const i = this.find(id);
    if (i === -1) return false;
    const k = this.n++;
    this.tab[i] = (((hh >>> 16) | 1) << 16) | (k & 0xffff);
    const low = k & 0xffff;
    if (low === 0) this.chunks.push(new Array<string>(CHUNK));
    this.chunks[k >>> 16][low] = id;
    if (k === this.hs1.length) {
      const a = new Int32Array(k * 2);
      const b = new Int32Array(k * 2);
      a.set(this.hs1);
      b.set(this.hs2);
      this.hs1 = a;
      this.hs2 = b;
    }
    this.hs1[k] = home;
    this.hs2[k] = hh;
    // Load stays under 0.7: a miss ends within a few slots, mostly in one cache line.
    if ((k + 1) * 10 > this.mask * 7) this.grow();
    return true;
  }

  private grow(): void {
    const n = (this.mask + 1) * 2;
    const tab = new Int32Array(n);
    const mask = n - 1;
    const hs1 = this.hs1;
    const hs2 = this.hs2;
    // Insertion order is mostly home order too (counters), so the rebuild streams.
    for (let k = 0; k < this.n; k++) {
      const f = hs2[k];
      const step = (f >>> 3) | 1;
      let i = hs1[k] & mask;
      while (tab[i] !== 0) i = (i + step) & mask;
      tab[i] = (((f >>> 16) | 1) << 16) | (k & 0xffff);
    }
    this.tab = tab;
    this.mask = mask;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let k = 0; k < this.n; k++) yield this.chunks[k >>> 16][k & 0xffff];
  }
}

/**
 * Live orders by id. Iteration follows the orders' sequence numbers (their
 * arrival, or their last loss of priority), so snapshots and hashes do not
 * depend on the table's layout. Deletion shifts later entries back (no
 * tombstones), so heavy churn never forces a rehash, and touches no other
 * order.
 */
export class LiveOrders {
  private fp = new Int32Array(1024);
  /** Home slot of each entry, for backward-shift deletion. */
  private home = new Int32Array(1024);
  private vals: (Order | null)[] = new Array<Order | null>(1024).fill(null);
  private mask = 1023;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: string): Order | undefined {
    hashId(id);
    return this.getHashed(id);
  }

  /** get(), for the id hashId() hashed last. */
  getHashed(id: string): Order | undefined {
    let i = mix(hh) & this.mask;
    for (;;) {
      const f = this.fp[i];
      if (f === 0) return undefined;
      if (f === hh) {
        const o = this.vals[i]!;
        if (o.id === id) return o;
      }
      i = (i + 1) & this.mask;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds an order whose id is not live; its hash is the one it was made with (Order.hash). */
  set(o: Order): void {
    this.insert(o, mix(o.hash), o.hash);
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

  /** The live orders by sequence number: a snapshot of the moment, safe to change the table while using it. */
  values(): Order[] {
    const out: Order[] = [];
    for (const o of this.vals) if (o !== null) out.push(o);
    return out.sort((a, b) => a.seq - b.seq);
  }

  [Symbol.iterator](): Iterator<Order> {
    return this.values()[Symbol.iterator]();
  }
}
