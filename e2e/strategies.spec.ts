import { expect, test, type Page } from '@playwright/test';
import { numberIn } from './helpers';

// Strategies live in the app: start the SMA crossover on a synthetic market at
// high speed, see its trades and its marks on the Trade chart, reload and find
// it where it was, pause, resume and stop it (its money comes back), a bad
// parameter refused beside its field, and the page at a phone's width.

test.describe.configure({ timeout: 180_000 });

async function setSpeed(page: Page, name: 'Pause' | '60×'): Promise<void> {
  await page.goto('/#/settings');
  await page.getByRole('radio', { name }).check();
  await expect(page.getByRole('radio', { name })).toBeChecked();
}

async function cash(page: Page): Promise<number> {
  await page.goto('/#/portfolio');
  await expect(page.getByTestId('cash')).not.toHaveText('—', { timeout: 15_000 });
  return numberIn(page, 'cash');
}

async function openStrategies(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Strategies' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Strategies' })).toBeVisible();
  await expect(page.getByTestId('strategy-form')).toBeVisible({ timeout: 15_000 });
}

test('a strategy runs live: trades, chart marks, a reload, pause, resume and stop', async ({ page }, info) => {
  await setSpeed(page, '60×');
  const cashAtStart = await cash(page);
  await openStrategies(page);

  // A bad parameter: its message beside the field, and nothing starts.
  await page.selectOption('#st-strategy', 'sma-cross');
  await expect(page.getByTestId('strategy-description')).not.toBeEmpty();
  await page.fill('#st-param-fast', '0');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('param-error-fast')).toContainText('fast');
  await expect(page.locator('#st-param-fast')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('strategy-form-status')).toContainText('Nothing was started');
  await expect(page.getByTestId('no-strategies')).toBeVisible();

  // The SMA crossover on FUN, on 1-minute bars (one a second at 60×), short averages so it trades soon.
  await page.fill('#st-param-fast', '3');
  await page.fill('#st-param-slow', '8');
  await page.selectOption('#st-symbol', 'FUN');
  await page.selectOption('#st-tf', '1m');
  await page.fill('#st-budget', '2000');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('strategy-form-status')).toContainText('Started Moving-average crossover as S1');
  const card = page.getByTestId('strategy-S1');
  await expect(card.getByTestId('strategy-status')).toHaveText('Running');
  await expect.poll(async () => Number(await card.getByTestId('strategy-trades').textContent()), { timeout: 90_000 }).toBeGreaterThan(0);
  await expect(card.getByTestId('strategy-equity')).toHaveText(/\$\d/);
  await expect(card.getByTestId('strategy-pnl')).toHaveText(/[+−-]?\$|\$0\.00/);
  await page.screenshot({ path: info.outputPath('strategies-running.png'), fullPage: true });

  // Its marks on the Trade chart, with their reasons as text.
  await page.goto('/#/trade/FUN');
  const marks = page.getByTestId('chart-strategies');
  await expect(marks).toContainText('S1');
  await marks.locator('summary').click();
  await expect(page.getByTestId('signal-list').locator('li').first()).toContainText('S1', { timeout: 15_000 });
  await page.screenshot({ path: info.outputPath('trade-with-strategy.png'), fullPage: true });

  // Pause the market, read what it did, reload: the same strategy with the same trades.
  await setSpeed(page, 'Pause');
  await page.goto('/#/trade/FUN');
  await page.getByTestId('chart-strategies').locator('summary').click();
  await page.waitForTimeout(2_500); // the list is refreshed every 2 s: let it catch up with the paused market
  const fillsBefore = await page.getByTestId('signal-list').locator('li').allInnerTexts();
  expect(fillsBefore.length).toBeGreaterThan(0);
  await page.goto('/#/strategies');
  const tradesBefore = await card.getByTestId('strategy-trades').textContent();
  const equityBefore = await card.getByTestId('strategy-equity').textContent();
  await page.reload();
  await expect(card.getByTestId('strategy-status')).toHaveText('Running', { timeout: 15_000 });
  await expect(card.getByTestId('strategy-trades')).toHaveText(tradesBefore ?? '');
  await expect(card.getByTestId('strategy-equity')).toHaveText(equityBefore ?? '');
  await page.goto('/#/trade/FUN');
  await page.getByTestId('chart-strategies').locator('summary').click();
  await expect(page.getByTestId('signal-list').locator('li')).toHaveText(fillsBefore, { timeout: 10_000 });
  // Hovering a candle with a marker says why, in the readout over the chart.
  const plot = page.locator('.chart-candles .chart-plot');
  const box = (await plot.boundingBox())!;
  let found = 0;
  for (let x = box.x + box.width - 1; x > box.x && found === 0; x -= 3) {
    await page.mouse.move(x, box.y + box.height / 2);
    found = await page.getByTestId('chart-signal').count();
  }
  expect(found, 'a candle with a strategy marker').toBeGreaterThan(0);
  await expect(page.getByTestId('chart-signal').first()).toContainText(/S1 (filled|signal) [▲▼] (buy|sell) .*: .+/);
  await page.screenshot({ path: info.outputPath('trade-hover-signal.png') });

  // Running again after the reload: it goes on trading.
  await setSpeed(page, '60×');
  await openStrategies(page);
  const n = Number(tradesBefore);
  await expect.poll(async () => Number(await card.getByTestId('strategy-trades').textContent()), { timeout: 90_000 }).toBeGreaterThan(n);

  // Pause and resume.
  await card.getByRole('button', { name: 'Pause' }).click();
  await expect(card.getByTestId('strategy-status')).toHaveText('Paused');
  await card.getByRole('button', { name: 'Resume' }).click();
  await expect(card.getByTestId('strategy-status')).toHaveText('Running');

  // Change its parameters: a refused value is named under its field, a good one applies.
  await card.getByRole('button', { name: 'Change parameters' }).click();
  await page.fill('#edit-S1-fast', '1');
  // The card lives on across the frames' new lists (each second): the open form keeps what was typed.
  await page.waitForTimeout(2_500);
  await expect(page.locator('#edit-S1-fast')).toHaveValue('1');
  await card.getByRole('button', { name: 'Save parameters' }).click();
  await expect(card.getByTestId('param-error-fast')).toContainText('fast');
  await page.fill('#edit-S1-fast', '4');
  await card.getByRole('button', { name: 'Save parameters' }).click();
  await expect(card).toContainText('New parameters apply from the next bar.');
  await expect(card).toContainText('Fast average (bars) 4');

  // While it runs, it is on the leaderboard beside the person and the bots.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leaderboard' }).click();
  await expect(page.getByTestId('leaderboard').locator('tr[data-kind="strategy"]')).toContainText('S1');

  // Stop: its cash and holdings go back to the person.
  await setSpeed(page, 'Pause');
  const cashBeforeStop = await cash(page);
  expect(cashBeforeStop).toBeLessThan(cashAtStart);
  await openStrategies(page);
  await card.getByRole('button', { name: 'Stop' }).click();
  await card.getByRole('button', { name: 'Yes, stop' }).click();
  await expect(card.getByTestId('strategy-status')).toHaveText('Stopped');
  await expect(card.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  expect(await cash(page)).toBeGreaterThan(cashBeforeStop);

  // Stopped, its account is empty (all went back): it leaves the leaderboard rather than reading −100 %.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leaderboard' }).click();
  await expect(page.getByTestId('leaderboard').locator('tr').first()).toBeVisible();
  await expect(page.getByTestId('leaderboard').locator('tr[data-kind="strategy"]')).toHaveCount(0);
});

test('the Strategies page fits a phone, in both colour schemes', async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await setSpeed(page, '60×');
  await openStrategies(page);
  for (const budget of ['500', '600']) {
    await page.fill('#st-budget', budget);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('strategy-form-status')).toContainText('Started');
  }
  await expect(page.locator('.strategy-card')).toHaveCount(2);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(1_500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the Strategies page overflows horizontally').toBeLessThanOrEqual(0);
    await page.screenshot({ path: info.outputPath(`strategies-360-${scheme}.png`), fullPage: true });
  }
});
