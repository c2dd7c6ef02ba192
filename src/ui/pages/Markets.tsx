import { For, Show, createMemo, createSignal } from 'solid-js';
import { shownPrice, useClient } from '../client';
import { FeedBadge } from '../components/FeedBadge';
import { Sparkline } from '../components/Sparkline';
import { fmtCompact, fmtPct, fmtPrice, tone } from '../format';
import { href } from '../router';
import type { Group } from '../../protocol';
import { change24Pct } from '../../core/market/stats24';

const GROUPS: [Group, string][] = [
  ['exchange', 'Exchange'],
  ['stock', 'Stocks'],
  ['crypto', 'Crypto'],
];

/** Every market, live: pushed frames from the worker, no polling. */
export function Markets() {
  const { market: { instruments, ticker } } = useClient();
  const [query, setQuery] = createSignal('');
  const shown = createMemo(() => {
    const q = query().trim().toLowerCase();
    return instruments().filter((i) => q === '' || i.symbol.toLowerCase().includes(q) || i.name.toLowerCase().includes(q));
  });
  return (
    <section aria-labelledby="h-markets">
      <div class="page-head">
        <h1 id="h-markets">Markets</h1>
        <label class="search">
          <span class="visually-hidden">Search markets</span>
          <input type="search" placeholder="Search symbol or name" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
      </div>
      <For each={GROUPS}>
        {([group, title]) => {
          const rows = () => shown().filter((i) => i.group === group);
          return (
            <Show when={rows().length > 0}>
              <section aria-labelledby={`h-${group}`} class="card">
                <div class="card-head">
                  <h2 id={`h-${group}`}>{title}</h2>
                  <Show when={group !== 'exchange'}>
                    <FeedBadge group={group as 'crypto' | 'stock'} />
                  </Show>
                </div>
                <div class="table-wrap">
                  <table class="markets">
                    <thead>
                      <tr>
                        <th scope="col">Symbol</th>
                        <th scope="col" class="hide-sm">Name</th>
                        <th scope="col" class="num">Last</th>
                        <th scope="col" class="num">24 h</th>
                        <th scope="col" class="hide-sm">Trend</th>
                        <th scope="col" class="num hide-sm">Volume (24 h)</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={rows()}>
                        {(i) => {
                          const t = () => ticker(i.symbol);
                          const change = () => {
                            const x = t();
                            return x ? change24Pct(x.last, x.open24) : NaN;
                          };
                          return (
                            <tr>
                              <th scope="row">
                                <a href={href('trade', i.symbol)}>{i.symbol}</a>
                                <Show when={t() && !t()!.open}>
                                  <span class="badge closed">closed</span>
                                </Show>
                              </th>
                              <td class="hide-sm">{i.name}</td>
                              <td class="num" data-testid={`last-${i.symbol}`}>
                                <Show when={shownPrice(t()).mid} fallback={fmtPrice(t()?.last, i.priceDecimals)}>
                                  {/* Not traded yet: the mid of the quotes, marked as such. */}
                                  <span class="muted" title="Mid of bid and ask: no trade yet">{fmtPrice(shownPrice(t()).price, i.priceDecimals)}<abbr title="mid price">ᵐ</abbr></span>
                                </Show>
                              </td>
                              <td class={`num ${tone(change())}`}>{fmtPct(change())}</td>
                              <td class="hide-sm"><Sparkline values={() => t()?.spark} /></td>
                              <td class="num hide-sm">{fmtCompact(t()?.value24 ?? NaN)}</td>
                            </tr>
                          );
                        }}
                      </For>
                    </tbody>
                  </table>
                </div>
              </section>
            </Show>
          );
        }}
      </For>
    </section>
  );
}
