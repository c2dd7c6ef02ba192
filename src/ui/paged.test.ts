import { describe, expect, it } from 'vitest';
import { createPaged } from './paged';

interface Row {
  id: string;
  t: number;
  side: 'buy' | 'sell';
}
const rows = (from: number, to: number): Row[] => Array.from({ length: from - to }, (_, i) => ({ id: `o${from - i}`, t: from - i, side: (from - i) % 2 ? 'buy' : 'sell' }));

describe('createPaged', () => {
  it('pages after the last stored row, keeps live rows in front, and drops duplicates', async () => {
    const store = rows(10, 0); // newest first: o10 … o1
    const list = createPaged<Row>(async (after) => {
      const start = after === undefined ? 0 : store.findIndex((r) => r.id === after.id) + 1;
      const page = store.slice(start, start + 4);
      return { rows: page, more: start + 4 < store.length };
    }, 4, (r) => r.id);
    await list.reset();
    expect(list.rows().map((r) => r.id)).toEqual(['o10', 'o9', 'o8', 'o7']);
    list.live([{ id: 'o11', t: 11, side: 'buy' }], () => true);
    await list.more();
    expect(list.rows().map((r) => r.id)).toEqual(['o11', 'o10', 'o9', 'o8', 'o7', 'o6', 'o5', 'o4', 'o3']);
    // A changed row moves to the front, or leaves when it no longer fits the filter.
    list.live([{ id: 'o5', t: 12, side: 'buy' }], () => true);
    expect(list.rows()[0].id).toBe('o5');
    list.live([{ id: 'o9', t: 13, side: 'sell' }], (r) => r.side === 'buy');
    expect(list.rows().some((r) => r.id === 'o9')).toBe(false);
    await list.more();
    await list.more();
    expect(new Set(list.rows().map((r) => r.id)).size).toBe(list.rows().length);
    expect(list.total()).toBe(list.rows().length);
  });

  it('with rows filtered after reading, the next page still starts after the last row read', async () => {
    const store = rows(12, 0);
    let calls = 0;
    const list = createPaged<Row>(async (after) => {
      calls++;
      const start = after === undefined ? 0 : store.findIndex((r) => r.id === after.id) + 1;
      const read = store.slice(start, start + 3);
      return { rows: read.filter((r) => r.id === 'o1'), more: start + 3 < store.length, last: read[read.length - 1] };
    }, 3, (r) => r.id);
    await list.reset();
    for (let i = 0; i < 5; i++) await list.more();
    expect(list.rows().map((r) => r.id)).toEqual(['o1']);
    expect(calls).toBe(4); // 12 rows, 3 a page: no page read twice
  });
});
