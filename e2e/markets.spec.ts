import { expect, test } from '@playwright/test';

test('first visit shows prices from the engine in the worker, and they move', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Bourse' })).toBeVisible();
  const fun = page.getByTestId('last-FUN');
  await expect(fun).not.toHaveText('—', { timeout: 10_000 });
  const first = await fun.textContent();
  // The market makers and noise traders keep trading: the last price changes.
  await expect
    .poll(async () => {
      const now = await Promise.all(['FUN', 'MEME', 'YOLO', 'HODL', 'PUMP'].map((s) => page.getByTestId(`last-${s}`).textContent()));
      return now.join(' ');
    }, { timeout: 20_000 })
    .not.toBe(first + ' ' + (await Promise.all(['MEME', 'YOLO', 'HODL', 'PUMP'].map((s) => page.getByTestId(`last-${s}`).textContent()))).join(' '));
});

test('the markets page works at a phone’s width', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await expect(page.getByTestId('bid-BTCUSDT')).not.toHaveText('—', { timeout: 15_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/markets-360.png', fullPage: false });
});
