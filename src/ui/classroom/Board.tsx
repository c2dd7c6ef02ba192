/**
 * A room's live board as the relay pushed it: only verified figures. Names
 * are rendered as text (Solid escapes them), never as markup. Used by the
 * student's view and the teacher's dashboard alike. After the round each row
 * offers a replay of that seat's session (`onReplay`).
 */
import { For, Show } from 'solid-js';
import type { BoardRow } from '../../protocol/relay';
import { fmtMoney, fmtPct, fmtQty, pctTone } from '../format';

export function RoomBoard(props: { rows: BoardRow[]; me?: string | null; caption: string; onReplay?: (row: BoardRow) => void }) {
  const cols = () => (props.onReplay ? 8 : 7);
  return (
    <div class="card table-wrap">
      <table data-testid="class-board">
        <caption class="muted small">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">Rank</th><th scope="col">Name</th><th scope="col" class="num">Equity</th>
            {/* Next to the equity, so a phone shows it without scrolling the table sideways. */}
            <Show when={props.onReplay}><th scope="col"><span class="visually-hidden">Replay</span></th></Show>
            <th scope="col" class="num">Return</th><th scope="col" class="num hide-sm">Trades</th><th scope="col" class="num hide-sm">Drawdown</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows} fallback={<tr><td colspan={cols()} class="muted">Nobody has joined yet.</td></tr>}>
            {(r) => (
              <tr classList={{ me: r.playerId === props.me }} data-player={r.playerId}>
                <td class="num">{r.rank}</td>
                <th scope="row">{r.name}{r.playerId === props.me ? ' (you)' : ''}</th>
                <td class="num" data-testid="class-board-equity">{fmtMoney(r.equity)}</td>
                <Show when={props.onReplay}>
                  {(replay) => (
                    <td>
                      <button type="button" onClick={() => replay()(r)} aria-label={`Replay ${r.name}'s session`} data-testid="class-replay">Replay</button>
                    </td>
                  )}
                </Show>
                <td class={`num ${r.returnPct === null ? '' : pctTone(r.returnPct)}`}>{r.returnPct === null ? '—' : fmtPct(r.returnPct)}</td>
                <td class="num hide-sm">{fmtQty(r.trades)}</td>
                <td class="num hide-sm">{fmtPct(r.drawdownPct, false)}</td>
                <td>
                  <Show when={r.flagged}><span class="badge down" title="An entry did not verify: the figures stop at the last verified one.">Flagged</span> </Show>
                  <span class="badge" classList={{ muted: !r.connected }}>{r.connected ? 'Online' : 'Offline'}</span>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
