// Seeded pseudo-random numbers with a state that can be saved and restored.
//
// The simulation must replay bit-for-bit from a seed and a journal, so nothing
// in src/core may use the platform's unseeded generator. Every consumer gets an Rng built here
// and snapshots it with getState().
//
// Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
// 128-bit state, passes PractRand/BigCrush, only 32-bit integer ops so it is
// fast in JS). Seeds of any shape are hashed to 128 bits with cyrb128.

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in 0..n-1 (unbiased); n must be an integer in 1..2^32. */
  nextInt(n: number): number;
  /** Standard normal, mean 0, variance 1. */
  gaussian(): number;
  /** [a, b, c, d, hasSpare (0|1), spare]: plain numbers, JSON-safe. */
  getState(): number[];
}

const TWO_32 = 4294967296;

/** cyrb128: a cheap string hash with four 32-bit lanes, good enough to seed. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * One canonical string per seed, so that hashing is stable. Numbers and
 * strings are prefixed differently: createRng(1) and createRng('1') are
 * different streams, which avoids surprises when a seed round-trips through a
 * text field.
 */
function seedKey(seed: number | string): string {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
    return 'n:' + String(seed); // String(-0) is '0': one seed, not two
  }
  if (typeof seed === 'string') return 's:' + seed;
  throw new TypeError('seed must be a number or a string');
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  // The polar method yields normals in pairs; the unused one is part of the
  // state so that a restored generator continues the exact same sequence.
  private hasSpare: boolean;
  private spare: number;

  constructor(a: number, b: number, c: number, d: number, hasSpare = false, spare = 0) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    this.hasSpare = hasSpare;
    this.spare = spare;
  }

  /** One raw 32-bit output as an unsigned integer. */
  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / TWO_32;
  }

  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
      throw new RangeError(`nextInt(n) needs an integer 1..2^32, got ${n}`);
    }
    // Rejection sampling: drop the top sliver that would bias x % n.
    const limit = TWO_32 - (TWO_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  gaussian(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // Marsaglia polar method: no trig, exact normals from two uniforms.
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }

  getState(): number[] {
    // A used spare is no longer state: 0, so that equal generators give equal states.
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0, this.hasSpare ? 1 : 0, this.hasSpare ? this.spare : 0];
  }
}

export function createRng(seed: number | string): Rng {
  const [a, b, c, d] = cyrb128(seedKey(seed));
  const rng = new Sfc32(a, b, c, d);
  // Warm-up: the first outputs of sfc32 after seeding are weakly mixed.
  for (let i = 0; i < 15; i++) rng.next();
  return rng;
}

function isUint32(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < TWO_32;
}

/** Rebuild a generator from getState(); it continues the same sequence. */
export function restoreRng(state: number[]): Rng {
  if (!Array.isArray(state) || (state.length !== 4 && state.length !== 6)) {
    throw new TypeError('rng state must be an array of 4 or 6 numbers');
  }
  const [a, b, c, d] = state;
  if (![a, b, c, d].every(isUint32)) throw new TypeError('rng state words must be uint32');
  const hasSpare = state.length === 6 && state[4] === 1;
  const spare = state.length === 6 ? state[5] : 0;
  if (hasSpare && !Number.isFinite(spare)) throw new TypeError('rng spare must be finite');
  return new Sfc32(a, b, c, d, hasSpare, hasSpare ? spare : 0);
}

/**
 * Derive an independent sub-seed, e.g. one stream per instrument or bot, so
 * that adding a bot does not shift every other stream. Returns a non-negative
 * safe integer (53 bits) to keep collisions negligible across many labels.
 */
export function forkSeed(seed: number | string, label: string): number {
  const [h1, h2] = cyrb128('f:' + seedKey(seed) + '\u0000' + label);
  return (h2 & 0x1fffff) * TWO_32 + h1;
}
