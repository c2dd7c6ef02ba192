import { expect, test, type Page } from '@playwright/test';
import { numberIn, openTrade, order } from './helpers';

/** Issue 13: a leaderboard that means something, and a reset that is a clean slate. */

/** The returns shown, as numbers ("+0.12%" → 0.12; "—" → NaN). */
async function returns(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('leaderboard-return').allTextContents();
  return texts.map((t) => (t.trim() === '—' ? NaN : Number(t.replace(/\u2212/g, '-').replace(/[^0-9.-]/g, ''))));
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [[1280, 800], [360, 740]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(150);
      await page.screenshot({ path: test.info().outputPath(`${name}-${w}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('after a minute of bots trading, a fresh person ranks at 0 % and no bot strays past ±5 %', async ({ page }) => {
  await page.goto('/#/settings');
  await page.locator('label', { hasText: '60×' }).click(); // a sim minute a wall second
  await page.waitForTimeout(2_500);
  await page.goto('/#/leaderboard');
  const board = page.getByTestId('leaderboard');
  await expect(board.locator('tr[data-kind="you"]')).toBeVisible({ timeout: 15_000 });
  // People and strategies only, by default: the person is first of one, at 0 %.
  await expect(board.locator('tr[data-kind="maker"], tr[data-kind="noise"]')).toHaveCount(0);
  await expect(board.locator('tr[data-kind="you"] td').first()).toHaveText('1');
  expect(await returns(page)).toEqual([0]);

  // The bots on request: the top 50, every one near 0 %.
  await page.getByTestId('leaderboard-bots').check();
  await expect(board.locator('tbody tr')).toHaveCount(50);
  const shown = await returns(page);
  for (const r of shown) expect(Math.abs(r), `returns ${shown.join(', ')}`).toBeLessThan(5);
  await page.getByRole('button', { name: /Show \d+ more/ }).click();
  await expect.poll(() => board.locator('tbody tr').count()).toBeGreaterThan(50);
  for (const r of await returns(page)) expect(Math.abs(r)).toBeLessThan(5);
  await page.getByTestId('leaderboard-bots').uncheck(); // for the screenshots: what a person sees first
  await page.getByTestId('leaderboard-bots').check();
  await shoot(page, 'leaderboard-bots');

  // The choice is remembered.
  await page.reload();
  await expect(page.getByTestId('leaderboard-bots')).toBeChecked();
  await page.getByTestId('leaderboard-bots').uncheck();
  await shoot(page, 'leaderboard');
});

test('reset asks, offers to export first, clears orders, trades and P&L, and a reload keeps it clear', async ({ page }) => {
  await openTrade(page, 'FUN');
  await order(page, { type: 'market', qty: '5' });
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 5 FUN market/);
  await order(page, { side: 'sell', type: 'market', qty: '2' });
  await expect(page.getByTestId('position-qty')).toHaveText('3');
  await page.goto('/#/activity');
  await expect(page.getByTestId('trades-table')).toContainText('FUN');
  await expect(page.getByRole('tab', { name: 'Orders (2)' })).toBeVisible();

  await page.goto('/#/settings');
  await page.getByLabel('Starting cash (USD)').fill('50000');
  await page.getByRole('button', { name: 'Reset account…' }).click();
  const dialog = page.getByTestId('reset-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('your order and trade history in Activity');
  await expect(dialog).toContainText('$50,000.00');
  await expect(dialog.getByRole('button', { name: 'Keep my account' })).toBeFocused();
  await shoot(page, 'reset-dialog');
  // Export first: the backup downloads, the dialog stays open.
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export backup first' }).click();
  expect((await download).suggestedFilename()).toMatch(/^bourse-backup-.*\.json$/);
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/Account reset with \$50,000\.00\. Cleared 2 orders and \d+ trades?; P&L starts again from zero\./)).toBeVisible();
  await shoot(page, 'reset-done');

  const clean = async () => {
    await page.goto('/#/portfolio');
    await expect(page.getByTestId('cash')).toHaveText('$50,000.00', { timeout: 15_000 });
    const stats = page.getByTestId('portfolio-stats');
    for (const label of ['Total P&L', 'Realized', 'Unrealized', 'Day P&L']) {
      await expect(stats.locator('div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd')).toHaveText('$0.00');
    }
    await expect(stats.locator('div', { has: page.locator('dt', { hasText: 'Fees paid' }) }).locator('dd')).toHaveText('$0.00');
    await expect(page.getByTestId('holdings')).toHaveCount(0);
    await page.goto('/#/activity');
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Trades (0)' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Orders (0)' })).toBeVisible();
    await expect(page.getByTestId('trades-table')).not.toContainText('FUN');
    await expect(page.getByTestId('trades-table')).toContainText('No trades yet');
    await page.goto('/#/leaderboard');
    await expect(page.getByTestId('leaderboard').locator('tr[data-kind="you"]')).toContainText('$50,000.00');
  };
  await clean();
  await page.reload();
  await clean();
  expect(await numberIn(page, 'leaderboard-return')).toBe(0);
});

test('the over-withdraw message prints money as money', async ({ page }) => {
  await page.goto('/#/settings');
  await expect(page.getByTestId('settings-cash')).toHaveText(/100,000\.00/, { timeout: 15_000 });
  await page.getByLabel('Amount (USD)').fill('1000000.123');
  await page.getByRole('button', { name: 'Withdraw' }).click();
  await expect(page.getByText(/^Only \$100,000\.00 is available to withdraw/)).toBeVisible();
});
