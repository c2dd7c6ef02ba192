// The person's working orders as horizontal lines on the candle chart, and
// the arithmetic of dragging one: which line the pointer grabbed, and the
// price under the pointer snapped to the instrument's tick. Pure: the chart
// component turns pixels into prices with uPlot and hands them here.

import { formatPrice, formatQty } from './format';
import type { OrderView } from '../../protocol';

/** One draggable line: an order's limit price, or the stop price of a stop order that has not fired yet. */
export interface OrderLine {
  id: string;
  /** What a drag of this line changes (the field of a modify). */
  field: 'price' | 'stopPrice';
  side: 'buy' | 'sell';
  price: number;
  /** What is still to fill. */
  qty: number;
}

/**
 * The lines for these orders: a limit price wherever there is one (a limit
 * order, a stop-limit's limit, a bracket's take-profit leg), and the stop
 * price while a stop is waiting to fire (after that the engine refuses a
 * new stop price, so there is nothing to drag).
 */
export function toOrderLines(orders: readonly OrderView[]): OrderLine[] {
  const out: OrderLine[] = [];
  for (const o of orders) {
    if (o.status !== 'open' && o.status !== 'pending') continue;
    const qty = o.qty - o.filled;
    if (o.stopPrice !== null && o.status === 'pending' && Number.isFinite(o.stopPrice)) {
      out.push({ id: o.id, field: 'stopPrice', side: o.side, price: o.stopPrice, qty });
    }
    if (o.price !== null && Number.isFinite(o.price)) out.push({ id: o.id, field: 'price', side: o.side, price: o.price, qty });
  }
  return out;
}

/** What the line says: "Buy 10 @ 50.02", "Sell stop 5 @ 49.50". */
export function orderLineLabel(l: Pick<OrderLine, 'field' | 'side' | 'qty'>, price: number, decimals: number, locale?: string): string {
  const side = l.side === 'buy' ? 'Buy' : 'Sell';
  return `${side}${l.field === 'stopPrice' ? ' stop' : ''} ${formatQty(l.qty, locale)} @ ${formatPrice(price, decimals, locale)}`;
}

/**
 * `x` on the tick grid: the nearest whole number of ticks, at least one tick
 * (a price of zero is no price), written with the instrument's decimals so
 * 0.1 + 0.2 reads 0.3. NaN for a non-finite x or a tick that is not positive.
 */
export function snapToTick(x: number, tick: number, decimals: number): number {
  if (!Number.isFinite(x) || !(tick > 0)) return NaN;
  const steps = Math.max(1, Math.round(x / tick));
  return Number((steps * tick).toFixed(Math.min(12, Math.max(0, decimals))));
}

/** The index of the line nearest to `y` (pixels) within `tolerance`, or null: what a press at `y` grabs. */
export function lineAt(ys: readonly number[], y: number, tolerance: number): number | null {
  let best: number | null = null;
  let dist = tolerance;
  ys.forEach((ly, i) => {
    const d = Math.abs(ly - y);
    if (d <= dist) {
      best = i;
      dist = d;
    }
  });
  return best;
}

/** The orders' resting quantity at each price, per side, keyed by the price as the ladder prints it (the book's levels are decimals too). */
export function ownLevels(orders: readonly OrderView[], decimals: number): Map<string, { buy: number; sell: number }> {
  const out = new Map<string, { buy: number; sell: number }>();
  for (const o of orders) {
    // A waiting stop is not in the book: only a resting limit price is.
    if (o.status !== 'open' || o.price === null || !Number.isFinite(o.price)) continue;
    const key = o.price.toFixed(decimals);
    const at = out.get(key) ?? { buy: 0, sell: 0 };
    at[o.side] += o.qty - o.filled;
    out.set(key, at);
  }
  return out;
}
