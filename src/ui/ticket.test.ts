import { describe, expect, it } from 'vitest';
import type { InstrumentInfo } from '../protocol';
import { checkTicket, parseDecimal, sentMessage, type TicketFields } from './ticket';

const FUN: InstrumentInfo = {
  symbol: 'FUN', name: 'Fun', group: 'exchange', base: 'FUN', quote: 'USD', tick: 0.01, lot: 0.1,
  priceDecimals: 2, qtyDecimals: 1, makerFeeBps: 2, takerFeeBps: 5, calendar: '24/7',
};
const BOOK = { bid: 9.99, ask: 10.01, last: 10 };
const RICH = { cash: 1e9, held: 1e9 };

function fields(over: Partial<TicketFields> = {}): TicketFields {
  return {
    side: 'buy', type: 'market', by: 'qty', qty: '', amount: '', price: '', stop: '', tif: 'GTC',
    bracket: false, takeProfit: '', stopLoss: '', ...over,
  };
}
const message = (f: Partial<TicketFields>, funds = RICH) => checkTicket(fields(f), FUN, BOOK, funds).message;

describe('parseDecimal', () => {
  it('reads a point or a lone comma as the decimal separator', () => {
    expect(parseDecimal(' 12.5 ')).toBe(12.5);
    expect(parseDecimal('12,5')).toBe(12.5);
    expect(parseDecimal('1,234.5')).toBe(1234.5);
    // Digit groups as the locale writes them (a person typed "10,000" as cash and got $10).
    expect(parseDecimal('10,000', '.')).toBe(10_000);
    expect(parseDecimal('1,000,000', '.')).toBe(1_000_000);
    expect(parseDecimal('1,500', '.')).toBe(1500);
    expect(parseDecimal('1,500', ',')).toBe(1.5);
    expect(parseDecimal('1,000,000', ',')).toBe(1_000_000);
    expect(parseDecimal('10.000', ',')).toBe(10_000);
    expect(parseDecimal('10.000', '.')).toBe(10);
    expect(parseDecimal('1.234,5', ',')).toBe(1234.5);
    expect(parseDecimal('10 000', '.')).toBe(10_000);
    expect(parseDecimal('1,5', '.')).toBe(1.5);
    expect(parseDecimal('1,2,3', '.')).toBeNaN();
    expect(parseDecimal('')).toBeNaN();
    expect(parseDecimal('-1')).toBeNaN();
    expect(parseDecimal('1e3')).toBeNaN();
  });
});

describe('checkTicket', () => {
  it('a market buy by quantity: cost at the ask, fee at the higher rate', () => {
    const c = checkTicket(fields({ qty: '2' }), FUN, BOOK, RICH);
    expect(c).toMatchObject({ ok: true, touched: true, qty: 2, summary: 'buy 2 FUN market' });
    expect(c.cost).toBeCloseTo(20.02, 12);
    expect(c.fee).toBeCloseTo(20.02 * 5e-4, 12);
    expect(c.ticket).toEqual({ symbol: 'FUN', side: 'buy', type: 'market', qty: 2 });
  });

  it('an untouched ticket says what to enter without being touched', () => {
    const c = checkTicket(fields(), FUN, BOOK, RICH);
    expect(c).toMatchObject({ ok: false, touched: false, message: 'Enter a quantity of FUN above zero.' });
  });

  it('checks the stop, then the limit, then the size, in the words a person acts on', () => {
    expect(message({ type: 'stop_limit', qty: '1', stop: '', price: '' })).toBe('Enter a stop price above zero.');
    expect(message({ type: 'stop_limit', qty: '1', stop: '10.001', price: '' })).toBe('The stop price must be a multiple of 0.01.');
    expect(message({ type: 'stop_limit', qty: '1', stop: '10', price: '' })).toBe('Enter a limit price above zero.');
    expect(message({ type: 'limit', qty: '1', price: '10.005' })).toBe('The limit price must be a multiple of 0.01.');
    expect(message({ type: 'limit', qty: '0.15', price: '10' })).toBe('The quantity must be a multiple of 0.1 FUN.');
    expect(message({ by: 'amount', amount: 'x' })).toBe('Enter an amount above zero.');
    expect(message({ by: 'amount', amount: '0.5' })).toBe('That amount buys less than one lot (0.1 FUN).');
    expect(checkTicket(fields({ by: 'amount', amount: '5' }), FUN, { bid: NaN, ask: NaN, last: 0 }, RICH).message).toBe(
      'There is no price to size the order by yet.',
    );
  });

  it('sizes by amount in whole lots at the expected price', () => {
    const c = checkTicket(fields({ type: 'limit', by: 'amount', amount: '100', price: '3' }), FUN, BOOK, RICH);
    expect(c).toMatchObject({ ok: true, qty: 33.3, summary: 'buy 33.3 FUN limit 3.00' });
    expect(c.ticket).toEqual({ symbol: 'FUN', side: 'buy', type: 'limit', qty: 33.3, price: 3, tif: 'GTC' });
  });

  it('a bracket: its checks, then the legs on the ticket', () => {
    expect(message({ type: 'limit', qty: '1', price: '10', bracket: true })).toBe('A bracket needs a take-profit or a stop-loss price.');
    expect(message({ type: 'limit', qty: '1', price: '10', bracket: true, takeProfit: '9' })).toBe('The take-profit must be above the entry price (10.00).');
    expect(message({ type: 'limit', side: 'sell', qty: '1', price: '10', bracket: true, stopLoss: '9' })).toBe('The stop-loss must be above the entry price (10.00).');
    const c = checkTicket(fields({ type: 'limit', qty: '1', price: '10', bracket: true, takeProfit: '11', stopLoss: '9.5' }), FUN, BOOK, RICH);
    expect(c.ok).toBe(true);
    expect(c.ticket).toMatchObject({ takeProfit: 11, stopLoss: 9.5 });
  });

  it('refuses what the funds do not cover, and short sales', () => {
    expect(message({ type: 'limit', qty: '10', price: '10' }, { cash: 50, held: 0 })).toMatch(/^Not enough cash: this needs about .+ and .+ is available\.$/);
    expect(message({ side: 'sell', qty: '3' }, { cash: 0, held: 2 })).toBe('You hold 2 FUN; Bourse does not sell short.');
  });
});

describe('sentMessage', () => {
  it('names the order, and says so when it will not survive the tab', () => {
    expect(sentMessage('you.7', 'buy 2 FUN at market', true)).toBe('Order you.7 sent: buy 2 FUN at market.');
    const unsaved = sentMessage('you.7', 'buy 2 FUN at market', false);
    expect(unsaved.startsWith('Order you.7 sent: buy 2 FUN at market.')).toBe(true);
    expect(unsaved).toMatch(/not saved.*gone when the tab closes/);
  });
});
