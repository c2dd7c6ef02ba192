import { describe, expect, it } from 'vitest';
import { ColumnBar, MutableBar } from './bar';
import { RunCursor, type RunColumns } from './columns';

const columns: RunColumns = {
  length: 3,
  time: Float64Array.from([1000, 2000, 3000]),
  open: Float64Array.from([10, 11, 12]),
  high: Float64Array.from([10.5, 11.5, 12.5]),
  low: Float64Array.from([9.5, 10.5, 11.5]),
  close: Float64Array.from([10.2, 11.2, 12.2]),
  volume: Float64Array.from([7, 8, 9]),
};

describe('ColumnBar', () => {
  it('is NaN before the first bar, as a new MutableBar', () => {
    const bar = new ColumnBar(columns, new RunCursor());
    expect({ ...bar.toJSON() }).toEqual({ ...new MutableBar() });
  });

  it('reads the bar at the cursor, and follows it', () => {
    const cursor = new RunCursor();
    const bar = new ColumnBar(columns, cursor);
    cursor.at = 1;
    expect([bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]).toEqual([2000, 11, 11.5, 10.5, 11.2, 8]);
    cursor.at = 2;
    expect(bar.close).toBe(12.2);
    expect(JSON.parse(JSON.stringify(bar))).toEqual({ time: 3000, open: 12, high: 12.5, low: 11.5, close: 12.2, volume: 9 });
  });

  it('is read-only: a run over known bars does not change them', () => {
    const cursor = new RunCursor();
    cursor.at = 0;
    const bar = new ColumnBar(columns, cursor);
    expect(() => {
      (bar as { close: number }).close = 1;
    }).toThrow(TypeError);
    expect(bar.close).toBe(10.2);
    expect(columns.close[0]).toBe(10.2);
  });
});
