/**
 * What the page asks of the browser for the engine it shows: save at once
 * when hidden or closed, and keep its storage. Only for the client the person
 * sees (the live engine), not for a backtest worker beside it.
 */
import type { EngineLink } from './engine';

/** The parts of window, document and navigator used here (tests pass their own). */
export interface PageHooks {
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: DocumentVisibilityState };
  navigator: { storage?: { persist?: () => Promise<boolean> } };
}

const browserPage = (): PageHooks => ({ window: globalThis, document, navigator });

/** Returns a function that removes the listeners again. */
export function saveWhenHidden(engine: Pick<EngineLink, 'flush'>, page: PageHooks = browserPage()): () => void {
  // Save at once when the page is hidden or closed (a phone may kill it without warning after that).
  const flush = () => void engine.flush();
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') flush();
  };
  page.window.addEventListener('pagehide', flush);
  page.document.addEventListener('visibilitychange', onVisibility);
  // Ask the browser not to evict Bourse's storage under pressure; only a page can ask.
  void page.navigator.storage?.persist?.().catch(() => false);
  return () => {
    page.window.removeEventListener('pagehide', flush);
    page.document.removeEventListener('visibilitychange', onVisibility);
  };
}
