import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hotkeyFor, isTyping, stepIn, type KeyPress } from './hotkeys';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('hotkeyFor', () => {
  it('maps the documented keys', () => {
    expect(hotkeyFor(press('b'), false)).toEqual({ kind: 'side', side: 'buy' });
    expect(hotkeyFor(press('s'), false)).toEqual({ kind: 'side', side: 'sell' });
    expect(hotkeyFor(press('q'), false)).toEqual({ kind: 'focusQty' });
    expect(hotkeyFor(press('C', { shiftKey: true }), false)).toEqual({ kind: 'cancelAll' });
    expect(hotkeyFor(press('1'), false)).toEqual({ kind: 'timeframe', index: 0 });
    expect(hotkeyFor(press('6'), false)).toEqual({ kind: 'timeframe', index: 5 });
    expect(hotkeyFor(press(']'), false)).toEqual({ kind: 'timeframeStep', delta: 1 });
    expect(hotkeyFor(press('['), false)).toEqual({ kind: 'timeframeStep', delta: -1 });
    expect(hotkeyFor(press('j'), false)).toEqual({ kind: 'instrument', delta: 1 });
    expect(hotkeyFor(press('k'), false)).toEqual({ kind: 'instrument', delta: -1 });
    expect(hotkeyFor(press('ArrowDown', { altKey: true }), false)).toEqual({ kind: 'instrument', delta: 1 });
    expect(hotkeyFor(press('ArrowUp', { altKey: true }), false)).toEqual({ kind: 'instrument', delta: -1 });
    expect(hotkeyFor(press('?', { shiftKey: true }), false)).toEqual({ kind: 'help' });
  });

  it('reads letters with Caps Lock on the same', () => {
    expect(hotkeyFor(press('B'), false)).toEqual({ kind: 'side', side: 'buy' });
  });

  it('never cancels on a bare c, and leaves digits outside 1..6 and plain arrows to the browser', () => {
    expect(hotkeyFor(press('c'), false)).toBeNull();
    expect(hotkeyFor(press('0'), false)).toBeNull();
    expect(hotkeyFor(press('7'), false)).toBeNull();
    expect(hotkeyFor(press('ArrowDown'), false)).toBeNull();
    expect(hotkeyFor(press('B', { shiftKey: true }), false)).toBeNull();
  });

  it('does nothing while the person types, or with Ctrl/Meta (the browser\'s keys)', () => {
    fc.assert(fc.property(
      fc.string({ minLength: 1, maxLength: 10 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(),
      (key, shiftKey, altKey, ctrlKey, metaKey) => {
        expect(hotkeyFor({ key, shiftKey, altKey, ctrlKey, metaKey }, true)).toBeNull();
        expect(hotkeyFor({ key, shiftKey, altKey, ctrlKey: true, metaKey }, false)).toBeNull();
        expect(hotkeyFor({ key, shiftKey, altKey, ctrlKey, metaKey: true }, false)).toBeNull();
      },
    ));
  });
});

describe('isTyping', () => {
  it('is typing in text fields, selects, text areas and editors', () => {
    expect(isTyping({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTyping({ tagName: 'input' })).toBe(true); // no type: a text field
    expect(isTyping({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTyping({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTyping({ tagName: 'SELECT' })).toBe(true);
    expect(isTyping({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTyping({ tagName: 'SPAN', closest: (s) => (s.includes('.cm-editor') ? {} : null) })).toBe(true);
  });

  it('is not typing on buttons, checkboxes, radios, links or nothing', () => {
    expect(isTyping(null)).toBe(false);
    expect(isTyping({ tagName: 'BUTTON' })).toBe(false);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTyping({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(isTyping({ tagName: 'A', closest: () => null })).toBe(false);
    expect(isTyping({ tagName: 'BODY', isContentEditable: false, closest: () => null })).toBe(false);
  });
});

describe('stepIn', () => {
  it('wraps at both ends and starts from the first when the current is unknown', () => {
    expect(stepIn(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(stepIn(['a', 'b', 'c'], 'a', -1)).toBe('c');
    expect(stepIn(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(stepIn(['a', 'b'], 'z', 1)).toBe('a');
    expect(stepIn([], 'z', 1)).toBeUndefined();
  });

  it('a step forth and back returns to the start', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: -50, max: 50 }), (list, at, d) => {
      const start = list[at % list.length];
      expect(stepIn(list, stepIn(list, start, d)!, -d)).toBe(start);
    }));
  });
});
