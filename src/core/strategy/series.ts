import type { Series } from './types';

/** Values kept per series for `prev(n)`: enough for crossovers and lookbacks; older ones read NaN. */
export const SERIES_HISTORY = 64;

/**
 * One output of a declared indicator as a strategy reads it: the value after
 * the last closed bar and the ones before it, in a fixed ring (no allocation
 * per bar). `ready` is the indicator's own warm-up flag where it has one,
 * else whether the value is a number.
 */
export class SeriesBuffer implements Series {
  private readonly ring = new Float64Array(SERIES_HISTORY).fill(Number.NaN);
  /** Slot of the newest value. */
  private head = SERIES_HISTORY - 1;
  private readonly isReady: (() => boolean) | null;
  private column: Float64Array | null = null;
  private columnAt = 0;
  /** Set with each value by `pushReady` (a feed that knows its indicator's warm-up), read without a call. */
  readyNow = false;

  /** `ready`: how to ask the indicator; without it, the flag `pushReady` sets. */
  constructor(readonly name: string, ready?: () => boolean) {
    this.isReady = ready ?? null;
  }

  get value(): number {
    return this.ring[this.head];
  }

  get ready(): boolean {
    return this.isReady === null ? this.readyNow : this.isReady();
  }

  /** A value and whether the indicator is warmed up with it. */
  pushReady(v: number, ready: boolean): void {
    this.push(v);
    this.readyNow = ready;
  }

  prev(barsAgo: number): number {
    // `(x | 0) === x` is Number.isInteger for the range that matters, without a call; a compare, not a modulo.
    if ((barsAgo | 0) !== barsAgo || barsAgo < 0 || barsAgo >= SERIES_HISTORY) return Number.NaN;
    const k = this.head - barsAgo;
    return this.ring[k < 0 ? k + SERIES_HISTORY : k];
  }

  push(v: number): void {
    this.head = this.head + 1 === SERIES_HISTORY ? 0 : this.head + 1;
    this.ring[this.head] = v;
    if (this.column !== null && this.columnAt < this.column.length) this.column[this.columnAt++] = v;
  }

  /**
   * Also write every value pushed from now on into `column`, one slot per
   * push (a backtest's overlay: one value per bar, without reading them back
   * through the getter each bar).
   */
  recordInto(column: Float64Array): void {
    this.column = column;
    this.columnAt = 0;
  }

  /** Newest first, as JSON can hold them (savedNumber). */
  save(): SavedValue[] {
    const out: SavedValue[] = [];
    for (let i = 0; i < SERIES_HISTORY; i++) out.push(savedNumber(this.prev(i)));
    return out;
  }

  load(saved: readonly SavedValue[]): void {
    for (let i = SERIES_HISTORY - 1; i >= 0; i--) this.push(numberOf(saved[i]) ?? Number.NaN);
  }
}

/** A double as JSON holds it exactly: NaN as null, ±Infinity as strings (JSON would turn both into null). */
export type SavedValue = number | null | 'Infinity' | '-Infinity';

export function savedNumber(v: number): SavedValue {
  return Number.isNaN(v) ? null : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
}

/** The number a saved value stands for; undefined when it is none. */
export function numberOf(x: unknown): number | undefined {
  if (x === null) return Number.NaN;
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  return x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : undefined;
}

/** A saved history: SERIES_HISTORY saved values. */
export function isSavedHistory(x: unknown): x is SavedValue[] {
  return Array.isArray(x) && x.length === SERIES_HISTORY && x.every((v) => numberOf(v) !== undefined);
}
