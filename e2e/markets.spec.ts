import { expect, test } from '@playwright/test';

const EXCHANGE = ['FUN', 'MEME', 'YOLO', 'HODL', 'PUMP'];

test('first visit shows prices from the engine in the worker, and they move', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Bourse' })).toBeVisible();
  const lasts = () => Promise.all(EXCHANGE.map((s) => page.getByTestId(`last-${s}`).textContent()));
  // The market has been trading before the page opened: every exchange ticker shows a last price at once.
  for (const s of EXCHANGE) await expect(page.getByTestId(`last-${s}`)).not.toHaveText('—', { timeout: 5_000 });
  const first = (await lasts()).join(' ');
  // The market makers and noise traders keep trading: the last prices change.
  await expect.poll(async () => (await lasts()).join(' '), { timeout: 30_000 }).not.toBe(first);
});

test('the markets page works at a phone’s width', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await expect(page.getByTestId('bid-BTCUSDT')).not.toHaveText('—', { timeout: 15_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/markets-360.png', fullPage: false });
});
