import { For, createMemo } from 'solid-js';
import { fmtPrice, fmtQty } from '../format';
import { ownLevels } from '../chart/orderLines';
import type { Book, InstrumentInfo, Level, OrderView } from '../../protocol';

/**
 * The order book: asks above (best nearest the middle), bids below, with depth
 * bars; a price click fills the ticket. The person's own resting orders are
 * marked at their levels with the quantity left (`orders`).
 */
export function BookLadder(props: { book: () => Book | null; inst: InstrumentInfo; onPrice: (p: number) => void; levels?: number; orders?: () => readonly OrderView[] }) {
  const n = () => props.levels ?? 15;
  const view = createMemo(() => {
    const b = props.book();
    const asks = (b?.asks ?? []).slice(0, n());
    const bids = (b?.bids ?? []).slice(0, n());
    const max = Math.max(1e-12, ...asks.map((l) => l.qty), ...bids.map((l) => l.qty));
    const spread = asks.length && bids.length ? asks[0].price - bids[0].price : NaN;
    return { asks: [...asks].reverse(), bids, max, spread };
  });
  const mine = createMemo(() => ownLevels(props.orders?.() ?? [], props.inst.priceDecimals));
  /** The person's quantity resting at this level (either side; a level holds one side's orders), or null. */
  const ownAt = (price: number) => {
    const at = mine().get(price.toFixed(props.inst.priceDecimals));
    if (at === undefined) return null;
    const qty = at.buy + at.sell;
    return qty > 0 ? { qty, side: at.buy >= at.sell ? 'buy' : 'sell' } : null;
  };
  const row = (l: Level, side: 'ask' | 'bid') => {
    const own = () => ownAt(l.price);
    const price = () => fmtPrice(l.price, props.inst.priceDecimals);
    return (
      <tr class={side} style={{ '--depth': `${Math.round((l.qty / view().max) * 100)}%` }}>
        <td class="num" data-own={own() ? `● ${fmtQty(own()!.qty, props.inst.qtyDecimals)}` : undefined}>
          <button
            type="button"
            class="price-btn"
            onClick={() => props.onPrice(l.price)}
            aria-label={own() ? `Use price ${price()} (your ${own()!.side} order: ${fmtQty(own()!.qty, props.inst.qtyDecimals)} here)` : `Use price ${price()}`}
          >
            {price()}
          </button>
        </td>
        <td class="num">{fmtQty(l.qty, props.inst.qtyDecimals)}</td>
      </tr>
    );
  };
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
