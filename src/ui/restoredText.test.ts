import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepForReload, restoredText, takeAfterReload, type RestoredCounts } from './restoredText';

const base: RestoredCounts = { instruments: 118, orders: 12, trades: 1, strategies: 2, running: 1, backtests: 0, series: 0, cash: 98000, equity: 101234.5, cashAsset: 'USD' };

describe('restoredText', () => {
  it('says what came back, with money as money and counts in words', () => {
    const text = restoredText(base);
    expect(text).toContain('118 instruments, 12 orders, 1 trade, 2 strategies (1 running)');
    expect(text).toContain(new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(101234.5));
    expect(text).not.toContain('backtest');
  });

  it('names saved backtests and series only when there are some', () => {
    const text = restoredText({ ...base, running: 0, backtests: 1, series: 3 });
    expect(text).toContain('2 strategies, 1 saved backtest, 3 imported series');
  });
});

describe('the message across the reload', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is shown once after it, and never throws without storage', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k),
    });
    expect(takeAfterReload()).toBeNull();
    keepForReload('Backup restored: 1 instrument.');
    expect(takeAfterReload()).toBe('Backup restored: 1 instrument.');
    expect(takeAfterReload()).toBeNull();
    vi.stubGlobal('sessionStorage', undefined);
    expect(() => keepForReload('x')).not.toThrow();
    expect(takeAfterReload()).toBeNull();
  });
});
