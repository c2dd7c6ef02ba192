import { Code, fail, type Failure, type Result } from '../codes';

/**
 * An order as a person types it, checked before it is sent: the tick, lot and
 * fee rules the exchange applies, in decimals and in words a person acts on.
 * The UI's order ticket calls these; so can anything else that takes orders
 * in decimals (a strategy's parameters, the relay). The exchange checks again
 * on its own terms (ticks and lots): these checks are for people, not a guard.
 *
 * Each returns a Failure (code + the message the ticket shows; e2e tests read
 * the messages, so they do not change lightly) or what it worked out.
 */

/** What order entry needs to know of an instrument, in decimals (InstrumentInfo has it). */
export interface EntrySpec {
  /** The base asset's name, for messages ("FUN"). */
  base: string;
  /** Price step and quantity step, in decimals. */
  tick: number;
  lot: number;
  priceDecimals: number;
  qtyDecimals: number;
  makerFeeBps: number;
  takerFeeBps: number;
}

export type EntrySide = 'buy' | 'sell';
export type EntryType = 'market' | 'limit' | 'stop' | 'stop_limit';

/** Whether x is a whole number of steps, within float noise (0.3 is 3 steps of 0.1). */
export function onStep(x: number, step: number): boolean {
  const n = x / step;
  return Math.abs(n - Math.round(n)) < 1e-7;
}

/** x at `dec` decimals (at most 12), as the nearest double: no 0.30000000000000004 in a ticket. */
export function roundDecimals(x: number, dec: number): number {
  return Number(x.toFixed(Math.min(12, dec)));
}

/** A limit or stop price: above zero, on the tick. */
export function checkPrice(what: 'limit' | 'stop', price: number, spec: EntrySpec): Failure | null {
  if (!(price > 0)) return fail(Code.INVALID_PRICE, `Enter a ${what} price above zero.`);
  if (!onStep(price, spec.tick)) return fail(Code.INVALID_PRICE, `The ${what} price must be a multiple of ${spec.tick}.`);
  return null;
}

/** A quantity typed in base units: above zero, whole lots; rounded to the lot's decimals. */
export function checkQty(qty: number, spec: EntrySpec): Result<{ qty: number }> {
  if (!(qty > 0)) return fail(Code.INVALID_QUANTITY, `Enter a quantity of ${spec.base} above zero.`);
  if (!onStep(qty, spec.lot)) return fail(Code.INVALID_QUANTITY, `The quantity must be a multiple of ${spec.lot} ${spec.base}.`);
  return { ok: true, qty: roundDecimals(qty, spec.qtyDecimals) };
}

/**
 * A quantity for an amount of the quote asset at `price`: the whole lots it
 * buys, rounded down (never more than the amount). The division is rounded
 * to 6 decimals first so 0.3 / 0.1 counts as 3 lots, not 2.9999999999999996.
 */
export function qtyForAmount(amount: number, price: number, spec: EntrySpec): Result<{ qty: number }> {
  if (!(amount > 0)) return fail(Code.INVALID_AMOUNT, 'Enter an amount above zero.');
  if (!(price > 0)) return fail(Code.INVALID_PRICE, 'There is no price to size the order by yet.');
  const lots = Math.floor(roundDecimals(amount / price / spec.lot, 6));
  const qty = roundDecimals(lots * spec.lot, spec.qtyDecimals);
  if (!(qty > 0)) return fail(Code.INVALID_QUANTITY, `That amount buys less than one lot (${spec.lot} ${spec.base}).`);
  return { ok: true, qty };
}

/**
 * The price an order is expected to trade at: its limit, else its stop, else
 * where a market order meets the book (the ask for a buy, the bid for a sell),
 * else the last trade. NaN when there is none of those.
 */
export function expectedPrice(
  type: EntryType,
  side: EntrySide,
  price: number,
  stop: number,
  market: { bid: number; ask: number; last: number },
): number {
  if (type === 'limit' || type === 'stop_limit') return price;
  if (type === 'stop') return stop;
  const touch = side === 'buy' ? market.ask : market.bid;
  return Number.isFinite(touch) ? touch : market.last;
}

/** The fee to expect on `cost` (quote decimals): the higher of maker and taker, as the order may take or make. */
export function feeEstimate(cost: number, spec: EntrySpec): number {
  return (cost * Math.max(spec.takerFeeBps, spec.makerFeeBps)) / 10_000;
}

/**
 * A bracket's exits around the entry price: at least one of take-profit and
 * stop-loss (a price ≤ 0 or NaN is "not given"), each on the tick, the
 * take-profit on the winning side of the entry and the stop-loss on the
 * losing side. Returns the legs given.
 */
export function checkBracket(
  side: EntrySide,
  entry: number,
  takeProfit: number,
  stopLoss: number,
  spec: EntrySpec,
): Result<{ takeProfit?: number; stopLoss?: number }> {
  if (!(takeProfit > 0) && !(stopLoss > 0)) return fail(Code.INVALID_ORDER, 'A bracket needs a take-profit or a stop-loss price.');
  const entryText = entry.toFixed(spec.priceDecimals);
  const out: { ok: true; takeProfit?: number; stopLoss?: number } = { ok: true };
  if (takeProfit > 0) {
    if (!onStep(takeProfit, spec.tick)) return fail(Code.INVALID_PRICE, `The take-profit must be a multiple of ${spec.tick}.`);
    if (side === 'buy' ? takeProfit <= entry : takeProfit >= entry) {
      return fail(Code.INVALID_PRICE, `The take-profit must be ${side === 'buy' ? 'above' : 'below'} the entry price (${entryText}).`);
    }
    out.takeProfit = takeProfit;
  }
  if (stopLoss > 0) {
    if (!onStep(stopLoss, spec.tick)) return fail(Code.INVALID_PRICE, `The stop-loss must be a multiple of ${spec.tick}.`);
    if (side === 'buy' ? stopLoss >= entry : stopLoss <= entry) {
      return fail(Code.INVALID_PRICE, `The stop-loss must be ${side === 'buy' ? 'below' : 'above'} the entry price (${entryText}).`);
    }
    out.stopLoss = stopLoss;
  }
  return out;
}
