import { For, Show, createMemo, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import { useClient } from '../client';
import { fmtMoney, fmtPct, fmtQty, pctTone } from '../format';
import { readShowBots, saveShowBots, shownLeaders, TOP } from '../leaders';
import type { LeaderRow } from '../../protocol';

const KIND = { you: 'You', person: 'Trader', maker: 'Market maker', noise: 'Noise trader', strategy: 'Your strategy' } as const;

export function Leaderboard() {
  const { engine, strategies } = useClient();
  /** A strategy's row by its id and title (its account is `strat:S1`); a bot's without its prefix. */
  const name = (r: LeaderRow): string => {
    if (r.kind === 'you') return 'You';
    if (r.kind === 'strategy') {
      const id = r.account.replace(/^strat:/, '');
      const s = strategies.byId(id);
      return s ? `${id} · ${s.title} on ${s.symbol}` : id;
    }
    return r.account.replace(/^bot:(mm|noise):/, '');
  };
  const [rows, { refetch }] = createResource(() => engine.leaderboard());
  const [bots, setBots] = createSignal(readShowBots());
  const [limit, setLimit] = createSignal(TOP);
  const shown = createMemo(() => shownLeaders(rows() ?? [], { bots: bots(), limit: limit() }));
  const toggleBots = (on: boolean) => {
    setBots(on);
    saveShowBots(on);
  };
  const timer = setInterval(() => void refetch(), 2_000);
  onMount(() => void strategies.load(engine.strategies()));
  onCleanup(() => clearInterval(timer));
  return (
    <section aria-labelledby="h-leader">
      <h1 id="h-leader">Leaderboard</h1>
      <p class="muted">
        Ranked by return on what each account was given: deposits add to it and withdrawals take from it, so moving money is
        never a gain or a loss.
      </p>
      <label class="check">
        <input type="checkbox" data-testid="leaderboard-bots" checked={bots()} onChange={(e) => toggleBots(e.currentTarget.checked)} />
        Show market makers and noise traders
      </label>
      <Show when={rows()} fallback={<p class="muted">Loading…</p>}>
        <div class="card table-wrap">
          <table data-testid="leaderboard">
            <caption class="muted small">
              {shown().rows.length < shown().total
                ? `Top ${fmtQty(shown().rows.length)} of ${fmtQty(shown().total)}`
                : `${fmtQty(shown().total)} ${shown().total === 1 ? 'account' : 'accounts'}`}
            </caption>
            <thead>
              <tr><th scope="col" class="num">Rank</th><th scope="col">Account</th><th scope="col" class="hide-sm">Kind</th><th scope="col" class="num">Equity</th><th scope="col" class="num">Return</th></tr>
            </thead>
            <tbody>
              <For each={shown().rows}>
                {(r) => (
                  <tr classList={{ me: r.kind === 'you', mine: r.kind === 'strategy' }} data-kind={r.kind}>
                    <td class="num">{r.rank}</td>
                    <th scope="row">{name(r)}</th>
                    <td class="hide-sm">{KIND[r.kind]}</td>
                    <td class="num">{fmtMoney(r.equity)}</td>
                    <td class={`num ${pctTone(r.returnPct)}`} data-testid="leaderboard-return">{fmtPct(r.returnPct)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={shown().rows.length < shown().total}>
          <button type="button" onClick={() => setLimit((n) => n + TOP)}>Show {fmtQty(Math.min(TOP, shown().total - shown().rows.length))} more</button>
        </Show>
      </Show>
    </section>
  );
}
