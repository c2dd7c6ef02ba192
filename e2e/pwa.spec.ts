import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

// Bourse as an installable, offline web app. Every test gets a fresh browser
// context, so a fresh service worker registration.

const EXCHANGE = ['FUN', 'MEME', 'YOLO', 'HODL', 'PUMP'];
const UPDATE_PROMPT = 'A new version of Bourse is ready.';
/** The service worker in the build that `vite preview` serves (playwright.config.ts builds it first). */
const SW_FILE = fileURLToPath(new URL('../dist/sw.js', import.meta.url));

/** Width and height from a PNG's IHDR chunk, or null if the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return null;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Opens the app and returns once its service worker is active and controls the page. */
async function openControlled(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // In 'prompt' mode the first worker does not claim the page that installed it:
  // the next load is the first one it serves.
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null))
    .toBe('activated');
}

const lastPrices = (page: Page) =>
  Promise.all(EXCHANGE.map((s) => page.getByTestId(`last-${s}`).textContent())).then((xs) => xs.join(' '));

/** Every exchange ticker shows a price, and the prices change: the engine in the worker is trading. */
async function expectTrading(page: Page): Promise<void> {
  for (const s of EXCHANGE) await expect(page.getByTestId(`last-${s}`)).not.toHaveText('—', { timeout: 10_000 });
  const first = await lastPrices(page);
  await expect.poll(() => lastPrices(page), { timeout: 30_000 }).not.toBe(first);
}

test('the web app manifest is linked and complete, and its icons are PNGs of the stated sizes', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifestUrl = new URL(href!, page.url()).href;
  const res = await page.request.get(manifestUrl);
  expect(res.ok()).toBe(true);
  expect(res.headers()['content-type']).toMatch(/^application\/(manifest\+)?json/);
  const manifest = JSON.parse(await res.text());

  expect(manifest).toMatchObject({
    name: 'Bourse — trading simulator',
    short_name: 'Bourse',
    display: 'standalone',
    start_url: './',
    scope: './',
  });
  expect(manifest.description).toEqual(expect.any(String));
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  type Icon = { src: string; sizes: string; type: string; purpose?: string };
  const icons: Icon[] = manifest.icons;
  const has = (sizes: string, purpose: string) =>
    icons.some((i) => i.sizes === sizes && i.type === 'image/png' && (i.purpose ?? 'any').split(' ').includes(purpose));
  expect(has('192x192', 'any')).toBe(true);
  expect(has('512x512', 'any')).toBe(true);
  expect(has('512x512', 'maskable')).toBe(true);

  for (const icon of icons) {
    const r = await page.request.get(new URL(icon.src, manifestUrl).href);
    expect(r.ok(), icon.src).toBe(true);
    expect(r.headers()['content-type'], icon.src).toBe('image/png');
    const [w, h] = icon.sizes.split('x').map(Number);
    expect(pngSize(await r.body()), icon.src).toEqual({ width: w, height: h });
  }

  // The page's own icons and colours.
  const appleTouch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect(pngSize(await (await page.request.get(new URL(appleTouch!, page.url()).href)).body())).toEqual({
    width: 180,
    height: 180,
  });
  const favicon = await page.locator('link[rel="icon"]').getAttribute('href');
  const fav = await page.request.get(new URL(favicon!, page.url()).href);
  expect(fav.ok()).toBe(true);
  expect(await fav.text()).toContain('<svg');
  await expect(page.locator('meta[name="theme-color"]')).toHaveCount(2);
});

test('a service worker registers, precaches the app and the engine worker, and controls the page', async ({ page }) => {
  await page.goto('/');
  // The first install says, once, that the app now works offline; the notice can be dismissed.
  const offlineReady = page.getByText('Ready to work offline.');
  await expect(offlineReady).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('status')).toContainText('Ready to work offline.');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(offlineReady).toBeHidden();

  await openControlled(page);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached).toContain('/manifest.webmanifest');
  expect(cached.some((u) => /^\/assets\/engine\.worker-[\w-]+\.js$/.test(u)), cached.join('\n')).toBe(true);
  expect(cached.some((u) => u.endsWith('.map'))).toBe(false);
  await expectTrading(page);
});

test('offline: a reload with no network still shows the markets, and the engine keeps trading', async ({
  page,
  context,
}, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openControlled(page);
  await expectTrading(page);

  await context.setOffline(true);
  const responses: { path: string; fromServiceWorker: boolean }[] = [];
  page.on('response', (r) =>
    responses.push({ path: new URL(r.url()).pathname, fromServiceWorker: r.fromServiceWorker() }),
  );
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Markets' })).toBeVisible();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  // Prices move only if the engine's worker chunk loaded; with no network it can only have come from the cache.
  await expectTrading(page);
  const worker = responses.filter((r) => /^\/assets\/engine\.worker-[\w-]+\.js$/.test(r.path));
  expect(worker, JSON.stringify(responses)).toHaveLength(1);
  expect(worker[0].fromServiceWorker).toBe(true);
  // Nor did anything else the page loaded reach for the network.
  expect(responses.filter((r) => !r.fromServiceWorker)).toEqual([]);

  await page.screenshot({ path: testInfo.outputPath('pwa-offline-360x740.png') });
});

test('install: the button shows only after beforeinstallprompt, prompts once, and goes after appinstalled', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('last-FUN')).not.toHaveText('—', { timeout: 10_000 });
  const install = page.getByRole('button', { name: 'Install app' });
  await expect(install).toHaveCount(0);

  // Headless Chromium never offers installation by itself; stand in for the browser's event.
  const offer = () =>
    page.evaluate(() => {
      const w = window as unknown as { prompted: number };
      w.prompted = 0;
      const e = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => void w.prompted++,
        userChoice: Promise.resolve({ outcome: 'dismissed', platform: 'web' }),
      });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
  expect(await offer()).toBe(true); // the app keeps the event, instead of the browser's infobar
  await expect(install).toBeVisible();
  await install.click();
  expect(await page.evaluate(() => (window as unknown as { prompted: number }).prompted)).toBe(1);
  await expect(install).toHaveCount(0); // a prompt event can be used once

  await offer();
  await expect(install).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')));
  await expect(install).toHaveCount(0);
});

test.describe('update', () => {
  let swOriginal = '';
  test.beforeEach(async () => {
    swOriginal = await readFile(SW_FILE, 'utf8');
  });
  test.afterEach(async () => {
    if (swOriginal) await writeFile(SW_FILE, swOriginal);
  });

  test('a waiting new version is offered; Later keeps the page, Reload switches to it', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openControlled(page);
    await expect(page.getByText(UPDATE_PROMPT)).toHaveCount(0);

    // A new deploy, as the browser sees it: the server's sw.js has different bytes.
    // (Playwright's routing does not see the browser's own fetch of a worker script,
    // so the built file itself changes, and is put back after the test.)
    await writeFile(SW_FILE, `${swOriginal}\n// the next build\n`);
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration!.update();
    });
    const prompt = page.getByText(UPDATE_PROMPT);
    await expect(prompt).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('status')).toContainText(UPDATE_PROMPT);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(
      true,
    );
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath('pwa-update-prompt-360x740.png') });

    // Later: the prompt goes, the page stays, the new version keeps waiting and is offered again next load.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'this page'));
    await page.getByRole('button', { name: 'Later' }).click();
    await expect(prompt).toBeHidden();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('this page');
    await page.reload();
    await expect(prompt).toBeVisible({ timeout: 15_000 });

    // Reload: the waiting worker takes over and the page reloads under it.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'old page'));
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload' }).click()]);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const r = await navigator.serviceWorker.getRegistration();
          return { waiting: r?.waiting != null, controlled: navigator.serviceWorker.controller?.state ?? null };
        }),
      )
      .toEqual({ waiting: false, controlled: 'activated' });
    await expect(prompt).toHaveCount(0);
    await expectTrading(page);
  });
});
