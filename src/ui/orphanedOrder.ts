/**
 * An order whose answer never came: the tab running the market closed while
 * it was in flight, so it may or may not have been placed (and stored). The
 * engine that takes over starts from the journal, which is the truth: the
 * order was placed if and only if the new engine has it. It is found among
 * the person's orders as the one this ticket sent: not one the page knew
 * before sending, created no earlier than the market time the page showed
 * then, with the ticket's symbol, side, type, quantity and prices.
 */
import type { OrderTicket, OrderView } from '../protocol';

/** What the page knew when it sent the ticket. */
export interface SentTicket {
  ticket: OrderTicket;
  /** Ids of the orders the page already had: none of them is this ticket's. */
  known: ReadonlySet<string>;
  /** The market time of the page's latest frame when it sent (the order cannot be older). */
  sentAt: number;
}

const same = (a: number | null | undefined, b: number | null | undefined): boolean =>
  (a ?? null) === null || (b ?? null) === null ? (a ?? null) === (b ?? null) : Math.abs(a! - b!) <= 1e-9 * Math.max(1, Math.abs(a!));

/** The order the ticket placed, or null if the engine has none (it was not placed). */
export function placedOrder(sent: SentTicket, orders: readonly OrderView[]): OrderView | null {
  const t = sent.ticket;
  const matches = orders.filter((o) =>
    !sent.known.has(o.id) && o.parent === undefined && o.createdAt >= sent.sentAt
    && o.symbol === t.symbol && o.side === t.side && o.type === t.type && same(o.qty, t.qty)
    && same(o.price, t.price) && same(o.stopPrice, t.stopPrice));
  // Should another tab have sent the same ticket meanwhile, the first one is taken: they are alike.
  matches.sort((a, b) => a.createdAt - b.createdAt);
  return matches[0] ?? null;
}

/** The order's real state, in words ("filled", "open, 1 of 3 filled", ...). */
export function orderState(o: OrderView): string {
  switch (o.status) {
    case 'filled':
      return 'filled';
    case 'cancelled':
      return o.filled > 0 ? `cancelled after ${o.filled} of ${o.qty} filled` : 'cancelled';
    case 'pending':
      return 'waiting for its stop price';
    case 'open':
      return o.filled > 0 ? `open, ${o.filled} of ${o.qty} filled` : 'open';
  }
}

/** What the ticket says once it knows. */
export function orphanOutcome(o: OrderView | null): string {
  return o === null
    ? 'It was not placed: the market has no such order. You can send it again.'
    : `It was placed as order ${o.id}: ${orderState(o)}.`;
}
