import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { columnsOf, type BarRow } from './columns';
import type { OhlcvColumns } from './types';

/**
 * GOOG daily, 2004-08-19 … 2013-03-01 (the bundled sample, the same bytes as
 * backtesting.py's test data), read plainly for the tests: the CSV importer
 * is tested on its own, so these tests do not depend on it.
 */
export function googColumns(): OhlcvColumns {
  return columnsOf(googRows());
}

export function googRows(): BarRow[] {
  const text = readFileSync(fileURLToPath(new URL('./samples/GOOG.csv', import.meta.url)), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [d, o, h, l, c, v] = line.split(',');
      return { time: Date.parse(`${d}T00:00:00Z`), open: +o, high: +h, low: +l, close: +c, volume: +v };
    });
}
