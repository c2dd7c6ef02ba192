/**
 * The person's orders and fills as the page keeps them: orders by id (every
 * status, the newest version of each), and the latest fills. Two sources feed
 * it, frames (live deltas) and one fetch of what happened before them; they
 * overlap, and the rules below make the order they arrive in not matter.
 */
import { createSignal, type Accessor } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { FillView, Frame, OrderView } from '../../protocol';

/** Fills kept on the page (chart markers, the Trade page's list); Activity reads the rest from storage. */
export const MAX_FILLS = 5_000;

export interface OrdersStore {
  /** The person's orders by id (every status), newest updates merged in. */
  orders: Record<string, OrderView>;
  /** The latest fills, oldest first, at most MAX_FILLS. */
  fills: Accessor<FillView[]>;
  /** How many fills frames brought since the page opened. */
  fillCount: Accessor<number>;
}

/** What only the client writes. */
export interface OrdersFeed {
  /** Merges what the engine held before the first frame with what frames brought since. */
  mergeHistory(orders: OrderView[], fills: FillView[]): void;
  applyFrame(f: Frame): void;
}

/** A fill's identity: one trade fills one order of the person's at most once per side. */
const fillKey = (f: FillView) => `${f.seq}:${f.orderId}`;

export function createOrdersStore(): [OrdersStore, OrdersFeed] {
  const [orders, setOrders] = createStore<Record<string, OrderView>>({});
  const [fills, setFills] = createSignal<FillView[]>([]);
  const [fillCount, setFillCount] = createSignal(0);

  const feed: OrdersFeed = {
    mergeHistory(history, past) {
      // A frame may already have brought a newer version of an order: keep the newer.
      for (const o of history) if (!(o.id in orders) || orders[o.id].updatedAt < o.updatedAt) setOrders(o.id, o);
      // The fetched fills come first (they are older); live ones already among them are dropped.
      setFills((live) => {
        const seen = new Set(past.map(fillKey));
        return past.concat(live.filter((f) => !seen.has(fillKey(f)))).slice(-MAX_FILLS);
      });
    },
    applyFrame(f) {
      for (const o of f.orders) setOrders(o.id, o);
      if (f.fills.length > 0) {
        setFills((x) => x.concat(f.fills).slice(-MAX_FILLS));
        setFillCount((n) => n + f.fills.length);
      }
    },
  };
  return [{ orders, fills, fillCount }, feed];
}
