import { describe, it, expect } from 'vitest';
import { CRYPTO, EXCHANGE_TICKERS, STOCKS, defaultCatalogue, findInstrument } from './instruments';
import type { InstrumentSpec } from './instruments';
import { isOnTick } from './ticks';

const all: InstrumentSpec[] = [...EXCHANGE_TICKERS, ...STOCKS, ...CRYPTO];

describe('catalogue', () => {
  it('has the expected counts per group', () => {
    expect(EXCHANGE_TICKERS.map((s) => s.symbol)).toEqual(['FUN', 'MEME', 'YOLO', 'HODL', 'PUMP']);
    expect(STOCKS).toHaveLength(12);
    expect(CRYPTO.length).toBeGreaterThanOrEqual(85);
    expect(CRYPTO.length).toBeLessThanOrEqual(95);
    for (const s of ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'META', 'TSLA', 'JPM', 'V', 'JNJ', 'WMT', 'XOM']) {
      expect(STOCKS.some((x) => x.symbol === s)).toBe(true);
    }
    for (const s of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT', 'XRPUSDT', 'DOGEUSDT', 'ADAUSDT', 'SHIBUSDT']) {
      expect(CRYPTO.some((x) => x.symbol === s)).toBe(true);
    }
  });

  it('has unique symbols', () => {
    const symbols = all.map((s) => s.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
  });

  it('puts every start price on its tick, positive', () => {
    for (const s of all) {
      expect(s.startPrice, s.symbol).toBeGreaterThan(0);
      expect(isOnTick(s.startPrice, s.tick), `${s.symbol} ${s.startPrice} on ${s.tick}`).toBe(true);
    }
  });

  it('keeps ticks and lots representable as integers in the core', () => {
    for (const s of all) {
      expect(s.tick, s.symbol).toBeGreaterThanOrEqual(1e-8);
      expect(s.tick * s.lot, s.symbol).toBeGreaterThanOrEqual(1e-10);
      expect(s.lot, s.symbol).toBeGreaterThan(0);
      // A start price of at least 100 ticks keeps one tick <= 1% of the price.
      expect(s.startPrice / s.tick, s.symbol).toBeGreaterThanOrEqual(100);
    }
  });

  it('follows each group\'s conventions', () => {
    for (const s of EXCHANGE_TICKERS) {
      expect(s).toMatchObject({ group: 'exchange', quote: 'USD', tick: 0.01, lot: 1, makerFeeBps: 0, takerFeeBps: 5, calendar: '24/7' });
      expect(s.volatility).toBeGreaterThanOrEqual(0.3);
      expect(s.volatility).toBeLessThanOrEqual(1.2);
    }
    for (const s of STOCKS) {
      expect(s).toMatchObject({ group: 'stock', quote: 'USD', tick: 0.01, lot: 1, calendar: 'NYSE', base: s.symbol });
      expect(s.volatility).toBeGreaterThanOrEqual(0.2);
      expect(s.volatility).toBeLessThanOrEqual(0.6);
    }
    for (const s of CRYPTO) {
      expect(s).toMatchObject({ group: 'crypto', quote: 'USDT', makerFeeBps: 10, takerFeeBps: 10, calendar: '24/7' });
      expect(s.symbol).toBe(s.base + 'USDT');
      expect(s.name.length).toBeGreaterThan(0);
      expect(s.volatility).toBeGreaterThanOrEqual(0.5);
      expect(s.volatility).toBeLessThanOrEqual(1.2);
    }
  });

  it('matches Binance filters for a few well-known pairs', () => {
    expect(findInstrument('BTCUSDT')).toMatchObject({ base: 'BTC', name: 'Bitcoin', tick: 0.01, lot: 0.00001 });
    expect(findInstrument('ETHUSDT')).toMatchObject({ tick: 0.01, lot: 0.0001 });
    expect(findInstrument('DOGEUSDT')).toMatchObject({ tick: 0.00001, lot: 1 });
    expect(findInstrument('SHIBUSDT')).toMatchObject({ tick: 0.00000001, lot: 1 });
  });
});

describe('defaultCatalogue', () => {
  it('returns all groups as copies', () => {
    const cat = defaultCatalogue();
    expect(cat).toHaveLength(all.length);
    cat[0].startPrice = 1;
    expect(EXCHANGE_TICKERS[0].startPrice).toBe(100);
  });

  it('applies overrides, snapping the start price to the tick', () => {
    const cat = defaultCatalogue({
      overrides: { FUN: { startPrice: 12.3456, volatility: 0.9 }, SHIBUSDT: { startPrice: 1e-12 }, NOPE: { volatility: 1 } },
    });
    const fun = cat.find((s) => s.symbol === 'FUN')!;
    expect(fun.startPrice).toBe(12.35);
    expect(fun.volatility).toBe(0.9);
    expect(cat.find((s) => s.symbol === 'SHIBUSDT')!.startPrice).toBe(1e-8); // never below one tick
    expect(cat.find((s) => s.symbol === 'MEME')!.startPrice).toBe(50);
  });

  it('rejects nonsense override values', () => {
    expect(() => defaultCatalogue({ overrides: { FUN: { startPrice: -1 } } })).toThrow(RangeError);
    expect(() => defaultCatalogue({ overrides: { FUN: { volatility: NaN } } })).toThrow(RangeError);
  });
});

describe('findInstrument', () => {
  it('finds by symbol, case-insensitively, and returns a copy', () => {
    expect(findInstrument('AAPL')?.group).toBe('stock');
    expect(findInstrument('btcusdt')?.symbol).toBe('BTCUSDT');
    expect(findInstrument('NOPE')).toBeUndefined();
    findInstrument('FUN')!.tick = 5;
    expect(findInstrument('FUN')!.tick).toBe(0.01);
  });
});
