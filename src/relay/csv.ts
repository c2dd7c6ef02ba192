/**
 * The teacher's export: the board as CSV (RFC 4180 quoting). A cell that a
 * spreadsheet would run as a formula (=, +, -, @, a tab or a return first)
 * gets a leading apostrophe: names are typed by students.
 */
import type { BoardRow, FlagView } from '../protocol/relay';

function cell(x: string | number | boolean | null): string {
  let s = x === null ? '' : String(x);
  if (typeof x === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function boardCsv(rows: readonly BoardRow[], flags: readonly FlagView[]): string {
  const why = new Map<string, string>();
  for (const f of flags) why.set(f.playerId, `${f.code} at entry ${f.seq}: ${f.message}`);
  const lines = [['rank', 'name', 'equity', 'return_pct', 'trades', 'max_drawdown_pct', 'verified_entries', 'connected', 'flag'].join(',')];
  for (const r of rows) {
    lines.push([
      r.rank, r.name, r.equity, r.returnPct === null ? null : Number(r.returnPct.toFixed(4)), r.trades,
      Number(r.drawdownPct.toFixed(4)), r.verifiedSeq, r.connected, why.get(r.playerId) ?? '',
    ].map(cell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
