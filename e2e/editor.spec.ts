import { expect, test, type Page } from '@playwright/test';
import { numberIn, openTrade, order } from './helpers';

/**
 * The strategy editor in Chromium: a strategy written in the editor, a syntax
 * error marked on its line, fixed, saved and run in its sandbox Worker (it
 * trades); an endless loop, a network call and a huge allocation each stop
 * their strategy with a message while the market and the ticket go on.
 */

/** Replaces the editor's text (insertText: no auto-closed brackets, as a paste). */
async function setCode(page: Page, code: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

async function fastMarket(page: Page): Promise<void> {
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: '60×' }).check();
}

/** Saves the editor's code under `name` and runs it on FUN with 1 s bars (or `tf`); answers its id. */
async function run(page: Page, name: string, tf = '1s'): Promise<string> {
  await page.fill('#strategy-name', name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText(`Saved ${name}.`);
  await page.getByTestId('run-symbol').selectOption('FUN');
  await page.getByLabel('Timeframe').selectOption(tf);
  await page.getByTestId('run-budget').fill('20000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('run-msg')).toHaveText(/^Started .* as S\d+/, { timeout: 10_000 });
  return /as (S\d+)/.exec((await page.getByTestId('run-msg').textContent()) ?? '')![1];
}

const TRADER = (broken: boolean) => `// Buys one FUN on odd bars and sells it on even ones.
return {
  name: 'flip',
  title: 'Flip',
  timeframe: '1s',
  onBar(ctx) {
    ctx.log('bar ' + ctx.barIndex + ' close ' + ctx.bar.close);
    if (ctx.position.units === 0) ctx.buy({ size: { units: 1 }, reason: 'odd bar' })${broken ? ' +' : ';'}
    else ctx.sell({ size: { units: ctx.position.units }, reason: 'even bar' });
  },
};
`;

test('write a strategy, see its syntax error on its line, fix it, run it: it trades', async ({ page }) => {
  await fastMarket(page);
  await page.goto('/#/editor');
  await expect(page.getByRole('heading', { name: 'Strategy editor' })).toBeVisible();
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 15_000 });

  await setCode(page, TRADER(true));
  const status = page.getByTestId('code-status');
  await expect(status).toContainText('SyntaxError', { timeout: 10_000 });
  // The `+` at the end of line 8 runs into `else` on line 9: the parse breaks there.
  await expect(status).toContainText(/Line 9/);
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  const marked = await page.locator('.cm-lintRange-error').first().evaluate((el) => el.closest('.cm-line')?.textContent ?? '');
  expect(marked).toContain('else ctx.sell');
  await page.screenshot({ path: 'test-results/editor-syntax-error.png', fullPage: true });

  await setCode(page, TRADER(false));
  await expect(status).toHaveText('No errors: the code declares a strategy.', { timeout: 10_000 });
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(0);
  await expect(page.getByTestId('declared')).toHaveText('Flip · 1s bars');

  const id = await run(page, 'e2e-flip');
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 15_000 });
  await expect.poll(async () => Number(await page.getByTestId('run-trades').textContent()), { timeout: 30_000 }).toBeGreaterThan(1);
  await expect(page.getByTestId('run-log')).toContainText(/bar \d+ close \d/, { timeout: 10_000 });
  await page.screenshot({ path: 'test-results/editor-running.png', fullPage: true });

  // It is listed and kept across a reload; it ranks beside the person, and goes on trading after the reload
  // (a new sandbox loads the saved code; its account and trades are the journal's).
  await expect(page.getByRole('button', { name: 'e2e-flip', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'e2e-flip', exact: true })).toBeVisible({ timeout: 15_000 });
  await page.goto('/#/leaderboard');
  const row = page.locator(`[data-kind=strategy]`, { hasText: `${id} · e2e-flip on FUN` });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await page.goto('/#/strategies');
  const card = page.getByTestId(`strategy-${id}`);
  await expect(card.getByTestId('strategy-status')).toHaveText('Running', { timeout: 15_000 });
  const tradesNow = async () => Number(await card.getByTestId('strategy-trades').textContent());
  const before = await tradesNow();
  expect(before).toBeGreaterThan(1);
  await expect.poll(tradesNow, { timeout: 30_000 }).toBeGreaterThan(before);
  await page.screenshot({ path: 'test-results/editor-after-reload.png', fullPage: true });
});

const COUNTER = `// Counts its bars in ctx.state and says so.
return {
  name: 'counter',
  title: 'Counter',
  timeframe: '1m',
  params: { every: { type: 'integer', default: 1, min: 1, max: 10, label: 'Every' } },
  init(ctx) { return { avg: ctx.ind.sma(3) }; },
  onBar(ctx) {
    ctx.state.bars = (ctx.state.bars ?? 0) + 1;
    ctx.log('count ' + ctx.state.bars + ' every ' + ctx.params.every + ' sma ready ' + ctx.indicators.avg.ready);
  },
};
`;

/** The counts its log says, in order. */
const countsIn = (log: string): number[] => [...log.matchAll(/count (\d+) every/g)].map((m) => Number(m[1]));

test('parameters set at Run; a strategy counting its bars in ctx.state goes on counting after a reload, not from 0', async ({ page }) => {
  await fastMarket(page);
  await page.goto('/#/editor');
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 15_000 });
  await setCode(page, COUNTER);
  await expect(page.getByTestId('declared')).toHaveText('Counter · 1m bars', { timeout: 10_000 });
  // The fields of what the code declares, checked before anything starts.
  const every = page.getByLabel(/^Every/);
  await expect(every).toHaveValue('1');
  await every.fill('30');
  await page.fill('#strategy-name', 'e2e-counter');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('param-error-every')).toBeVisible();
  await expect(page.getByTestId('run-msg')).toContainText('Nothing was started');
  await every.fill('3');
  const id = await run(page, 'e2e-counter', '1m');
  const log = page.getByTestId('run-log');
  await expect(log).toContainText('count 1 every 3', { timeout: 15_000 });
  await expect.poll(async () => Math.max(0, ...countsIn((await log.textContent()) ?? '')), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
  const before = Math.max(...countsIn((await log.textContent()) ?? ''));
  await page.waitForTimeout(1_500); // a commit (once a second) takes where its sandbox is

  await page.reload();
  await page.getByRole('button', { name: 'e2e-counter', exact: true }).click();
  await expect(page.getByTestId('run-state')).toContainText(id, { timeout: 15_000 });
  await expect(log).toContainText(/Resumed where it was: bar \d+/, { timeout: 20_000 });
  const text = (await log.textContent()) ?? '';
  const resumed = Number(/Resumed where it was: bar (\d+)/.exec(text)![1]);
  expect(resumed).toBeGreaterThanOrEqual(5);
  expect(resumed).toBeGreaterThanOrEqual(before - 3);
  await expect.poll(async () => countsIn((await log.textContent()) ?? '').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  const after = countsIn((await log.textContent()) ?? '');
  // On from where it was, one a bar: not from 1; with the parameters it was started with; its SMA warm at once.
  expect(after[0]).toBe(resumed + 1);
  after.forEach((n, i) => expect(n).toBe(resumed + 1 + i));
  await expect(log).toContainText(`count ${resumed + 1} every 3 sma ready true`);
  await page.screenshot({ path: 'test-results/editor-resumed.png', fullPage: true });
});

test('an endless loop is stopped with a message; the market and the ticket go on', async ({ page }) => {
  await fastMarket(page);
  await page.goto('/#/editor');
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 15_000 });
  await setCode(page, `return {\n  name: 'stuck',\n  timeframe: '1s',\n  onBar(ctx) {\n    while (true) {}\n  },\n};\n`);
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 10_000 });
  await run(page, 'e2e-stuck');
  await expect(page.getByTestId('run-error')).toHaveText('stopped: onBar ran longer than 1 s (an endless loop?)', { timeout: 20_000 });
  await expect(page.getByTestId('run-status')).toHaveText('error');
  await page.screenshot({ path: 'test-results/editor-endless-loop.png', fullPage: true });

  // The engine went on: prices move and an order goes through.
  await openTrade(page, 'MEME');
  const first = await page.getByTestId('trade-last').textContent();
  await expect.poll(() => page.getByTestId('trade-last').textContent(), { timeout: 20_000 }).not.toBe(first);
  await order(page, { type: 'market', qty: '2' });
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 2 MEME market/);
  expect(await numberIn(page, 'trade-last')).toBeGreaterThan(0);
});

test('a network call and a huge allocation stop their strategy with the line; a loop at the top is caught by the check', async ({ page }) => {
  await fastMarket(page);
  await page.goto('/#/editor');
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 15_000 });

  await setCode(page, `return {\n  name: 'net',\n  timeframe: '1s',\n  onBar(ctx) {\n    fetch('https://example.com/?cash=' + ctx.cash);\n  },\n};\n`);
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 10_000 });
  await run(page, 'e2e-net');
  await expect(page.getByTestId('run-error')).toHaveText(/^Line 5: .*fetch is not a function/, { timeout: 20_000 });

  await setCode(page, `return {\n  name: 'huge',\n  timeframe: '1s',\n  onBar(ctx) {\n    const big = new ArrayBuffer(2 ** 40);\n  },\n};\n`);
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 10_000 });
  await run(page, 'e2e-huge');
  await expect(page.getByTestId('run-error')).toHaveText(/^Line 5: .*RangeError/, { timeout: 20_000 });

  // Memory taken a little at a time: whichever comes first stops it (the time limit, a RangeError, the Worker's death).
  await setCode(page, `return {\n  name: 'hog',\n  timeframe: '1s',\n  onBar(ctx) {\n    const hoard = [];\n    for (;;) hoard.push({ n: hoard.length, s: 'x' + hoard.length });\n  },\n};\n`);
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 10_000 });
  await run(page, 'e2e-hog');
  await expect(page.getByTestId('run-error')).toHaveText(/onBar ran longer than 1 s|RangeError|crashed/, { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/editor-allocation.png', fullPage: true });

  await setCode(page, `for (;;) {}\n`);
  await expect(page.getByTestId('code-status')).toContainText('endless loop', { timeout: 15_000 });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the editor fits a phone, in the ${scheme} theme, and the keyboard leaves the code with Escape then Tab`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/#/editor');
    await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 15_000 });
    await page.getByTestId('code-editor').screenshot({ path: info.outputPath(`editor-code-360-${scheme}.png`) });
    await page.getByTestId('sdk-help').locator('summary').click();
    await expect(page.getByTestId('sdk-help')).toContainText('ctx.buy(');
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the editor overflows horizontally').toBeLessThanOrEqual(0);
    await page.screenshot({ path: info.outputPath(`editor-360-${scheme}.png`), fullPage: true });

    // Tab indents inside the code; Escape then Tab moves on to the next control.
    const content = page.locator('.cm-content');
    await content.click();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.cm-editor') === null)).toBe(true);
  });
}

test('save, export as a .js file, import one, rename and delete', async ({ page }) => {
  await page.goto('/#/editor');
  await expect(page.getByTestId('code-status')).toHaveText('No errors: the code declares a strategy.', { timeout: 15_000 });
  await page.fill('#strategy-name', 'e2e-io');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText('Saved e2e-io.');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export .js' }).click()]);
  expect(download.suggestedFilename()).toBe('e2e-io.js');
  const { readFile } = await import('node:fs/promises');
  const exported = await readFile((await download.path())!, 'utf8');
  expect(exported).toContain("name: 'my-strategy'");

  const code = "return {\n  name: 'imported',\n  timeframe: '5m',\n  onBar(ctx) {},\n};\n";
  await page.locator('input[type=file]').setInputFiles({ name: 'My Idea (2).js', mimeType: 'text/javascript', buffer: Buffer.from(code) });
  await expect(page.getByTestId('editor-msg')).toHaveText('Imported My Idea (2).js: check it, then save it.');
  await expect(page.locator('#strategy-name')).toHaveValue('My-Idea-2');
  await expect(page.getByTestId('declared')).toHaveText('imported · 5m bars', { timeout: 10_000 });
  await page.locator('input[type=file]').setInputFiles({ name: 'picture.png', mimeType: 'image/png', buffer: Buffer.from('x') });
  await expect(page.getByTestId('editor-msg')).toHaveText('picture.png is not a JavaScript file (.js).');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText('Saved My-Idea-2.');

  await page.fill('#rename-to', 'e2e-renamed');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText('Renamed My-Idea-2 to e2e-renamed.');
  await expect(page.getByRole('button', { name: 'e2e-renamed', exact: true })).toBeVisible();
  await page.fill('#rename-to', 'e2e-io');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText('A strategy named "e2e-io" exists already.');

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete e2e-renamed' }).click();
  await expect(page.getByTestId('editor-msg')).toHaveText(/^Deleted e2e-renamed\./);
  await expect(page.getByRole('button', { name: 'e2e-renamed', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'e2e-io', exact: true })).toBeVisible();
});
