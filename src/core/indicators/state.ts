import { Code, fail, type Result } from '../codes';

/**
 * Saving and restoring an indicator's state as plain JSON. A live strategy's
 * indicators are saved with the sim and must resume bit-for-bit, so every
 * double goes through JSON unchanged: JSON has no NaN, ±Infinity or −0, so
 * NaN is saved as null and the other three as the strings below (a restored
 * −0 or ±Infinity in a running sum gives the same next values as the
 * original; one turned into NaN or 0 would not).
 *
 * States come from storage and files: `StateReader` reads one field by field
 * (own properties only, never spread), and the first malformed field makes
 * `load` refuse the whole state with INVALID_SNAPSHOT, having changed nothing.
 */
export type SavedNumber = number | null | 'Infinity' | '-Infinity' | '-0';

export function encodeNumber(x: number): SavedNumber {
  if (Number.isNaN(x)) return null;
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

/** The number a saved one stands for; undefined when it is not one. */
export function decodeNumber(v: unknown): number | undefined {
  if (v === null) return Number.NaN;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === '-0') return -0;
  return undefined;
}

export function encodeNumbers(xs: ArrayLike<number>): SavedNumber[] {
  const out: SavedNumber[] = new Array<SavedNumber>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = encodeNumber(xs[i]);
  return out;
}

/** Non-finite values among the first `count` of a ring (its live slots while warming up; all once full). */
export function countGaps(ring: Float64Array, count: number): number {
  let gaps = 0;
  for (let i = 0; i < count; i++) if (!Number.isFinite(ring[i])) gaps++;
  return gaps;
}

/** The ring of a window indicator as saved: its values, how many are in, the next slot, the non-finite ones. */
export interface SavedWindow {
  ring: Float64Array;
  count: number;
  next: number;
  gaps: number;
}

/**
 * Reads the ring part every window indicator saves (`ring`, `count`, `next`,
 * `gaps`) and checks that it holds together: while warming up the next slot
 * is the count, and `gaps` counts the non-finite values in it. A failure is
 * left on the reader, as for any field.
 */
export function readWindow(r: StateReader, period: number): SavedWindow {
  const ring = r.numbers('ring', period);
  const count = r.int('count', 0, period);
  const next = r.int('next', 0, period - 1);
  const gaps = r.int('gaps', 0, count);
  if (r.error === null && count < period && next !== count) r.fail('next must equal count while warming up');
  if (r.error === null && countGaps(ring, count) !== gaps) r.fail('gaps must count the non-finite values in the window');
  return { ring, count, next, gaps };
}

/** What `load` answers: nothing changed unless ok. */
export type LoadResult = Result;
export const LOADED: LoadResult = Object.freeze({ ok: true as const });

/** Whatever can be saved and restored exactly. */
export interface Saveable {
  /** The whole state as plain JSON (the parameters included, so a state is never loaded into a differently built object). */
  save(): unknown;
  /** Restores a state `save` produced on an object built the same way; refuses anything else and then changes nothing. */
  load(state: unknown): LoadResult;
}

/**
 * Reads a saved state field by field. Each reader returns a harmless
 * placeholder once a field is wrong and keeps the first error, so `load`
 * reads everything, then checks `error` once before assigning anything.
 */
export class StateReader {
  error: string | null = null;
  private readonly obj: Record<string, unknown>;

  /** `params`: the values the state must carry for this object (its kind's constructor arguments). */
  constructor(state: unknown, readonly kind: string, params: Readonly<Record<string, number>>) {
    if (typeof state !== 'object' || state === null || Array.isArray(state)) {
      this.obj = Object.create(null) as Record<string, unknown>;
      this.error = `a saved ${kind} must be an object`;
      return;
    }
    this.obj = state as Record<string, unknown>;
    if (this.field('kind') !== kind) this.fail(`this is not a saved ${kind}`);
    for (const [name, want] of Object.entries(params)) {
      const got = this.field(name);
      if (!Object.is(got, want)) this.fail(`it was saved with ${name} ${String(got)}, this one has ${want}`);
    }
  }

  /** An own property (an inherited one, e.g. from a polluted prototype, is absent). */
  field(name: string): unknown {
    return Object.hasOwn(this.obj, name) ? this.obj[name] : undefined;
  }

  /** A saved double (NaN, ±Infinity, −0 as encoded). */
  number(name: string): number {
    const v = decodeNumber(this.field(name));
    if (v === undefined) return this.fail(`${name} is not a number`, 0);
    return v;
  }

  /** A finite double. */
  finite(name: string): number {
    const v = this.number(name);
    return Number.isFinite(v) ? v : this.fail(`${name} must be finite`, 0);
  }

  /** An integer in [min, max]. */
  int(name: string, min: number, max: number): number {
    const v = this.field(name);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return this.fail(`${name} must be an integer from ${min} to ${max}`, min);
    return v;
  }

  bool(name: string): boolean {
    const v = this.field(name);
    return typeof v === 'boolean' ? v : this.fail(`${name} must be true or false`, false);
  }

  /** An array of exactly `length` saved doubles. */
  numbers(name: string, length: number): Float64Array {
    const v = this.field(name);
    const out = new Float64Array(length);
    if (!Array.isArray(v) || v.length !== length) return this.fail(`${name} must be a list of ${length} numbers`, out);
    for (let i = 0; i < length; i++) {
      const x = decodeNumber(v[i]);
      if (x === undefined) return this.fail(`${name}[${i}] is not a number`, out);
      out[i] = x;
    }
    return out;
  }

  /** Records the first error; returns `placeholder` so reading can go on. */
  fail<T>(message: string, placeholder?: T): T {
    if (this.error === null) this.error = message;
    return placeholder as T;
  }

  failure(): LoadResult {
    return fail(Code.INVALID_SNAPSHOT, `Saved ${this.kind} refused: ${this.error ?? 'unknown error'}.`);
  }
}
