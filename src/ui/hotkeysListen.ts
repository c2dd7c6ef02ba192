import { onCleanup } from 'solid-js';
import { hotkeyFor, isTyping, type FocusedThing } from './hotkeys';

/** What the Trade page does for each shortcut (hotkeys.ts decides which key is which). */
export interface TradeHotkeyHandlers {
  side: (side: 'buy' | 'sell') => void;
  focusQty: () => void;
  cancelAll: () => void;
  timeframe: (index: number) => void;
  stepTimeframe: (delta: 1 | -1) => void;
  stepInstrument: (delta: 1 | -1) => void;
  help: () => void;
}

/** Listens to the page's keys while the calling component lives (the Trade page), and stops with it. */
export function useTradeHotkeys(h: TradeHotkeyHandlers): void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.repeat) return;
    const a = hotkeyFor(e, isTyping(document.activeElement as FocusedThing | null));
    if (a === null) return;
    // The key was a command: it must not also type into the field the command focuses.
    e.preventDefault();
    switch (a.kind) {
      case 'side': return h.side(a.side);
      case 'focusQty': return h.focusQty();
      case 'cancelAll': return h.cancelAll();
      case 'timeframe': return h.timeframe(a.index);
      case 'timeframeStep': return h.stepTimeframe(a.delta);
      case 'instrument': return h.stepInstrument(a.delta);
      case 'help': return h.help();
    }
  };
  window.addEventListener('keydown', onKey);
  onCleanup(() => window.removeEventListener('keydown', onKey));
}
