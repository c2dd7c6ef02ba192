import type { RunColumns, RunCursor } from './columns';
import type { Bar } from './types';

/**
 * A bar the runner and the backtester write into, bar after bar. A class of
 * its own, not an object literal: V8 gives every literal with the same keys in
 * the same order one hidden class, and candles elsewhere hold integers under
 * these keys, which would make every field here a boxed number (a heap
 * allocation per field per bar, measured: ~80 bytes a bar). Its own class keeps
 * the six fields plain doubles.
 */
export class MutableBar implements Bar {
  time = Number.NaN;
  open = Number.NaN;
  high = Number.NaN;
  low = Number.NaN;
  close = Number.NaN;
  volume = Number.NaN;
}

/**
 * The bar of a run whose bars are all known (a backtest: `RunnerOptions.columns`),
 * read from the run's columns where the runner's cursor is (the bar just
 * closed; NaN before the first). Nothing is written per bar: a MutableBar
 * written bar after bar read all six columns and stored six fields on every
 * bar of a backtest, where a strategy reads one or two of them on a few (the
 * bench's million bars: ~5 ms a run, a twentieth of it). Read-only: a run
 * over known bars does not change them. `toJSON` gives the six numbers, as a
 * plain bar's JSON would.
 */
export class ColumnBar implements Bar {
  readonly #columns: RunColumns;
  readonly #cursor: RunCursor;

  constructor(columns: RunColumns, cursor: RunCursor) {
    this.#columns = columns;
    this.#cursor = cursor;
  }

  get time(): number {
    const i = this.#cursor.at;
    return i >= 0 ? this.#columns.time[i] : Number.NaN;
  }

  get open(): number {
    const i = this.#cursor.at;
    return i >= 0 ? this.#columns.open[i] : Number.NaN;
  }

  get high(): number {
    const i = this.#cursor.at;
    return i >= 0 ? this.#columns.high[i] : Number.NaN;
  }

  get low(): number {
    const i = this.#cursor.at;
    return i >= 0 ? this.#columns.low[i] : Number.NaN;
  }

  get close(): number {
    const i = this.#cursor.at;
    return i >= 0 ? this.#columns.close[i] : Number.NaN;
  }

  get volume(): number {
    const i = this.#cursor.at;
    return i >= 0 ? this.#columns.volume[i] : Number.NaN;
  }

  toJSON(): Bar {
    return { time: this.time, open: this.open, high: this.high, low: this.low, close: this.close, volume: this.volume };
  }
}
