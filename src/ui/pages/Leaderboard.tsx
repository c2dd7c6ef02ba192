import { For, Show, createResource, onCleanup } from 'solid-js';
import { useClient } from '../client';
import { fmtMoney, fmtPct, tone } from '../format';

const KIND = { you: 'You', person: 'Trader', maker: 'Market maker', noise: 'Noise trader' } as const;

export function Leaderboard() {
  const { engine } = useClient();
  const [rows, { refetch }] = createResource(() => engine.leaderboard());
  const timer = setInterval(() => void refetch(), 2_000);
  onCleanup(() => clearInterval(timer));
  return (
    <section aria-labelledby="h-leader">
      <h1 id="h-leader">Leaderboard</h1>
      <p class="muted">Everyone on this exchange by equity: you, the market makers and the noise traders.</p>
      <Show when={rows()} fallback={<p class="muted">Loading…</p>}>
        <div class="card table-wrap">
          <table data-testid="leaderboard">
            <thead>
              <tr><th scope="col" class="num">Rank</th><th scope="col">Account</th><th scope="col" class="hide-sm">Kind</th><th scope="col" class="num">Equity</th><th scope="col" class="num">Return</th></tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(r, i) => (
                  <tr classList={{ me: r.kind === 'you' }}>
                    <td class="num">{i() + 1}</td>
                    <th scope="row">{r.kind === 'you' ? 'You' : r.account.replace(/^bot:(mm|noise):/, '')}</th>
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
