import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { TIMEFRAMES } from '../core/market/candles';
import { PAST_MINUTES } from '../core/market/past';
import { Store } from '../storage/store';
import { DurableTerminal } from './durableTerminal';
import { pastMarkets, storePasts } from './seededPast';
import type { Candle } from '../core/market/candles';
import { Code, type Failure } from '../core/codes';
import { FULL_MESSAGE } from '../storage/errors';
import type { PastCandleStore } from '../storage/pastCandles';

/** Sunday 6 December 2026, 15:00 UTC: the stocks are closed, the house tickers trade. */
let wallNow = Date.UTC(2026, 11, 6, 15, 0);
const wall = () => wallNow;
let n = 0;
const fresh = () => `past-${process.pid}-${++n}`;

async function started(name: string): Promise<DurableTerminal> {
  const d = await DurableTerminal.start(new Store(name), wall);
  await d.settled();
  // The pasts are drawn once the first frame is out, then stored.
  d.terminal.frame();
  await d.terminal.pastReady;
  await d.pastStored;
  return d;
}

describe('a new profile\'s synthetic markets start with a seeded past', () => {
  it('every synthetic market has candles in every timeframe but 1 s, and a reload shows the same past from storage', async () => {
    const name = fresh();
    const a = await started(name);
    const t = a.terminal;
    const markets = pastMarkets(t.sim);
    expect(markets.map((m) => m.spec.group)).toContain('exchange');
    expect(markets.map((m) => m.spec.group)).toContain('stock');
    expect(markets.some((m) => m.spec.group === 'crypto')).toBe(false);
    for (const m of markets) {
      const hour = t.candles(m.spec.symbol, '1h')!;
      expect(hour.t.length, `${m.spec.symbol} 1h`).toBeGreaterThanOrEqual(24);
      for (const tf of TIMEFRAMES.filter((x) => x !== '1s')) expect(t.candles(m.spec.symbol, tf)!.t.length, `${m.spec.symbol} ${tf}`).toBeGreaterThan(0);
      expect(t.candles(m.spec.symbol, '1m')!.t.length).toBeGreaterThanOrEqual(PAST_MINUTES);
    }
    // A crypto pair keeps its own (Binance's) history path: nothing seeded here, only the sim's own few minutes,
    // which lie in one hour, or in two when they straddle one's end (the start follows the wall clock).
    expect(t.candles('BTCUSDT', '1h')!.t.length).toBeLessThanOrEqual(2);
    expect(t.candles('BTCUSDT', '1m')!.t.length).toBeLessThan(PAST_MINUTES / 100);

    // It is stored: every market's two days under this profile's seed.
    for (const m of markets) {
      const stored = await a.storage!.pastCandles.get(String(t.sim.cfg.seed), m.spec.symbol, t.sim.cfg.start);
      expect(stored.ok && stored.candles?.length, m.spec.symbol).toBe(PAST_MINUTES);
    }

    const before = new Map(markets.map((m) => [m.spec.symbol, Array.from(t.candles(m.spec.symbol, '15m')!.c.slice(0, 150))]));
    expect(await a.commit()).toMatchObject({ ok: true });
    await a.snapshot();
    wallNow += 60_000;
    const b = await started(name);
    await b.terminal.pastReady;
    for (const m of markets) {
      expect(Array.from(b.terminal.candles(m.spec.symbol, '15m')!.c.slice(0, 150)), m.spec.symbol).toEqual(before.get(m.spec.symbol));
    }
  }, 60_000);

  it('a reload reads the past that was stored, not one drawn again', async () => {
    const name = fresh();
    const a = await started(name);
    const store = a.storage!.pastCandles;
    const seed = String(a.terminal.sim.cfg.seed);
    const start = a.terminal.sim.cfg.start;
    const got = await store.get(seed, 'FUN', start);
    if (!got.ok || got.candles === null) throw new Error('no past stored');
    // What a reload must show is what is stored: mark the stored past (a price no draw would give).
    const marked = got.candles.map((c) => ({ ...c, h: Math.max(c.h, 99_999) }));
    expect((await store.put(seed, 'FUN', start, marked)).ok).toBe(true);
    await a.snapshot();
    const b = await started(name);
    await b.terminal.pastReady;
    expect(Math.max(...b.terminal.candles('FUN', '1d')!.h)).toBe(999.99);
  }, 60_000);

  it('the sparklines have shape and the 24 h statistics read a whole day on the first frame', async () => {
    const a = await started(fresh());
    const f = a.terminal.frame();
    const list = a.terminal.instruments();
    const fun = list.findIndex((i) => i.symbol === 'FUN');
    const points = f.tickers.sparkPoints;
    const spark = Array.from(f.tickers.spark.slice(fun * points, (fun + 1) * points));
    expect(spark.every(Number.isFinite)).toBe(true);
    expect(new Set(spark).size).toBeGreaterThan(5);
    expect(Number.isFinite(f.tickers.open24[fun])).toBe(true);
    expect(f.tickers.value24[fun]).toBeGreaterThan(0);
  }, 60_000);
});

describe('storing the pasts on a full disk', () => {
  it('stops at the first full-disk refusal and hands it on (the journal would only see a closed database after it)', async () => {
    const a = await started(fresh());
    const sim = a.terminal.sim;
    const pasts = new Map(pastMarkets(sim).slice(0, 3).map((m) => [m.spec.symbol, [] as Candle[]]));
    const full = { ok: false as const, code: Code.STORAGE_FULL, message: FULL_MESSAGE };
    let puts = 0;
    const store = {
      keepOnly: async () => ({ ok: true as const }),
      put: async () => (++puts === 2 ? full : { ok: true as const }),
      get: async () => ({ ok: true as const, candles: null }),
    } as unknown as PastCandleStore;
    const told: Failure[] = [];
    expect(await storePasts(store, sim, pasts, (f) => told.push(f))).toBe(1);
    expect(puts).toBe(2);
    expect(told).toEqual([full]);
    // A thrown full-disk error (Dexie's wrapping) counts the same; any other refusal is passed over, as before.
    const thrown = { put: async () => { throw Object.assign(new Error('IO error: FILE_ERROR_NO_SPACE'), { name: 'UnknownError' }); }, keepOnly: async () => ({ ok: true as const }) } as unknown as PastCandleStore;
    const told2: Failure[] = [];
    expect(await storePasts(thrown, sim, pasts, (f) => told2.push(f))).toBe(0);
    expect(told2.map((f) => f.code)).toEqual([Code.STORAGE_FULL]);
    const closed = { put: async () => ({ ok: false as const, code: Code.STORAGE_UNAVAILABLE, message: 'closed' }), keepOnly: async () => ({ ok: true as const }) } as unknown as PastCandleStore;
    const told3: Failure[] = [];
    expect(await storePasts(closed, sim, pasts, (f) => told3.push(f))).toBe(0);
    expect(told3).toEqual([]);
  });

  it('a new profile whose past meets a full disk tells the person storage is full, and mutators are refused until a write succeeds', async () => {
    const store = new Store(fresh());
    store.pastCandles.put = async () => ({ ok: false, code: Code.STORAGE_FULL, message: FULL_MESSAGE });
    const d = await DurableTerminal.start(store, wall);
    await d.settled();
    d.terminal.frame();
    await d.terminal.pastReady;
    await d.pastStored;
    expect(d.storageFailure?.code).toBe(Code.STORAGE_FULL);
    expect(d.persistent).toBe(false);
  });
});
