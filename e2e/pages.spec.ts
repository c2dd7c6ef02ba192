// Every page at a laptop's and a phone's size, in both colour schemes: nothing runs off the side, and a
// screenshot of each is kept in test-results (issue 13's proof). The one place that takes them all: one test
// per size, looping pages and schemes on one page load each (switching the scheme needs no reload).
import { expect, test, type Page } from '@playwright/test';

const PAGES = ['markets', 'trade/FUN', 'portfolio', 'activity', 'leaderboard', 'class', 'strategies', 'editor', 'backtest', 'settings'];
const SIZES = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
];
const SCHEMES = ['light', 'dark'] as const;

/** How far the document runs past the window's right edge (0 when it fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const size of SIZES) {
  test(`every page at ${size.width}x${size.height}, light and dark: fits the width, screenshots kept`, async ({ page }, info) => {
    test.setTimeout(90_000);
    await page.setViewportSize(size);
    const shoot = async (name: string) => {
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        // Lazily loaded pages (src/ui/App.tsx) have their heading once their chunk has run.
        await expect(page.locator('main h1')).toBeVisible();
        expect(await overflow(page), `${name} (${scheme}) overflows horizontally`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: info.outputPath(`${name}-${size.width}-${scheme}.png`), fullPage: true });
      }
    };
    for (const p of PAGES) {
      await page.goto(`/#/${p}`);
      await expect(page.locator('main h1')).toBeVisible();
      await page.waitForTimeout(400); // prices and charts fill in
      await shoot(p.replace('/', '-'));
    }
    // Trade's "show me" panel, open: the book walk, the queue and the bots' settings.
    await page.goto('/#/trade/FUN');
    await page.getByTestId('show-me-toggle').check();
    await expect(page.getByTestId('show-me').locator('.show-me-grid')).toBeVisible();
    await page.getByTestId('show-me').scrollIntoViewIfNeeded();
    await page.waitForTimeout(400);
    await shoot('trade-FUN-show-me');
  });
}

test('offline, the pages that load lazily (every one but Markets) open from the service worker’s cache', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // In 'prompt' mode the first worker does not claim the page that installed it: the next load is its first.
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
  await context.setOffline(true);
  await page.reload();
  // Each page's chunk is fetched the first time its route opens, now: only the cache can answer.
  for (const [route, heading] of [['trade/FUN', 'FUN'], ['strategies', 'Strategies'], ['editor', 'Strategy editor'], ['backtest', 'Backtest'], ['portfolio', 'Portfolio'], ['activity', 'Activity'], ['leaderboard', 'Leaderboard'], ['settings', 'Funds & settings']]) {
    await page.goto(`/#/${route}`);
    await expect(page.locator('main h1').first(), route).toContainText(heading);
    // CodeMirror has chunks of its own (vite.config.ts): the editor is there, not only its heading.
    if (route === 'editor') await expect(page.locator('.cm-editor')).toBeVisible();
  }
});
