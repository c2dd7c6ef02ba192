import { afterEach, describe, expect, it, vi } from 'vitest';
import { readIndicatorTheme } from './indicatorTheme';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('readIndicatorTheme', () => {
  it("takes each line's colour from its custom property (trimmed), and the fallback where the page sets none", () => {
    const vars: Record<string, string> = { '--chart-ema': ' #123456 ', '--chart-rsi': '#abcdef' };
    vi.stubGlobal('getComputedStyle', () => ({ getPropertyValue: (name: string) => vars[name] ?? '' }));
    expect(readIndicatorTheme({} as Element)).toEqual({ ema: '#123456', bb: '#9a6700', rsi: '#abcdef' });
  });
});
