// The router reads location.hash and listens for hashchange at import: a page
// does both, so the test gives it a location and an event target first.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const target = new EventTarget();
const loc = { hash: '#/trade/BTC%2FUSD' };
let router: typeof import('./router');

beforeAll(async () => {
  vi.stubGlobal('location', loc);
  vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
  router = await import('./router');
});
afterAll(() => {
  vi.unstubAllGlobals();
});

function go(hash: string) {
  loc.hash = hash;
  target.dispatchEvent(new Event('hashchange'));
}

describe('hash routes', () => {
  it('the route at load is the page and its (decoded) argument', () => {
    expect(router.route()).toEqual({ page: 'trade', arg: 'BTC/USD' });
  });

  it('follows hashchange; an unknown page or an empty hash is the markets page', () => {
    go('#/portfolio');
    expect(router.route()).toEqual({ page: 'portfolio', arg: null });
    go('#/settings/x');
    expect(router.route()).toEqual({ page: 'settings', arg: 'x' });
    go('#/nope/FUN');
    expect(router.route()).toEqual({ page: 'markets', arg: 'FUN' });
    go('');
    expect(router.route()).toEqual({ page: 'markets', arg: null });
    // A key that is on every object is not a page.
    go('#/constructor');
    expect(router.route()).toEqual({ page: 'markets', arg: null });
  });

  it('href encodes the argument, and its route reads back the same', () => {
    expect(router.href('markets')).toBe('#/markets');
    expect(router.href('trade', 'A B/C')).toBe('#/trade/A%20B%2FC');
    for (const p of router.PAGES) {
      go(router.href(p.id, 'x/y?z'));
      expect(router.route()).toEqual({ page: p.id, arg: 'x/y?z' });
    }
  });
});
