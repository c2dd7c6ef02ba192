import { For, Show, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { useClient } from '../client';
import { fmtPrice, fmtQty } from '../format';
import type { InstrumentInfo, QueueView } from '../../protocol';
import { nth } from './ticketPreview';

/** How often the queue is asked again: trades at a level are seconds apart in the sim. */
const POLL_MS = 1000;

/**
 * "Show me" (b): where each of the person's resting limit orders on this
 * market stands in its price's queue (the worker reads the book's own order
 * queue), and how far it has moved up since it was first shown here, as
 * trades at that price take the orders in front of it.
 */
export function QueueWatch(props: { inst: InstrumentInfo }) {
  const { engine, frame } = useClient();
  const inst = () => props.inst;
  const resting = createMemo(() =>
    (frame()?.openOrders ?? []).filter((o) => o.symbol === inst().symbol && o.status === 'open' && o.price !== null).slice(0, 4).map((o) => o.id).join(' '));
  const [queues, setQueues] = createSignal<QueueView[]>([]);
  /** Quantity ahead when first seen, by order id: the bar shows the progress since. */
  const firstAhead = new Map<string, number>();
  let asking = false;
  const ask = async () => {
    const ids = resting().split(' ').filter((x) => x !== '');
    if (asking) return;
    asking = true;
    try {
      const got = await Promise.all(ids.map((id) => engine.queuePosition(id)));
      const list = got.filter((q): q is QueueView => q !== null);
      for (const q of list) if (!firstAhead.has(q.orderId)) firstAhead.set(q.orderId, q.aheadQty);
      setQueues(list);
    } finally {
      asking = false;
    }
  };
  onMount(() => {
    void ask();
    const timer = setInterval(() => void ask(), POLL_MS);
    onCleanup(() => clearInterval(timer));
  });

  const q = (x: number) => `${fmtQty(x, inst().qtyDecimals)} ${inst().base}`;
  const moved = (v: QueueView) => Math.max(0, (firstAhead.get(v.orderId) ?? v.aheadQty) - v.aheadQty);
  const progress = (v: QueueView) => {
    const first = firstAhead.get(v.orderId) ?? v.aheadQty;
    return first > 0 ? Math.round((moved(v) / first) * 100) : 100;
  };

  return (
    <section aria-labelledby="h-queue">
      <h3 id="h-queue">Your place in the queue</h3>
      <Show when={queues().length > 0} fallback={
        <p class="muted small" data-testid="queue-empty">
          Place a limit order that rests in the book (a buy below the best ask, or a sell above the best bid) to see how many orders are ahead of yours at its price.
        </p>
      }>
        <ul class="queue-list">
          <For each={queues()}>
            {(v) => (
              <li data-testid="queue-position">
                <strong>{v.side === 'buy' ? 'Buy' : 'Sell'} {q(v.qty)} at {fmtPrice(v.price, inst().priceDecimals)}</strong>:{' '}
                {v.aheadOrders === 0 ? 'first in line at that price' : `${nth(v.aheadOrders + 1)} in line at that price, behind ${q(v.aheadQty)} in ${v.aheadOrders} order${v.aheadOrders === 1 ? '' : 's'}`}
                {v.betterQty > 0 ? `; ${q(v.betterQty)} at better prices trade first` : ''}.
                <Show when={moved(v) > 0}> Moved up {q(moved(v))} as trades took the orders in front.</Show>
                <div class="queue-bar" role="progressbar" aria-label={`Progress to the front of the queue at ${fmtPrice(v.price, inst().priceDecimals)}`}
                  aria-valuemin="0" aria-valuemax="100" aria-valuenow={progress(v)}>
                  <span style={{ width: `${progress(v)}%` }} />
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
