import { For, Show } from 'solid-js';
import type { SavedTrade } from '../../protocol';
import { fmtPrice, fmtQty, fmtSignedMoney, tone } from '../format';
import { formatDate, formatDuration } from './statFormat';

/** Rows drawn at once: the CSV export has them all. */
const SHOWN = 500;

/**
 * A run's closed trades, oldest first: entry and exit (date and price),
 * size (negative: short), P&L after commissions, return, how long it was
 * held, and why it was entered and ended. The table scrolls inside its box,
 * so the page keeps its width on a phone.
 */
export function TradesTable(props: { trades: SavedTrade[]; total: number }) {
  const shown = () => props.trades.slice(0, SHOWN);
  return (
    <>
      <div class="table-wrap bt-scroll bt-trades" role="region" aria-labelledby="bt-trades-cap" tabindex="0">
        <table data-testid="bt-trades">
          <caption id="bt-trades-cap" class="visually-hidden">Trades of this backtest</caption>
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col">Entry</th>
              <th scope="col">Exit</th>
              <th scope="col" class="num">Size</th>
              <th scope="col" class="num">Entry price</th>
              <th scope="col" class="num">Exit price</th>
              <th scope="col" class="num">P&amp;L</th>
              <th scope="col" class="num">Return</th>
              <th scope="col" class="num">Duration</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            <For each={shown()}>
              {(t, i) => (
                <tr>
                  <td class="num">{i() + 1}</td>
                  <td>{formatDate(t.entryTime)}</td>
                  <td>{formatDate(t.exitTime)}</td>
                  <td class="num">{t.size < 0 ? `${fmtQty(t.size, 4)} (short)` : fmtQty(t.size, 4)}</td>
                  <td class="num">{fmtPrice(t.entryPrice)}</td>
                  <td class="num">{fmtPrice(t.exitPrice)}</td>
                  <td class={`num ${tone(t.pnl)}`}>{fmtSignedMoney(t.pnl)}</td>
                  <td class={`num ${tone(t.returnPct)}`}>{new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(t.returnPct)}</td>
                  <td class="num">{formatDuration(t.exitTime - t.entryTime)}</td>
                  <td class="bt-reason">{t.entryReason} → {t.exitReason}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.total > shown().length}>
        <p class="hint">The first {shown().length.toLocaleString()} of {props.total.toLocaleString()} trades are shown; the CSV export has {props.trades.length < props.total ? `the first ${props.trades.length.toLocaleString()} (what a saved run keeps)` : 'them all'}.</p>
      </Show>
    </>
  );
}
