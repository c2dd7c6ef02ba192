/**
 * What the ticket says before it is sent (issue 13): "This buys at the best
 * asks: about 10 at 50.02, fee $0.25". The arithmetic is core's
 * (`core/exchange/preview.ts`, checked against the matching engine); this file
 * converts the Trade page's book (decimals) into ticks and lots once, leaves
 * the person's own resting orders out (the engine cancels them rather than
 * trade with them: self-trade prevention), and puts the answer in words.
 */
import { averageTicks, previewTake, queueSpot, type DepthLevel, type TakePreview } from '../../core/exchange/preview';
import type { Book, InstrumentInfo, Level, OrderTypeName, OrderView, SideName, TifName } from '../../protocol';
import { fmtMoney, fmtPrice, fmtQty } from '../format';

export interface PreviewOrder {
  side: SideName;
  type: OrderTypeName;
  tif: TifName;
  /** Decimals, as the ticket worked them out (NaN or 0 when not entered yet). */
  qty: number;
  price: number;
  stop: number;
}

export interface PreviewMarket {
  book: Book | null;
  /** Last trade (NaN before the first). */
  last: number;
  /** Cash available: a market buy pays as it fills and stops when it runs out. */
  cash: number;
  /** The person's open orders on this instrument: their resting quantity is taken out of the book first. */
  own: readonly OrderView[];
}

/** One level a market order takes, in decimals. */
export interface WalkStep {
  price: number;
  qty: number;
}

export interface TicketPreview {
  text: string;
  /** The levels an order that trades now takes, best first (empty when nothing trades now). */
  steps: WalkStep[];
  /** Volume-weighted price of those, NaN when none. */
  average: number;
}

/** The book's depth the Trade page asks for (setView depth): a walk that reaches the end may go further. */
const SHOWN_LEVELS = 20;

/** Ticks and lots of a decimal book side, less the person's own resting quantity at each price. */
function side(levels: readonly Level[], inst: InstrumentInfo, own: Map<number, number>): DepthLevel[] {
  return levels.map((l) => {
    const price = Math.round(l.price / inst.tick);
    return { price, qty: Math.max(0, Math.round(l.qty / inst.lot) - (own.get(price) ?? 0)) };
  });
}

/** The person's resting lots by price (ticks), on one side. */
function ownResting(own: readonly OrderView[], inst: InstrumentInfo, s: SideName): Map<number, number> {
  const out = new Map<number, number>();
  for (const o of own) {
    if (o.side !== s || o.status !== 'open' || o.price === null) continue;
    const p = Math.round(o.price / inst.tick);
    out.set(p, (out.get(p) ?? 0) + Math.round((o.qty - o.filled) / inst.lot));
  }
  return out;
}

/**
 * The walk of an order that trades now, in decimals: the levels it takes and
 * what it costs. Money is worked out in units of tick × lot of the quote, so
 * the fee rounds at a finer scale than the engine's (it is shown in cents).
 */
export function walk(inst: InstrumentInfo, m: PreviewMarket, o: { side: SideName; qty: number; limit: number; tif: TifName }): { p: TakePreview; steps: WalkStep[]; average: number; unit: number } {
  const buy = o.side === 'buy';
  const opposite = side((buy ? m.book?.asks : m.book?.bids) ?? [], inst, ownResting(m.own, inst, buy ? 'sell' : 'buy'));
  const unit = inst.tick * inst.lot;
  const lots = Math.round(o.qty / inst.lot);
  const limit = o.limit > 0 ? Math.round(o.limit / inst.tick) : 0;
  const cash = buy && limit === 0 && Number.isFinite(m.cash) ? Math.max(0, Math.floor(m.cash / unit + 1e-9)) : undefined;
  const p = previewTake(opposite, { buy, qty: lots, limit, tif: o.tif, cash }, { notionalUnit: 1, takerFee: Math.round(inst.takerFeeBps * 100) });
  const steps = p.steps.map((s) => ({ price: s.price * inst.tick, qty: s.qty * inst.lot }));
  return { p, steps, average: averageTicks(p.steps) * inst.tick, unit };
}

const ordinal = new Intl.PluralRules('en', { type: 'ordinal' });
const SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
/** 1st, 2nd, 3rd, 4th… */
export function nth(n: number): string {
  return `${n}${SUFFIX[ordinal.select(n)]}`;
}

/** What the order would do, in one or two sentences; null until there is a quantity and a book to read. */
export function ticketPreview(inst: InstrumentInfo, o: PreviewOrder, m: PreviewMarket): TicketPreview | null {
  if (!(o.qty > 0) || m.book === null || m.book.symbol !== inst.symbol) return null;
  const px = (x: number) => fmtPrice(x, inst.priceDecimals);
  const q = (x: number) => `${fmtQty(x, inst.qtyDecimals)} ${inst.base}`;
  const buys = o.side === 'buy';
  const verb = buys ? 'buy' : 'sell';
  const none: TicketPreview = { text: '', steps: [], average: NaN };

  if (o.type === 'stop' || o.type === 'stop_limit') {
    if (!(o.stop > 0)) return null;
    const then = o.type === 'stop'
      ? `a market ${verb} of ${q(o.qty)}`
      : o.price > 0 ? `a limit ${verb} of ${q(o.qty)} at ${px(o.price)}` : `a limit ${verb} of ${q(o.qty)}`;
    const reached = Number.isFinite(m.last) && (buys ? m.last >= o.stop : m.last <= o.stop);
    const text = reached
      ? `The last trade (${px(m.last)}) is already ${buys ? 'at or above' : 'at or below'} the stop ${px(o.stop)}: it becomes ${then} at once.`
      : `Waits until a trade at ${px(o.stop)} or ${buys ? 'above' : 'below'}${Number.isFinite(m.last) ? ` (last ${px(m.last)})` : ''}, then becomes ${then}.`;
    return { ...none, text };
  }

  const limit = o.type === 'limit' ? o.price : 0;
  if (o.type === 'limit' && !(limit > 0)) return null;
  const w = walk(inst, m, { side: o.side, qty: o.qty, limit, tif: o.tif });
  const { p, steps, average } = w;
  const fee = fmtMoney(p.fee * w.unit);
  const where = buys ? 'the best asks' : 'the best bids';
  const filledQty = p.filled * inst.lot;
  const leftQty = p.left * inst.lot;
  const taken = steps.length === 1
    ? `about ${q(filledQty)} at ${px(steps[0].price)}`
    : steps.length <= 3
      ? `${steps.map((s) => `${fmtQty(s.qty, inst.qtyDecimals)} at ${px(s.price)}`).join(', ')}: about ${q(filledQty)} at ${px(average)} on average`
      : `${q(filledQty)} across ${steps.length} prices from ${px(steps[0].price)} to ${px(steps[steps.length - 1].price)}, about ${px(average)} on average`;
  const outOfShown = p.stoppedBy === 'book' && ((buys ? m.book.asks : m.book.bids).length >= SHOWN_LEVELS);

  if (o.type === 'market') {
    if (p.filled === 0) {
      return { ...none, text: p.stoppedBy === 'cash' ? 'Your available cash does not pay for one lot at the best ask.' : `Nothing to ${verb} from: the book has no ${buys ? 'asks' : 'bids'} now.` };
    }
    let text = `This ${verb}s at ${where}: ${taken}, fee ${fee}.`;
    if (p.left > 0) {
      text += p.stoppedBy === 'cash'
        ? ` Your cash pays for ${q(filledQty)}; the other ${q(leftQty)} are cancelled.`
        : outOfShown
          ? ` The ${SHOWN_LEVELS} levels shown hold only ${q(filledQty)}; the rest may fill further out, or be cancelled.`
          : ` Only ${q(filledQty)} are offered: the other ${q(leftQty)} are cancelled.`;
    }
    return { text, steps, average };
  }

  // A limit order.
  if (p.rest === 'refused') {
    return { ...none, text: `Fill or kill: fewer than ${q(o.qty)} are offered at ${px(limit)} or better now, so nothing trades and the order is cancelled.` };
  }
  const parts: string[] = [];
  if (p.filled > 0) parts.push(`${buys ? 'Buys' : 'Sells'} ${p.left === 0 ? 'all ' : ''}${taken} now, fee ${fee}.`);
  if (p.rest === 'cancelled') parts.push(`The other ${q(leftQty)} ${p.filled > 0 ? 'are' : 'would wait, but are'} cancelled (immediate or cancel).`);
  if (p.rest === 'rests') {
    const own = ownResting(m.own, inst, o.side);
    const spot = queueSpot(side((buys ? m.book.bids : m.book.asks), inst, new Map()), Math.round(limit / inst.tick), buys);
    const mine = own.get(Math.round(limit / inst.tick)) ?? 0;
    const restQty = p.filled > 0 ? `The other ${q(leftQty)} rest` : 'Rests';
    const makerFee = fmtMoney(leftQty * limit * inst.makerFeeBps / 1e4);
    let at: string;
    if (p.filled > 0 || (spot.newLevel && spot.betterLevels === 0)) {
      at = `as the new best ${buys ? 'bid' : 'ask'}: first in the queue`;
    } else if (spot.newLevel) {
      at = `first in the queue at that price; ${q(spot.betterQty)} at better prices trade before it`;
    } else {
      const ahead = spot.aheadQty * inst.lot;
      at = `in the queue behind ${q(ahead)} already waiting at that price${mine > 0 ? ` (${q(mine * inst.lot)} of it yours)` : ''}`;
    }
    parts.push(`${restQty} in the book at ${px(limit)}, ${at}. No fee until it fills (then the maker fee, about ${makerFee}).`);
  }
  return { text: parts.join(' '), steps, average };
}
