import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Code } from '../core/codes';
import type { Store } from './store';
import { dump, openStore, order, point, steps, trade } from './testkit';

const stores: Store[] = [];
async function store(): Promise<Store> {
  const s = await openStore();
  stores.push(s);
  return s;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of stores.splice(0)) s.close();
});

describe('commit', () => {
  it('numbers inputs from 1 without gaps and writes their effects', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(3) })).toEqual({ ok: true, seq: 3 });
    const r = await s.commit({
      inputs: steps(2, 10),
      orders: [order({ id: 'a' })],
      trades: [trade({ orderId: 'a' })],
      equity: [point()],
    });
    expect(r).toEqual({ ok: true, seq: 5 });
    expect((await s.db.inputs.toArray()).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await s.db.inputs.get(4)).toEqual({ seq: 4, input: { t: 'step', dt: 1000 }, at: 10 });
    expect(await s.db.orders.count()).toBe(1);
    expect((await s.db.trades.toArray())[0]).toMatchObject({ n: 1, orderId: 'a' });
    expect(await s.db.equity.count()).toBe(1);
  });

  it('an empty batch changes nothing and answers the last seq', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(2) })).toMatchObject({ ok: true });
    expect(await s.commit({ inputs: [] })).toEqual({ ok: true, seq: 2 });
  });

  it('upserts orders and equity points, appends trades', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(1), orders: [order({ id: 'a' })], equity: [point({ equity: 1 })], trades: [trade()] })).toMatchObject({ ok: true });
    expect(await s.commit({
      inputs: steps(1),
      orders: [order({ id: 'a', status: 'filled', filled: 1, updatedAt: 2000 })],
      equity: [point({ equity: 2 })], // same account and ts: replaces, doesn't fail the commit
      trades: [trade()],
    })).toMatchObject({ ok: true });
    expect(await s.db.orders.toArray()).toEqual([order({ id: 'a', status: 'filled', filled: 1, updatedAt: 2000 })]);
    expect(await s.db.equity.toArray()).toEqual([point({ equity: 2 })]);
    expect(await s.db.trades.count()).toBe(2);
  });

  it('concurrent commits get distinct, consecutive seqs', async () => {
    const s = await store();
    const rs = await Promise.all([s.commit({ inputs: steps(2) }), s.commit({ inputs: steps(3) }), s.commit({ inputs: steps(1) })]);
    expect(rs.map((r) => (r.ok ? r.seq : -1)).sort((a, b) => a - b)).toEqual([2, 5, 6]);
    expect((await s.db.inputs.toArray()).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('is atomic: an input IndexedDB cannot store, after others were written, leaves nothing', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(1), orders: [order({ id: 'old' })] })).toMatchObject({ ok: true });
    const before = await dump(s);
    const r = await s.commit({
      inputs: [...steps(2), { input: { t: 'cmd', cmd: () => 1 }, at: 3 }], // a function: DataCloneError
      orders: [order({ id: 'new' })],
      trades: [trade()],
    });
    expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FAILED });
    if (!r.ok) expect(r.message).toMatch(/DataCloneError/);
    expect(await dump(s)).toEqual(before);
    // …and the journal goes on where it was.
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: true, seq: 2 });
  });

  it('is atomic when the last write of the batch fails', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(2) })).toMatchObject({ ok: true });
    const before = await dump(s);
    const put = vi.spyOn(s.db.equity, 'bulkPut').mockRejectedValue(new DOMException('Key already exists', 'ConstraintError'));
    const r = await s.commit({ inputs: steps(3), orders: [order()], trades: [trade()], equity: [point()] });
    expect(put).toHaveBeenCalledOnce();
    expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FAILED });
    expect(await dump(s)).toEqual(before);
  });

  it('refuses malformed rows before writing anything', async () => {
    const s = await store();
    const bad = [
      { inputs: steps(1), orders: [order({ status: 'expired' as never })] },
      { inputs: steps(1), trades: [trade({ price: Number.NaN })] },
      { inputs: steps(1), equity: [point({ ts: Number.NaN })] },
      { inputs: [{ input: undefined, at: 1 }] },
      { inputs: null as never },
    ];
    for (const b of bad) expect(await s.commit(b), JSON.stringify(b)).toMatchObject({ ok: false, code: Code.STORAGE_FAILED });
    const r = await s.commit(bad[0]);
    expect(!r.ok && r.message).toMatch(/orders row 1: "status" must be one of open, filled/);
    expect(await s.saveSnapshot({ seq: -1, at: 0, hash: 'h', data: 1 })).toMatchObject({ ok: false, code: Code.STORAGE_FAILED });
    expect(await dump(s)).toEqual({ inputs: [], snapshots: [], orders: [], trades: [], equity: [], settings: [] });
  });

  it('stores only the known fields of a row', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(1), orders: [{ ...order(), extra: 'x' } as never], trades: [{ ...trade(), n: 99 } as never] })).toMatchObject({ ok: true });
    expect(await s.db.orders.get('o1')).toEqual(order());
    expect((await s.db.trades.toArray()).map((t) => t.n)).toEqual([1]);
  });

  it('is atomic when the quota runs out mid-transaction', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(2) })).toMatchObject({ ok: true });
    const before = await dump(s);
    vi.spyOn(s.db.trades, 'bulkAdd').mockRejectedValue(new DOMException('Quota exceeded', 'QuotaExceededError'));
    const r = await s.commit({ inputs: steps(3), orders: [order()], trades: [trade()] });
    expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    expect(await dump(s)).toEqual(before);
  });
});

describe('snapshots and restore', () => {
  it('with no snapshot, load is the whole journal in order', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(3) })).toMatchObject({ ok: true });
    const r = await s.load();
    expect(r).toMatchObject({ ok: true, snapshot: null, complete: true });
    if (r.ok) expect(r.tail.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(await (await store()).load()).toEqual({ ok: true, snapshot: null, tail: [], complete: true });
  });

  it('load is the latest snapshot and the inputs after it, in journal order', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(3) })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 3, at: 2, hash: 'h3', data: { state: 3 } })).toMatchObject({ ok: true });
    expect(await s.commit({ inputs: steps(2, 100) })).toMatchObject({ ok: true });
    expect(await s.commit({ inputs: steps(1, 200) })).toMatchObject({ ok: true });
    const r = await s.load();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot).toEqual({ seq: 3, at: 2, hash: 'h3', data: { state: 3 } });
    expect(r.tail).toEqual([
      { seq: 4, input: { t: 'step', dt: 1000 }, at: 100 },
      { seq: 5, input: { t: 'step', dt: 1001 }, at: 101 },
      { seq: 6, input: { t: 'step', dt: 1000 }, at: 200 },
    ]);
    expect(r.complete).toBe(true);
  });

  it('keeps the latest two snapshots and the inputs the older one still needs', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(3) })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 3, at: 0, hash: 'a', data: 3 })).toEqual({ ok: true, pruned: { snapshots: 0, inputs: 3 } });
    expect(await s.commit({ inputs: steps(3) })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 6, at: 0, hash: 'b', data: 6 })).toEqual({ ok: true, pruned: { snapshots: 0, inputs: 0 } });
    expect(await s.commit({ inputs: steps(3) })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 9, at: 0, hash: 'c', data: 9 })).toEqual({ ok: true, pruned: { snapshots: 1, inputs: 3 } });
    expect(await s.commit({ inputs: steps(2) })).toMatchObject({ ok: true });

    expect((await s.db.snapshots.toArray()).map((x) => x.seq)).toEqual([6, 9]);
    expect((await s.db.inputs.toArray()).map((x) => x.seq)).toEqual([7, 8, 9, 10, 11]);

    // The latest snapshot fails its check: fall back to the one before, whose tail is all there.
    const older = await s.load({ belowSeq: 9 });
    expect(older).toMatchObject({ ok: true, snapshot: { seq: 6 }, complete: true });
    if (older.ok) expect(older.tail.map((x) => x.seq)).toEqual([7, 8, 9, 10, 11]);
    // Past the oldest kept snapshot the journal was pruned: the store says so.
    expect(await s.load({ belowSeq: 6 })).toMatchObject({ ok: true, snapshot: null, complete: false });
  });

  it('an older snapshot saved late is pruned at once and prunes nothing it does not cover', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(6) })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 4, at: 0, hash: 'a', data: 4 })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 6, at: 0, hash: 'b', data: 6 })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 2, at: 0, hash: 'c', data: 2 })).toEqual({ ok: true, pruned: { snapshots: 1, inputs: 0 } });
    expect((await s.db.snapshots.toArray()).map((x) => x.seq)).toEqual([4, 6]);
    expect((await s.db.inputs.toArray()).map((x) => x.seq)).toEqual([5, 6]);
  });

  it('a snapshot at the end of the journal leaves an empty, complete tail; the next input follows it', async () => {
    const s = await store();
    expect(await s.commit({ inputs: steps(4) })).toMatchObject({ ok: true });
    expect(await s.saveSnapshot({ seq: 4, at: 0, hash: 'x', data: null })).toMatchObject({ ok: true });
    expect(await s.db.inputs.count()).toBe(0);
    expect(await s.load()).toMatchObject({ ok: true, snapshot: { seq: 4 }, tail: [], complete: true });
    expect(await s.commit({ inputs: steps(1) })).toEqual({ ok: true, seq: 5 });
  });
});
