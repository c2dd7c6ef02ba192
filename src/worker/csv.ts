import type { FillView } from './protocol';

const HEADER = ['time', 'symbol', 'side', 'price', 'quantity', 'fee', 'fee asset', 'order id', 'liquidity'];

/** One CSV field, quoted when it has to be (RFC 4180). */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The person's fills as CSV, oldest first, with a header row. */
export function fillsCsv(fills: readonly FillView[]): string {
  const lines = [HEADER.join(',')];
  for (const f of fills) {
    lines.push([new Date(f.ts).toISOString(), f.symbol, f.side, f.price, f.qty, f.fee, f.feeAsset, f.orderId, f.liquidity].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
