/**
 * Classroom mode in Chromium against a real relay (`npm run relay`) serving
 * the built app: a teacher creates a room, two students (their own browser
 * contexts) join by code from the relay's page, trade, and the three pages
 * show one verified board; after the round, a student replays another's
 * session step by step, to the equity the board shows.
 *
 * REPLAY_SHOTS=<dir> also saves screenshots of the replay (1280x800 and
 * 360x740, light and dark) there, to look at; they are not part of the test.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
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

test('a teacher creates a room, three students join by code and trade, all four see one verified board, and anyone replays a session after the round', async ({ browser }) => {
  test.setTimeout(150_000);
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
  const alan = await student(browser, code, 'Alan');
  await expect(teacher.locator('[data-testid=class-roster] tbody tr')).toHaveCount(3);
  await teacher.getByTestId('class-start').click();

  for (const [page, qty] of [[ada, '5'], [grace, '3'], [alan, '2']] as const) {
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

  // Paused, the prices stop: once every entry is verified, the four boards must agree row for row.
  await teacher.getByTestId('class-pause').click();
  await expect(teacher.getByTestId('class-teacher-round')).toHaveText('paused');
  for (const page of [ada, grace, alan]) {
    await expect.poll(async () => {
      const [v, of] = ((await page.getByTestId('class-verified').textContent()) ?? '').split(' of ');
      return v === of;
    }, { timeout: 15_000 }).toBe(true);
  }
  await expect.poll(async () => {
    const [t, a, g, l] = [await boardOf(teacher), await boardOf(ada), await boardOf(grace), await boardOf(alan)];
    const same = JSON.stringify(t) === JSON.stringify(a) && JSON.stringify(a) === JSON.stringify(g) && JSON.stringify(g) === JSON.stringify(l);
    // Each market order traded: at one ask, or walking to the next (1 or 2 trades, as the bots' book stood).
    return t.length === 3 && same && t.every((r) => /\| [12]$/.test(r));
  }, { timeout: 15_000 }).toBe(true);
  // Each student's own equity is the one the relay verified for them.
  for (const [page, name] of [[ada, 'Ada'], [grace, 'Grace'], [alan, 'Alan']] as const) {
    const own = await page.getByTestId('class-equity').textContent();
    await expect(teacher.locator('[data-testid=class-board] tbody tr', { hasText: name }).getByTestId('class-board-equity')).toHaveText(own!);
  }
  await expect(teacher.getByText('No flags')).toBeVisible();

  // Before the end, no replay is offered; after it, every row has one, on every board.
  await expect(grace.getByTestId('class-replay')).toHaveCount(0);
  await teacher.getByTestId('class-end').click();
  await expect(teacher.getByTestId('class-teacher-round')).toHaveText('ended');
  await expect(grace.getByTestId('class-round')).toHaveText('Ended');
  await expect(grace.getByTestId('class-replay')).toHaveCount(3);
  await expect(teacher.getByTestId('class-replay')).toHaveCount(3);
  const adaRow = (page: Page) => page.locator('[data-testid=class-board] tbody tr', { hasText: 'Ada' });
  const adaEquity = (await adaRow(grace).getByTestId('class-board-equity').textContent())!;

  // Grace replays Ada's session: the first step, then Ada's buy, then the end, on Ada's verified equity.
  await adaRow(grace).getByRole('button', { name: "Replay Ada's session" }).click();
  const replay = grace.getByTestId('replay');
  await expect(replay.getByRole('heading', { name: 'Replay: Ada' })).toBeFocused();
  const stepText = replay.getByTestId('replay-step');
  await expect(stepText).toContainText(/^Step 1 of \d+/, { timeout: 20_000 });
  await expect(stepText).toContainText('Prices at');
  await replay.getByTestId('replay-next').click();
  await expect(stepText).toContainText(/^Step 2 of /);
  await replay.getByTestId('replay-next-action').click();
  await expect(stepText).toContainText('Bought 5 FUN at market · filled: bought');
  await expect(replay.getByTestId('replay-positions')).toContainText('FUN: 5');
  await expect(stepText).toHaveAttribute('aria-live', 'polite');
  await shots(grace, replay, 'student');
  // Play moves on by itself (and stops announcing each step); Pause stops it.
  const at = async () => Number(/^Step (\d+)/.exec((await stepText.textContent()) ?? '')?.[1]);
  const before = await at();
  await replay.getByTestId('replay-play').click();
  await expect(replay.getByTestId('replay-play')).toHaveAttribute('aria-pressed', 'true');
  await expect(stepText).toHaveAttribute('aria-live', 'off');
  await expect.poll(at).toBeGreaterThan(before + 1);
  await replay.getByTestId('replay-play').click();
  await expect(replay.getByTestId('replay-play')).toHaveText('Play');
  const slider = replay.getByTestId('replay-slider');
  await slider.focus();
  await slider.press('End');
  const n = await slider.getAttribute('max');
  await expect(stepText).toContainText(`Step ${n} of ${n}`);
  await expect(replay.getByTestId('replay-equity')).toHaveText(adaEquity);
  await expect(replay.getByTestId('replay-next')).toBeDisabled();

  // The teacher replays Grace's session from the dashboard: it ends on Grace's board equity too.
  const graceEquity = (await teacher.locator('[data-testid=class-board] tbody tr', { hasText: 'Grace' }).getByTestId('class-board-equity').textContent())!;
  await teacher.locator('[data-testid=class-board] tbody tr', { hasText: 'Grace' }).getByTestId('class-replay').click();
  const tReplay = teacher.getByTestId('replay');
  await expect(tReplay.getByTestId('replay-step')).toContainText(/^Step 1 of /, { timeout: 20_000 });
  await tReplay.getByTestId('replay-next-action').click();
  await expect(tReplay.getByTestId('replay-step')).toContainText('Bought 3 FUN at market');
  await tReplay.getByTestId('replay-slider').focus();
  await tReplay.getByTestId('replay-slider').press('End');
  await expect(tReplay.getByTestId('replay-equity')).toHaveText(graceEquity);
  await shots(teacher, tReplay, 'teacher');
  await tReplay.getByTestId('replay-close').click();
  await expect(teacher.getByTestId('replay')).toHaveCount(0);
  await expect(teacher.locator('[data-testid=class-board] tbody tr', { hasText: 'Grace' }).getByTestId('class-replay')).toBeFocused();
});

/** With REPLAY_SHOTS set: the replay at 1280x800 and 360x740, light and dark (to look at; not checked). */
async function shots(page: Page, replay: Locator, who: string): Promise<void> {
  const out = process.env.REPLAY_SHOTS;
  if (!out) return;
  const size = page.viewportSize();
  for (const [w, h] of [[1280, 800], [360, 740]] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await replay.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(out, `${who}-${w}-${scheme}.png`) });
      await page.locator('[data-testid=class-board]').screenshot({ path: join(out, `${who}-board-${w}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
  if (size) await page.setViewportSize(size);
}
