import { expect, test } from '@playwright/test';
import { openTrade } from './helpers';

// A first visit to a synthetic market: its seeded past fills every chart, and the Markets sparklines have shape.

test('a first visit\'s 1 h chart has at least 24 candles, and the first price comes at once', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const t0 = Date.now();
  await openTrade(page, 'FUN');
  const firstPrice = Date.now() - t0;
  info.annotations.push({ type: 'first price', description: `${firstPrice} ms after navigation (build served locally)` });
  console.log(`first price ${firstPrice} ms after navigation`);
  const chart = page.locator('.chart-candles').first();
  await page.getByRole('button', { name: '1h', exact: true }).click();
  await expect.poll(async () => Number(await chart.getAttribute('data-candles')), { timeout: 10_000 }).toBeGreaterThanOrEqual(24);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: info.outputPath(`trade-1h-1280-${scheme}.png`) });
  }
  // The day chart and the minute chart have their past too.
  await page.getByRole('button', { name: '1d', exact: true }).click();
  await expect.poll(async () => Number(await chart.getAttribute('data-candles')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: '1m', exact: true }).click();
  await expect.poll(async () => Number(await chart.getAttribute('data-candles')), { timeout: 10_000 }).toBeGreaterThanOrEqual(1000);

  // A reload shows the same past (stored, not drawn again differently).
  await page.getByRole('button', { name: '1h', exact: true }).click();
  await expect.poll(async () => Number(await chart.getAttribute('data-candles')), { timeout: 10_000 }).toBeGreaterThanOrEqual(24);
  const label = await page.locator('.chart-candles .chart-plot').getAttribute('aria-label');
  await page.reload();
  await expect(page.getByTestId('trade-last')).not.toHaveText('—', { timeout: 15_000 });
  await page.getByRole('button', { name: '1h', exact: true }).click();
  await expect.poll(async () => Number(await chart.getAttribute('data-candles')), { timeout: 10_000 }).toBeGreaterThanOrEqual(24);
  // The chart's summary names its first candle's time ("… since <time> (n candles)"): the same past starts it.
  const again = await page.locator('.chart-candles .chart-plot').getAttribute('aria-label');
  const since = (s: string | null) => /since (.+) \(/.exec(s ?? '')?.[1];
  expect(since(label)).toBeTruthy();
  expect(since(again)).toBe(since(label));

  await page.setViewportSize({ width: 360, height: 740 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: info.outputPath(`trade-1h-360-${scheme}.png`), fullPage: true });
  }
});

test('the Markets sparklines have shape on a first visit', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#/markets');
  const paths = page.locator('svg.spark path');
  // Points drawn per sparkline: one M, then an L per point after it.
  const points = async () => (await paths.evaluateAll((ps) => ps.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1)));
  await expect.poll(async () => (await points()).filter((n) => n >= 24).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: info.outputPath(`markets-1280-${scheme}.png`) });
  }
});
