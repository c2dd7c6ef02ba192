import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../core/market/candles';
import { openStore } from './testkit';

const past: Candle[] = [
  { t: 60_000, o: 100, h: 103, l: 99, c: 101, v: 7, n: 0 },
  { t: 120_000, o: 101, h: 101, l: 95, c: 96, v: 3, n: 0 },
];

describe('store.pastCandles: the synthetic markets\' seeded pasts', () => {
  it('gives back what was stored for the profile and the market, and nothing for another end, seed or market', async () => {
    const s = await openStore();
    expect(await s.pastCandles.put('seed-a', 'FUN', 180_000, past)).toEqual({ ok: true });
    expect(await s.pastCandles.get('seed-a', 'FUN', 180_000)).toEqual({ ok: true, candles: past });
    expect(await s.pastCandles.get('seed-a', 'FUN', 240_000)).toEqual({ ok: true, candles: null });
    expect(await s.pastCandles.get('seed-b', 'FUN', 180_000)).toEqual({ ok: true, candles: null });
    expect(await s.pastCandles.get('seed-a', 'MEME', 180_000)).toEqual({ ok: true, candles: null });
  });

  it('refuses a stored row that is not a past it could have drawn: the caller draws it again', async () => {
    const s = await openStore();
    const bad: Candle[][] = [
      [{ ...past[0], h: 98 }], // high below the open
      [{ ...past[0], l: 0 }], // a price below one tick
      [{ ...past[0], v: 0 }], // no volume
      [{ ...past[0], o: 100.5 }], // not whole ticks
      [past[1], past[0]], // out of order
      [{ ...past[0], t: 180_000 }], // not before the end
    ];
    for (const cs of bad) {
      expect(await s.pastCandles.put('x', 'FUN', 180_000, cs)).toEqual({ ok: true });
      expect(await s.pastCandles.get('x', 'FUN', 180_000)).toEqual({ ok: true, candles: null });
    }
    const n = past.length;
    await s.db.pastCandles.put({ seed: 'y', symbol: 'FUN', end: 180_000, t: new Float64Array(n), o: new Float64Array(n - 1), h: new Float64Array(n), l: new Float64Array(n), c: new Float64Array(n), v: new Float64Array(n) });
    expect(await s.pastCandles.get('y', 'FUN', 180_000)).toEqual({ ok: true, candles: null });
  });

  it('keepOnly forgets the other profiles\' pasts; none of it is in a backup', async () => {
    const s = await openStore();
    expect(await s.pastCandles.put('old', 'FUN', 180_000, past)).toEqual({ ok: true });
    expect(await s.pastCandles.put('old', 'MEME', 180_000, past)).toEqual({ ok: true });
    expect(await s.pastCandles.put('new', 'FUN', 180_000, past)).toEqual({ ok: true });
    expect(await s.pastCandles.keepOnly('new')).toEqual({ ok: true, rows: 2 });
    expect(await s.pastCandles.get('old', 'FUN', 180_000)).toEqual({ ok: true, candles: null });
    expect(await s.pastCandles.get('new', 'FUN', 180_000)).toEqual({ ok: true, candles: past });
    const backup = await s.exportBackup();
    if (!backup.ok) throw new Error(backup.message);
    expect(backup.text).not.toContain('pastCandles');
  });

  it('answers a failure, not a throw, once storage is closed', async () => {
    const s = await openStore();
    s.close();
    const r = await s.pastCandles.get('a', 'FUN', 1);
    expect(r.ok).toBe(false);
  });
});
