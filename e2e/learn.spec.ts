import { expect, test, type Page } from '@playwright/test';
import { openTrade } from './helpers';

// Issue 13, the learner: the ticket explains each choice and says what the
// order will do before it is sent; "show me" animates a market order walking
// the book, shows a resting order's place in the queue, and lets the learner
// widen the market maker's spread and watch the book change.
// LEARN_SHOTS=dir saves screenshots of the panel (kept out of git).

const SHOTS = process.env.LEARN_SHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, fullPage: false });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Prices of the ladder's rows (asks then bids). */
async function ladderSpan(page: Page): Promise<number> {
  const prices = async (sel: string) => (await page.getByTestId('book').locator(`${sel} tr td:first-child`).allTextContents())
    .map((t) => Number(t.replace(/[^0-9.]/g, ''))).filter((x) => x > 0);
  const asks = await prices('tbody.asks');
  const bids = await prices('tbody.bids');
  return (Math.max(...asks) - Math.min(...bids)) / ((Math.max(...asks) + Math.min(...bids)) / 2);
}

test('the ticket explains the choice and previews a market order before it is sent', async ({ page }) => {
  await openTrade(page, 'FUN');
  await page.selectOption('#ticket-type', 'market');
  await expect(page.locator('#ticket-type-help')).toHaveText(/Trades now at the best prices/);
  await page.fill('#ticket-qty', '5');
  await expect(page.getByTestId('ticket-preview')).toHaveText(/^This buys at the best asks: about 5 FUN at [\d,.]+, fee \$\d+\.\d\d\.$/);
  if (SHOTS !== undefined) {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByTestId('ticket-preview').scrollIntoViewIfNeeded();
    await shot(page, 'ticket-preview-360');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('form.ticket').scrollIntoViewIfNeeded();
    await shot(page, 'ticket-preview-1280');
  }
  await page.getByText('Sell', { exact: true }).click();
  await expect(page.getByTestId('ticket-preview')).toHaveText(/^This sells at the best bids/);
  await page.selectOption('#ticket-type', 'stop');
  await expect(page.locator('#ticket-type-help')).toHaveText(/Waits until the last trade reaches your stop price/);
  await page.locator('form.ticket details.explain-more').first().locator('summary').click();
  await expect(page.locator('form.ticket details.explain-more').first()).toContainText('A sell stop at 48');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.selectOption('#ticket-type', 'limit');
  await shot(page, 'ticket-1280');
});

test('show me: a market order walks the book level by level, and a resting limit shows its place in the queue', async ({ page }) => {
  await openTrade(page, 'FUN');
  await page.getByTestId('show-me-toggle').check();
  // Enough to take several levels: the maker quotes about $20,000 a level.
  const last = Number((await page.getByTestId('trade-last').textContent())!.replace(/[^0-9.]/g, ''));
  await page.fill('#walk-qty', String(Math.ceil(50_000 / last)));
  await page.getByRole('button', { name: 'Show me', exact: true }).click();
  const levels = page.getByTestId('walk-level');
  await expect(levels.and(page.locator('[data-taken=yes]')).first()).toBeVisible();
  await expect.poll(() => levels.and(page.locator('[data-taken=yes]')).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('walk-average')).toHaveText(/It would fill .* on average, [\d.]+% above the best price/, { timeout: 15_000 });
  await page.getByTestId('show-me').scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('show-me').scrollIntoViewIfNeeded();
  await shot(page, 'walk-1280');

  // A limit buy at a bid a few levels down joins the queue behind the orders already there (at the best bid,
  // a noise trader's market sell may fill it before the panel asks).
  await page.selectOption('#ticket-type', 'limit');
  await page.getByTestId('book').locator('tbody.bids tr').nth(4).getByRole('button').click();
  await page.fill('#ticket-qty', '2');
  await expect(page.getByTestId('ticket-preview')).toHaveText(/in the queue behind [\d,.]+ FUN already waiting at that price/);
  await page.locator('form.ticket button[type=submit]').click();
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 2 FUN limit/);
  await expect(page.getByTestId('queue-position').first()).toHaveText(/Buy 2 FUN at [\d,.]+: (\d+(st|nd|rd|th) in line at that price, behind [\d,.]+ FUN in \d+ orders?|first in line at that price)/, { timeout: 10_000 });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByTestId('queue-position').first().scrollIntoViewIfNeeded();
  await shot(page, 'queue-360');
});

test('show me: widening the market maker’s spread widens the book', async ({ page }) => {
  await openTrade(page, 'MEME');
  await page.getByTestId('show-me-toggle').check();
  const bps = page.getByTestId('maker-spread-bps');
  await expect(bps).toBeVisible({ timeout: 10_000 });
  expect(Number(await bps.textContent())).toBeLessThan(30);
  const before = await ladderSpan(page);
  await page.fill('#bots-spreadBps', '300');
  await page.getByRole('button', { name: 'Apply to MEME' }).click();
  await expect(page.getByTestId('bots-status')).toHaveText(/^Changed\./);
  await expect.poll(async () => Number(await bps.textContent()), { timeout: 10_000 }).toBeGreaterThan(250);
  await expect.poll(() => ladderSpan(page), { timeout: 10_000 }).toBeGreaterThan(before + 0.01);
  // A bad value is refused with the engine's words, and changes nothing.
  await page.fill('#bots-spreadBps', '9000');
  await page.getByRole('button', { name: 'Apply to MEME' }).click();
  await expect(page.getByTestId('bots-status')).toHaveText(/spread \(basis points\) must be a whole number from 1 to 500/);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByTestId('maker-spread').scrollIntoViewIfNeeded();
  await shot(page, 'bots-360');
});
