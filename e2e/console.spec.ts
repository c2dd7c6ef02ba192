import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { openTrade } from './helpers';

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

test('with the venues unreachable, the app reports it in the UI and prints no console errors', async ({ page, context }) => {
  // Every host but the app's own fails at the network level, as with no internet.
  await context.route((url) => url.hostname !== 'localhost', (route) => route.abort('internetdisconnected'));
  const errors = collectErrors(page);
  await openTrade(page, 'BTCUSDT');
  await page.goto('/#/settings');
  await page.waitForTimeout(4_000);
  expect(errors).toEqual([]);
});

test('offline after the first visit: a reload prints no console errors', async ({ page, context }) => {
  await openTrade(page, 'FUN');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  const errors = collectErrors(page);
  await page.reload();
  await expect(page.getByTestId('trade-last')).not.toHaveText('—', { timeout: 15_000 });
  await page.goto('/#/markets');
  await page.waitForTimeout(4_000);
  expect(errors).toEqual([]);
});

test('robots.txt is served as a file, not as the app', async ({ request }) => {
  const r = await request.get('/robots.txt');
  expect(r.status()).toBe(200);
  expect(r.headers()['content-type']).toMatch(/text\/plain/);
  expect(await r.text()).toMatch(/^User-agent: \*/m);
});
