/**
 * Classroom mode when things go wrong, in Chromium against a real relay
 * (`src/relay/main.ts`) serving the built app: a student loses the network
 * and catches up; the relay is killed and started again on its log; and the
 * join link the teacher's page shows (and its QR code) opens the app the
 * relay serves, on that room's join form.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { freePort } from '../src/testing/freePort';
import { spawnRelay } from './relayProcess';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { qrModules, qrPath } from '../src/ui/classroom/qr';

const dir = mkdtempSync(join(tmpdir(), 'e2e-class-res-'));
const data = join(dir, 'relay.jsonl');
let port = 0;
let origin = '';
let relay: ChildProcess | null = null;

/** The relay on `port` with its log in `data`: one process in its own group (no wrapper to outlive a kill). */
async function startRelayProcess(): Promise<void> {
    // Heartbeats every second: a phone whose network died is dropped within two, not thirty.
  relay = await spawnRelay(['--port', String(port), '--host', '127.0.0.1', '--data', data, '--sockets-per-ip', '50', '--heartbeat-ms', '1000'], origin);
}

/** Ends the relay's process group with `signal` and waits until it is gone. */
async function stopRelayProcess(signal: NodeJS.Signals): Promise<void> {
  const r = relay;
  relay = null;
  if (r?.pid === undefined || r.exitCode !== null) return;
  const gone = new Promise((ok) => r.once('exit', ok));
  process.kill(-r.pid, signal);
  await gone;
}

/**
 * A student's network: a TCP relay between one browser context and the
 * relay, which can die silently as a Wi-Fi does (bytes dropped both ways, no
 * FIN to either side; `context.setOffline` alone leaves an open WebSocket
 * working, Playwright #4910) and come back (the dead connections closed, as
 * the phone's OS does once it is on a network again).
 */
async function studentNetwork(): Promise<{ origin: string; cut(): void; restore(): void; close(): Promise<void> }> {
  let dead = false;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((down) => {
    if (dead) return void down.destroy();
    const up = connect(port, '127.0.0.1');
    const pair: [Socket, Socket] = [down, up];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      down.destroy();
      up.destroy();
    };
    down.on('data', (b) => void (dead || up.write(b)));
    up.on('data', (b) => void (dead || down.write(b)));
    for (const s of pair) s.on('close', end).on('error', end);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const p = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${p}`,
    cut: () => void (dead = true),
    restore() {
      for (const [down, up] of pairs) {
        down.destroy();
        up.destroy();
      }
      pairs.clear();
      dead = false;
    },
    close: () => new Promise<void>((ok) => {
      for (const [down, up] of pairs) {
        down.destroy();
        up.destroy();
      }
      server.close(() => ok());
    }),
  };
}

test.beforeAll(async () => {
  port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  await startRelayProcess();
});

test.afterAll(async () => {
  await stopRelayProcess('SIGINT');
  rmSync(dir, { recursive: true, force: true });
});

/** A teacher's page with a new room (speed 10: a tick every 100 ms), and its code. */
async function newRoom(browser: Browser, title: string): Promise<{ teacher: Page; code: string }> {
  const teacher = await (await browser.newContext()).newPage();
  await teacher.goto(`${origin}/#/class`);
  await teacher.getByTestId('class-role-teacher').check();
  await teacher.getByTestId('class-title').fill(title);
  await teacher.getByTestId('class-speed').selectOption('10');
  await teacher.getByTestId('class-create').click();
  const codeEl = teacher.getByTestId('class-code-shown');
  await expect(codeEl).toHaveText(/^[A-Z]{6}$/, { timeout: 15_000 });
  return { teacher, code: (await codeEl.textContent())! };
}

async function student(browser: Browser, code: string, name: string, via = origin): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${via}/#/class/${code}`);
  await page.getByTestId('class-name').fill(name);
  await page.getByTestId('class-join').click();
  await expect(page.getByTestId('class-you')).toHaveText(name, { timeout: 15_000 });
  return { page, context };
}

/** "12 of 15" on the student's page: entries the relay verified, and entries journaled. */
async function verifiedOf(page: Page): Promise<[number, number]> {
  const [v, of] = ((await page.getByTestId('class-verified').textContent()) ?? '').split(' of ').map((x) => Number(x.replace(/\D/g, '')));
  return [v, of];
}

async function buy(page: Page, qty: string): Promise<void> {
  await page.getByTestId('class-qty').fill(qty);
  await page.getByTestId('class-submit').click();
  await expect(page.getByTestId('class-order-msg')).toHaveText(/placed/);
}

/** The teacher's board row and roster row of a student. */
const boardRow = (teacher: Page, name: string) => teacher.locator('[data-testid=class-board] tbody tr', { hasText: name });
const rosterRow = (teacher: Page, name: string) => teacher.locator('[data-testid=class-roster] tbody tr', { hasText: name });

test('a student who loses the network keeps trading, shows offline to the teacher, and catches up verified', async ({ browser }) => {
  test.setTimeout(60_000);
  const { teacher, code } = await newRoom(browser, 'Offline');
  const wifi = await studentNetwork();
  const ada = await student(browser, code, 'Ada', wifi.origin);
  await teacher.getByTestId('class-start').click();
  await expect.poll(async () => (await verifiedOf(ada.page))[1], { timeout: 15_000 }).toBeGreaterThan(20);

  // The Wi-Fi goes: the phone says it is offline, and nothing more crosses the dead link.
  wifi.cut();
  await ada.context.setOffline(true);
  await expect(ada.page.getByTestId('class-status')).toContainText('Offline', { timeout: 15_000 });
  await expect(rosterRow(teacher, 'Ada')).toContainText('Offline', { timeout: 15_000 });
  await expect(boardRow(teacher, 'Ada')).toContainText('Offline');
  const verifiedBefore = Number((await rosterRow(teacher, 'Ada').locator('td.num').textContent())!.replace(/\D/g, ''));

  // Offline, the seat's own sim still trades on the last prices it had: the bots fill a market order.
  await buy(ada.page, '4');
  await expect(ada.page.getByTestId('class-holdings')).toContainText('FUN: 4');
  const [, journaledOffline] = await verifiedOf(ada.page);
  expect((await verifiedOf(ada.page))[0]).toBeLessThan(journaledOffline);

  // Long enough offline that the round has moved on past the relay's backdating tolerance (1.5 s at speed 10).
  await ada.page.waitForTimeout(2_500);
  wifi.restore();
  await ada.context.setOffline(false);
  await expect(ada.page.getByTestId('class-status')).toHaveText('Connected', { timeout: 20_000 });
  // Caught up: everything journaled offline (the order among it) verified, and the missed ticks taken since.
  await expect.poll(async () => {
    const [v, of] = await verifiedOf(ada.page);
    return v >= journaledOffline && v <= of;
  }, { timeout: 15_000 }).toBe(true);
  await expect(rosterRow(teacher, 'Ada')).toContainText('Connected');
  await expect.poll(async () => Number((await rosterRow(teacher, 'Ada').locator('td.num').textContent())!.replace(/\D/g, '')), { timeout: 15_000 })
    .toBeGreaterThan(verifiedBefore);
  // The teacher's board: the trade counted, online, not flagged, at the equity Ada's own sim reached.
  await expect(boardRow(teacher, 'Ada')).toContainText('Online');
  // The trade counted: one market order of 4 fills at one ask or walks to the next (1 or 2 trades, as the bots' book stood).
  await expect(boardRow(teacher, 'Ada').locator('td').nth(3)).toHaveText(/^[12]$/);
  await expect(boardRow(teacher, 'Ada')).not.toContainText('Flagged');
  await expect(teacher.getByText('No flags')).toBeVisible();
  await teacher.getByTestId('class-pause').click();
  await expect.poll(async () => {
    const [v, of] = await verifiedOf(ada.page);
    return v === of;
  }, { timeout: 15_000 }).toBe(true);
  await expect.poll(async () => (await boardRow(teacher, 'Ada').getByTestId('class-board-equity').textContent()) === (await ada.page.getByTestId('class-equity').textContent()), { timeout: 15_000 }).toBe(true);
  await wifi.close();
});

test('the relay killed and started again on its log loses nothing, and every page reconnects by itself', async ({ browser }) => {
  test.setTimeout(60_000);
  const { teacher, code } = await newRoom(browser, 'Restart');
  const ada = await student(browser, code, 'Ada');
  const grace = await student(browser, code, 'Grace');
  await teacher.getByTestId('class-start').click();
  for (const [s, qty] of [[ada, '2'], [grace, '3']] as const) {
    await expect.poll(async () => (await verifiedOf(s.page))[1], { timeout: 15_000 }).toBeGreaterThan(20);
    await buy(s.page, qty);
    await expect(s.page.getByTestId('class-holdings')).toContainText(`FUN: ${qty}`);
  }
  // Both trades verified before the crash (acknowledged means stored: the log was written before the ack).
  for (const name of ['Ada', 'Grace']) await expect(boardRow(teacher, name).locator('td').nth(3)).toHaveText('1', { timeout: 15_000 });
  const verifiedBefore = (await verifiedOf(ada.page))[0];

  await stopRelayProcess('SIGKILL');
  const relayDown = teacher.getByText('The relay is not answering');
  await expect(relayDown).toBeVisible({ timeout: 10_000 });
  await expect(ada.page.getByTestId('class-status')).toContainText('Offline', { timeout: 10_000 });
  await startRelayProcess();
  // The teacher's page is back on the relay (not showing what it had before the crash).
  await expect(relayDown).toBeHidden({ timeout: 20_000 });

  // No reload anywhere: the pages reconnect with their tokens, the room and the seats are back, and the prices stream on.
  for (const s of [ada, grace]) await expect(s.page.getByTestId('class-status')).toHaveText('Connected', { timeout: 20_000 });
  await expect(teacher.getByTestId('class-code-shown')).toHaveText(code);
  await expect(teacher.locator('[data-testid=class-roster] tbody tr')).toHaveCount(2, { timeout: 15_000 });
  for (const name of ['Ada', 'Grace']) {
    await expect(rosterRow(teacher, name)).toContainText('Connected', { timeout: 15_000 });
    await expect(boardRow(teacher, name).locator('td').nth(3)).toHaveText('1');
  }
  await expect(teacher.getByTestId('class-teacher-round')).toHaveText('running');
  await expect.poll(async () => (await verifiedOf(ada.page))[0], { timeout: 15_000 }).toBeGreaterThan(verifiedBefore + 10);
  await expect(teacher.getByText('No flags')).toBeVisible();
  // The round's controls work on the restarted relay.
  await teacher.getByTestId('class-pause').click();
  await expect(teacher.getByTestId('class-teacher-round')).toHaveText('paused');
  await expect(grace.page.getByTestId('class-round')).toHaveText('Paused by the teacher');
});

test('the join link the teacher shows, and its QR code, open the relay’s app on that room’s join form', async ({ browser }) => {
  test.setTimeout(60_000);
  const { teacher, code } = await newRoom(browser, 'Link');
  const link = teacher.getByTestId('class-link');
  const href = (await link.getAttribute('href'))!;
  expect(await link.textContent()).toBe(href);
  expect(href).toBe(`${origin}/#/class/${code}`);
  // The QR code draws exactly the modules of that link (error correction M), and names it for screen readers.
  const qr = teacher.getByTestId('class-qr');
  await expect(qr).toHaveAttribute('aria-label', `QR code of the join link, ${href}`);
  expect(await qr.locator('path').getAttribute('d')).toBe(qrPath(qrModules(href)));
  expect(await qr.locator('path').getAttribute('d')).not.toBe(qrPath(qrModules(`${origin}/#/class/AAAAAA`)));

  // A phone that scanned it: a fresh browser opens the link, served by the relay, on the join form for that room.
  const page = await (await browser.newContext()).newPage();
  const response = await page.goto(href);
  expect(response?.ok()).toBe(true);
  expect(new URL(page.url()).origin).toBe(origin);
  await expect(page.getByRole('heading', { name: 'Join a class' })).toBeVisible();
  await expect(page.getByTestId('class-code')).toHaveValue(code);
  await expect(page.getByTestId('class-relay')).toHaveValue(`ws://127.0.0.1:${port}/ws`);
  await page.getByTestId('class-name').fill('Linus');
  await page.getByTestId('class-join').click();
  await expect(page.getByTestId('class-room-code')).toHaveText(code, { timeout: 15_000 });
  await expect(page.getByTestId('class-you')).toHaveText('Linus');
  await expect(rosterRow(teacher, 'Linus')).toContainText('Connected', { timeout: 15_000 });
});
