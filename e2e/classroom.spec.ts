/**
 * Classroom mode in Chromium against a real relay (`npm run relay`) serving
 * the built app: a teacher creates a room, two students (their own browser
 * contexts) join by code from the relay's page, trade, and the three pages
 * show one verified board.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { freePort } from '../src/testing/freePort';
import { spawnRelay } from './relayProcess';

let relay: ChildProcess | null = null;
let origin = '';
const dir = mkdtempSync(join(tmpdir(), 'e2e-class-'));

test.beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  // The relay serves the dist/ Playwright's web server has just built.
  relay = await spawnRelay(['--port', String(port), '--host', '127.0.0.1', '--data', join(dir, 'relay.jsonl'), '--sockets-per-ip', '50'], origin);
});

test.afterAll(() => {
  if (relay?.pid !== undefined) process.kill(-relay.pid, 'SIGINT');
  rmSync(dir, { recursive: true, force: true });
});

async function student(browser: Browser, code: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}/#/class/${code}`);
  await page.getByTestId('class-name').fill(name);
  await page.getByTestId('class-join').click();
  await expect(page.getByTestId('class-you')).toHaveText(name, { timeout: 15_000 });
  return page;
}

/** The board's rows as text: rank, name, equity, return, trades. */
async function boardOf(page: Page): Promise<string[]> {
  return page.locator('[data-testid=class-board] tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td, th')].slice(0, 5).map((c) => c.textContent?.replace(' (you)', '')).join(' | ')));
}

test('a teacher creates a room, two students join by code and trade, and all three see one verified board', async ({ browser }) => {
  test.setTimeout(90_000);
  const teacher = await (await browser.newContext()).newPage();
  await teacher.goto(`${origin}/#/class`);
  await teacher.getByTestId('class-role-teacher').check();
  await teacher.getByTestId('class-title').fill('Period 3');
  await teacher.getByTestId('class-speed').selectOption('10');
  await teacher.getByTestId('class-create').click();
  const codeEl = teacher.getByTestId('class-code-shown');
  await expect(codeEl).toHaveText(/^[A-Z]{6}$/, { timeout: 15_000 });
  const code = (await codeEl.textContent())!;
  await expect(teacher.getByTestId('class-link')).toHaveText(`${origin}/#/class/${code}`);
  // The same link as a QR code to scan: a square of modules (version 2 or more for a link this long), named for screen readers.
  const qr = teacher.getByTestId('class-qr');
  await expect(qr).toHaveAttribute('aria-label', `QR code of the join link, ${origin}/#/class/${code}`);
  expect(Number(await qr.getAttribute('data-modules'))).toBeGreaterThanOrEqual(25);

  const ada = await student(browser, code, 'Ada');
  const grace = await student(browser, code, 'Grace');
  await expect(teacher.locator('[data-testid=class-roster] tbody tr')).toHaveCount(2);
  await teacher.getByTestId('class-start').click();

  for (const [page, qty] of [[ada, '5'], [grace, '3']] as const) {
    await expect(page.getByTestId('class-round')).toHaveText('Running');
    // A few ticks in, the bots quote: a market order fills.
    await expect.poll(async () => Number(((await page.getByTestId('class-verified').textContent()) ?? '').split(' of ')[1]?.replace(/\D/g, '')), { timeout: 15_000 }).toBeGreaterThan(20);
    await page.getByTestId('class-qty').fill(qty);
    await page.getByTestId('class-submit').click();
    await expect(page.getByTestId('class-order-msg')).toHaveText(/placed/);
    await expect(page.getByTestId('class-holdings')).toContainText(`FUN: ${qty}`);
  }

  // A reload keeps the seat: this browser kept the token and the seat's journal.
  const seatOf = async (page: Page) => page.locator('[data-testid=class-board] tr.me').getAttribute('data-player');
  const adaSeat = await seatOf(ada);
  await ada.reload();
  await expect(ada.getByTestId('class-you')).toHaveText('Ada', { timeout: 15_000 });
  await expect(ada.getByTestId('class-holdings')).toContainText('FUN: 5');
  await expect.poll(() => seatOf(ada)).toBe(adaSeat);

  // Paused, the prices stop: once every entry is verified, the three boards must agree row for row.
  await teacher.getByTestId('class-pause').click();
  await expect(teacher.getByTestId('class-teacher-round')).toHaveText('paused');
  for (const page of [ada, grace]) {
    await expect.poll(async () => {
      const [v, of] = ((await page.getByTestId('class-verified').textContent()) ?? '').split(' of ');
      return v === of;
    }, { timeout: 15_000 }).toBe(true);
  }
  await expect.poll(async () => {
    const [t, a, g] = [await boardOf(teacher), await boardOf(ada), await boardOf(grace)];
    return t.length === 2 && JSON.stringify(t) === JSON.stringify(a) && JSON.stringify(a) === JSON.stringify(g) && t.every((r) => r.endsWith('| 1'));
  }, { timeout: 15_000 }).toBe(true);
  // Each student's own equity is the one the relay verified for them.
  for (const [page, name] of [[ada, 'Ada'], [grace, 'Grace']] as const) {
    const own = await page.getByTestId('class-equity').textContent();
    await expect(teacher.locator('[data-testid=class-board] tbody tr', { hasText: name }).getByTestId('class-board-equity')).toHaveText(own!);
  }
  await expect(teacher.getByText('No flags')).toBeVisible();
});
