/**
 * The order ticket's checks, before anything is sent: the same rules the
 * engine applies (tick, lot, funds) in words a person acts on. The tick, lot,
 * fee and bracket rules are core's (core/market/orderEntry.ts); this file
 * parses the fields, keeps their order and adds the person's funds. Pure, so
 * it is tested without a browser.
 */
import { checkBracket, checkPrice, checkQty, expectedPrice, feeEstimate, qtyForAmount } from '../core/market/orderEntry';
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

/** The decimal separator of the person's locale ('.' in English, ',' in German or French). */
const LOCALE_DECIMAL = ((): string => {
  try {
    return new Intl.NumberFormat().formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    return '.';
  }
})();

/**
 * A number as a person types it: "12.5" or "12,5" → 12.5; digit groups as
 * their locale writes them: "10,000" and "1,234.5" in English, "10.000" and
 * "1.234,5" in German, "10 000" anywhere. A lone comma before exactly three
 * digits ("1,500") is the locale's call: a thousands separator in English,
 * a decimal comma where the comma is the decimal. Empty, negative or not a
 * number → NaN.
 */
export function parseDecimal(s: string, decimal: string = LOCALE_DECIMAL): number {
  const t = s.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (t === '') return NaN;
  let normal: string;
  const commas = (t.match(/,/g) ?? []).length;
  const dots = (t.match(/\./g) ?? []).length;
  if (commas > 0 && dots > 0) {
    // Both: the last one is the decimal separator, the other groups digits.
    normal = t.lastIndexOf('.') > t.lastIndexOf(',') ? t.replace(/,/g, '') : t.replace(/\./g, '').replace(',', '.');
  } else if (commas > 0) {
    const grouped = /^[+]?\d{1,3}(,\d{3})+$/.test(t) && (decimal !== ',' || commas > 1);
    normal = grouped ? t.replace(/,/g, '') : commas === 1 ? t.replace(',', '.') : t;
  } else if (dots > 0) {
    const grouped = /^[+]?\d{1,3}(\.\d{3})+$/.test(t) && (decimal === ',' || dots > 1);
    normal = grouped ? t.replace(/\./g, '') : t;
  } else normal = t;
  return /^[+]?\d*\.?\d+$/.test(normal) ? Number(normal) : NaN;
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

  // Stop first, then limit: the order the fields sit in on the ticket.
  const stopBad = needsStop ? checkPrice('stop', stop, inst) : null;
  if (stopBad) return bad(stopBad.message);
  const priceBad = needsPrice ? checkPrice('limit', price, inst) : null;
  if (priceBad) return bad(priceBad.message);
  const expected = expectedPrice(f.type, f.side, price, stop, market);

  const sized = f.by === 'qty' ? checkQty(parseDecimal(f.qty), inst) : qtyForAmount(parseDecimal(f.amount), expected, inst);
  if (!sized.ok) return bad(sized.message);
  const qty = sized.qty;
  const cost = Number.isFinite(expected) ? qty * expected : 0;
  const fee = feeEstimate(cost, inst);

  let takeProfit: number | undefined;
  let stopLoss: number | undefined;
  if (f.bracket) {
    const legs = checkBracket(f.side, expected, parseDecimal(f.takeProfit), parseDecimal(f.stopLoss), inst);
    if (!legs.ok) return bad(legs.message, qty, cost, fee);
    takeProfit = legs.takeProfit;
    stopLoss = legs.stopLoss;
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

/**
 * What the ticket says once the engine has accepted an order. With no storage
 * (private browsing: `saved: false`), the answer says so too, for the order
 * the person is looking at will be gone when the tab closes.
 */
export function sentMessage(id: string, summary: string, saved: boolean): string {
  const sent = `Order ${id} sent: ${summary}.`;
  return saved ? sent : `${sent} It is not saved: this browser is not keeping Bourse's data, so it will be gone when the tab closes.`;
}
