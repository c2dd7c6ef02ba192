import { For, Show, createResource, onCleanup } from 'solid-js';
import { useClient } from '../client';
import { EquityCurve } from '../components/EquityCurve';
import { fmtMoney, fmtPct, fmtPrice, fmtQty, fmtSignedMoney, tone } from '../format';
import { href } from '../router';

export function Portfolio() {
  const { engine, frame, market: { info } } = useClient();
  const p = () => frame()?.portfolio;
  const [equity, { refetch }] = createResource(() => engine.equity());
  const timer = setInterval(() => void refetch(), 10_000);
  onCleanup(() => clearInterval(timer));
  return (
    <section aria-labelledby="h-portfolio">
      <h1 id="h-portfolio">Portfolio</h1>
      <Show when={p()} fallback={<p class="muted">Loading…</p>}>
        {(pf) => (
          <>
            <dl class="stats card big-stats" data-testid="portfolio-stats">
              <div><dt>Equity</dt><dd data-testid="equity">{fmtMoney(pf().equity)}</dd></div>
              <div><dt>Cash</dt><dd data-testid="cash">{fmtMoney(pf().cash)}</dd></div>
              <div><dt>Available cash</dt><dd>{fmtMoney(pf().cashAvailable)}</dd></div>
              <div><dt>Day P&amp;L</dt><dd class={tone(pf().dayPnl)}>{fmtSignedMoney(pf().dayPnl)}</dd></div>
              <div><dt>Total P&amp;L</dt><dd class={tone(pf().totalPnl)}>{fmtSignedMoney(pf().totalPnl)}</dd></div>
              <div><dt>Realized</dt><dd class={tone(pf().realized)}>{fmtSignedMoney(pf().realized)}</dd></div>
              <div><dt>Unrealized</dt><dd class={tone(pf().unrealized)}>{fmtSignedMoney(pf().unrealized)}</dd></div>
              <div><dt>Fees paid</dt><dd>{fmtMoney(pf().fees)}</dd></div>
            </dl>
            <section class="card" aria-labelledby="h-holdings">
              <h2 id="h-holdings">Holdings</h2>
              <Show when={pf().holdings.length > 0} fallback={<p class="muted">Nothing held yet. <a href={href('markets')}>Pick a market</a>.</p>}>
                <div class="table-wrap">
                  <table data-testid="holdings" class="cards">
                    <thead>
                      <tr>
                        <th scope="col">Symbol</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Avg cost</th>
                        <th scope="col" class="num">Mark</th><th scope="col" class="num">Value</th><th scope="col" class="num">Unrealized</th>
                        <th scope="col" class="num">Allocation</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={pf().holdings}>
                        {(h) => {
                          const d = info(h.symbol)?.priceDecimals ?? 2;
                          return (
                            <tr>
                              <th scope="row"><a href={href('trade', h.symbol)}>{h.symbol}</a></th>
                              <td class="num" data-label="Qty">{fmtQty(h.qty, info(h.symbol)?.qtyDecimals ?? 0)}</td>
                              <td class="num" data-label="Avg cost">{fmtPrice(h.avgPrice, d)}</td>
                              <td class="num" data-label="Mark">{fmtPrice(h.mark, d)}</td>
                              <td class="num" data-label="Value">{fmtMoney(h.value)}</td>
                              <td class={`num ${tone(h.unrealized)}`} data-label="Unrealized">{fmtSignedMoney(h.unrealized)}</td>
                              <td class="num" data-label="Allocation">{fmtPct(h.allocation * 100, false)}</td>
                            </tr>
                          );
                        }}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </section>
            <section class="card" aria-labelledby="h-curve">
              <h2 id="h-curve">Equity curve</h2>
              <EquityCurve series={() => equity() ?? null} />
            </section>
          </>
        )}
      </Show>
    </section>
  );
}
