import { fee } from './fees';

/**
 * What an order would do if it were sent now, worked out from a copy of the
 * book (aggregated levels, best first) the way the matching engine would
 * (exchange.ts `execute`/`match`): it takes the opposite side level by level
 * while it crosses, and what is left rests (GTC), is cancelled (IOC), or the
 * whole order is refused (FOK, when the crossing levels cannot fill it all).
 *
 * Pure and in engine integers (prices in ticks, quantities in lots, money in
 * minor units of quote), so the same function serves the ticket (which
 * converts its decimal book once) and the tests, which check it against the
 * engine on the same book. Only the book the caller passes is known: the
 * person's own resting orders should be left out of it first (the engine's
 * self-trade prevention cancels them rather than trading with them).
 */

/** One aggregated price level: price in ticks, Σ open lots. */
export interface DepthLevel {
  readonly price: number;
  readonly qty: number;
}

/** What one level gives the order: its price and the lots taken there. */
export interface TakeStep {
  price: number;
  qty: number;
}

export interface OrderToPreview {
  buy: boolean;
  /** Lots wanted. */
  qty: number;
  /** Limit in ticks; 0 for a market order (takes any price). */
  limit: number;
  tif: 'GTC' | 'IOC' | 'FOK';
  /** A market buy pays as it fills: the cash (minor units) it may spend, fees included. Undefined: no limit. */
  cash?: number;
}

/** Minor units of quote per (tick × lot), and the taker fee in hundredths of a basis point (Instrument's fields). */
export interface FeeSchedule {
  notionalUnit: number;
  takerFee: number;
}

export interface TakePreview {
  /** The levels taken, best first, with the lots taken at each. */
  steps: TakeStep[];
  /** Lots that fill now. */
  filled: number;
  /** Σ price × lots × notionalUnit of what fills now. */
  notional: number;
  /**
   * Taker fee on what fills now, rounded down per level. The engine charges
   * per fill (one per resting order) and rounds each down, so what it charges
   * is at most this and less by under one minor unit per order.
   */
  fee: number;
  /** Lots that do not fill now. */
  left: number;
  /** What happens to `left`: rests in the book, is cancelled (IOC, market orders), or the whole order is refused (FOK). */
  rest: 'none' | 'rests' | 'cancelled' | 'refused';
  /** Why filling stopped short: the book ran out, the limit price was reached, or the cash ran out (market buy). */
  stoppedBy: 'done' | 'book' | 'limit' | 'cash';
}

/** Whether a level at `price` is within the order's limit (a market order takes any). */
function crosses(o: OrderToPreview, price: number): boolean {
  if (o.limit === 0) return true;
  return o.buy ? price <= o.limit : price >= o.limit;
}

/** Lots at `price` a market buy can pay for with `cash`, taker fee included (the engine's affordableLots, per level). */
function affordable(cash: number, price: number, s: FeeSchedule): number {
  const perLot = price * s.notionalUnit;
  if (perLot <= 0) return 0;
  let k = Math.floor(cash / (perLot * (1 + s.takerFee / 1e6)));
  while (k > 0 && k * perLot + fee(k * perLot, s.takerFee) > cash) k--;
  while ((k + 1) * perLot + fee((k + 1) * perLot, s.takerFee) <= cash) k++;
  return k;
}

/**
 * The order against `opposite` (asks for a buy, bids for a sell, best first).
 * Levels that are empty or out of order are taken as they come: the caller's
 * book is a snapshot, and the preview says what that snapshot gives.
 */
export function previewTake(opposite: readonly DepthLevel[], o: OrderToPreview, s: FeeSchedule): TakePreview {
  const out: TakePreview = { steps: [], filled: 0, notional: 0, fee: 0, left: o.qty, rest: 'none', stoppedBy: 'done' };
  if (!(o.qty > 0)) return out;
  const isMarket = o.limit === 0;
  if (!isMarket && o.tif === 'FOK') {
    let can = 0;
    for (const l of opposite) {
      if (!crosses(o, l.price)) break;
      can += l.qty;
    }
    if (can < o.qty) {
      out.rest = 'refused';
      out.stoppedBy = can === 0 ? (opposite.length === 0 ? 'book' : 'limit') : 'book';
      return out;
    }
  }
  let cash = o.cash ?? Infinity;
  const payAsYouGo = o.buy && isMarket && o.cash !== undefined;
  let stopped: TakePreview['stoppedBy'] = 'book';
  for (const l of opposite) {
    if (out.left === 0) break;
    if (!crosses(o, l.price)) {
      stopped = 'limit';
      break;
    }
    if (l.qty <= 0) continue;
    let q = Math.min(out.left, l.qty);
    if (payAsYouGo) {
      const can = affordable(cash, l.price, s);
      if (can < q) q = can;
    }
    if (q > 0) {
      const notional = l.price * q * s.notionalUnit;
      const f = fee(notional, s.takerFee);
      out.steps.push({ price: l.price, qty: q });
      out.filled += q;
      out.left -= q;
      out.notional += notional;
      out.fee += f;
      cash -= notional + f;
    }
    if (payAsYouGo && out.left > 0 && q < l.qty) {
      stopped = 'cash';
      break;
    }
  }
  if (out.left === 0) {
    out.stoppedBy = 'done';
    return out;
  }
  out.stoppedBy = stopped;
  out.rest = isMarket || o.tif === 'IOC' ? 'cancelled' : 'rests';
  return out;
}

/** Where an order that rests at `price` joins the queue of its own side (bids for a buy, best first). */
export interface QueueSpot {
  /** Lots already resting at that price: they trade first (price-time priority). */
  aheadQty: number;
  /** Levels with a better price on the same side: they trade before that price is reached. */
  betterLevels: number;
  /** Lots resting at better prices on the same side. */
  betterQty: number;
  /** Whether no order rests at that price yet (the order opens the level). */
  newLevel: boolean;
}

/** The queue a resting order would join at `price` on its own side `same` (best first). */
export function queueSpot(same: readonly DepthLevel[], price: number, buy: boolean): QueueSpot {
  const spot: QueueSpot = { aheadQty: 0, betterLevels: 0, betterQty: 0, newLevel: true };
  for (const l of same) {
    if (l.price === price) {
      spot.aheadQty = l.qty;
      spot.newLevel = false;
      break;
    }
    if (buy ? l.price < price : l.price > price) break;
    spot.betterLevels++;
    spot.betterQty += l.qty;
  }
  return spot;
}

/** Volume-weighted price in ticks (may be fractional) of the steps; NaN when nothing fills. */
export function averageTicks(steps: readonly TakeStep[]): number {
  let q = 0;
  let pq = 0;
  for (const s of steps) {
    q += s.qty;
    pq += s.price * s.qty;
  }
  return q > 0 ? pq / q : Number.NaN;
}
