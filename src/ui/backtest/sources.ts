/**
 * The data a backtest can run over, as the page lists them: the bundled GOOG
 * sample first (a backtest worker loads it by itself), then the series the
 * person imported (once the engine keeps them: their bars come from the
 * engine and go to the worker as columns).
 */
import type { BacktestSource } from '../../protocol';

export interface DataSourceOption {
  /** `sample:GOOG`, or `series:<id>`. */
  id: string;
  name: string;
  /** What it is, in a sentence (shown under the select). */
  note: string;
  /** First and last bar, UTC ms (the date range's bounds). */
  from: number;
  to: number;
  bars: number;
  /** The job's source: a sample by name; a series' columns are asked for when it runs. */
  source: () => Promise<BacktestSource>;
}

export const GOOG_SAMPLE: DataSourceOption = {
  id: 'sample:GOOG',
  name: 'GOOG daily, 2004–2013 (bundled sample)',
  note: "Alphabet (Google) daily prices from 19 Aug 2004 to 1 Mar 2013, 2,148 sessions, as traded then (before the 2014 and 2022 splits): backtesting.py's own test data.",
  from: Date.UTC(2004, 7, 19),
  to: Date.UTC(2013, 2, 1),
  bars: 2148,
  source: () => Promise.resolve({ kind: 'sample', name: 'GOOG' }),
};

export const SAMPLES: readonly DataSourceOption[] = [GOOG_SAMPLE];
