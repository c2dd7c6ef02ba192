import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Code } from '../core/codes';
import type { Bar } from './klines';
import type { Store } from './store';
import { openStore } from './testkit';

const M = 60_000;
/** Test candles (not market data): one per minute, price = minute number. */
const bars = (fromMin: number, toMin: number): Bar[] =>
  Array.from({ length: toMin - fromMin }, (_, i) => {
    const m = fromMin + i;
    return { t: m * M, o: m, h: m + 1, l: m - 1, c: m + 0.5, v: 10 };
  });

const stores: Store[] = [];
async function cache() {
  const s = await openStore();
  stores.push(s);
  return s.klines;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  vi.restoreAllMocks();
});

// The span arithmetic the cache relies on (mergeSpans, missingSpans) is tested in src/core/market/span.test.ts.

describe('KlineCache', () => {
  it('an empty cache has one gap: the whole request, aligned up to the interval', async () => {
    const k = await cache();
    expect(await k.get('BTCUSDT', '1m', 10 * M + 1, 20 * M)).toEqual({ ok: true, rows: [], gaps: [{ from: 11 * M, to: 20 * M }] });
  });

  it('returns the candles in range and the gaps between complete spans', async () => {
    const k = await cache();
    expect(await k.put('BTCUSDT', '1m', bars(10, 20), 10 * M, 20 * M)).toEqual({ ok: true, covered: { from: 10 * M, to: 20 * M } });
    expect(await k.put('BTCUSDT', '1m', bars(30, 40), 30 * M, 40 * M)).toMatchObject({ ok: true });
    const r = await k.get('BTCUSDT', '1m', 5 * M, 45 * M);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((b) => b.t / M)).toEqual([...Array(10).keys()].map((i) => 10 + i).concat([...Array(10).keys()].map((i) => 30 + i)));
    expect(r.rows[0]).toEqual({ t: 10 * M, o: 10, h: 11, l: 9, c: 10.5, v: 10 });
    expect(r.gaps).toEqual([{ from: 5 * M, to: 10 * M }, { from: 20 * M, to: 30 * M }, { from: 40 * M, to: 45 * M }]);
  });

  it('merges adjacent and overlapping ranges into one', async () => {
    const k = await cache();
    expect(await k.put('BTCUSDT', '1m', bars(10, 20), 10 * M, 20 * M)).toMatchObject({ ok: true });
    expect(await k.put('BTCUSDT', '1m', bars(30, 40), 30 * M, 40 * M)).toMatchObject({ ok: true });
    // Touches the first exactly, with unaligned bounds that align to 20 and 25.
    expect(await k.put('BTCUSDT', '1m', bars(20, 25), 19 * M + 1, 24 * M + 5)).toEqual({ ok: true, covered: { from: 10 * M, to: 25 * M } });
    // Overlaps both: one span is left.
    expect(await k.put('BTCUSDT', '1m', bars(24, 31), 24 * M, 31 * M)).toEqual({ ok: true, covered: { from: 10 * M, to: 40 * M } });
    expect(await k.spans('BTCUSDT', '1m')).toEqual({ ok: true, spans: [{ from: 10 * M, to: 40 * M }] });
    const r = await k.get('BTCUSDT', '1m', 10 * M, 40 * M);
    expect(r.ok && r.rows.length).toBe(30);
    expect(r.ok && r.gaps).toEqual([]);
  });

  it('a complete span without candles (the exchange had none) is no gap', async () => {
    const k = await cache();
    expect(await k.put('BTCUSDT', '1m', [], 0, 10 * M)).toMatchObject({ ok: true });
    expect(await k.get('BTCUSDT', '1m', 0, 10 * M)).toEqual({ ok: true, rows: [], gaps: [] });
  });

  it('a write replaces the cached candles of its span', async () => {
    const k = await cache();
    expect(await k.put('BTCUSDT', '1m', bars(0, 10), 0, 10 * M)).toMatchObject({ ok: true });
    expect(await k.put('BTCUSDT', '1m', bars(5, 7).map((b) => ({ ...b, c: 99 })), 5 * M, 8 * M)).toMatchObject({ ok: true });
    const r = await k.get('BTCUSDT', '1m', 0, 10 * M);
    expect(r.ok && r.rows.map((b) => b.c)).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 99, 99, 8.5, 9.5]);
  });

  it('keeps symbols and intervals apart', async () => {
    const k = await cache();
    expect(await k.put('BTCUSDT', '1m', bars(0, 10), 0, 10 * M)).toMatchObject({ ok: true });
    expect(await k.get('ETHUSDT', '1m', 0, 10 * M)).toEqual({ ok: true, rows: [], gaps: [{ from: 0, to: 10 * M }] });
    expect(await k.get('BTCUSDT', '5m', 0, 10 * M)).toEqual({ ok: true, rows: [], gaps: [{ from: 0, to: 10 * M }] });
    expect(await k.clear('BTCUSDT', '1m')).toEqual({ ok: true, rows: 10 });
    expect(await k.get('BTCUSDT', '1m', 0, 10 * M)).toEqual({ ok: true, rows: [], gaps: [{ from: 0, to: 10 * M }] });
  });

  it('refuses malformed rows and rows outside the span, writing nothing', async () => {
    const k = await cache();
    const bad = [
      [{ ...bars(3, 4)[0], o: Number.NaN }, /"o" must be a finite number/],
      [{ ...bars(3, 4)[0], t: 3 * M + 30_000 }, /not aligned to 1m/],
      [bars(10, 11)[0], /outside the covered span/],
      [null, /not an object/],
    ] as const;
    for (const [row, why] of bad) {
      const r = await k.put('BTCUSDT', '1m', [...bars(0, 2), row as Bar], 0, 5 * M);
      expect(r).toMatchObject({ ok: false, code: Code.STORAGE_FAILED });
      if (!r.ok) expect(r.message).toMatch(why);
    }
    {
      const r = await k.put('BTCUSDT', '1m', [...bars(0, 2), bars(1, 2)[0]], 0, 5 * M);
      expect(r.ok === false && r.message).toMatch(/repeats open time/);
    }
    expect(await k.get('BTCUSDT', '1m', 0, 5 * M)).toEqual({ ok: true, rows: [], gaps: [{ from: 0, to: 5 * M }] });
  });

  it('refuses a bad request', async () => {
    const k = await cache();
    expect(await k.get('BTCUSDT', '2m' as '1m', 0, 1)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await k.get('', '1m', 0, 1)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await k.get('BTCUSDT', '1m', 10, 0)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
  });

  it('maps storage errors like the Store does', async () => {
    const s = await openStore();
    stores.push(s);
    vi.spyOn(s.db.klines, 'bulkPut').mockRejectedValue(new DOMException('Quota exceeded', 'QuotaExceededError'));
    expect(await s.klines.put('BTCUSDT', '1m', bars(0, 3), 0, 3 * M)).toMatchObject({ ok: false, code: Code.STORAGE_FULL });
    // The transaction rolled back: no span was recorded.
    expect(await s.klines.spans('BTCUSDT', '1m')).toEqual({ ok: true, spans: [] });
    s.close();
    expect(await s.klines.get('BTCUSDT', '1m', 0, M)).toMatchObject({ ok: false, code: Code.STORAGE_UNAVAILABLE });
  });
});
