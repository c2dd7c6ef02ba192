import { checkPeriod, type Indicator } from './indicator';
import { encodeNumber, encodeNumbers, LOADED, StateReader, type LoadResult } from './state';

/**
 * The highest (or lowest) of the last `period` values (TradingView's
 * ta.highest/ta.lowest, technicalindicators' Highest/Lowest), O(1) amortised
 * and allocation-free: a monotonic deque of the window's candidates, held in
 * two preallocated rings (value and index). A new value evicts every
 * candidate it beats from the back (they can never be the extreme again), the
 * front leaves when it falls out of the window; each value enters and leaves
 * once, so n updates cost O(n) whatever the period.
 *
 * Lowest is Highest on negated values (negation is exact, −0 included).
 * A gap (non-finite value) makes the value NaN while it is among the last `period` values.
 */
class Extreme implements Indicator {
  readonly period: number;
  /** +1: highest; −1: lowest (the deque holds sign·x). */
  private readonly sign: number;
  private readonly kind: string;
  private readonly vals: Float64Array;
  private readonly idx: Float64Array;
  /** Deque front slot and length. */
  private head = 0;
  private size = 0;
  /** Updates so far (the index of the next value; a double: exact to 2⁵³). */
  private t = 0;
  /** Index of the last gap (−Infinity: none). */
  private lastGap = -Infinity;
  value = Number.NaN;

  protected constructor(kind: string, sign: number, period: number) {
    this.period = checkPeriod(kind === 'highest' ? 'A highest' : 'A lowest', period);
    this.kind = kind;
    this.sign = sign;
    this.vals = new Float64Array(period);
    this.idx = new Float64Array(period);
  }

  get ready(): boolean {
    return this.t >= this.period;
  }

  update(x: number): number {
    const period = this.period;
    const t = this.t++;
    const vals = this.vals;
    const idx = this.idx;
    let head = this.head;
    let size = this.size;
    // The front leaves the window first, so the push below always has room (≤ period − 1 left).
    if (size > 0 && idx[head] <= t - period) {
      head = head + 1 === period ? 0 : head + 1;
      size--;
    }
    if (x - x === 0) {
      const v = this.sign * x;
      let back = head + size - 1;
      if (back >= period) back -= period;
      while (size > 0 && vals[back] <= v) {
        size--;
        back = back === 0 ? period - 1 : back - 1;
      }
      let slot = head + size;
      if (slot >= period) slot -= period;
      vals[slot] = v;
      idx[slot] = t;
      size++;
    } else {
      this.lastGap = t;
    }
    this.head = head;
    this.size = size;
    return (this.value = t + 1 >= period && this.lastGap <= t - period && size > 0 ? this.sign * vals[head] : Number.NaN);
  }

  reset(): void {
    this.vals.fill(0);
    this.idx.fill(0);
    this.head = this.size = this.t = 0;
    this.lastGap = -Infinity;
    this.value = Number.NaN;
  }

  save(): unknown {
    return {
      kind: this.kind,
      period: this.period,
      vals: encodeNumbers(this.vals),
      idx: encodeNumbers(this.idx),
      head: this.head,
      size: this.size,
      t: this.t,
      lastGap: encodeNumber(this.lastGap),
      value: encodeNumber(this.value),
    };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, this.kind, { period: this.period });
    const vals = r.numbers('vals', this.period);
    const idx = r.numbers('idx', this.period);
    const head = r.int('head', 0, this.period - 1);
    const size = r.int('size', 0, this.period);
    const t = r.int('t', 0, Number.MAX_SAFE_INTEGER);
    const lastGap = r.number('lastGap');
    const value = r.number('value');
    if (r.error === null) {
      // The live entries must be real candidates: indices inside the last window, in order.
      for (let k = 0, prev = -Infinity; k < size; k++) {
        const j = idx[(head + k) % this.period];
        if (!Number.isInteger(j) || j <= prev || j >= t || j < t - this.period) {
          r.fail('the deque is not a window of past indices');
          break;
        }
        prev = j;
      }
      if (!(lastGap === -Infinity || (Number.isInteger(lastGap) && lastGap < t))) r.fail('lastGap must be a past index');
    }
    if (r.error !== null) return r.failure();
    this.vals.set(vals);
    this.idx.set(idx);
    this.head = head;
    this.size = size;
    this.t = t;
    this.lastGap = lastGap;
    this.value = value;
    return LOADED;
  }
}

/** The highest of the last `period` values. */
export class Highest extends Extreme {
  constructor(period: number) {
    super('highest', 1, period);
  }
}

/** The lowest of the last `period` values. */
export class Lowest extends Extreme {
  constructor(period: number) {
    super('lowest', -1, period);
  }
}
