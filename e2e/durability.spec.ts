/**
 * Issue 10: nothing acknowledged is lost, whatever happens to the browser or
 * its disk. Each test runs its own Chromium on its own profile directory
 * (launchPersistentContext), so the browser can be killed and started again
 * on the same data.
 */
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import config from '../playwright.config';
import { openTrade, order } from './helpers';

const BASE_URL = config.use?.baseURL ?? 'http://localhost:4173';

async function launch(dir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(dir, {
    ...config.use?.launchOptions,
    executablePath: config.use?.launchOptions?.executablePath ?? '/usr/bin/chromium',
    baseURL: BASE_URL,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * The browser process of a profile: the one whose command line names the
 * profile directory and is no child (renderers, GPU, utilities carry
 * `--type=`). A persistent context has no Browser object to ask, and
 * Playwright does not give its pid.
 */
function browserPid(dir: string): number {
  const pids = browserPids(dir);
  expect(pids, `one browser process for ${dir}`).toHaveLength(1);
  return pids[0];
}

function browserPids(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (args.includes(`--user-data-dir=${dir}`) && !args.some((a) => a.startsWith('--type='))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Closes (or has killed) a profile's browser and waits until its process is
 * gone: a relaunch while it still holds the profile finds IndexedDB locked
 * (LevelDB's LOCK) and starts without storage.
 */
async function gone(context: BrowserContext, dir: string): Promise<void> {
  await context.close().catch(() => {});
  await expect.poll(() => browserPids(dir).length, { timeout: 15_000 }).toBe(0);
}

/** Submits a ticket and waits for its answer; the order's id when it was acknowledged. */
async function place(page: Page, o: Parameters<typeof order>[1]): Promise<string> {
  const status = page.getByTestId('ticket-status');
  const before = (await status.textContent()) ?? '';
  await order(page, o);
  await expect(status).not.toHaveText(before);
  const text = (await status.textContent()) ?? '';
  const id = /^Order (\S+) sent/.exec(text)?.[1];
  expect(id, `acknowledged: ${text}`).toBeDefined();
  return id!;
}

/** What the person's orders and fills are, as the app shows them and as it stored them. */
async function state(page: Page) {
  const stored = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('bourse');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const all = (name: string) => new Promise<Record<string, unknown>[]>((ok, ko) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result as Record<string, unknown>[]);
      r.onerror = () => ko(r.error);
    });
    const orders = await all('orders');
    const trades = await all('trades');
    db.close();
    return {
      orders: orders.filter((o) => o.account === 'you').map((o) => ({ id: o.id, status: o.status, filled: o.filled })),
      trades: trades.filter((t) => t.account === 'you').map((t) => ({ orderId: t.orderId, tradeSeq: t.tradeSeq, qty: t.qty })),
    };
  });
  const shown = await page.locator('[data-testid="open-orders"] tr[data-order]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order')));
  return { ...stored, shown, position: await page.getByTestId('position-qty').textContent() };
}

test('SIGKILL right after the acknowledgements: after a relaunch on the same profile, 0 orders lost, 0 doubled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bourse-kill-'));
  try {
    let { context, page } = await launch(dir);
    await openTrade(page, 'FUN');
    const market = [await place(page, { type: 'market', qty: '3' }), await place(page, { type: 'market', qty: '4' })];
    await expect(page.getByTestId('position-qty')).toHaveText('7');
    const last = Number(((await page.getByTestId('trade-last').textContent()) ?? '').replace(/[^0-9.]/g, ''));
    const far = (Math.floor(last * 0.5 * 100) / 100).toFixed(2);
    const resting: string[] = [];
    for (let i = 0; i < 4; i++) resting.push(await place(page, { type: 'limit', qty: String(i + 1), price: far }));
    // The last answer has just come back: kill the browser now, with no chance to flush anything more.
    process.kill(browserPid(dir), 'SIGKILL');
    await gone(context, dir);

    ({ context, page } = await launch(dir));
    await openTrade(page, 'FUN');
    await expect(page.getByTestId('position-qty')).toHaveText('7');
    await expect(page.locator('[data-testid="open-orders"] tr[data-order]')).toHaveCount(resting.length, { timeout: 15_000 });
    const after = await state(page);
    // Every acknowledged order is there once, as the app shows it and as it stored it.
    expect(after.shown.sort()).toEqual([...resting].sort());
    for (const id of [...market, ...resting]) expect(after.orders.filter((o) => o.id === id), id).toHaveLength(1);
    expect(after.orders.filter((o) => resting.includes(o.id as string)).every((o) => o.status === 'open')).toBe(true);
    // The market orders' fills: each trade once, and together exactly what was ordered.
    const fills = after.trades.filter((t) => market.includes(t.orderId as string));
    expect(new Set(fills.map((t) => t.tradeSeq)).size).toBe(fills.length);
    expect(fills.reduce((n, t) => n + (t.qty as number), 0)).toBe(7);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A full disk, for real: the profile lives on a small tmpfs, and once Bourse
 * runs, a file fills what is left of it. Chromium then fails the app's next
 * IndexedDB commit the way it does on any full disk (FILE_ERROR_NO_SPACE) and
 * closes the connection; everything from there on is the shipped app's own
 * code path, with nothing injected. (Chromium's DevTools quota override,
 * Storage.overrideQuotaForOrigin, was tried first and has no effect in the
 * Chromium here; a script injected into the worker would test the injection.)
 * Mounting a tmpfs needs root (CI: run the job as root, or `sudo`); where it
 * cannot be mounted the test is skipped and says why.
 */
const MOUNT = '/tmp/bourse-e2e-full';

function mountSmallDisk(): string | null {
  try {
    mkdirSync(MOUNT, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', MOUNT], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `cannot mount a tmpfs at ${MOUNT} (needs root): ${String((e as Error).message).split('\n')[0]}`;
  }
}

test('a full disk: the person is told storage is full, the order is refused, and after a reload everything acknowledged is there', async () => {
  test.setTimeout(120_000);
  const why = mountSmallDisk();
  test.skip(why !== null, why ?? '');
  const dir = join(MOUNT, 'profile');
  const filler = join(MOUNT, 'filler');
  let context: BrowserContext | null = null;
  try {
    let page: Page;
    ({ context, page } = await launch(dir));
    await openTrade(page, 'FUN');
    const first = await place(page, { type: 'market', qty: '2' });
    await expect(page.getByTestId('position-qty')).toHaveText('2');

    // Fill the disk: dd stops at "No space left on device".
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M', 'count=1000'], { stdio: 'ignore' });
    // The clock's commit (every second) finds the disk full: the person is told, in words about a full disk.
    // Locally that takes 1–3 s; a CI run once waited more than 15 s (a write can still land in a page tmpfs already
    // holds, and Chromium's store may not write each commit at once), so the wait is long and the test's budget longer.
    const notices = page.locator('.notices');
    await expect(notices).toContainText("Your browser's storage for Bourse is full", { timeout: 45_000 });
    await expect(notices).not.toContainText(/private browsing/i);

    const status = page.getByTestId('ticket-status');
    await order(page, { type: 'market', qty: '5' });
    await expect(status).toContainText("Your browser's storage for Bourse is full");
    await expect(status).toContainText('Nothing was done');
    await expect(page.getByTestId('position-qty')).toHaveText('2'); // refused: nothing ran

    // Space again. Chromium closed the connection after the failed write, and Bourse does not write behind
    // LevelDB's torn record: the person reloads (here: the browser is started again), and everything
    // acknowledged is there, once; the refused order is not.
    rmSync(filler);
    await gone(context, dir);
    ({ context, page } = await launch(dir));
    await openTrade(page, 'FUN');
    await expect(page.getByTestId('position-qty')).toHaveText('2');
    await expect(page.locator('.notices')).not.toContainText(/private browsing|storage for Bourse is full/i);
    const after = await state(page);
    expect(after.orders.filter((o) => o.id === first)).toHaveLength(1);
    expect(after.trades.filter((t) => t.orderId === first).reduce((n, t) => n + (t.qty as number), 0)).toBe(2);
    expect(after.trades.reduce((n, t) => n + (t.qty as number), 0)).toBe(2); // the refused order never ran
    // Not asserted here, because it is Chromium's doing, not Bourse's: after such a failure, the session
    // that follows works, but the start after it found the database corrupt and Chromium deleted it
    // (reproduced on this tmpfs; see the report of issue 10).
  } finally {
    await context?.close().catch(() => {});
    spawnSync('umount', [MOUNT], { stdio: 'ignore' });
  }
});
