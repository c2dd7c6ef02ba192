import { expect, test } from '@playwright/test';

const PAGES = ['markets', 'trade/FUN', 'portfolio', 'activity', 'strategies', 'editor', 'backtest', 'leaderboard', 'settings'];

for (const scheme of ['light', 'dark'] as const) {
  test(`every page renders at a phone's width (${scheme})`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 360, height: 740 });
    for (const p of PAGES) {
      await page.goto(`/#/${p}`);
      await expect(page.locator('main h1')).toBeVisible();
      await page.waitForTimeout(600);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${p} overflows horizontally`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: info.outputPath(`${p.replace('/', '-')}-360-${scheme}.png`), fullPage: true });
    }
  });
}
