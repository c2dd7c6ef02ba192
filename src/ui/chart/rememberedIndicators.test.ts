import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadChoice } from './indicatorChoice';
import { rememberedIndicators } from './rememberedIndicators';

afterEach(() => {
  vi.unstubAllGlobals();
});

function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe('rememberedIndicators', () => {
  it("gives the symbol's remembered choice and remembers the next one, per symbol", () => {
    vi.stubGlobal('localStorage', fakeStorage());
    createRoot((dispose) => {
      const [choice, set] = rememberedIndicators('FUN');
      const next = { ...choice(), rsi: { ...choice().rsi, on: !choice().rsi.on } };
      set(next);
      expect(choice()).toEqual(next);
      // A chart opened later for the same symbol starts with it; another symbol keeps the defaults.
      expect(rememberedIndicators('FUN')[0]()).toEqual(next);
      expect(rememberedIndicators('MEME')[0]()).toEqual(loadChoice(null, 'MEME'));
      dispose();
    });
  });

  it('where storage is blocked (reading it throws), it still works for the page, remembering nothing', () => {
    vi.stubGlobal('localStorage', undefined);
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new Error('blocked'); } });
    createRoot((dispose) => {
      const [choice, set] = rememberedIndicators('FUN');
      const next = { ...choice(), rsi: { ...choice().rsi, on: !choice().rsi.on } };
      set(next);
      expect(choice()).toEqual(next);
      expect(rememberedIndicators('FUN')[0]()).toEqual(loadChoice(null, 'FUN'));
      dispose();
    });
    Reflect.deleteProperty(globalThis, 'localStorage');
  });
});
