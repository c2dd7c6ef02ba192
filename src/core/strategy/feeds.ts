import { SeriesBuffer, isSavedHistory, type SavedValue } from './series';
import type { Bar, PriceSource, Series } from './types';

/**
 * A declared indicator inside the runner: the object from
 * `src/core/indicators` it updates once per closed bar, the series the
 * strategy reads, and what a save needs. Fed before `onBar`, in the order
 * they were declared.
 */
export interface Feed {
  /** How the chart labels it: `SMA(20)`, `BB(20, 2).upper`. */
  readonly label: string;
  /** Drawn over the price (moving averages, bands, channels, VWAP), not in a pane of its own. */
  readonly overlay: boolean;
  readonly outputs: readonly FeedSeries[];
  /** Computed ahead over a run's columns: nothing to update per bar. */
  readonly ahead?: boolean;
  update(bar: Bar): void;
  save(): FeedState;
  /** Restores a state `save` gave for a feed declared the same way; an error message when it does not fit (nothing changed). */
  load(state: unknown): string | null;
}

/** An output of a feed: the series a strategy reads, named, and able to write its values into a run's column. */
export interface FeedSeries extends Series {
  readonly name: string;
  /** Write its values into `column`, one slot per bar from the run's first (a backtest's overlay). */
  recordInto(column: Float64Array): void;
}

export interface FeedState {
  label: string;
  ind: unknown;
  hist: SavedValue[][];
}

/** What the runner needs of an indicator (src/core/indicators: `update`, `value`, `ready`, `save`, `load`). */
export interface SavedIndicator {
  readonly value: number;
  readonly ready: boolean;
  save(): unknown;
  load(state: unknown): { ok: boolean; message?: string };
}
export interface ValueIndicator extends SavedIndicator {
  update(x: number): number;
  /**
   * `update` over a whole column at once, where an indicator has it (`Sma`):
   * `values[i]` what `update(input[i])` answers; the answer, the first i
   * after which `ready` holds (input.length if none), an indicator whose
   * warm-up once over stays over. A run computed ahead (columns.ts) takes it
   * when there.
   */
  updateColumn?(input: Float64Array, values: Float64Array): number;
}
export interface BarIndicator extends SavedIndicator {
  updateBar(high: number, low: number, close: number, volume: number): number;
}

/** The input of a value indicator, from one bar. */
export function sourceOf(bar: Bar, source: PriceSource): number {
  switch (source) {
    case 'open':
      return bar.open;
    case 'high':
      return bar.high;
    case 'low':
      return bar.low;
    case 'close':
      return bar.close;
    case 'hl2':
      return (bar.high + bar.low) / 2;
    case 'hlc3':
      return (bar.high + bar.low + bar.close) / 3;
    case 'ohlc4':
      return (bar.open + bar.high + bar.low + bar.close) / 4;
    case 'volume':
      return bar.volume;
  }
}

export const PRICE_SOURCES: readonly PriceSource[] = ['open', 'high', 'low', 'close', 'hl2', 'hlc3', 'ohlc4', 'volume'];

/**
 * The feed of a one-value indicator over one price source (SMA, EMA, RSI…):
 * a class, not closures, so the runner's per-bar call stays monomorphic and
 * the series learns the warm-up from the update itself (a backtest calls
 * this millions of times).
 */
class ValueFeed implements Feed {
  readonly outputs: readonly SeriesBuffer[];
  private readonly series: SeriesBuffer;

  private readonly onClose: boolean;

  constructor(readonly label: string, readonly overlay: boolean, private readonly ind: ValueIndicator, private readonly source: PriceSource) {
    this.onClose = source === 'close';
    this.series = new SeriesBuffer(label);
    this.outputs = [this.series];
  }

  update(bar: Bar): void {
    const ind = this.ind;
    // The close is nearly every indicator's source: read it without the switch.
    this.series.pushReady(ind.update(this.onClose ? bar.close : sourceOf(bar, this.source)), ind.ready);
  }

  save(): FeedState {
    return { label: this.label, ind: this.ind.save(), hist: [this.series.save()] };
  }

  load(state: unknown): string | null {
    const bad = checkFeedState(state, this.label, 1);
    if (bad !== null) return bad;
    const st = state as FeedState;
    const r = this.ind.load(st.ind);
    if (!r.ok) return r.message ?? `the saved ${this.label} was refused`;
    this.series.load(st.hist[0]);
    this.series.readyNow = this.ind.ready;
    return null;
  }
}

export function valueFeed(label: string, overlay: boolean, ind: ValueIndicator, source: PriceSource): Feed {
  return new ValueFeed(label, overlay, ind, source);
}

/** Null when `state` is a saved feed of `label` with `outputs` histories, else what is wrong. */
function checkFeedState(state: unknown, label: string, outputs: number): string | null {
  if (typeof state !== 'object' || state === null) return `the saved ${label} is not an object`;
  const st = state as Partial<FeedState>;
  if (st.label !== label) return `a saved ${String(st.label)} cannot be loaded into ${label}`;
  if (!Array.isArray(st.hist) || st.hist.length !== outputs || !st.hist.every(isSavedHistory)) return `the saved history of ${label} is malformed`;
  return null;
}

/**
 * A feed over one indicator object with one or more outputs: `read(i)` gives
 * output i's value after an update (MACD: line, signal, histogram).
 */
export function indicatorFeed(
  label: string,
  overlay: boolean,
  ind: SavedIndicator,
  feed: (bar: Bar) => void,
  outputs: readonly [name: string, read: () => number][],
): Feed {
  const series = outputs.map(([name]) => new SeriesBuffer(outputs.length === 1 ? label : `${label}.${name}`, () => ind.ready));
  return {
    label,
    overlay,
    outputs: series,
    update(bar) {
      feed(bar);
      for (let i = 0; i < outputs.length; i++) series[i].push(outputs[i][1]());
    },
    save: () => ({ label, ind: ind.save(), hist: series.map((s) => s.save()) }),
    load(state) {
      const bad = checkFeedState(state, label, series.length);
      if (bad !== null) return bad;
      const st = state as FeedState;
      const r = ind.load(st.ind);
      if (!r.ok) return r.message ?? `the saved ${label} was refused`;
      st.hist.forEach((h, i) => series[i].load(h));
      return null;
    },
  };
}
