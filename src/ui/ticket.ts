/**
 * The order ticket's checks, before anything is sent: the same rules the
 * engine applies (tick, lot, funds) in words a person acts on. Pure, so it is
 * tested without a browser.
 */
import type { InstrumentInfo, OrderTicket, OrderTypeName, SideName, TifName } from '../protocol';

export interface TicketFields {
  side: SideName;
  type: OrderTypeName;
  by: 'qty' | 'amount';
  qty: string;
  amount: string;
  price: string;
  stop: string;
  tif: TifName;
  bracket: boolean;
  takeProfit: string;
  stopLoss: string;
}

export interface TicketCheck {
  ok: boolean;
  /** Whether the person has entered a size yet (no complaints before that). */
  touched: boolean;
  message: string;
  /** Quantity that would be sent, and its estimated value and fee at the expected price. */
  qty: number;
  cost: number;
  fee: number;
  ticket: OrderTicket;
  summary: string;
}

/** "12.5" or "12,5" → 12.5; empty or not a number → NaN. */
export function parseDecimal(s: string): number {
  const t = s.trim().replace(/\s/g, '');
  if (t === '') return NaN;
  const normal = t.includes('.') ? t.replace(/,/g, '') : t.replace(',', '.');
  return /^[+]?\d*\.?\d+$/.test(normal) ? Number(normal) : NaN;
}

/** Whether x is a whole number of steps (within float noise). */
export function onStep(x: number, step: number): boolean {
  const n = x / step;
  return Math.abs(n - Math.round(n)) < 1e-7;
}

function round(x: number, dec: number): number {
  return Number(x.toFixed(Math.min(12, dec)));
}

export function checkTicket(
  f: TicketFields,
  inst: InstrumentInfo,
  market: { bid: number; ask: number; last: number },
  funds: { cash: number; held: number },
): TicketCheck {
  const touched = (f.by === 'qty' ? f.qty : f.amount).trim() !== '';
  const needsPrice = f.type === 'limit' || f.type === 'stop_limit';
  const needsStop = f.type === 'stop' || f.type === 'stop_limit';
  const price = parseDecimal(f.price);
  const stop = parseDecimal(f.stop);
  const bad = (message: string, qty = 0, cost = 0, fee = 0): TicketCheck => ({
    ok: false, touched, message, qty, cost, fee, ticket: { symbol: inst.symbol, side: f.side, type: f.type, qty: 0 }, summary: '',
  });
  const priceText = (x: number) => x.toFixed(inst.priceDecimals);

  if (needsStop) {
    if (!(stop > 0)) return bad('Enter a stop price above zero.');
    if (!onStep(stop, inst.tick)) return bad(`The stop price must be a multiple of ${inst.tick}.`);
  }
  if (needsPrice) {
    if (!(price > 0)) return bad('Enter a limit price above zero.');
    if (!onStep(price, inst.tick)) return bad(`The limit price must be a multiple of ${inst.tick}.`);
  }
  // The price the order is expected to trade at: its limit, else where a market order would meet the book.
  const touch = f.side === 'buy' ? market.ask : market.bid;
  const expected = needsPrice ? price : f.type === 'stop' ? stop : Number.isFinite(touch) ? touch : market.last;

  let qty: number;
  if (f.by === 'qty') {
    qty = parseDecimal(f.qty);
    if (!(qty > 0)) return bad(`Enter a quantity of ${inst.base} above zero.`);
    if (!onStep(qty, inst.lot)) return bad(`The quantity must be a multiple of ${inst.lot} ${inst.base}.`);
  } else {
    const amount = parseDecimal(f.amount);
    if (!(amount > 0)) return bad('Enter an amount above zero.');
    if (!(expected > 0)) return bad('There is no price to size the order by yet.');
    qty = round(Math.floor(round(amount / expected / inst.lot, 6)) * inst.lot, inst.qtyDecimals);
    if (!(qty > 0)) return bad(`That amount buys less than one lot (${inst.lot} ${inst.base}).`);
  }
  qty = round(qty, inst.qtyDecimals);
  const cost = Number.isFinite(expected) ? qty * expected : 0;
  const fee = (cost * Math.max(inst.takerFeeBps, inst.makerFeeBps)) / 10_000;

  let takeProfit: number | undefined;
  let stopLoss: number | undefined;
  if (f.bracket) {
    const tp = parseDecimal(f.takeProfit);
    const sl = parseDecimal(f.stopLoss);
    if (!(tp > 0) && !(sl > 0)) return bad('A bracket needs a take-profit or a stop-loss price.', qty, cost, fee);
    if (tp > 0) {
      if (!onStep(tp, inst.tick)) return bad(`The take-profit must be a multiple of ${inst.tick}.`, qty, cost, fee);
      if (f.side === 'buy' ? tp <= expected : tp >= expected) {
        return bad(`The take-profit must be ${f.side === 'buy' ? 'above' : 'below'} the entry price (${priceText(expected)}).`, qty, cost, fee);
      }
      takeProfit = tp;
    }
    if (sl > 0) {
      if (!onStep(sl, inst.tick)) return bad(`The stop-loss must be a multiple of ${inst.tick}.`, qty, cost, fee);
      if (f.side === 'buy' ? sl >= expected : sl <= expected) {
        return bad(`The stop-loss must be ${f.side === 'buy' ? 'below' : 'above'} the entry price (${priceText(expected)}).`, qty, cost, fee);
      }
      stopLoss = sl;
    }
  }

  if (f.side === 'buy' && cost + fee > funds.cash + 1e-9) {
    return bad(`Not enough cash: this needs about ${money(cost + fee)} and ${money(funds.cash)} is available.`, qty, cost, fee);
  }
  if (f.side === 'sell' && qty > funds.held + 1e-12) {
    return bad(`You hold ${funds.held} ${inst.base}; Bourse does not sell short.`, qty, cost, fee);
  }

  const ticket: OrderTicket = { symbol: inst.symbol, side: f.side, type: f.type, qty };
  if (needsPrice) ticket.price = price;
  if (needsStop) ticket.stopPrice = stop;
  if (needsPrice) ticket.tif = f.tif;
  if (takeProfit !== undefined) ticket.takeProfit = takeProfit;
  if (stopLoss !== undefined) ticket.stopLoss = stopLoss;
  const what = { market: 'market', limit: `limit ${priceText(price)}`, stop: `stop ${priceText(stop)}`, stop_limit: `stop ${priceText(stop)} limit ${priceText(price)}` }[f.type];
  const summary = `${f.side} ${qty} ${inst.symbol} ${what}`;
  return { ok: true, touched, message: '', qty, cost, fee, ticket, summary };
}

function money(x: number): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(x);
}
