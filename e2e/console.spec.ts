import { expect, test as base, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { openTrade } from './helpers';

// The browser logs every failed request and WebSocket as a console error (in
// the page, or in the engine's worker, where Playwright's console events do
// not reach), so what these tests count is the attempts themselves: every
// request and socket to a host that is not this machine's. Chromium is also
// told that no other name resolves, so nothing can leave the machine even if
// a route missed it.
const test = base.extend<object, object>({
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({ ...launchOptions, args: [...(launchOptions.args ?? []), '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'] });
    },
    { scope: 'worker' },
  ],
});

/** Every console error and uncaught exception of a page (its workers' included), as text. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  };
  page.on('console', onConsole);
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('worker', (w) => w.on('console', onConsole));
  return errors;
}

const isAway = (url: URL): boolean => url.hostname !== 'localhost' && url.hostname !== '127.0.0.1';

/**
 * Refuses every request and WebSocket to another host, as an unreachable
 * venue does, and records each (the worker's fetches too: context routes see
 * them; sockets, through the route and the page's websocket event alike).
 */
async function refuseAway(context: BrowserContext, page: Page): Promise<{ http: string[]; ws: Set<string>; all: () => string[] }> {
  const seen = { http: [] as string[], ws: new Set<string>() };
  await context.route(isAway, (route) => {
    seen.http.push(route.request().url());
    return route.abort('connectionrefused');
  });
  await context.routeWebSocket(isAway, (ws) => {
    seen.ws.add(ws.url());
    return ws.close({ code: 1011, reason: 'refused by the test' });
  });
  page.on('websocket', (ws) => {
    if (isAway(new URL(ws.url()))) seen.ws.add(`${ws.url()}#${seen.ws.size}`);
  });
  return { ...seen, all: () => [...seen.http, ...seen.ws] };
}

/** The browser's own report of a failed attempt to another host: expected here, not an error of ours. */
const browserNetworkError = (text: string): boolean =>
  /^Failed to load resource: net::ERR_|^WebSocket connection to 'wss?:\/\/[^']+' failed/.test(text) && !/localhost/.test(text);

test('with the venues unreachable, the app reports it in the UI and prints no console errors', async ({ page, context }) => {
  const away = await refuseAway(context, page);
  const errors = collectErrors(page);
  await openTrade(page, 'BTCUSDT');
  await page.goto('/#/settings');
  const badge = page.getByTestId('feed-crypto');
  await expect(badge).toContainText('could not be reached', { timeout: 15_000 });
  await expect(badge).not.toContainText(/code \d{4}|net::|TypeError/);
  await page.waitForTimeout(2_000);
  expect(away.all().length, 'attempts were made').toBeGreaterThan(0);
  expect(errors.filter((e) => !browserNetworkError(e))).toEqual([]);
});

test('offline after the first visit: nothing tries the network, the UI says offline, no console errors; back online, the venues are tried at once and named plainly', async ({ page, context }) => {
  const away = await refuseAway(context, page);
  await openTrade(page, 'BTCUSDT');
  await page.evaluate(() => navigator.serviceWorker.ready);

  await context.setOffline(true);
  away.http.length = 0;
  away.ws.clear();
  const errors = collectErrors(page);
  await page.reload();
  await expect(page.getByTestId('trade-last')).not.toHaveText('—', { timeout: 15_000 });
  // Time for the feed to start and the chart to ask for its history.
  await page.waitForTimeout(3_000);
  expect(away.all(), 'attempts to other hosts while offline').toEqual([]);
  // The chart's history: the cache is empty, Binance is not asked, and the note says why.
  await expect(page.getByTestId('history-note')).toContainText('You are offline', { timeout: 15_000 });
  await page.goto('/#/settings');
  const badge = page.getByTestId('feed-crypto');
  await expect(badge).toContainText('Offline: live prices resume when the network is back', { timeout: 15_000 });
  await page.waitForTimeout(2_000);
  expect(away.all(), 'attempts to other hosts while offline').toEqual([]);
  expect(errors).toEqual([]);

  // Back online, the venues still unreachable: the worker tries at once (no reload), and says why in plain words.
  await context.setOffline(false);
  await expect(badge).toContainText('could not be reached', { timeout: 10_000 });
  await expect(badge).not.toContainText(/code \d{4}|net::|TypeError|CORS/);
  await expect(badge.locator('[title]')).toHaveAttribute('title', /.+/);
  expect(away.all().length, 'attempts once online').toBeGreaterThan(0);
  expect(errors.filter((e) => !browserNetworkError(e))).toEqual([]);
});

test('robots.txt is served as a file, not as the app', async ({ request }) => {
  const r = await request.get('/robots.txt');
  expect(r.status()).toBe(200);
  expect(r.headers()['content-type']).toMatch(/text\/plain/);
  expect(await r.text()).toMatch(/^User-agent: \*/m);
});

test('favicon.ico, which browsers and crawlers ask for by that name, is an icon, not the app', async ({ request }) => {
  const r = await request.get('/favicon.ico');
  expect(r.status()).toBe(200);
  expect(r.headers()['content-type']).toMatch(/icon/);
  const b = await r.body();
  expect([...b.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // the ICO header
});
