import type { TradeRow } from './rows';

/**
 * CSV per RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is quoted, quotes doubled.
 *
 * A cell a spreadsheet would read as a formula (one that begins with `=`, `+`, `-`, `@`, a tab or a CR:
 * an imported order id `=HYPERLINK(…)`, say) is neutralised by OWASP's rule: a single quote in front,
 * so it shows as text. A plain decimal (`-0.01`, a maker rebate) is a number, not a formula, and stays
 * as it is so the column still sums.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

export function csvField(s: string): string {
  const safe = FORMULA_START.test(s) && !PLAIN_DECIMAL.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/** A decimal as written by hand: never in exponent form (1e-7 → 0.0000001). */
export function plainNumber(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  return x.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

export const TRADE_CSV_HEADER = csvLine(['time', 'symbol', 'side', 'price', 'quantity', 'fee', 'fee asset', 'order id', 'liquidity']);

export function tradeCsvLine(t: TradeRow): string {
  return csvLine([
    new Date(t.ts).toISOString(), t.symbol, t.side, plainNumber(t.price), plainNumber(t.qty), plainNumber(t.fee),
    t.feeAsset, t.orderId, t.liquidity,
  ]);
}
