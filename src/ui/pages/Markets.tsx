import { For, Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { shownPrice, useClient } from '../client';
import { FeedBadge } from '../components/FeedBadge';
import { Sparkline } from '../components/Sparkline';
import { fmtCompact, fmtPct, fmtPrice, pctTone } from '../format';
import { nextTask, revealInSteps } from '../reveal';
import { href } from '../router';
import type { Group } from '../../protocol';
import { change24Pct } from '../../core/market/stats24';

const GROUPS: [Group, string][] = [
  ['exchange', 'Exchange'],
  ['stock', 'Stocks'],
  ['crypto', 'Crypto'],
];

/** Rows drawn per task (src/ui/reveal.ts): each step a short task on a slow phone. */
const STEP_ROWS = 8;

/** Every market, live: pushed frames from the worker, no polling. */
export function Markets() {
  const { frame, market: { instruments, ticker } } = useClient();
  const [query, setQuery] = createSignal('');
  const shown = createMemo(() => {
    const q = query().trim().toLowerCase();
    return instruments().filter((i) => q === '' || i.symbol.toLowerCase().includes(q) || i.name.toLowerCase().includes(q));
  });
  // Rows are drawn once the first frame has come (each row is then drawn once, with its numbers, not drawn empty
  // and filled a moment later), in steps of a few rows, each in a task of its own after the frame's, the groups
  // in the order shown. A group's card appears with its first row, so a step only adds below what is on screen.
  const [limit, setLimit] = createSignal(0);
  const framed = createMemo(() => frame() !== null);
  createEffect(on([() => instruments().length, framed], ([n, ready]) => {
    if (n === 0 || !ready) return;
    let stop = (): void => {};
    const cancel = nextTask(() => (stop = revealInSteps(n, STEP_ROWS, STEP_ROWS, setLimit)));
    onCleanup(() => { cancel(); stop(); });
  }));
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
                              <td class={`num ${pctTone(change())}`}>{fmtPct(change())}</td>
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
