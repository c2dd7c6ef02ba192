import * as Comlink from 'comlink';
import { For, Show, createSignal, onCleanup } from 'solid-js';
import type { EngineApi } from '../worker/engine.worker';
import type { Ticker } from '../worker/tickers';

const engine = Comlink.wrap<EngineApi>(
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' }),
);

const GROUPS: [string, string][] = [
  ['exchange', 'Exchange'],
  ['stock', 'Stocks'],
  ['crypto', 'Crypto'],
];

function price(x: number | null): string {
  if (x === null) return '—';
  const digits = x >= 1 ? 2 : Math.min(8, Math.max(2, 1 - Math.floor(Math.log10(x)) + 3));
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: digits }).format(x);
}

/** The markets, live from the engine in the worker. The full trading UI is the next milestone. */
export function App() {
  const [rows, setRows] = createSignal<Ticker[]>([]);
  let alive = true;
  const poll = async () => {
    if (!alive) return;
    setRows(await engine.tickers());
    setTimeout(poll, 500);
  };
  void poll();
  onCleanup(() => (alive = false));

  return (
    <main>
      <h1>Bourse</h1>
      <p class="lede">A whole exchange in your browser: order books, market makers and noise traders, all simulated here.</p>
      <For each={GROUPS}>
        {([group, title]) => (
          <section aria-labelledby={`h-${group}`}>
            <h2 id={`h-${group}`}>{title}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Name</th>
                  <th scope="col" class="num">Last</th>
                  <th scope="col" class="num">Bid</th>
                  <th scope="col" class="num">Ask</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows().filter((r) => r.group === group)}>
                  {(r) => (
                    <tr>
                      <th scope="row">
                        {r.symbol}
                        <Show when={!r.open}>
                          <span class="closed"> closed</span>
                        </Show>
                      </th>
                      <td>{r.name}</td>
                      <td class="num" data-testid={`last-${r.symbol}`}>{price(r.last)}</td>
                      <td class="num" data-testid={`bid-${r.symbol}`}>{price(r.bid)}</td>
                      <td class="num">{price(r.ask)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </section>
        )}
      </For>
    </main>
  );
}
