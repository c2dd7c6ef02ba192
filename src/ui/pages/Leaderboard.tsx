import { For, Show, createResource, onCleanup, onMount } from 'solid-js';
import { useClient } from '../client';
import { fmtMoney, fmtPct, tone } from '../format';
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
  const timer = setInterval(() => void refetch(), 2_000);
  onMount(() => void strategies.load(engine.strategies()));
  onCleanup(() => clearInterval(timer));
  return (
    <section aria-labelledby="h-leader">
      <h1 id="h-leader">Leaderboard</h1>
      <p class="muted">Everyone on this exchange by equity: you, your strategies, the market makers and the noise traders.</p>
      <Show when={rows()} fallback={<p class="muted">Loading…</p>}>
        <div class="card table-wrap">
          <table data-testid="leaderboard">
            <thead>
              <tr><th scope="col" class="num">Rank</th><th scope="col">Account</th><th scope="col" class="hide-sm">Kind</th><th scope="col" class="num">Equity</th><th scope="col" class="num">Return</th></tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r, i) => (
                  <tr classList={{ me: r.kind === 'you', mine: r.kind === 'strategy' }} data-kind={r.kind}>
                    <td class="num">{i() + 1}</td>
                    <th scope="row">{name(r)}</th>
                    <td class="hide-sm">{KIND[r.kind]}</td>
                    <td class="num">{fmtMoney(r.equity)}</td>
                    <td class={`num ${tone(r.returnPct)}`}>{fmtPct(r.returnPct)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
