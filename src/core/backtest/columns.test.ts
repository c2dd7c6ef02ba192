import { describe, expect, it } from 'vitest';
import { googColumns } from './backtest.testkit';
import { sliceColumns } from './columns';

const DAY = 86_400_000;

describe('sliceColumns', () => {
  const goog = googColumns();
  it('takes the bars from the first day to the last, both included, and not the next day', () => {
    // A person asked for 2012-12-17 to 2012-12-20 (the page sends the end of the last day): four bars, not Friday's too.
    const s = sliceColumns(goog, Date.UTC(2012, 11, 17), Date.UTC(2012, 11, 20) + DAY - 1);
    expect([...s.time].map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2012-12-17', '2012-12-18', '2012-12-19', '2012-12-20']);
  });
  it('a weekend has no bars', () => {
    expect(sliceColumns(goog, Date.UTC(2012, 11, 22), Date.UTC(2012, 11, 23) + DAY - 1).length).toBe(0);
  });
  it('an end exactly on a bar includes it', () => {
    const s = sliceColumns(goog, Date.UTC(2012, 11, 17), Date.UTC(2012, 11, 18));
    expect(s.length).toBe(2);
  });
});
