// Issue 13's layout and hotkeys: the Trade page fits a laptop's screen, a phone gets a Buy/Sell bar and a
// compact navigation, the instrument switcher is a keyboard combobox, and the hotkeys place and cancel orders.
import { expect, test, type Page } from '@playwright/test';
import { openTrade } from './helpers';

// Screenshots of every page, at both sizes and in both schemes, are taken in pages.spec.ts.

async function noScroll(page: Page) {
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
}

test('at 1280x800 the chart, the ticket and its submit button, the book and the open orders show without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openTrade(page, 'FUN');
  await noScroll(page);
  for (const s of ['form.ticket', 'form.ticket button[type=submit]', '.chart-card .chart-plot', '[data-testid=book]', '#h-open']) {
    await expect(page.locator(s), s).toBeInViewport({ ratio: 1 });
  }
});

test('hotkeys: B, a quantity and Enter place an order; Shift+C cancels it after a confirm; ? lists the keys', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openTrade(page, 'FUN');
  // The ticket's limit price starts at the bid: a buy there rests in the book.
  await expect(page.locator('#ticket-price')).not.toHaveValue('');
  await page.keyboard.press('s');
  await expect(page.locator('#ticket-qty')).toBeFocused();
  await expect(page.locator('form.ticket button[type=submit]')).toHaveText(/Sell FUN/);
  await page.locator('body').click({ position: { x: 5, y: 700 } }); // focus leaves the field: keys are commands again
  await page.keyboard.press('b');
  await expect(page.locator('#ticket-qty')).toBeFocused();
  await page.keyboard.type('2');
  // Typing in the field is typing: "b" and digits here changed neither the side nor the timeframe.
  await expect(page.locator('form.ticket button[type=submit]')).toHaveText(/Buy FUN/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ticket-status')).toHaveText(/sent: buy 2 FUN limit/);
  await expect(page.getByTestId('open-orders')).toContainText('FUN');

  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('Shift+C');
  const confirm = page.getByRole('dialog', { name: /Cancel all your orders in FUN/ });
  await expect(confirm).toBeVisible();
  await page.keyboard.press('Escape'); // Esc keeps them
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('open-orders')).toContainText('FUN');
  await page.keyboard.press('Shift+C');
  await confirm.getByRole('button', { name: 'Cancel them' }).click();
  await expect(page.getByTestId('cancel-all-msg')).toHaveText(/Cancelled 1 order in FUN/);
  await expect(page.getByTestId('open-orders')).toHaveCount(0);

  // Timeframes by digit and bracket.
  const tf = page.getByRole('group', { name: 'Timeframe' });
  await page.keyboard.press('5');
  await expect(tf.getByRole('button', { name: '1h' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('[');
  await expect(tf.getByRole('button', { name: '15m' })).toHaveAttribute('aria-pressed', 'true');

  // The ? overlay: a dialog, Esc closes it, the focus goes back where it was.
  const shortcuts = page.getByRole('button', { name: /Shortcuts/ });
  await shortcuts.focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Cancel all your open orders');
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('b'); // inside the dialog, keys are not commands
  await expect(page.locator('#ticket-qty')).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(shortcuts).toBeFocused();

  // J: the next market.
  await page.keyboard.press('j');
  await expect(page).not.toHaveURL(/#\/trade\/FUN$/);
  await expect(page.locator('main h1')).not.toContainText('FUN');
});

test('the instrument switcher is a keyboard combobox', async ({ page }) => {
  await openTrade(page, 'FUN');
  const box = page.getByRole('combobox', { name: 'Switch market' });
  await box.fill('meme');
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('listbox', { name: 'Markets' }).getByRole('option').first()).toContainText('MEME');
  await page.keyboard.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', /switch-opt-/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/trade\/MEME$/);
  await expect(page.locator('main h1')).toContainText('MEME');
});

test('on a phone, the nav is short and the Buy/Sell bar takes the person to the ticket with that side', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openTrade(page, 'FUN');
  const top = await page.locator('header.top').boundingBox();
  expect(top!.height).toBeLessThan(90);
  const bar = page.getByRole('group', { name: 'Order' });
  await expect(bar).toBeInViewport();
  await bar.getByRole('button', { name: 'Sell…' }).click();
  await expect(page.locator('#ticket-qty')).toBeFocused();
  await expect(page.locator('#ticket-qty')).toBeInViewport();
  await expect(page.locator('form.ticket button[type=submit]')).toHaveText(/Sell FUN/);
  // The bar covers nothing at the page's end: the room below the last card is at least its height.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const barBox = await bar.boundingBox();
  const lastCard = await page.locator('.trade > section.card').last().boundingBox();
  expect(lastCard!.y + lastCard!.height).toBeLessThanOrEqual(barBox!.y);
});
