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
/**
 * The id as a counter: its trailing run of lowercase base-36 digits (decimal
 * digits are base-36 digits too) read as a number, and where that run starts.
 * `num` is -1 when the run is not a canonical numeral the bitmaps of IdSet can
 * hold: empty, longer than NUM_DIGITS, or with a leading zero ("o007").
 * Everything before the run is the prefix ("you.", "bot:mm:FUN.", or "" for
 * "o1a3", whose every character is a base-36 digit). Two different ids never
 * share both prefix and value, since a canonical numeral is unique.
 */
let num = -1;
let numAt = 0;
/** Whether the id has a ':' (only the prefix can: it is not a base-36 digit). */
let colon = false;

/** Whether the id hashId() hashed last has a ':' in it. */
export function hadColon(): boolean {
  return colon;
}

/** At most 10 base-36 digits: 36^10 < 2^53, so the value is exact. */
const NUM_DIGITS = 10;

/** Value of each base-36 digit by character code (lowercase letters only), -1 for any other character. */
const DIGIT = new Int8Array(128).fill(-1);
for (let c = 48; c <= 57; c++) DIGIT[c] = c - 48;
for (let c = 97; c <= 122; c++) DIGIT[c] = c - 87;

/**
 * The first chunk's first size: a sim that sends a few orders does not pay
 * for 64 Ki slots (0.5 MB; a relay runs a thousand sims). Later chunks are
 * made whole: a table past 65,536 ids is a busy one, and growing each chunk
 * by copies again cost the journal's bench a copy per id.
 */
const FIRST_CHUNK = 1024;

/**
 * Puts id number `k` in `chunks` (65,536 to a chunk). The first chunk starts small and
 * doubles, copied by hand, so that every store is into a slot that exists: a
 * chunk grown by storing at its end (the engine's growth, 1.5 times plus 16)
 * made each append a growing store and each growth a fresh large array, and
 * the journal's bench ran some 8 % slower for it.
 */
function appendId(chunks: string[][], k: number, id: string): void {
  const c = k >>> 16;
  const low = k & 0xffff;
  if (low === 0) chunks.push(new Array<string>(c === 0 ? FIRST_CHUNK : 0x10000));
  let chunk = chunks[c];
  if (low === chunk.length) {
    const grown = new Array<string>(low * 2);
    for (let i = 0; i < low; i++) grown[i] = chunk[i];
    chunks[c] = chunk = grown;
  }
  chunk[low] = id;
}

/** Hashes an id for the next table call that says it takes the last hash. */
export function hashId(s: string): number {
  const n = s.length;
  // The trailing run of base-36 digits, found from the end: no branch on each
  // character's class in the loops below, which ids mixing letters and digits
  // ("o1a3") would mispredict.
  let at = n;
  while (at > 0) {
    const c = s.charCodeAt(at - 1);
    if (c >= 128 || DIGIT[c] < 0) break;
    at--;
  }
  let b = 0x2545f491 | 0;
  let sawColon = false;
  for (let i = 0; i < at; i++) {
    const c = s.charCodeAt(i);
    b = Math.imul(b ^ c, 0x5bd1e995);
    if (c === 58) sawColon = true;
  }
  let prefix = b;
  let run = 0;
  let val = 0;
  for (let i = at; i < n; i++) {
    const c = s.charCodeAt(i);
    b = Math.imul(b ^ c, 0x5bd1e995);
    const d = DIGIT[c];
    // Wraps at 2^32, which keeps consecutive counters consecutive.
    run = (Math.imul(run, 36) + d) | 0;
    val = val * 36 + d;
  }
  b ^= b >>> 13;
  b = Math.imul(b, 0x297a2d39);
  b ^= b >>> 15;
  hh = b | 1;
  prefix ^= prefix >>> 15;
  prefix = Math.imul(prefix, 0x2c1b3c6d);
  prefix ^= prefix >>> 12;
  home = (prefix + run) | 0;
  const digits = n - at;
  numAt = at;
  colon = sawColon;
  num = digits > 0 && digits <= NUM_DIGITS && (digits === 1 || s.charCodeAt(at) !== 48) ? val : -1;
  return hh;
}

/**
 * hashId's full hash alone (equal to it for every id), for lookups that need
 * neither the numeral nor the prefix: cancels, and the engine's units API.
 */
export function hashLive(s: string): number {
  let b = 0x2545f491 | 0;
  for (let i = 0; i < s.length; i++) b = Math.imul(b ^ s.charCodeAt(i), 0x5bd1e995);
  b ^= b >>> 13;
  b = Math.imul(b, 0x297a2d39);
  b ^= b >>> 15;
  hh = b | 1;
  return hh;
}

/** A well-mixed second value from a full hash, for tables that want no locality. */
function mix(h: number): number {
  let a = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  a ^= a >>> 16;
  return a;
}

/** Bits per bitmap page: 4 KB. */
const PAGE_BITS = 1 << 15;
/**
 * Pages are made freely up to FREE_PAGES (256 KB in all); beyond that only
 * while all pages together hold at least one id per MIN_DENSITY bits, so the
 * bitmaps never cost more than 8 bytes per id they hold.
 */
const FREE_PAGES = 64;
const MIN_DENSITY = 64;
/** Prefixes that get bitmaps; ids under any later one go to the hash table. */
const MAX_PREFIXES = 1024;

/** The counters used under one prefix, one bit each, in pages of PAGE_BITS. */
class CounterBits {
  readonly pages = new Map<number, Int32Array>();
  /**
   * Set once a page was refused; from then on this prefix gets no page, so
   * an id's place (a page, or the hash table) never changes.
   */
  spilled = false;
  lastPage = -1;
  last: Int32Array | undefined = undefined;
  constructor(readonly prefix: string) {}

  /** Page p if it exists. */
  find(p: number): Int32Array | undefined {
    if (p === this.lastPage) return this.last;
    const a = this.pages.get(p);
    if (a !== undefined) {
      this.lastPage = p;
      this.last = a;
    }
    return a;
  }
}

const CHUNK = 0x10000;

/**
 * Every id ever added, insert-only, iterated in insertion order.
 *
 * Counter ids (a prefix, then a canonical numeral of up to 10 lowercase
 * base-36 digits: "o1a3", "you.17", "A-42"; see hashId) are kept as one bit
 * per value in pages of a bitmap per prefix: a new counter sets the bit next
 * to the previous one's, with no hashing into a table that grows with every
 * id. Any other id, and counters too sparse for pages to pay off (fewer than
 * one id per 64 values, over all pages), go to a hash table. The ids themselves are kept once, in
 * insertion order, for iteration (snapshots).
 */
export class IdSet {
  private readonly hashed = new HashedIds();
  private readonly prefixes = new Map<string, CounterBits>();
  /** The last prefix's bits: ids mostly repeat it. */
  private bits: CounterBits | null = null;
  /** The ids in insertion order, in chunks of 65,536 (appendId): a full chunk is never copied. */
  private readonly chunks: string[][] = [];
  private n = 0;
  /** Bitmap pages made, and ids they hold (for the density rule). */
  private pageCount = 0;
  private bitCount = 0;

  get size(): number {
    return this.n;
  }

  /** The bits for the prefix of the id hashId() hashed last, made if `make`. */
  private bitsFor(id: string, make: boolean): CounterBits | null {
    const b = this.bits;
    if (b !== null && b.prefix.length === numAt && (numAt === 0 || id.startsWith(b.prefix))) return b;
    const prefix = numAt === 0 ? '' : id.slice(0, numAt);
    let c = this.prefixes.get(prefix);
    if (c === undefined) {
      if (!make || this.prefixes.size >= MAX_PREFIXES) return null;
      c = new CounterBits(prefix);
      this.prefixes.set(prefix, c);
    }
    this.bits = c;
    return c;
  }

  has(id: string): boolean {
    hashId(id);
    if (num >= 0) {
      const b = this.bitsFor(id, false);
      if (b !== null) {
        const p = Math.floor(num / PAGE_BITS);
        const page = b.find(p);
        if (page !== undefined) {
          const v = num - p * PAGE_BITS;
          return (page[v >>> 5] & (1 << (v & 31))) !== 0;
        }
      }
    }
    return this.hashed.hasHashed(id);
  }

  /** Adds the id; false if it was already there. */
  add(id: string): boolean {
    hashId(id);
    return this.addHashed(id);
  }

  /** add(), for the id hashId() hashed last. */
  addHashed(id: string): boolean {
    if (num >= 0) {
      const b = this.bitsFor(id, true);
      const p = Math.floor(num / PAGE_BITS);
      const page = b === null ? undefined : (b.find(p) ?? this.newPage(b, p));
      if (page !== undefined) {
        const v = num - p * PAGE_BITS;
        const w = v >>> 5;
        const m = 1 << (v & 31);
        const x = page[w];
        if ((x & m) !== 0) return false;
        page[w] = x | m;
        this.bitCount++;
        this.append(id);
        return true;
      }
    }
    if (!this.hashed.addHashed(id)) return false;
    this.append(id);
    return true;
  }

  /** A new page p for b, unless the density rule refuses it (then b spills for good). */
  private newPage(b: CounterBits, p: number): Int32Array | undefined {
    if (b.spilled) return undefined;
    if (this.pageCount >= FREE_PAGES && (this.pageCount + 1) * PAGE_BITS > MIN_DENSITY * this.bitCount) {
      b.spilled = true;
      return undefined;
    }
    const a = new Int32Array(PAGE_BITS >>> 5);
    b.pages.set(p, a);
    b.lastPage = p;
    b.last = a;
    this.pageCount++;
    return a;
  }

  private append(id: string): void {
    appendId(this.chunks, this.n++, id);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let k = 0; k < this.n; k++) yield this.chunks[k >>> 16][k & 0xffff];
  }
}

/** Ids in a hash table, insert-only, iterated in insertion order: the ids that are not counters. */
class HashedIds {
  /**
   * One Int32 per slot: a 16-bit fingerprint (high half, never 0) and the low
   * 16 bits of the id's insertion index (low half). An insert reads and writes
   * one cache line; a fingerprint match checks the ids whose index has those
   * low bits (one in 65,536), by their stored hashes, then by the string.
   */
  private tab = new Int32Array(1024);
  private mask = 1023;
  /** The ids in insertion order, in chunks of 65,536 (appendId): a full chunk is never copied. */
  private readonly chunks: string[][] = [];
  private n = 0;
  /** Each id's start slot hash and full hash, by insertion index: growing and checking never read a string first. */
  private hs1 = new Int32Array(512);
  private hs2 = new Int32Array(512);

  get size(): number {
    return this.n;
  }

  /** Whether the id hashId() hashed last is in. */
  hasHashed(id: string): boolean {
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

  /** Adds the id hashId() hashed last; false if it was already there. */
  addHashed(id: string): boolean {
    const i = this.find(id);
    if (i === -1) return false;
    const k = this.n++;
    this.tab[i] = (((hh >>> 16) | 1) << 16) | (k & 0xffff);
    appendId(this.chunks, k, id);
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
}

/**
 * Live orders by id. Iteration follows the orders' sequence numbers (their
 * arrival, or their last loss of priority), so snapshots and hashes do not
 * depend on the table's layout. Deletion shifts later entries back (no
 * tombstones), so heavy churn never forces a rehash, and touches no other
 * order.
 */
export class LiveOrders {
  /** Each entry's full hash (never 0: a free slot); its home slot, for backward-shift deletion, is mix() of it. */
  private fp = new Int32Array(1024);
  private vals: (Order | null)[] = new Array<Order | null>(1024).fill(null);
  private mask = 1023;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: string): Order | undefined {
    hashLive(id);
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

  /** Adds an order whose id is not live; `hash` is hashId(o.id), when the caller has it already. */
  set(o: Order, hash: number = hashId(o.id)): void {
    this.insert(o, hash);
    this.count++;
    o.account.liveOrders++;
    if (this.count * 2 > this.mask) this.resize((this.mask + 1) * 2);
  }

  private insert(o: Order, hash: number): void {
    let i = mix(hash) & this.mask;
    while (this.fp[i] !== 0) i = (i + 1) & this.mask;
    this.fp[i] = hash;
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
    const vals = this.vals;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (fp[j] === 0) break;
      const k = mix(fp[j]) & mask;
      const stays = i <= j ? i < k && k <= j : i < k || k <= j;
      if (stays) continue;
      fp[i] = fp[j];
      const moved = vals[j]!;
      vals[i] = moved;
      moved.slot = i;
      i = j;
    }
    fp[i] = 0;
    vals[i] = null;
    this.count--;
    o.account.liveOrders--;
  }

  private resize(n: number): void {
    const old = this.vals;
    const oldFp = this.fp;
    this.fp = new Int32Array(n);
    this.vals = new Array<Order | null>(n).fill(null);
    this.mask = n - 1;
    for (let i = 0; i < old.length; i++) {
      const o = old[i];
      if (o !== null) this.insert(o, oldFp[i]);
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
