import { expect, test } from '@playwright/test';

// Issue 13, Lighthouse: Markets draws its rows in steps and redraws only the cells whose numbers moved
// (src/ui/client/liveTicker.ts, src/ui/reveal.ts); the pages other than Markets load lazily. What a person
// sees must not change: every market gets its row, its price and its sparkline, and they stay live.

test('Markets: every market gets its row, its price and its sparkline, also past the first step, and search still filters', async ({ page }) => {
  await page.goto('/');
  const rows = page.locator('table.markets tbody tr');
  // More than a few steps (8 rows each, src/ui/pages/Markets.tsx), and then no more: the whole list is drawn.
  await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(24);
  let n = await rows.count();
  await expect.poll(async () => { const m = await rows.count(); const same = m === n; n = m; return same; }, { intervals: [500], timeout: 10_000 }).toBe(true);
  // The last row came in the last step: it shows a price and a drawn sparkline, as the first does.
  for (const row of [rows.first(), rows.last()]) {
    await expect(row.locator('td.num').first()).not.toHaveText('—', { timeout: 15_000 });
    await expect(row.locator('svg.spark path')).toHaveAttribute('d', /^M/, { timeout: 15_000 });
  }
  // Live: prices go on moving in the cells (the per-field updates leave none behind). Watched over every market,
  // not one: a house market's last trade price changes about every 10 s at 1× (8–14 changes in 120 s over five
  // seeds, src/core/sim), so one market alone can sit still for 30 s (CI met it once).
  const lasts = page.locator('[data-testid^="last-"]');
  const before = await lasts.allTextContents();
  await expect.poll(async () => (await lasts.allTextContents()).filter((t, k) => t !== before[k]).length, { timeout: 60_000 }).toBeGreaterThan(0);
  const fun = page.getByTestId('last-FUN');
  await page.getByRole('searchbox', { name: 'Search markets' }).fill('FUN');
  await expect(rows).toHaveCount(1);
  await expect(fun).not.toHaveText('—');
});
