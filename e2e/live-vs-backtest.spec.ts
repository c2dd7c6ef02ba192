import { expect, test, type Locator, type Page } from '@playwright/test';

// Why live differs from the backtest, in the app: the SMA crossover trades FUN
// at 60× (a 1-minute bar a second) with short averages; the market is paused,
// and its card's "Live vs backtest" puts the live run beside a backtest of it
// over the same bars: signals matched, and the parts (slippage, fees, the
// rest) adding up to the difference shown. Then the panel at a phone's width,
// in both colour schemes, its table scrolling inside its box.

test.describe.configure({ timeout: 180_000 });

async function setSpeed(page: Page, name: 'Pause' | '60×'): Promise<void> {
  await page.goto('/#/settings');
  await page.getByRole('radio', { name }).check();
  await expect(page.getByRole('radio', { name })).toBeChecked();
}

async function openStrategies(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Strategies' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Strategies' })).toBeVisible();
  await expect(page.getByTestId('strategy-form')).toBeVisible({ timeout: 15_000 });
}

/** Signed money as shown ("+$1,234.56", "−$0.12", "$0.00") → a number. */
async function money(l: Locator): Promise<number> {
  const text = (await l.textContent()) ?? '';
  const m = /([+\u2212-]?)\D*([\d,]+\.\d+)/u.exec(text);
  if (m === null) throw new Error(`no amount in ${JSON.stringify(text)}`);
  const x = Number(m[2].replace(/,/g, ''));
  return m[1] === '' || m[1] === '+' ? x : -x;
}

test('a strategy that traded live, beside its backtest over the same bars', async ({ page }, info) => {
  await setSpeed(page, '60×');
  await openStrategies(page);
  await page.selectOption('#st-strategy', 'sma-cross');
  await page.fill('#st-param-fast', '3');
  await page.fill('#st-param-slow', '8');
  await page.selectOption('#st-symbol', 'FUN');
  await page.selectOption('#st-tf', '1m');
  await page.fill('#st-budget', '2000');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('strategy-form-status')).toContainText('Started Moving-average crossover as S1');
  const card = page.getByTestId('strategy-S1');
  // A few round trips: a handful of crossovers of a 3- and an 8-bar average.
  await expect.poll(async () => Number(await card.getByTestId('strategy-trades').textContent()), { timeout: 120_000, intervals: [1_000] }).toBeGreaterThanOrEqual(4);

  // The market paused, its figures hold still while they are compared.
  await setSpeed(page, 'Pause');
  await openStrategies(page);
  await page.waitForTimeout(1_500); // the card's list catches up with the paused market
  const open = card.getByTestId('lvb-open');
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  // By keyboard: focus the button and press Enter.
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  const panel = card.getByTestId('lvb-panel');
  await expect(panel.getByTestId('lvb-summary')).toContainText('Live ', { timeout: 15_000 });
  await expect(panel.getByTestId('lvb-summary')).toContainText(/Slippage \(the prices its orders filled at\) (cost|added|made no difference)/);

  // Sane numbers: signals matched, the parts add up to the difference (each shown to the cent).
  const matched = Number(await panel.getByTestId('lvb-matched').textContent());
  expect(matched).toBeGreaterThan(0);
  const rows = panel.getByTestId('lvb-rows').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(matched);
  await expect(panel.getByTestId('lvb-rows').locator('tbody tr[data-kind="matched"]')).toHaveCount(matched);
  const live = await money(panel.getByTestId('lvb-live-pnl'));
  const backtest = await money(panel.getByTestId('lvb-bt-pnl'));
  const diff = await money(panel.getByTestId('lvb-diff'));
  const parts = [await money(panel.getByTestId('lvb-slippage')), await money(panel.getByTestId('lvb-fees')), await money(panel.getByTestId('lvb-other'))];
  // Live P&L is up to the last compared bar's close: near the card's (marked at the last price now), a few dollars at most on $2,000.
  expect(Math.abs(live - await money(card.getByTestId('strategy-pnl')))).toBeLessThan(20);
  expect(Math.abs(live - backtest - diff)).toBeLessThanOrEqual(0.015);
  expect(Math.abs(parts[0] + parts[1] + parts[2] - diff)).toBeLessThanOrEqual(0.015);
  // Both runs paid a fee on every fill (FUN's taker fee, 0.05 %): a matched row shows both.
  const first = panel.getByTestId('lvb-rows').locator('tbody tr[data-kind="matched"]').first();
  await expect(first.locator('td')).toHaveCount(11);
  await expect(first).toContainText(/fast SMA crossed (above|below) slow/);
  await page.screenshot({ path: info.outputPath('live-vs-backtest.png'), fullPage: true });

  // A phone's width, both colour schemes: nothing overflows the page; the table scrolls in its own box.
  await page.setViewportSize({ width: 360, height: 800 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the Strategies page overflows horizontally').toBeLessThanOrEqual(0);
    const box = panel.locator('.lvb-table');
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: info.outputPath(`live-vs-backtest-360-${scheme}.png`) });
    await page.screenshot({ path: info.outputPath(`strategies-360-${scheme}.png`), fullPage: true });
  }
  // The table's box takes the keyboard: focusable, and arrow keys scroll it.
  // Tried again while it has not moved: a CI run under load once pressed the keys and saw no scroll in 5 s.
  const box = panel.locator('.lvb-table');
  await expect(async () => {
    await box.focus();
    await expect(box).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((el) => el.scrollLeft), { timeout: 2_000 }).toBeGreaterThan(0);
  }).toPass({ timeout: 15_000 });
});
