/**
 * The "show me" mode's reads and command (issue 13), in the protocol's
 * decimals: where one of the person's resting orders stands in its queue,
 * a market's bot settings, and a learner's change of them (a journaled sim
 * command, `botParams`, so the stored journal replays to the same market).
 * The domain is core's (exchange/queuePosition.ts, sim/botParams.ts).
 */
import { qtyOf, priceOf } from '../core/exchange/instrument';
import { BUY } from '../core/exchange/order';
import { queuePosition } from '../core/exchange/queuePosition';
import { botSettingsOf, makerTouchOf } from '../core/sim/botParams';
import type { Sim } from '../core/sim/sim';
import type { ApiResult, BotChangeView, BotSettingsView, QueueView } from '../protocol';

/** The queue in front of one of `account`'s resting orders; null for another's order, or one not resting. */
export function queueOf(sim: Sim, account: string, orderId: string): QueueView | null {
  const o = sim.ex.order(orderId);
  if (o === undefined || o.account.id !== account) return null;
  const q = queuePosition(o.inst.book, o);
  if (q === null) return null;
  const inst = o.inst;
  return {
    orderId, symbol: inst.symbol, side: o.side === BUY ? 'buy' : 'sell', price: priceOf(inst, o.price),
    aheadQty: qtyOf(inst, q.aheadQty), aheadOrders: q.aheadOrders, qty: qtyOf(inst, q.qty), betterQty: qtyOf(inst, q.betterQty),
  };
}

/** A market's bots as they are now; null for an unknown symbol. */
export function botSettings(sim: Sim, symbol: string): BotSettingsView | null {
  const m = sim.markets.get(symbol);
  if (m === undefined) return null;
  const touch = makerTouchOf(m);
  return {
    symbol, ...botSettingsOf(m),
    makerBid: touch === null ? null : priceOf(m.inst, touch.bid), makerAsk: touch === null ? null : priceOf(m.inst, touch.ask),
  };
}

/** A learner's change of one market's bots, as the person's journaled command (checked field by field in core). */
export function setBotParams(sim: Sim, account: string, symbol: string, change: BotChangeView): ApiResult {
  return sim.submit(account, { op: 'botParams', symbol, ...change });
}
