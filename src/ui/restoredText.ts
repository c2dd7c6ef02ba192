import type { Restored } from '../protocol/results';
import { fmtMoney, fmtQty } from './format';

/** What an import brought back, as the page receives it (the protocol's `Restored`). */
export type RestoredCounts = Restored;

const count = (n: number, one: string, many: string): string => `${fmtQty(n)} ${n === 1 ? one : many}`;

/** "Restored 118 instruments, 12 orders, 30 trades, 2 strategies (1 running) …; cash $98,000.00, equity $101,234.56." */
export function restoredText(r: RestoredCounts): string {
  const parts = [
    count(r.instruments, 'instrument', 'instruments'),
    count(r.orders, 'order', 'orders'),
    count(r.trades, 'trade', 'trades'),
    count(r.strategies, 'strategy', 'strategies') + (r.running > 0 ? ` (${fmtQty(r.running)} running)` : ''),
  ];
  if (r.backtests > 0) parts.push(count(r.backtests, 'saved backtest', 'saved backtests'));
  if (r.series > 0) parts.push(count(r.series, 'imported series', 'imported series'));
  return `Backup restored: ${parts.join(', ')}; cash ${fmtMoney(r.cash, r.cashAsset)}, equity ${fmtMoney(r.equity, r.cashAsset)}.`;
}

/** The import reloads the page: its message waits in sessionStorage (this tab only) and is shown once after. */
const KEY = 'bourse.restored';

export function keepForReload(text: string): void {
  try {
    sessionStorage.setItem(KEY, text);
  } catch {
    // No storage: the message was shown before the reload, that is all.
  }
}

export function takeAfterReload(): string | null {
  try {
    const text = sessionStorage.getItem(KEY);
    if (text !== null) sessionStorage.removeItem(KEY);
    return text;
  } catch {
    return null;
  }
}
