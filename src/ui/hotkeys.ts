/**
 * The Trade page's keyboard shortcuts: which key means what, and when keys are
 * the person's typing rather than a command. Pure (a key press is described by
 * its fields, a focused element by its tag), so every mapping is unit-tested;
 * `pages/Trade.tsx` listens and acts, `components/HotkeyHelp.tsx` lists them.
 */

export type HotkeyAction =
  | { kind: 'side'; side: 'buy' | 'sell' }
  | { kind: 'focusQty' }
  | { kind: 'cancelAll' }
  | { kind: 'timeframe'; index: number }
  | { kind: 'timeframeStep'; delta: 1 | -1 }
  | { kind: 'instrument'; delta: 1 | -1 }
  | { kind: 'help' };

/** What a handler needs of a KeyboardEvent (a real one fits). */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** What the check needs of the focused element (a real one fits); null: nothing focused. */
export interface FocusedThing {
  tagName: string;
  isContentEditable?: boolean;
  type?: string;
  closest?: (selector: string) => unknown;
}

/** Inputs whose keys are commands, not text (a checkbox's letters type nothing). */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/**
 * Whether keys pressed now are typing: a text field, a select (letters pick an
 * option), a contenteditable (the strategy editor) or anything inside a dialog
 * (a dialog has its own keys). Shortcuts wait until focus leaves them.
 */
export function isTyping(el: FocusedThing | null): boolean {
  if (el === null) return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase());
  if (el.isContentEditable === true) return true;
  // CodeMirror's content is contenteditable; a node inside it reports that too, but say it once more for safety.
  return typeof el.closest === 'function' && el.closest('.cm-editor, dialog[open]') != null;
}

/** Number of timeframes the digits choose among (1..6). */
export const TIMEFRAME_KEYS = 6;

/**
 * The action a key press asks for, or null (the browser keeps the key).
 * Ctrl and Meta combinations are always the browser's (copy, reload, …).
 */
export function hotkeyFor(k: KeyPress, typing: boolean): HotkeyAction | null {
  if (typing || k.ctrlKey || k.metaKey) return null;
  if (k.altKey) {
    // Alt+arrows: an alternative to J/K that some people know from other terminals.
    if (k.key === 'ArrowDown') return { kind: 'instrument', delta: 1 };
    if (k.key === 'ArrowUp') return { kind: 'instrument', delta: -1 };
    return null;
  }
  if (k.key === '?') return { kind: 'help' };
  // Shift+C only: a bare "c" must never cancel anything.
  if (k.shiftKey) return k.key === 'C' || k.key === 'c' ? { kind: 'cancelAll' } : null;
  // Caps Lock gives "B" without Shift: letters count either way.
  switch (k.key.length === 1 ? k.key.toLowerCase() : k.key) {
    case 'b': return { kind: 'side', side: 'buy' };
    case 's': return { kind: 'side', side: 'sell' };
    case 'q': return { kind: 'focusQty' };
    case 'j': return { kind: 'instrument', delta: 1 };
    case 'k': return { kind: 'instrument', delta: -1 };
    case ']': return { kind: 'timeframeStep', delta: 1 };
    case '[': return { kind: 'timeframeStep', delta: -1 };
    default: {
      const n = k.key.length === 1 ? k.key.charCodeAt(0) - 48 : NaN;
      return n >= 1 && n <= TIMEFRAME_KEYS ? { kind: 'timeframe', index: n - 1 } : null;
    }
  }
}

/** The item `delta` steps from `current` in a list, wrapping at both ends; the first when current is not in it. */
export function stepIn<T>(list: readonly T[], current: T, delta: number): T | undefined {
  if (list.length === 0) return undefined;
  const i = list.indexOf(current);
  if (i < 0) return list[0];
  const n = list.length;
  return list[(((i + delta) % n) + n) % n];
}

/** The keys as the help overlay lists them: keys (each shown as one <kbd>) and what they do. */
/** `join: 'to'` reads the two keys as a range (1 to 6); otherwise they are alternatives (J or Alt+↓). */
export const HOTKEY_HELP: readonly { keys: string[][]; join?: 'to'; does: string }[] = [
  { keys: [['B']], does: 'Buy: choose the buy side and put the cursor in the quantity' },
  { keys: [['S']], does: 'Sell: choose the sell side and put the cursor in the quantity' },
  { keys: [['Q']], does: 'Put the cursor in the quantity' },
  { keys: [['Enter']], does: 'Send the order (while in the ticket)' },
  { keys: [['Shift', 'C']], does: 'Cancel all your open orders in this market (after a confirm)' },
  { keys: [['1'], ['6']], join: 'to', does: 'Timeframe 1s, 1m, 5m, 15m, 1h, 1d (1 to 6)' },
  { keys: [['['], [']']], does: 'Previous or next timeframe' },
  { keys: [['J'], ['Alt', '↓']], does: 'Next market' },
  { keys: [['K'], ['Alt', '↑']], does: 'Previous market' },
  { keys: [['?']], does: 'Show this list' },
  { keys: [['Esc']], does: 'Close this list or a question' },
];
