import { Atr } from '../indicators/atr';
import { Bollinger } from '../indicators/bollinger';
import { Highest, Lowest } from '../indicators/extremes';
import { Ema } from '../indicators/ema';
import { Macd } from '../indicators/macd';
import { Rsi } from '../indicators/rsi';
import { Sma } from '../indicators/sma';
import { StdDev } from '../indicators/stddev';
import { Vwap } from '../indicators/vwap';
import { Wma } from '../indicators/wma';
import { ZScore } from '../indicators/zscore';
import { columnFeed, columnValueFeed, type ColumnLender, type RunColumns, type RunCursor } from './columns';
import { PRICE_SOURCES, indicatorFeed, sourceOf, valueFeed, type Feed, type ValueIndicator } from './feeds';
import type { IndicatorFactory, PriceSource, Series } from './types';

/** The longest period a strategy may declare: indicators allocate their window up front. */
export const MAX_PERIOD = 10_000;

/**
 * `ctx.ind` during `init`: each call builds an indicator from
 * `src/core/indicators`, wraps it in a feed the runner updates every closed
 * bar, and hands the strategy its series. A bad argument (a period of 0, an
 * unknown source) throws: it is the strategy's bug, reported with its line
 * like any other throw from a hook.
 */
export function indicatorFactory(added: (feed: Feed) => void, run?: { bars: RunColumns; cursor: RunCursor; lend?: ColumnLender }): IndicatorFactory {
  // Over a run whose bars are all known (a backtest), each indicator is computed ahead over the columns.
  const add = (feed: Feed): Feed => {
    const f = run === undefined ? feed : columnFeed(feed, run.bars, run.cursor);
    added(f);
    return f;
  };
  // `make` builds the indicator: once, here; a run computed ahead may build it again to recompute a lent column.
  const value = (label: string, overlay: boolean, make: () => ValueIndicator, source: PriceSource): Series => {
    const feed = run === undefined ? valueFeed(label, overlay, make(), source) : columnValueFeed(label, overlay, make, source, run.bars, run.cursor, run.lend);
    added(feed);
    return feed.outputs[0];
  };
  const valueOf = (label: string, overlay: boolean, kind: new (period: number) => ValueIndicator, period: number, source: PriceSource): Series => {
    const p = checked(period);
    const src = checkedSource(source);
    return value(label, overlay, () => new kind(p), src);
  };
  return {
    sma: (period, source = 'close') => valueOf(name('SMA', source, period), source !== 'volume', Sma, period, source),
    ema: (period, source = 'close') => valueOf(name('EMA', source, period), source !== 'volume', Ema, period, source),
    wma: (period, source = 'close') => valueOf(name('WMA', source, period), source !== 'volume', Wma, period, source),
    rsi: (period, source = 'close') => valueOf(name('RSI', source, period), false, Rsi, period, source),
    stddev: (period, source = 'close') => valueOf(name('StdDev', source, period), false, StdDev, period, source),
    zscore: (period, source = 'close') => valueOf(name('Z', source, period), false, ZScore, period, source),
    highest: (period, source = 'high') => valueOf(name('Highest', source, period, 'high'), source !== 'volume', Highest, period, source),
    lowest: (period, source = 'low') => valueOf(name('Lowest', source, period, 'low'), source !== 'volume', Lowest, period, source),
    macd(fast, slow, signal, source = 'close') {
      const m = new Macd(checked(fast), checked(slow), checked(signal));
      const src = checkedSource(source);
      const feed = indicatorFeed(name('MACD', source, `${fast}, ${slow}, ${signal}`), false, m, (bar) => m.update(sourceOf(bar, src)), [
        ['line', () => m.value], ['signal', () => m.signal], ['histogram', () => m.histogram],
      ]);
      const f = add(feed);
      return { line: f.outputs[0], signal: f.outputs[1], histogram: f.outputs[2] };
    },
    bollinger(period, k, source = 'close') {
      if (typeof k !== 'number' || !(k > 0) || !Number.isFinite(k)) throw new RangeError(`A Bollinger width must be a number above 0, not ${String(k)}.`);
      const b = new Bollinger(checked(period), k);
      const src = checkedSource(source);
      const feed = indicatorFeed(name('BB', source, `${period}, ${k}`), true, b, (bar) => b.update(sourceOf(bar, src)), [
        ['upper', () => b.upper], ['middle', () => b.middle], ['lower', () => b.lower],
      ]);
      const f = add(feed);
      return { upper: f.outputs[0], middle: f.outputs[1], lower: f.outputs[2] };
    },
    atr(period) {
      const a = new Atr(checked(period));
      const feed = indicatorFeed(`ATR(${period})`, false, a, (bar) => a.updateBar(bar.high, bar.low, bar.close, bar.volume), [['value', () => a.value]]);
      return add(feed).outputs[0];
    },
    vwap(period) {
      const v = new Vwap(checked(period));
      const feed = indicatorFeed(`VWAP(${period})`, true, v, (bar) => v.updateBar(bar.high, bar.low, bar.close, bar.volume), [['value', () => v.value]]);
      return add(feed).outputs[0];
    },
  };
}

function name(kind: string, source: PriceSource, args: number | string, usual: PriceSource = 'close'): string {
  return source === usual ? `${kind}(${args})` : `${kind}(${args}, ${source})`;
}

function checked(period: unknown): number {
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1 || period > MAX_PERIOD) {
    throw new RangeError(`An indicator period must be a whole number from 1 to ${MAX_PERIOD}, not ${String(period)}.`);
  }
  return period;
}

function checkedSource(source: unknown): PriceSource {
  if (!(PRICE_SOURCES as readonly unknown[]).includes(source)) throw new RangeError(`Unknown price source ${String(source)}: use one of ${PRICE_SOURCES.join(', ')}.`);
  return source as PriceSource;
}
