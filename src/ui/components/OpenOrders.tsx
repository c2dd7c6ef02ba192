import { For, Show, createSignal } from 'solid-js';
import { useClient } from '../client';
import { fmtPrice, fmtQty } from '../format';
import { parseDecimal } from '../ticket';
import type { OrderView } from '../../protocol';

const TYPE: Record<string, string> = { market: 'Market', limit: 'Limit', stop: 'Stop', stop_limit: 'Stop-limit' };

/** The person's open and waiting orders, with cancel and modify. */
export function OpenOrders(props: { orders: () => OrderView[]; title?: string }) {
  const { engine, market: { info } } = useClient();
  const [editing, setEditing] = createSignal<string | null>(null);
  const [msg, setMsg] = createSignal<{ ok: boolean; text: string } | null>(null);
  const cancel = async (o: OrderView) => {
    const r = await engine.cancel(o.id);
    setMsg(r.ok ? { ok: true, text: `Order ${o.id} cancelled.` } : { ok: false, text: r.message });
  };
  return (
    <section class="card" aria-labelledby="h-open">
      <h2 id="h-open">{props.title ?? 'Open orders'}</h2>
      <Show when={props.orders().length > 0} fallback={<p class="muted">No open orders.</p>}>
        <div class="table-wrap">
          <table data-testid="open-orders">
            <thead>
              <tr>
                <th scope="col">Order</th><th scope="col">Side</th><th scope="col">Type</th>
                <th scope="col" class="num">Price</th><th scope="col" class="num">Filled / qty</th><th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              <For each={props.orders()}>
                {(o) => {
                  const d = () => info(o.symbol)?.priceDecimals ?? 2;
                  const q = () => info(o.symbol)?.qtyDecimals ?? 0;
                  return (
                    <>
                      <tr data-order={o.id}>
                        <th scope="row">{o.symbol} <span class="muted small">{o.id}</span></th>
                        <td class={o.side === 'buy' ? 'up' : 'down'}>{o.side === 'buy' ? 'Buy' : 'Sell'}</td>
                        <td>{TYPE[o.type]}{o.status === 'pending' ? ' (waiting)' : ''}{o.parent ? ' · bracket' : ''}</td>
                        <td class="num">
                          {o.price !== null ? fmtPrice(o.price, d()) : ''}
                          {o.stopPrice !== null ? ` stop ${fmtPrice(o.stopPrice, d())}` : ''}
                        </td>
                        <td class="num">{fmtQty(o.filled, q())} / {fmtQty(o.qty, q())}</td>
                        <td class="actions">
                          <button type="button" onClick={() => setEditing(editing() === o.id ? null : o.id)} aria-expanded={editing() === o.id}>
                            Modify<span class="visually-hidden"> order {o.id}</span>
                          </button>
                          <button type="button" class="danger" onClick={() => void cancel(o)}>
                            Cancel<span class="visually-hidden"> order {o.id}</span>
                          </button>
                        </td>
                      </tr>
                      <Show when={editing() === o.id}>
                        <tr>
                          <td colspan="6">
                            <ModifyForm order={o} done={(m) => { setMsg(m); if (m.ok) setEditing(null); }} />
                          </td>
                        </tr>
                      </Show>
                    </>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={msg()}>
        <p role={msg()!.ok ? 'status' : 'alert'} class={msg()!.ok ? 'ok-msg' : 'err-msg'}>{msg()!.text}</p>
      </Show>
    </section>
  );
}

function ModifyForm(props: { order: OrderView; done: (m: { ok: boolean; text: string }) => void }) {
  const { engine } = useClient();
  // eslint-disable-next-line solid/reactivity -- the form starts from the order as it was when opened
  const o = props.order;
  const [price, setPrice] = createSignal(o.price !== null ? String(o.price) : '');
  const [stop, setStop] = createSignal(o.stopPrice !== null ? String(o.stopPrice) : '');
  const [qty, setQty] = createSignal(String(o.qty));
  const submit = async (e: Event) => {
    e.preventDefault();
    // Only what changed: the engine refuses a stop price once a stop has fired, and a quantity on a bracket leg.
    const change: { price?: number; stopPrice?: number; qty?: number } = {};
    if (o.price !== null && parseDecimal(price()) !== o.price) change.price = parseDecimal(price());
    if (o.stopPrice !== null && o.status === 'pending' && parseDecimal(stop()) !== o.stopPrice) change.stopPrice = parseDecimal(stop());
    if (parseDecimal(qty()) !== o.qty) change.qty = parseDecimal(qty());
    if (Object.keys(change).length === 0) return props.done({ ok: false, text: 'Nothing to change.' });
    for (const [k, v] of Object.entries(change)) {
      if (!(v > 0)) return props.done({ ok: false, text: `Enter a ${k === 'qty' ? 'quantity' : k === 'price' ? 'price' : 'stop price'} above zero.` });
    }
    const r = await engine.modify(o.id, change);
    props.done(r.ok ? { ok: true, text: `Order ${o.id} modified.` } : { ok: false, text: r.message });
  };
  return (
    <form class="modify" onSubmit={(e) => void submit(e)}>
      <Show when={o.price !== null}>
        <label>Price <input inputmode="decimal" value={price()} onInput={(e) => setPrice(e.currentTarget.value)} /></label>
      </Show>
      <Show when={o.stopPrice !== null && o.status === 'pending'}>
        <label>Stop <input inputmode="decimal" value={stop()} onInput={(e) => setStop(e.currentTarget.value)} /></label>
      </Show>
      <label>Total quantity <input inputmode="decimal" value={qty()} onInput={(e) => setQty(e.currentTarget.value)} /></label>
      <button type="submit" class="primary">Save</button>
    </form>
  );
}
