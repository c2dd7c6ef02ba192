/** Hash routes (#/trade/FUN): no server needed, and the PWA's one page serves them all. */
import { createSignal } from 'solid-js';

export type Page = 'markets' | 'trade' | 'strategies' | 'editor' | 'backtest' | 'portfolio' | 'activity' | 'leaderboard' | 'class' | 'settings';
export const PAGES: { id: Page; title: string }[] = [
  { id: 'markets', title: 'Markets' },
  { id: 'trade', title: 'Trade' },
  { id: 'strategies', title: 'Strategies' },
  { id: 'editor', title: 'Editor' },
  { id: 'backtest', title: 'Backtest' },
  { id: 'portfolio', title: 'Portfolio' },
  { id: 'activity', title: 'Activity' },
  { id: 'leaderboard', title: 'Leaderboard' },
  { id: 'class', title: 'Classroom' },
  { id: 'settings', title: 'Funds & settings' },
];

export interface Route {
  page: Page;
  /** For trade: the symbol. */
  arg: string | null;
}

function parse(hash: string): Route {
  const [, page, arg] = hash.replace(/^#/, '').split('/');
  const known = PAGES.some((p) => p.id === page);
  return { page: known ? (page as Page) : 'markets', arg: arg ? decodeURIComponent(arg) : null };
}

const [route, setRoute] = createSignal<Route>(parse(location.hash));
addEventListener('hashchange', () => setRoute(parse(location.hash)));
export { route };

export function href(page: Page, arg?: string): string {
  return `#/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}`;
}
