/**
 * Rounding and money text for the portfolio and its risk messages. Pure and
 * deterministic: no Intl, so the same number gives the same text in every
 * browser, in Node and in snapshots of messages.
 */

/** Nearest integer, halves away from zero (Math.round sends -2.5 to -2). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Assets shown with a leading dollar sign; any other is written after the number. */
const DOLLAR = new Set(['USD', 'USDT', 'USDC']);

/** "1234567" → "1,234,567". */
function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/**
 * An amount in minor units of an asset with `dec` decimals, as text with two
 * decimals and thousands separators: formatMoney(4800000, 2) → "$48,000.00",
 * formatMoney(-150, 2, 'EUR') → "-1.50 EUR". Finer scales round half away.
 */
export function formatMoney(minor: number, dec: number, asset = 'USD'): string {
  // Never "$In,fin,ity.NaN": a value that is not a number of cents is worded.
  if (!Number.isFinite(minor)) return 'an amount too large to show';
  const cents = dec >= 2 ? roundHalfAway(minor / 10 ** (dec - 2)) : minor * 10 ** (2 - dec);
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs - whole * 100;
  // BigInt for the digits: toFixed writes 1e21 and above in exponent form ("1e+,300").
  const digits = whole < 1e21 ? whole.toFixed(0) : BigInt(whole).toString();
  const num = `${groupThousands(digits)}.${frac < 10 ? '0' : ''}${frac}`;
  const sign = neg ? '-' : '';
  return DOLLAR.has(asset) ? `${sign}$${num}` : `${sign}${num} ${asset}`;
}

/**
 * A decimal amount of an asset (the edges' unit: a command's cash, a
 * setting) as money: moneyText(106713.03684) → "$106,713.04". Never in
 * exponent form, however large.
 */
export function moneyText(amount: number, asset = 'USD'): string {
  return formatMoney(amount * 100, 2, asset);
}

/** A percentage with at most one decimal: 52 → "52", 12.345 → "12.3". */
export function formatPct(pct: number): string {
  const t = Math.round(pct * 10) / 10;
  return Number.isInteger(t) ? t.toFixed(0) : t.toFixed(1);
}
