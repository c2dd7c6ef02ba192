import { expect, test } from '@playwright/test';
import { numberIn, openTrade, order } from './helpers';

const EXCHANGE = ['FUN', 'MEME', 'YOLO', 'HODL', 'PUMP'];

test('first visit shows prices from the engine in the worker, and they move', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Markets' })).toBeVisible();
  const lasts = () => Promise.all(EXCHANGE.map((s) => page.getByTestId(`last-${s}`).textContent()));
  for (const s of EXCHANGE) await expect(page.getByTestId(`last-${s}`)).not.toHaveText('—', { timeout: 5_000 });
  const first = (await lasts()).join(' ');
  await expect.poll(async () => (await lasts()).join(' '), { timeout: 30_000 }).not.toBe(first);
});

test('a market buy updates the position, the cash and the activity', async ({ page }) => {
  await page.goto('/#/portfolio');
  await expect(page.getByTestId('cash')).toHaveText(/100,000\.00/, { timeout: 15_000 });
  await openTrade(page, 'FUN');
  await order(page, { type: 'market', qty: '5' });
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 5 FUN market/);
  await expect(page.getByTestId('position-qty')).toHaveText('5');
  await page.getByRole('link', { name: 'Portfolio' }).click();
  await expect(page.getByTestId('holdings')).toContainText('FUN');
  expect(await numberIn(page, 'cash')).toBeLessThan(100_000);
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByTestId('trades-table')).toContainText('FUN');
  await expect(page.getByTestId('trades-table')).toContainText('buy');
});

test('a limit order rests in the book and cancels', async ({ page }) => {
  await openTrade(page, 'MEME');
  const last = await numberIn(page, 'trade-last');
  // A few ticks under the last price: within the ten levels a side the ladder shows.
  const price = (Math.floor(last * 0.998 * 100) / 100).toFixed(2);
  await order(page, { type: 'limit', qty: '3', price });
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 3 MEME limit/);
  const open = page.getByTestId('open-orders');
  await expect(open).toContainText('MEME');
  await expect(page.getByTestId('book')).toContainText(price);
  await open.getByRole('button', { name: /^Cancel/ }).click();
  await expect(page.getByText(/^Order \S+ cancelled\.$/)).toBeVisible();
  await expect(page.getByTestId('open-orders')).toHaveCount(0);
});

test('insufficient funds gives a clear error and changes nothing', async ({ page }) => {
  await openTrade(page, 'FUN');
  await order(page, { type: 'limit', qty: '100000', price: '99.00' });
  await expect(page.getByTestId('ticket-status')).toHaveText(/Not enough cash/);
  await expect(page.getByText('No open orders.')).toBeVisible();
  await page.getByRole('link', { name: 'Portfolio' }).click();
  await expect(page.getByTestId('cash')).toHaveText(/100,000\.00/);
});

test('a stop order waits, then triggers when the price reaches it', async ({ page }) => {
  // Paused, the bots stand still: the book read below is the book the orders meet.
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: 'Pause' }).check();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trade' }).click();
  await expect(page.getByTestId('trade-last')).not.toHaveText('—', { timeout: 15_000 });
  // The asks, from the ladder (listed best last).
  const asks = page.getByTestId('book').locator('tbody.asks tr');
  await expect.poll(() => asks.count()).toBeGreaterThan(2);
  const n = await asks.count();
  const level = async (i: number) => {
    const [price, qty] = (await asks.nth(i).locator('td').allTextContents()).map((x) => Number(x.replace(/[^0-9.]/g, '')));
    return { price, qty };
  };
  // The stop goes at the first ask above the last trade (so it waits); the market buy takes every lot before it and one at it.
  const last = await numberIn(page, 'trade-last');
  let before = 0;
  let stop = 0;
  for (let i = n - 1; i >= 0; i--) {
    const l = await level(i);
    if (l.price > last) {
      stop = l.price;
      break;
    }
    before += l.qty;
  }
  expect(stop).toBeGreaterThan(0);
  await order(page, { type: 'stop', qty: '2', stop: stop.toFixed(2) });
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 2 FUN stop/);
  await expect(page.getByTestId('open-orders')).toContainText('(waiting)');
  // A trade at the stop price fires it.
  await order(page, { type: 'market', qty: String(before + 1) });
  await expect(page.getByTestId('position-qty')).toHaveText(String(before + 3), { timeout: 15_000 });
  await expect(page.getByText('No open orders.')).toBeVisible();
});

test('an order can be entered with the keyboard alone', async ({ page }) => {
  await openTrade(page, 'YOLO');
  const tabTo = async (id: string) => {
    for (let i = 0; i < 80; i++) {
      if (await page.evaluate((x) => document.activeElement?.id === x, id)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach #${id} with Tab`);
  };
  await tabTo('ticket-type');
  await page.keyboard.press('Home'); // Market is the first type
  await tabTo('ticket-qty');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 1 YOLO market/);
  await expect(page.getByTestId('position-qty')).toHaveText('1');
});
