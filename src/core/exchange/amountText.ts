import { formatMoney } from '../portfolio/money';

/**
 * Amounts in the exchange's refusals, as a person reads them. The engine
 * counts in integer units of each asset; its messages used to print those
 * divided out ("Needs 106713.03684 USD"). A price currency (an instrument's
 * quote: what orders are paid in) is money: two decimals, thousands grouped,
 * "$" for dollars. Anything else (shares, coins) keeps the decimals it needs.
 *
 * `round` says which way a value that is finer than a cent goes, so that a
 * refusal never reads "Needs $10.00 but only $10.00 is available": what is
 * needed rounds up, what is held rounds down. money.ts has no Intl, so the
 * text is the same in every browser, in Node and in the journal's events.
 */
export type Rounding = 'up' | 'down';

/** `units` of an asset with `dec` decimals as money: amountAsMoney(1000001, 4, 'USD', 'up') → "$100.01". */
export function amountAsMoney(units: number, dec: number, asset: string, round: Rounding): string {
  if (dec <= 2) return formatMoney(units, dec, asset);
  const scale = 10 ** (dec - 2);
  const cents = round === 'up' ? Math.ceil(units / scale) : Math.floor(units / scale);
  return formatMoney(cents, 2, asset);
}

/** `units` of an asset with `dec` decimals, exact, thousands grouped: amountAsQuantity(150000, 4, 'BTC') → "15 BTC". */
export function amountAsQuantity(units: number, dec: number, asset: string): string {
  if (!Number.isFinite(units)) return `an amount of ${asset} too large to show`;
  const neg = units < 0;
  const abs = Math.abs(units);
  const scale = 10 ** dec;
  const whole = Math.floor(abs / scale);
  const frac = abs - whole * scale;
  // BigInt: toFixed writes 1e21 and above in exponent form.
  const digits = whole < 1e21 ? whole.toFixed(0) : BigInt(whole).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fracText = frac === 0 ? '' : `.${frac.toFixed(0).padStart(dec, '0').replace(/0+$/, '')}`;
  return `${neg ? '-' : ''}${grouped}${fracText} ${asset}`;
}

/** Money when the asset is a price currency, a quantity otherwise. */
export function amountText(units: number, dec: number, asset: string, isCurrency: boolean, round: Rounding): string {
  return isCurrency ? amountAsMoney(units, dec, asset, round) : amountAsQuantity(units, dec, asset);
}
