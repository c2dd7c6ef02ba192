import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openTrade, order } from './helpers';

/** Exports a backup from the Settings page and gives its text. */
async function exportBackup(page: Page): Promise<string> {
  await page.goto('/#/settings');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export backup' }).click()]);
  return readFile((await download.path())!, 'utf8');
}

test('an import from a follower tab goes through the leader: both tabs show the imported state, and what follows is saved', async ({ context }) => {
  const a = await context.newPage();
  await openTrade(a, 'FUN');
  const b = await context.newPage();
  await openTrade(b, 'FUN');
  await expect(b.getByTestId('follower')).toBeVisible();
  await order(a, { type: 'market', qty: '3' });
  await expect(a.getByTestId('position-qty')).toHaveText('3');
  const sentBefore = (await a.getByTestId('ticket-status').textContent()) ?? '';
  const idBefore = /Order (\S+) sent/.exec(sentBefore)?.[1];
  expect(idBefore).toBeTruthy();
  const backup = await exportBackup(b); // from the follower: the leader's state
  await order(a, { type: 'market', qty: '2' }); // after the backup: the import drops it
  await expect(a.getByTestId('position-qty')).toHaveText('5');

  // The follower imports; the leader runs the imported market, and every tab reloads onto it.
  await b.locator('input[type=file]').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
  // The follower's page reloads onto the imported market; wait for it, or the test's own navigation below would be
  // an in-page hash change that the reload then undoes.
  const bReloaded = b.waitForEvent('load');
  await b.getByRole('button', { name: 'Yes, replace' }).click();
  await bReloaded;
  await expect(a.getByTestId('position-qty')).toHaveText('3', { timeout: 15_000 });
  await openTrade(b, 'FUN');
  await expect(b.getByTestId('position-qty')).toHaveText('3', { timeout: 15_000 });
  await expect.poll(async () => (await a.getByTestId('follower').count()) + (await b.getByTestId('follower').count()), { timeout: 15_000 }).toBe(1);

  // An order after the import is acknowledged, seen by both tabs, saved, and its id is new to the imported journal.
  await order(b, { type: 'market', qty: '1' });
  await expect(b.getByTestId('ticket-status')).toHaveText(/sent: buy 1 FUN/);
  const idAfter = /Order (\S+) sent/.exec((await b.getByTestId('ticket-status').textContent()) ?? '')?.[1];
  expect(idAfter).toBeTruthy();
  expect(idAfter).not.toBe(idBefore);
  await expect(b.getByTestId('position-qty')).toHaveText('4');
  await expect(a.getByTestId('position-qty')).toHaveText('4');
  for (const p of [a, b]) await p.reload();
  await expect(a.getByTestId('position-qty')).toHaveText('4', { timeout: 15_000 });
  await expect(b.getByTestId('position-qty')).toHaveText('4', { timeout: 15_000 });
});

/**
 * Holds some of a worker's messages to the other tabs from now on: the leader's answers ('res'), or a follower's
 * requests of one method ('req'). The leader's own work goes on; only what crosses to the other tab is held.
 */
async function hold(page: Page, what: { t: 'res' } | { t: 'req'; method: string }): Promise<void> {
  await page.workers()[0].evaluate((w) => {
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, m: unknown) {
      const msg = m as { t?: string; method?: string };
      if (msg?.t === w.t && (w.t === 'res' || msg.method === (w as { method: string }).method)) return;
      post.call(this, m);
    };
  }, what);
}

const ticketButton = (p: Page) => p.locator('form.ticket button[type=submit]');

test('the leader crashes after placing a follower’s order but before answering: the follower is told, then shows it placed and filled', async ({ context }) => {
  const a = await context.newPage();
  await openTrade(a, 'FUN');
  const b = await context.newPage();
  await openTrade(b, 'FUN');
  await expect(b.getByTestId('follower')).toBeVisible();
  await hold(a, { t: 'res' });
  await order(b, { type: 'market', qty: '2' });
  // The order ran (frames still come: the position is there) but its answer never reaches the ticket.
  await expect(b.getByTestId('position-qty')).toHaveText('2');
  await a.waitForTimeout(1_500); // the leader commits it (every second)
  await expect(b.getByTestId('ticket-status')).toHaveText('');
  await expect(ticketButton(b)).toBeDisabled();
  await a.close(); // the leader's tab dies with the call unanswered
  await expect(b.getByTestId('ticket-status')).toHaveText(/closed before answering.*It was placed as order \S+: filled\./, { timeout: 20_000 });
  await expect(ticketButton(b)).toBeEnabled();
  await expect(b.getByTestId('position-qty')).toHaveText('2');
});

test('the leader crashes before a follower’s order reached it: the follower is told, then shows it was not placed', async ({ context }) => {
  const a = await context.newPage();
  await openTrade(a, 'FUN');
  const b = await context.newPage();
  await openTrade(b, 'FUN');
  await expect(b.getByTestId('follower')).toBeVisible();
  await hold(b, { t: 'req', method: 'place' }); // in flight, never to arrive
  await order(b, { type: 'market', qty: '2' });
  await b.waitForTimeout(500);
  await expect(b.getByTestId('ticket-status')).toHaveText('');
  await expect(ticketButton(b)).toBeDisabled();
  await a.close();
  await expect(b.getByTestId('ticket-status')).toHaveText(/closed before answering.*It was not placed/, { timeout: 20_000 });
  await expect(ticketButton(b)).toBeEnabled();
  await expect(b.getByTestId('position')).toHaveText(/No position in FUN/);
  // The ticket works again, on the new leader.
  await order(b, { type: 'market', qty: '1' });
  await expect(b.getByTestId('ticket-status')).toHaveText(/sent: buy 1 FUN/);
  await expect(b.getByTestId('position-qty')).toHaveText('1');
});
