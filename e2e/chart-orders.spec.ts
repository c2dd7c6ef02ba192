import { expect, test, type Page } from '@playwright/test';
import { openTrade, order } from './helpers';

/** The y (page pixels) of the first order line on the candle chart, found as a trader finds it: where the pointer turns into a resize cursor. */
async function findOrderLine(page: Page): Promise<{ x: number; y: number } | null> {
  const over = page.getByTestId('candle-plot').locator('.u-over');
  await over.scrollIntoViewIfNeeded();
  const box = (await over.boundingBox())!;
  const x = box.x + box.width * 0.6;
  for (let y = box.y + 2; y < box.y + box.height; y += 3) {
    await page.mouse.move(x, y);
    if ((await over.evaluate((el) => (el as HTMLElement).style.cursor)) === 'ns-resize') return { x, y };
  }
  return null;
}

/** The price column of the open order's row. */
async function openOrderPrice(page: Page): Promise<number> {
  const text = (await page.getByTestId('open-orders').locator('tbody tr').first().locator('td.num').first().textContent()) ?? '';
  return Number(text.replace(/[^0-9.]/g, ''));
}

test('a resting limit order is marked on the ladder and drawn on the chart; dragging its line moves its price', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openTrade(page, 'FUN');
  // At the best bid: it rests, and its level is on the ladder.
  const bidCell = page.getByTestId('book').locator('tbody.bids tr').first().locator('td').first();
  await expect(bidCell).not.toBeEmpty();
  const bid = Number(((await bidCell.textContent()) ?? '').replace(/[^0-9.]/g, ''));
  await order(page, { type: 'limit', qty: '3', price: bid.toFixed(2) });
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 3 FUN limit/);
  await expect(page.getByTestId('open-orders')).toContainText('FUN');
  const before = await openOrderPrice(page);

  // The ladder marks the level with what is left of the order.
  await expect(page.getByTestId('book').locator('td[data-own]').first()).toHaveAttribute('data-own', /● 3/);
  await expect(page.getByRole('button', { name: /your buy order: 3 here/ })).toBeVisible();

  // The line, then a drag 40 px down: a lower price, snapped to the cent, sent as a modify.
  const at = await findOrderLine(page);
  expect(at, 'an order line on the chart').not.toBeNull();
  await page.mouse.move(at!.x, at!.y);
  await page.mouse.down();
  for (let dy = 5; dy <= 40; dy += 5) await page.mouse.move(at!.x, at!.y + dy);
  await page.mouse.up();
  await expect(page.getByTestId('chart-move-msg')).toHaveText(/Order .*: Buy 3 @ [\d,.]+\./);
  await expect.poll(() => openOrderPrice(page)).toBeLessThan(before);
  const after = await openOrderPrice(page);
  expect(Math.abs(after * 100 - Math.round(after * 100))).toBeLessThan(1e-6);
  // The ladder's mark follows the order to its new level.
  await expect(page.getByTestId('book').locator('td[data-own]')).toHaveCount(1);
});

test('RSI turned on in the indicator menu stays on after a reload, in its own pane', async ({ page }) => {
  await openTrade(page, 'MEME');
  const plot = page.getByTestId('candle-plot');
  const h0 = (await plot.boundingBox())!.height;
  await page.getByTestId('indicator-menu').locator('summary').click();
  await page.getByRole('checkbox', { name: /^RSI/ }).check();
  await expect(page.locator('.chart-candles .chart-readout')).toContainText('RSI 14');
  await expect.poll(async () => (await plot.boundingBox())!.height).toBeGreaterThan(h0);
  await page.getByLabel('Period').nth(3).fill('9'); // SMA, EMA, Bollinger, RSI: the fourth period
  await page.getByLabel('Period').nth(3).press('Enter');
  await expect(page.locator('.chart-candles .chart-readout')).toContainText('RSI 9');

  await page.reload();
  await expect(page.getByTestId('trade-last')).not.toHaveText('—', { timeout: 15_000 });
  await expect(page.locator('.chart-candles .chart-readout')).toContainText('RSI 9');
  await page.getByTestId('indicator-menu').locator('summary').click();
  await expect(page.getByRole('checkbox', { name: /^RSI/ })).toBeChecked();
  // Per symbol: FUN's chart did not change.
  await openTrade(page, 'FUN');
  await expect(page.locator('.chart-candles .chart-readout')).not.toContainText('RSI');
});
