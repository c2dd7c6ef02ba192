import { pow10 } from '../exchange/decimal';

const DAY = 86_400_000;

/** Plain JSON: what EquityHistory saves and restores. */
export interface EquityState {
  v: 1;
  capacity: number;
  dec: number;
  stride: number;
  sinceCommit: number;
  ts: number[];
  equity: number[];
  pending: [number, number] | null;
  peak: number | null;
  /** UTC day number of the newest record; null before the first. */
  dayKey: number | null;
  dayOpen: number;
}

export interface EquityOptions {
  /** Most points kept (even, ≥ 4); default 10,000. */
  capacity?: number;
  /** Decimals of the cash asset's minor units the amounts are in; default 2. */
  dec?: number;
}

/**
 * One account's equity over time (minor units of the cash asset), its peak
 * for the drawdown rule, and the day's opening equity for day P&L.
 *
 * Bounded without forgetting the start: when the buffer fills, every other
 * point is dropped and from then on only every second record is kept (the
 * stride doubles), so the points stay evenly spread over the whole history.
 * The newest record is always returned by points(), kept or not.
 */
export class EquityHistory {
  private readonly capacity: number;
  private dec: number;
  private ts: number[] = [];
  private eq: number[] = [];
  /** Keep one record in `stride`; records since the last kept one. */
  private stride = 1;
  private sinceCommit = 0;
  /** The newest record when it was not kept. */
  private pending: [number, number] | null = null;
  private top: number | null = null;
  /** UTC day number (ts / 1 day) of the newest record, and equity when that day began. */
  private dayKey = -Infinity;
  private dayOpen = 0;

  constructor(opts: EquityOptions = {}) {
    const c = Math.floor(opts.capacity ?? 10_000);
    this.capacity = Math.max(4, c - (c % 2));
    this.dec = opts.dec ?? 2;
  }

  /**
   * Adds a point. A record at the newest point's time replaces it (several
   * updates in one tick); an older one is ignored (time only moves forward).
   * Pass `dec` when the cash asset's scale may have grown since.
   */
  record(ts: number, equity: number, dec?: number): void {
    if (dec !== undefined) this.setScale(dec);
    const last = this.latest();
    if (last !== undefined && ts <= last[0]) {
      if (ts < last[0]) return;
      if (this.pending !== null) this.pending[1] = equity;
      else this.eq[this.eq.length - 1] = equity;
      this.raisePeak(equity);
      return;
    }
    const day = Math.floor(ts / DAY);
    if (day !== this.dayKey) {
      // The day opens at the last equity seen before it; the first record of all opens its own day.
      this.dayOpen = last !== undefined ? last[1] : equity;
      this.dayKey = day;
    }
    this.raisePeak(equity);
    this.sinceCommit++;
    if (this.ts.length > 0 && this.sinceCommit < this.stride) {
      this.pending = [ts, equity];
      return;
    }
    this.ts.push(ts);
    this.eq.push(equity);
    this.pending = null;
    this.sinceCommit = 0;
    if (this.ts.length >= this.capacity) this.halve();
  }

  /** Keeps every other point (the first included). The dropped newest stays visible as pending. */
  private halve(): void {
    const n = this.ts.length;
    const droppedLast: [number, number] = [this.ts[n - 1], this.eq[n - 1]];
    let k = 0;
    for (let i = 0; i < n; i += 2, k++) {
      this.ts[k] = this.ts[i];
      this.eq[k] = this.eq[i];
    }
    this.ts.length = k;
    this.eq.length = k;
    // n is even, so the newest was dropped: it was `stride` records after the last kept one.
    this.pending = droppedLast;
    this.sinceCommit = this.stride;
    this.stride *= 2;
  }

  private raisePeak(equity: number): void {
    if (this.top === null || equity > this.top) this.top = equity;
  }

  /** Newest [ts, equity], or undefined before the first record. */
  latest(): [number, number] | undefined {
    if (this.pending !== null) return [this.pending[0], this.pending[1]];
    const n = this.ts.length;
    return n === 0 ? undefined : [this.ts[n - 1], this.eq[n - 1]];
  }

  /** Columns for a chart (copies), oldest first, newest record last. */
  points(): { ts: number[]; equity: number[] } {
    const ts = this.ts.slice();
    const equity = this.eq.slice();
    if (this.pending !== null) {
      ts.push(this.pending[0]);
      equity.push(this.pending[1]);
    }
    return { ts, equity };
  }

  get size(): number {
    return this.ts.length + (this.pending !== null ? 1 : 0);
  }

  /** Highest equity recorded, moved by transfers; 0 before the first record. */
  get peak(): number {
    return this.top ?? 0;
  }

  /**
   * Equity when the UTC day containing `ts` began: the last point before
   * midnight, else the day's first point; undefined when nothing is known.
   */
  dayStart(ts: number): number | undefined {
    const day = Math.floor(ts / DAY);
    if (day === this.dayKey) return this.dayOpen;
    const { ts: t, equity } = this.points();
    const midnight = day * DAY;
    let i = 0;
    while (i < t.length && t[i] < midnight) i++;
    if (i > 0) return equity[i - 1];
    return i < t.length && t[i] < midnight + DAY ? equity[i] : undefined;
  }

  /** Moves the peak (deposits raise it, withdrawals lower it) so moving cash is not a drawdown. Never below 0. */
  adjustPeak(delta: number): void {
    if (this.top === null) return; // the first record will set it
    this.top = Math.max(0, this.top + delta);
  }

  /** Moves today's opening equity so a deposit or withdrawal is not day P&L. */
  adjustDayStart(delta: number): void {
    if (this.dayKey !== -Infinity) this.dayOpen += delta;
  }

  /** A deposit (+) or withdrawal (−) worth `delta`: moves both baselines. */
  transfer(delta: number): void {
    this.adjustPeak(delta);
    this.adjustDayStart(delta);
  }

  /** The cash asset gained decimals: multiply every stored amount up (scales only grow). */
  setScale(dec: number): void {
    if (dec <= this.dec) return;
    const f = pow10(dec - this.dec);
    for (let i = 0; i < this.eq.length; i++) this.eq[i] *= f;
    if (this.pending !== null) this.pending[1] *= f;
    if (this.top !== null) this.top *= f;
    this.dayOpen *= f;
    this.dec = dec;
  }

  state(): EquityState {
    return {
      v: 1, capacity: this.capacity, dec: this.dec, stride: this.stride, sinceCommit: this.sinceCommit,
      ts: this.ts.slice(), equity: this.eq.slice(), pending: this.pending === null ? null : [this.pending[0], this.pending[1]],
      peak: this.top, dayKey: Number.isFinite(this.dayKey) ? this.dayKey : null, dayOpen: this.dayOpen,
    };
  }

  static restore(s: EquityState): EquityHistory {
    const h = new EquityHistory({ capacity: s.capacity, dec: s.dec });
    h.stride = s.stride;
    h.sinceCommit = s.sinceCommit;
    h.ts = s.ts.slice();
    h.eq = s.equity.slice();
    h.pending = s.pending === null ? null : [s.pending[0], s.pending[1]];
    h.top = s.peak;
    h.dayKey = s.dayKey ?? -Infinity;
    h.dayOpen = s.dayOpen;
    return h;
  }
}
