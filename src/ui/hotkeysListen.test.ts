import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTradeHotkeys, type TradeHotkeyHandlers } from './hotkeysListen';

afterEach(() => {
  vi.unstubAllGlobals();
});

type Key = Partial<KeyboardEvent> & { key: string };

describe('useTradeHotkeys', () => {
  it('turns the page\'s keys into the Trade page\'s actions (not while typing, not on a repeat), and stops with its component', () => {
    const win = new EventTarget();
    const doc = { activeElement: { tagName: 'BODY' } as unknown };
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', doc);
    const calls: string[] = [];
    const h: TradeHotkeyHandlers = {
      side: (s) => calls.push(`side ${s}`),
      focusQty: () => calls.push('qty'),
      cancelAll: () => calls.push('cancel all'),
      timeframe: (i) => calls.push(`tf ${i}`),
      stepTimeframe: (d) => calls.push(`tf step ${d}`),
      stepInstrument: (d) => calls.push(`instrument ${d}`),
      help: () => calls.push('help'),
    };
    const press = (k: Key): boolean => {
      const e = Object.assign(new Event('keydown', { cancelable: true }), { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, repeat: false, ...k });
      win.dispatchEvent(e);
      return e.defaultPrevented;
    };
    createRoot((dispose) => {
      useTradeHotkeys(h);
      expect(press({ key: 'b' })).toBe(true); // a command: it must not also type into the field it focuses
      press({ key: 's' });
      press({ key: 'q' });
      press({ key: 'C', shiftKey: true });
      press({ key: '3' });
      press({ key: ']' });
      press({ key: 'j' });
      press({ key: '?' });
      press({ key: 'b', repeat: true });
      doc.activeElement = { tagName: 'INPUT', type: 'text' };
      expect(press({ key: 'b' })).toBe(false);
      doc.activeElement = { tagName: 'BODY' };
      dispose();
    });
    press({ key: 'b' });
    expect(calls).toEqual(['side buy', 'side sell', 'qty', 'cancel all', 'tf 2', 'tf step 1', 'instrument 1', 'help']);
  });
});
