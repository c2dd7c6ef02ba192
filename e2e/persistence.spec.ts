import { expect, test } from '@playwright/test';
import { numberIn, openTrade, order } from './helpers';

test('a reload restores the same portfolio, orders and history', async ({ page }) => {
  await openTrade(page, 'FUN');
  await order(page, { type: 'market', qty: '5' });
  await expect(page.getByTestId('position-qty')).toHaveText('5');
  const last = await numberIn(page, 'trade-last');
  await order(page, { type: 'limit', qty: '2', price: (Math.floor(last * 0.9 * 100) / 100).toFixed(2) });
  await expect(page.getByTestId('open-orders')).toContainText('FUN');
  await page.getByRole('link', { name: 'Portfolio' }).click();
  const cash = await numberIn(page, 'cash');

  await page.reload();
  await expect(page.getByTestId('holdings')).toContainText('FUN');
  expect(await numberIn(page, 'cash')).toBeCloseTo(cash, 2);
  await page.getByRole('link', { name: 'Trade' }).click();
  await expect(page.getByTestId('position-qty')).toHaveText('5');
  await expect(page.getByTestId('open-orders')).toContainText('FUN');
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByTestId('trades-table')).toContainText('FUN');
  // The market resumes after the reload.
  await page.getByRole('link', { name: 'Markets' }).click();
  const lasts = () => page.locator('[data-testid^="last-"]').allTextContents().then((x) => x.join(' '));
  await expect(page.getByTestId('last-FUN')).not.toHaveText('—');
  const first = await lasts();
  await expect.poll(lasts, { timeout: 30_000 }).not.toBe(first);
});

test('offline, a reload works and trading goes on', async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload(); // now controlled by the service worker
  await openTrade(page, 'FUN');
  await order(page, { type: 'market', qty: '3' });
  await expect(page.getByTestId('position-qty')).toHaveText('3');
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('position-qty')).toHaveText('3', { timeout: 15_000 });
  await order(page, { type: 'market', qty: '2' });
  await expect(page.getByTestId('position-qty')).toHaveText('5');
  await context.setOffline(false);
});

test('a second tab follows the first and nothing runs twice; it takes over when the first closes', async ({ context }) => {
  const a = await context.newPage();
  await openTrade(a, 'FUN');
  const b = await context.newPage();
  await openTrade(b, 'FUN');
  await expect(b.getByTestId('follower')).toBeVisible();
  // The second tab's order runs once, in the first tab's engine, and both tabs see it.
  await order(b, { type: 'market', qty: '4' });
  await expect(b.getByTestId('ticket-status')).toHaveText(/sent: buy 4 FUN/);
  await expect(a.getByTestId('position-qty')).toHaveText('4');
  await expect(b.getByTestId('position-qty')).toHaveText('4');
  await a.waitForTimeout(1_000);
  await expect(a.getByTestId('position-qty')).toHaveText('4');
  // The first tab closes: the second runs the market from what was stored.
  await a.close();
  await expect(b.getByTestId('follower')).toHaveCount(0, { timeout: 15_000 });
  await order(b, { type: 'market', qty: '1' });
  await expect(b.getByTestId('position-qty')).toHaveText('5');
});

test('with three tabs, when the leader closes the other follower keeps streaming and trading through the new leader', async ({ context }) => {
  const a = await context.newPage();
  await openTrade(a, 'FUN');
  const b = await context.newPage();
  await openTrade(b, 'FUN');
  const c = await context.newPage();
  await openTrade(c, 'MEME');
  await expect(b.getByTestId('follower')).toBeVisible();
  await expect(c.getByTestId('follower')).toBeVisible();
  await a.close();
  // One of b and c leads now; the other still follows, and still gets its own view's book.
  await expect.poll(async () => (await b.getByTestId('follower').count()) + (await c.getByTestId('follower').count()), { timeout: 15_000 }).toBe(1);
  // Both remaining tabs still get frames: their sim clocks keep moving.
  for (const p of [b, c]) {
    const clock = p.locator('.clock span[title="Simulated time"]');
    const then = await clock.textContent();
    await expect.poll(() => clock.textContent(), { timeout: 10_000 }).not.toBe(then);
  }
  await order(c, { type: 'market', qty: '2' });
  await expect(c.getByTestId('ticket-status')).toHaveText(/sent: buy 2 MEME market/);
  await expect(c.getByTestId('position-qty')).toHaveText('2');
});
