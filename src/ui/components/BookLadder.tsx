import { For, createMemo } from 'solid-js';
import { fmtPrice, fmtQty } from '../format';
import type { Book, InstrumentInfo, Level } from '../../protocol';

/** The order book: asks above (best nearest the middle), bids below, with depth bars; a price click fills the ticket. */
export function BookLadder(props: { book: () => Book | null; inst: InstrumentInfo; onPrice: (p: number) => void; levels?: number }) {
  const n = () => props.levels ?? 15;
  const view = createMemo(() => {
    const b = props.book();
    const asks = (b?.asks ?? []).slice(0, n());
    const bids = (b?.bids ?? []).slice(0, n());
    const max = Math.max(1e-12, ...asks.map((l) => l.qty), ...bids.map((l) => l.qty));
    const spread = asks.length && bids.length ? asks[0].price - bids[0].price : NaN;
    return { asks: [...asks].reverse(), bids, max, spread };
  });
  const row = (l: Level, side: 'ask' | 'bid') => (
    <tr class={side} style={{ '--depth': `${Math.round((l.qty / view().max) * 100)}%` }}>
      <td class="num">
        <button type="button" class="price-btn" onClick={() => props.onPrice(l.price)} aria-label={`Use price ${fmtPrice(l.price, props.inst.priceDecimals)}`}>
          {fmtPrice(l.price, props.inst.priceDecimals)}
        </button>
      </td>
      <td class="num">{fmtQty(l.qty, props.inst.qtyDecimals)}</td>
    </tr>
  );
  return (
    <section class="card ladder" aria-labelledby="h-book">
      <h2 id="h-book">Order book</h2>
      <table data-testid="book">
        <thead>
          <tr><th scope="col" class="num">Price</th><th scope="col" class="num">Size ({props.inst.base})</th></tr>
        </thead>
        <tbody class="asks">
          <For each={view().asks}>{(l) => row(l, 'ask')}</For>
        </tbody>
        <tbody>
          <tr class="spread"><td colspan="2">Spread {fmtPrice(view().spread, props.inst.priceDecimals)}</td></tr>
        </tbody>
        <tbody class="bids">
          <For each={view().bids}>{(l) => row(l, 'bid')}</For>
        </tbody>
      </table>
    </section>
  );
}
