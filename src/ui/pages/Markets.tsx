import { For, Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { shownPrice, useClient } from '../client';
import { FeedBadge } from '../components/FeedBadge';
import { Sparkline } from '../components/Sparkline';
import { fmtCompact, fmtPct, fmtPrice, tone } from '../format';
import { revealInSteps } from '../reveal';
import { href } from '../router';
import type { Group } from '../../protocol';
import { change24Pct } from '../../core/market/stats24';

const GROUPS: [Group, string][] = [
  ['exchange', 'Exchange'],
  ['stock', 'Stocks'],
  ['crypto', 'Crypto'],
];

/** Rows drawn with the list (more than a tall screen shows), then this many more per task (src/ui/reveal.ts). */
const FIRST_ROWS = 24;
const MORE_ROWS = 8;

/** Every market, live: pushed frames from the worker, no polling. */
export function Markets() {
  const { market: { instruments, ticker } } = useClient();
  const [query, setQuery] = createSignal('');
  const shown = createMemo(() => {
    const q = query().trim().toLowerCase();
    return instruments().filter((i) => q === '' || i.symbol.toLowerCase().includes(q) || i.name.toLowerCase().includes(q));
  });
  // The list arrives once; its rows are then drawn in steps (each a short task), the groups in the order shown.
  const [limit, setLimit] = createSignal(FIRST_ROWS);
  createEffect(on(() => instruments().length, (n) => onCleanup(revealInSteps(n, FIRST_ROWS, MORE_ROWS, setLimit))));
  const byGroup = createMemo(() => GROUPS.map(([g]) => shown().filter((i) => i.group === g)));
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
        {([group, title], g) => {
          const all = () => byGroup()[g()];
          // This group's share of the rows drawn so far: what the groups above it left of the limit.
          const rows = () => {
            const before = byGroup().slice(0, g()).reduce((n, r) => n + r.length, 0);
            return all().slice(0, Math.max(0, limit() - before));
          };
          return (
            <Show when={all().length > 0}>
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
