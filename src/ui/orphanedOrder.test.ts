import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderView } from '../protocol';
import { orderState, orphanOutcome, placedOrder, type SentTicket } from './orphanedOrder';

const order = (o: Partial<OrderView> & { id: string }): OrderView => ({
  symbol: 'FUN', side: 'buy', type: 'limit', price: 10, stopPrice: null, qty: 2, filled: 0, tif: 'GTC', status: 'open',
  avgPrice: null, createdAt: 1_000, updatedAt: 1_000, ...o,
});
const sent: SentTicket = { ticket: { symbol: 'FUN', side: 'buy', type: 'limit', qty: 2, price: 10 }, known: new Set(['you.1']), sentAt: 900 };

describe('an order whose answer was lost with the leader: was it placed?', () => {
  it('finds the order the ticket placed among the new engine’s orders', () => {
    const mine = order({ id: 'you.2', createdAt: 950 });
    expect(placedOrder(sent, [order({ id: 'you.1' }), mine])).toBe(mine);
  });

  it('an order the page knew before, an older one, another ticket’s or a bracket leg is not it: not placed', () => {
    const others = [
      order({ id: 'you.1' }), // known before sending
      order({ id: 'you.3', createdAt: 800 }), // older than what the page showed
      order({ id: 'you.4', qty: 3 }), order({ id: 'you.5', price: 11 }), order({ id: 'you.6', side: 'sell' }),
      order({ id: 'you.7', symbol: 'MEME' }), order({ id: 'you.8', type: 'market', price: null }),
      order({ id: 'you.9', parent: 'you.2' }),
    ];
    expect(placedOrder(sent, others)).toBeNull();
  });

  it('property: with the placed order among any others, it is the one found; without it, none of the known ones is', () => {
    const arb = fc.array(fc.record({ n: fc.integer({ min: 1, max: 50 }), qty: fc.integer({ min: 1, max: 3 }), createdAt: fc.integer({ min: 0, max: 2_000 }) }));
    fc.assert(fc.property(arb, fc.boolean(), (rows, placed) => {
      const known = new Set(rows.map((r) => `you.${r.n}`));
      const before = rows.map((r) => order({ id: `you.${r.n}`, qty: r.qty, createdAt: r.createdAt }));
      const s: SentTicket = { ...sent, known, sentAt: 900 };
      const mine = order({ id: 'you.100', createdAt: 1_500 });
      const found = placedOrder(s, placed ? [...before, mine] : before);
      expect(found).toBe(placed ? mine : null);
    }));
  });

  it('says what happened: placed with its id and real state, or not placed', () => {
    expect(orphanOutcome(null)).toMatch(/not placed/);
    expect(orphanOutcome(order({ id: 'you.2', status: 'filled', filled: 2 }))).toBe('It was placed as order you.2: filled.');
    expect(orderState(order({ id: 'x', filled: 1 }))).toBe('open, 1 of 2 filled');
    expect(orderState(order({ id: 'x', status: 'cancelled', filled: 1 }))).toBe('cancelled after 1 of 2 filled');
    expect(orderState(order({ id: 'x', status: 'cancelled' }))).toBe('cancelled');
    expect(orderState(order({ id: 'x', status: 'pending' }))).toBe('waiting for its stop price');
  });
});
