import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

// The Backtest page's studies in the built app: a parameter sweep of the SMA crossover over GOOG across the
// pool of backtest workers (the heatmap's cells fill in while the progress moves, before the end), a set put
// back in the form; a sweep cancelled (the progress stops, the page still runs backtests); walk-forward and
// Monte Carlo drawn; a portfolio of two series; the page at a phone's width.

test.describe.configure({ timeout: 180_000 });

async function openBacktest(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backtest' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backtest' })).toBeVisible();
  await expect(page.getByTestId('sweep-form')).toBeVisible();
  await page.selectOption('#bt-strategy', 'sma-cross');
}

async function ranges(page: Page, fast: [number, number, number], slow: [number, number, number]): Promise<void> {
  for (const [name, r] of [['fast', fast], ['slow', slow]] as const) {
    await page.fill(`#sw-${name}-from`, String(r[0]));
    await page.fill(`#sw-${name}-to`, String(r[1]));
    await page.fill(`#sw-${name}-step`, String(r[2]));
  }
}

test('a sweep of the SMA crossover over GOOG: the heatmap fills in with progress, a set goes back to the form', async ({ page }, info) => {
  await openBacktest(page);
  // 36 × 31 = 1,116 combinations; those with fast ≥ slow are skipped, said before running.
  await ranges(page, [5, 40, 1], [10, 100, 3]);
  await expect(page.getByTestId('sweep-plan')).toContainText(/sets to run; \d+ skipped by the strategy's own rule \(the first: The fast average must be shorter/);
  const planned = Number(((await page.getByTestId('sweep-plan').textContent()) ?? '').replace(/[^\d].*$/s, '').replace(/,/g, ''));
  expect(planned).toBeGreaterThan(900);

  await page.getByRole('button', { name: 'Run sweep' }).click();
  // While it runs: some cells are filled and the progress is short of the total (cells appear before the end).
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="sweep-progress"]') as HTMLProgressElement | null;
    const filled = Number(document.querySelector('[data-testid="heatmap"]')?.getAttribute('data-filled') ?? 0);
    const bestSoFar = document.querySelector('[data-testid="sweep-best-so-far"]')?.textContent ?? '';
    return p !== null && p.value > 0 && p.value < p.max && filled > 0 && bestSoFar.startsWith('Best so far by SQN: fast ');
  }, undefined, { polling: 'raf', timeout: 60_000 });
  await expect(page.getByTestId('sweep-status')).toContainText(`Done: ${planned.toLocaleString('en-US')} runs`, { timeout: 120_000 });
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0);

  // Every run is a cell (short is off for all: one slice), the others hatched; a colour legend with the range.
  const heat = page.getByTestId('heatmap');
  await expect(heat).toHaveAttribute('data-filled', String(planned));
  await expect(heat).toHaveAttribute('aria-label', new RegExp(`SQN by Fast average \\(bars\\) \\(across\\) and Slow average \\(bars\\) \\(down\\), ${planned.toLocaleString('en-US')} runs drawn`));
  expect(await heat.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(36 * 16);
  await expect(page.getByTestId('heat-legend')).toContainText(/\d/);
  // The table: sorted by SQN, best first, NaN last; a column sorts by it.
  const rows = page.getByTestId('sweep-table').locator('tbody tr');
  await expect(rows).toHaveCount(100);
  await page.getByTestId('sweep-table').getByRole('button', { name: /^Return \[%\]/ }).click();
  await expect(page.getByTestId('sweep-table').locator('th[aria-sort="descending"]')).toContainText('Return [%]');
  const returns = await rows.locator('td:nth-child(2)').allTextContents();
  const nums = returns.map((t) => Number(t.replace(/[^\d.-]/g, '')));
  expect(nums).toEqual([...nums].sort((a, b) => b - a));

  // Keyboard: one tab stop, arrows move a cursor whose cell is read out, Enter picks; "Use these parameters" fills the form.
  const readout = page.getByTestId('heat-readout');
  await heat.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowDown');
  await expect(heat).toHaveAttribute('data-cursor', '35-1');
  await expect(readout).toHaveText('Fast average (bars) 40, Slow average (bars) 13: no run (not yet, or skipped by the rule)');
  // Down to a cell with a run (slow 43 > fast 40), then pick it.
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
  await expect(readout).toHaveText(/^Fast average \(bars\) 40, Slow average \(bars\) 43: Return \[%\] [\d.,-]+ %$/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sweep-picked')).toContainText('fast 40 · slow 43');
  await page.getByRole('button', { name: 'Use these parameters' }).click();
  await expect(page.locator('#bt-param-fast')).toHaveValue('40');
  await expect(page.locator('#bt-param-slow')).toHaveValue('43');
  // The sweep's own ranges stay as they were.
  await expect(page.locator('#sw-fast-from')).toHaveValue('5');
  await expect(page.locator('#sw-slow-step')).toHaveValue('3');
  await page.screenshot({ path: info.outputPath('sweep.png'), fullPage: true });

  // At a phone's width the heatmap scrolls inside its box; the page does not scroll sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  await heat.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await page.locator('.bt-heat-box').evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  expect(box.client).toBeLessThanOrEqual(360);
  expect(box.scroll).toBeGreaterThan(box.client);
  await page.locator('[data-testid="bt-sweep"]').screenshot({ path: info.outputPath('sweep-360.png') });
});

test('a sweep cancelled stops where it was; the page still runs backtests', async ({ page }) => {
  await openBacktest(page);
  // 20,000 sets drawn from 99 × 298 combinations: too many cells for the heatmap (it says so), the table has them.
  await ranges(page, [2, 100, 1], [3, 300, 1]);
  await page.locator('#sw-random').check();
  await page.fill('#sw-n', '20000');
  await page.fill('#sw-seed', '3');
  await expect(page.getByTestId('sweep-plan')).toContainText('20,000 sets to run');
  await page.getByRole('button', { name: 'Run sweep' }).click();
  await page.waitForFunction(() => ((document.querySelector('[data-testid="sweep-progress"]') as HTMLProgressElement | null)?.value ?? 0) > 0, undefined, { polling: 'raf', timeout: 60_000 });
  await expect(page.getByTestId('heat-too-big')).toContainText('29,502 cells');
  await page.getByRole('button', { name: 'Cancel sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toContainText(/Cancelled after [\d,]+ of 20,000 runs/);
  await expect(page.getByTestId('sweep-progress')).toHaveCount(0);
  const count = async () => Number(((await page.getByTestId('sweep-count').textContent()) ?? '').match(/of ([\d,]+) by/)![1].replace(/,/g, ''));
  const done = await count();
  await page.waitForTimeout(1_500);
  expect(await count()).toBe(done);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(20_000);

  // The page works: a single backtest runs (the pool starts fresh workers).
  await page.fill('#bt-param-fast', '10');
  await page.fill('#bt-param-slow', '30');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-status')).toContainText('Done:', { timeout: 30_000 });
});

test('walk-forward and Monte Carlo are drawn', async ({ page }, info) => {
  await openBacktest(page);
  await ranges(page, [5, 20, 5], [20, 60, 10]);
  await page.fill('#wf-in', '500');
  await page.fill('#wf-out', '250');
  await page.getByRole('button', { name: 'Run walk-forward' }).click();
  await expect(page.getByTestId('wf-status')).toContainText(/Done: 7 windows/, { timeout: 60_000 });
  await expect(page.getByTestId('wf-table').locator('tbody tr')).toHaveCount(7);
  await expect(page.getByTestId('wf-table').locator('tbody tr').first()).toContainText(/fast \d+ · slow \d+/);
  const chart = page.getByTestId('wf-chart');
  await expect(chart).toHaveAttribute('aria-label', /Out-of-sample.*; In-sample/);
  await expect(chart.locator('canvas')).toHaveCount(1);

  // Monte Carlo of a finished run's trades: SmaCross(10, 30) long and short, 66 trades.
  await page.fill('#bt-param-fast', '10');
  await page.fill('#bt-param-slow', '30');
  await page.locator('#bt-param-short').setChecked(true);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-status')).toContainText('Done: 66 trades', { timeout: 30_000 });
  await page.selectOption('#mc-method', 'bootstrap');
  await page.fill('#mc-runs', '1000');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await expect(page.getByTestId('mc-status')).toContainText('1,000 resamples of 66 trades');
  for (const id of ['mc-equity', 'mc-drawdown']) {
    const fig = page.getByTestId(id);
    await expect(fig.locator('svg rect')).not.toHaveCount(0);
    await expect(fig.locator('svg .bt-hist-mark')).toHaveCount(5);
    await expect(fig.locator('svg')).toHaveAttribute('aria-label', /5th percentile .*95th percentile/);
  }
  const p5 = Number(((await page.getByTestId('mc-equity-p5').textContent()) ?? '').replace(/[^\d.]/g, ''));
  const p95 = Number(((await page.getByTestId('mc-equity-p95').textContent()) ?? '').replace(/[^\d.]/g, ''));
  expect(p95).toBeGreaterThan(p5);
  // Shuffles keep the final equity: every percentile the same.
  await page.selectOption('#mc-method', 'shuffle');
  await page.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await expect(page.getByTestId('mc-status')).toContainText('1,000 shuffles');
  const shuffled = await page.getByTestId('mc-equity').locator('dd').allTextContents();
  expect(new Set(shuffled).size).toBe(1);
  await page.screenshot({ path: info.outputPath('walkforward-montecarlo.png'), fullPage: true });
});

test('a portfolio of two series shares one cash balance', async ({ page }) => {
  await openBacktest(page);
  // A second series over GOOG's own dates: its prices halved.
  const goog = (await readFile('src/core/backtest/samples/GOOG.csv', 'utf8')).trim().split('\n');
  const half = [goog[0], ...goog.slice(1).map((l) => {
    const [d, ...xs] = l.split(',');
    return [d, ...xs.map((x, i) => (i < 4 ? (Number(x) / 2).toFixed(4) : x))].join(',');
  })].join('\n');
  await page.getByText('Import a CSV of your own').click();
  await page.setInputFiles('#bt-import-file', { name: 'half.csv', mimeType: 'text/csv', buffer: Buffer.from(half) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('bt-import-status')).toContainText('Imported 2,148 bars as "half.csv"', { timeout: 30_000 });
  await page.fill('#bt-param-fast', '10');
  await page.fill('#bt-param-slow', '30');
  const picks = page.getByTestId('bt-portfolio').locator('input[type="checkbox"]');
  await page.getByTestId('bt-portfolio').getByLabel(/GOOG/).check();
  await page.getByTestId('bt-portfolio').getByLabel('half.csv').check();
  expect(await picks.count()).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Run portfolio' }).click();
  await expect(page.getByTestId('pf-status')).toContainText(/Done: \d+ trades over 2,148 moments, 2 series/, { timeout: 60_000 });
  const legs = page.getByTestId('pf-legs').locator('tbody tr');
  await expect(legs).toHaveCount(2);
  await expect(legs.nth(1)).toContainText('half.csv');
  await expect(page.getByTestId('pf-equity-chart').locator('canvas')).toHaveCount(1);
  // The legs' P&L adds up to the account's (equity final − cash), to the cent.
  const money = (s: string | null) => Number((s ?? '').replace(/[^\d.-]/g, ''));
  const pnl = (await legs.locator('td:nth-child(2)').allTextContents()).map(money).reduce((a, b) => a + b, 0);
  const final = money(await page.getByTestId('pf-stats').locator('tr', { hasText: 'Equity Final' }).locator('td').textContent());
  expect(Math.abs(final - 10_000 - pnl)).toBeLessThan(0.02);
});
