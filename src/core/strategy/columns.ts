import { MutableBar } from './bar';
import { sourceOf, type Feed, type FeedState, type ValueIndicator } from './feeds';
import { SERIES_HISTORY } from './series';
import type { PriceSource, Series } from './types';

/** A whole run's bars as columns, oldest first (the backtester's `OhlcvColumns` is one). */
export interface RunColumns {
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** The bar a run's column series read at: the runner moves it once per closed bar (-1 before the first). */
export class RunCursor {
  at = -1;
}

/**
 * One output of an indicator computed over a whole run's bars before the
 * run starts (a backtest knows every bar in advance), read at the run's
 * cursor. It answers exactly what a `SeriesBuffer` fed bar by bar answers:
 * the same indicator code made the values, `prev` reaches back the same
 * SERIES_HISTORY bars and no further, and nothing past the cursor can be
 * read, so a strategy sees no more of the future than it would live.
 */
export class ColumnSeries implements Series {
  constructor(
    readonly name: string,
    /** The value after each bar. */
    readonly values: Float64Array,
    /** 1 where the indicator was warmed up after that bar; null: from bar `readyFrom` on (a warm-up that stays over). */
    private readonly readyAt: Uint8Array | null,
    private readonly readyFrom: number,
    private readonly cursor: RunCursor,
    /**
     * The same values computed afresh into a new column, for a one-value
     * indicator (null for others): what the run's overlay is made of once
     * this column has been lent to a later run (`lentOut`, engine.ts).
     */
    readonly again: (() => Float64Array) | null = null,
  ) {}

  /** Whether `values` was handed to a later run to write its own column into (engine.ts): read `again()` instead. */
  lentOut = false;

  get value(): number {
    const i = this.cursor.at;
    return i >= 0 ? this.values[i] : Number.NaN;
  }

  get ready(): boolean {
    const i = this.cursor.at;
    const at = this.readyAt;
    return i >= 0 && (at === null ? i >= this.readyFrom : at[i] === 1);
  }

  prev(barsAgo: number): number {
    if ((barsAgo | 0) !== barsAgo || barsAgo < 0 || barsAgo >= SERIES_HISTORY) return Number.NaN;
    const i = this.cursor.at - barsAgo;
    return i >= 0 ? this.values[i] : Number.NaN;
  }

  /** The run's values are already whole: the backtester takes them as the overlay's column. */
  recordInto(column: Float64Array): void {
    column.set(this.values.subarray(0, column.length));
  }
}

/**
 * A feed whose values were computed ahead over the run's columns. Nothing to
 * do per bar (the runner moves the cursor); not saved: a run over known bars
 * is not suspended and restored, it is run again.
 */
class ColumnFeed implements Feed {
  readonly ahead = true;
  constructor(
    readonly label: string,
    readonly overlay: boolean,
    readonly outputs: readonly ColumnSeries[],
    /**
     * The indicator that computed the values, held as long as the feed: while
     * one is alive V8 keeps its class's field layout (its hidden class), and
     * the next run's indicator of that class runs code already optimized
     * (engine.ts' `lastRun` says why that matters).
     */
    readonly source: unknown,
  ) {}

  update(): void {}

  save(): FeedState {
    throw new Error(`${this.label} was computed over a whole run's bars: such a run is not saved.`);
  }

  load(): string {
    return `${this.label} was computed over a whole run's bars: such a run is not restored.`;
  }
}

/** The column of a price source: the bars' own for the plain ones, computed for the mixed ones. */
function sourceColumn(bars: RunColumns, source: PriceSource): Float64Array {
  switch (source) {
    case 'open':
      return bars.open;
    case 'high':
      return bars.high;
    case 'low':
      return bars.low;
    case 'close':
      return bars.close;
    case 'volume':
      return bars.volume;
    default: {
      const out = new Float64Array(bars.length);
      const bar = new MutableBar();
      for (let i = 0; i < bars.length; i++) {
        bar.open = bars.open[i];
        bar.high = bars.high[i];
        bar.low = bars.low[i];
        bar.close = bars.close[i];
        out[i] = sourceOf(bar, source);
      }
      return out;
    }
  }
}

/**
 * Where a one-value indicator computed ahead writes its column: a new one by
 * default; a backtest lends the column of a finished run nobody reads any
 * more (engine.ts), so a sweep does not take fresh memory for every run.
 * Whatever a lent column holds is written over, every value.
 */
export type ColumnLender = (n: number) => Float64Array;

/**
 * A one-value indicator (SMA, EMA, RSI…) over a price source, computed ahead:
 * its update in a tight loop. `make` builds the indicator (called once here,
 * and again only if the column is lent and the values are asked for later).
 */
export function columnValueFeed(
  label: string, overlay: boolean, make: () => ValueIndicator, source: PriceSource, bars: RunColumns, cursor: RunCursor, lend?: ColumnLender,
): Feed {
  const n = bars.length;
  const input = sourceColumn(bars, source);
  const ind = make();
  const values = lend?.(n) ?? new Float64Array(n);
  const again = (): Float64Array => {
    const fresh = new Float64Array(n);
    computeColumn(make(), input, fresh);
    return fresh;
  };
  const c = computeColumn(ind, input, values);
  return new ColumnFeed(label, overlay, [new ColumnSeries(label, values, c.ready, c.readyFrom, cursor, again)], ind);
}

/**
 * The indicator's own column loop when it has one (the same numbers, faster, and its warm-up as one bar: feeds.ts),
 * else update by update, each bar's warm-up kept. Every value of `values` is written.
 */
function computeColumn(ind: ValueIndicator, input: Float64Array, values: Float64Array): { ready: Uint8Array | null; readyFrom: number } {
  if (ind.updateColumn !== undefined) return { ready: null, readyFrom: ind.updateColumn(input, values) };
  const ready = new Uint8Array(input.length);
  updateEach(ind, input, values, ready);
  return { ready, readyFrom: 0 };
}

/** `update` over the column, value by value: each answer, and whether the indicator was ready after it. */
function updateEach(ind: ValueIndicator, input: Float64Array, values: Float64Array, ready: Uint8Array): void {
  for (let i = 0; i < input.length; i++) {
    values[i] = ind.update(input[i]);
    ready[i] = ind.ready ? 1 : 0;
  }
}

/**
 * Any feed computed ahead: the feed itself run over every bar, each output's
 * value and warm-up read after each (indicators of several outputs or of the
 * whole bar: MACD, Bollinger, ATR, VWAP).
 */
export function columnFeed(feed: Feed, bars: RunColumns, cursor: RunCursor): Feed {
  const n = bars.length;
  const outs = feed.outputs;
  const values = outs.map(() => new Float64Array(n));
  const ready = outs.map(() => new Uint8Array(n));
  const bar = new MutableBar();
  for (let i = 0; i < n; i++) {
    bar.time = bars.time[i];
    bar.open = bars.open[i];
    bar.high = bars.high[i];
    bar.low = bars.low[i];
    bar.close = bars.close[i];
    bar.volume = bars.volume[i];
    feed.update(bar);
    for (let k = 0; k < outs.length; k++) {
      values[k][i] = outs[k].value;
      ready[k][i] = outs[k].ready ? 1 : 0;
    }
  }
  return new ColumnFeed(feed.label, feed.overlay, outs.map((s, k) => new ColumnSeries(s.name, values[k], ready[k], 0, cursor)), feed);
}
