import { For } from 'solid-js';
import { fmtPrice, fmtQty, fmtTime } from '../format';
import type { InstrumentInfo, TapeTrade } from '../../protocol';

/** Recent trades, newest first. */
export function Tape(props: { trades: () => TapeTrade[]; inst: InstrumentInfo }) {
  return (
    <section class="card tape" aria-labelledby="h-tape">
      <h2 id="h-tape">Recent trades</h2>
      <table>
        <thead>
          <tr><th scope="col" class="num">Price</th><th scope="col" class="num">Size</th><th scope="col" class="num">Time</th></tr>
        </thead>
        <tbody>
          <For each={props.trades()}>
            {(t) => (
              <tr>
                <td class={`num ${t.side === 'buy' ? 'up' : 'down'}`}>
                  <span aria-hidden="true">{t.side === 'buy' ? '▲ ' : '▼ '}</span>
                  <span class="visually-hidden">{t.side === 'buy' ? 'Buy at ' : 'Sell at '}</span>
                  {fmtPrice(t.price, props.inst.priceDecimals)}
                </td>
                <td class="num">{fmtQty(t.qty, props.inst.qtyDecimals)}</td>
                <td class="num muted">{fmtTime(t.ts)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
