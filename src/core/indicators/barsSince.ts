import type { Saveable } from './state';
import { encodeNumber, LOADED, StateReader, type LoadResult } from './state';

/**
 * Bars since a condition was last true (TradingView's ta.barssince): 0 on a
 * bar where it holds, 1 on the next, and so on; NaN until it has held once
 * (not a made-up count). Incremental, one boolean per bar.
 */
export class BarsSince implements Saveable {
  value = Number.NaN;

  get ready(): boolean {
    return this.value === this.value;
  }

  update(condition: boolean): number {
    // NaN + 1 stays NaN: before the first true there is nothing to count from.
    return (this.value = condition ? 0 : this.value + 1);
  }

  reset(): void {
    this.value = Number.NaN;
  }

  save(): unknown {
    return { kind: 'barsSince', value: encodeNumber(this.value) };
  }

  load(state: unknown): LoadResult {
    const r = new StateReader(state, 'barsSince', {});
    const value = r.number('value');
    if (r.error === null && !(Number.isNaN(value) || (Number.isInteger(value) && value >= 0))) r.fail('value must be a count of bars or null');
    if (r.error !== null) return r.failure();
    this.value = value;
    return LOADED;
  }
}

/** Batch form: out[i] = bars since conditions[k] was last true for k ≤ i, NaN before the first. */
export function barsSince(conditions: ArrayLike<boolean | number>): Float64Array {
  const b = new BarsSince();
  const out = new Float64Array(conditions.length);
  for (let i = 0; i < conditions.length; i++) out[i] = b.update(Boolean(conditions[i]));
  return out;
}
