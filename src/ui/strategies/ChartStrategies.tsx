import { For, Show, createMemo } from 'solid-js';
import { fmtDateTime, fmtPrice, fmtQty } from '../format';
import { href } from '../router';
import type { InstrumentInfo } from '../../protocol';
import type { ChartMarks } from './chartMarks';

/** Under the Trade chart: which strategies trade here, and their latest fills and signals with why, as text. */
export function ChartStrategies(props: { inst: InstrumentInfo; marks: ChartMarks }) {
  const recent = createMemo(() => [...props.marks.signals()].sort((a, b) => b.t - a.t).slice(0, 20));
  return (
    <Show when={props.marks.here().length > 0}>
      <div class="chart-strategies" data-testid="chart-strategies">
        <p class="small">
          Strategies on {props.inst.symbol}:{' '}
          <For each={props.marks.here()}>
            {(x, i) => <>{i() > 0 ? ', ' : ''}<a href={href('strategies')}>{x.id} {x.title}</a> <span class="muted">({x.status})</span></>}
          </For>
          . Their fills and signals are the larger outlined arrows; hover a candle for the reason.
        </p>
        <details>
          <summary class="small">Their latest signals and fills ({props.marks.signals().length})</summary>
          <ol class="signal-list small" data-testid="signal-list">
            <For each={recent()}>
              {(m) => (
                <li>
                  {fmtDateTime(m.t * 1000)} · {m.who} {m.kind === 'fill' ? 'filled' : 'signal'}{' '}
                  <span class={m.side === 'buy' ? 'up' : 'down'}>{m.side === 'buy' ? '▲ buy' : '▼ sell'}</span>{' '}
                  {fmtQty(m.units, props.inst.qtyDecimals)} @ {fmtPrice(m.price, props.inst.priceDecimals)}: {m.reason}
                </li>
              )}
            </For>
          </ol>
        </details>
      </div>
    </Show>
  );
}
