import { expect, type Page } from '@playwright/test';

/** Opens the trade page of a symbol and waits for live prices. */
export async function openTrade(page: Page, symbol = 'FUN'): Promise<void> {
  await page.goto(`/#/trade/${symbol}`);
  await expect(page.getByTestId('trade-last')).not.toHaveText('—', { timeout: 15_000 });
}

/** A number shown as text ("$99,123.45" → 99123.45). */
export async function numberIn(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  return Number(text.replace(/[^0-9.-]/g, ''));
}

/** Fills the ticket (type, quantity, prices) and submits it. */
export async function order(page: Page, o: { side?: 'buy' | 'sell'; type: string; qty: string; price?: string; stop?: string }): Promise<void> {
  if (o.side === 'sell') await page.getByText('Sell', { exact: true }).click();
  await page.selectOption('#ticket-type', o.type);
  if (o.stop !== undefined) await page.fill('#ticket-stop', o.stop);
  if (o.price !== undefined) await page.fill('#ticket-price', o.price);
  await page.fill('#ticket-qty', o.qty);
  await page.locator('form.ticket button[type=submit]').click();
}
