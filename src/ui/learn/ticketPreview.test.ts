import { describe, expect, it } from 'vitest';
import type { Book, InstrumentInfo, OrderView } from '../../protocol';
import { nth, ticketPreview, type PreviewOrder } from './ticketPreview';

const FUN: InstrumentInfo = {
  symbol: 'FUN', name: 'Fun', group: 'exchange', base: 'FUN', quote: 'USD', tick: 0.01, lot: 1,
  priceDecimals: 2, qtyDecimals: 0, makerFeeBps: 2, takerFeeBps: 5, calendar: '24/7',
};
const BOOK: Book = {
  symbol: 'FUN',
  asks: [{ price: 50.02, qty: 10 }, { price: 50.03, qty: 20 }, { price: 50.05, qty: 100 }],
  bids: [{ price: 49.98, qty: 15 }, { price: 49.9, qty: 120 }, { price: 49.8, qty: 50 }],
};
const market = (over: Partial<{ book: Book | null; last: number; cash: number; own: OrderView[] }> = {}) =>
  ({ book: BOOK, last: 50, cash: 1e9, own: [], ...over });
const order = (over: Partial<PreviewOrder>): PreviewOrder => ({ side: 'buy', type: 'market', tif: 'GTC', qty: 10, price: NaN, stop: NaN, ...over });
const text = (o: Partial<PreviewOrder>, m = market()) => ticketPreview(FUN, order(o), m)?.text;

describe('ticketPreview', () => {
  it('a market buy: the best asks, the quantity at each, the average and the fee', () => {
    expect(text({})).toBe('This buys at the best asks: about 10 FUN at 50.02, fee $0.25.');
    const p = ticketPreview(FUN, order({ qty: 25 }), market())!;
    expect(p.steps).toEqual([{ price: 50.02, qty: 10 }, { price: 50.03, qty: 15 }]);
    expect(p.average).toBeCloseTo((50.02 * 10 + 50.03 * 15) / 25, 9);
    expect(p.text).toBe('This buys at the best asks: 10 at 50.02, 15 at 50.03: about 25 FUN at 50.03 on average, fee $0.62.');
    expect(text({ side: 'sell', qty: 200 })).toBe('This sells at the best bids: 15 at 49.98, 120 at 49.90, 50 at 49.80: about 185 FUN at 49.88 on average, fee $4.60. Only 185 FUN are offered: the other 15 FUN are cancelled.');
  });

  it('leaves the person’s own resting orders out (the engine cancels them instead of trading with them)', () => {
    const own: OrderView = {
      id: 'you.1', symbol: 'FUN', side: 'sell', type: 'limit', price: 50.02, stopPrice: null, qty: 8, filled: 2, tif: 'GTC', status: 'open',
      avgPrice: null, createdAt: 0, updatedAt: 0,
    };
    const p = ticketPreview(FUN, order({}), market({ own: [own] }))!;
    expect(p.steps).toEqual([{ price: 50.02, qty: 4 }, { price: 50.03, qty: 6 }]);
  });

  it('a market buy stops where the cash runs out', () => {
    expect(text({ qty: 10 }, market({ cash: 250.3 }))).toBe('This buys at the best asks: about 5 FUN at 50.02, fee $0.12. Your cash pays for 5 FUN; the other 5 FUN are cancelled.');
  });

  it('a limit that would rest: where it joins the queue', () => {
    expect(text({ type: 'limit', price: 49.9 })).toBe('Rests in the book at 49.90, in the queue behind 120 FUN already waiting at that price. No fee until it fills (then the maker fee, about $0.10).');
    expect(text({ type: 'limit', price: 49.95 })).toBe('Rests in the book at 49.95, first in the queue at that price; 15 FUN at better prices trade before it. No fee until it fills (then the maker fee, about $0.10).');
    expect(text({ type: 'limit', price: 50 })).toMatch(/^Rests in the book at 50.00, as the new best bid: first in the queue\./);
  });

  it('a limit that crosses: what fills now and what rests, is cancelled (IOC) or refused (FOK)', () => {
    expect(text({ type: 'limit', price: 50.03, qty: 40 })).toBe(
      'Buys 10 at 50.02, 20 at 50.03: about 30 FUN at 50.03 on average now, fee $0.75. The other 10 FUN rest in the book at 50.03, as the new best bid: first in the queue. No fee until it fills (then the maker fee, about $0.10).');
    expect(text({ type: 'limit', price: 50.03, qty: 40, tif: 'IOC' })).toMatch(/now, fee \$0\.75\. The other 10 FUN are cancelled \(immediate or cancel\)\.$/);
    expect(text({ type: 'limit', price: 50.03, qty: 40, tif: 'FOK' })).toBe('Fill or kill: fewer than 40 FUN are offered at 50.03 or better now, so nothing trades and the order is cancelled.');
    expect(text({ type: 'limit', price: 50.03, qty: 30, tif: 'FOK' })).toMatch(/^Buys all 10 at 50.02, 20 at 50.03/);
  });

  it('stops: when they trigger and what they become', () => {
    expect(text({ type: 'stop', stop: 51 })).toBe('Waits until a trade at 51.00 or above (last 50.00), then becomes a market buy of 10 FUN.');
    expect(text({ type: 'stop_limit', side: 'sell', stop: 48, price: 47.5 })).toBe('Waits until a trade at 48.00 or below (last 50.00), then becomes a limit sell of 10 FUN at 47.50.');
    expect(text({ type: 'stop', stop: 49 })).toBe('The last trade (50.00) is already at or above the stop 49.00: it becomes a market buy of 10 FUN at once.');
  });

  it('says nothing until there is a quantity, a price where one is needed, and this market’s book', () => {
    expect(text({ qty: 0 })).toBeUndefined();
    expect(text({ type: 'limit', price: NaN })).toBeUndefined();
    expect(text({}, market({ book: null }))).toBeUndefined();
    expect(text({}, market({ book: { ...BOOK, symbol: 'MEME' } }))).toBeUndefined();
    expect(text({}, market({ book: { symbol: 'FUN', bids: [], asks: [] } }))).toBe('Nothing to buy from: the book has no asks now.');
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map(nth)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd']);
  });
});
