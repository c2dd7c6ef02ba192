import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depth } from './book';
import type { ExchangeEvent } from './events';
import { Exchange } from './exchange';
import { naiveBooks } from './naiveBook';
import { averageTicks, previewTake, queueSpot, type DepthLevel } from './preview';
import { queuePosition } from './queuePosition';
import { SELL } from './order';
import type { BookFactory } from './orderBook';

const ticks = (n: number) => n / 100; // FUN ticks are 0.01

/** An exchange with FUN/USD (tick 0.01, lot 1, 10 bps taker, 2 bps maker) and its events. */
function market(book?: BookFactory) {
  const events: ExchangeEvent[] = [];
  const ex = new Exchange((e) => events.push(e.ev === 'trade' ? { ...e } : e), book ? { book } : {});
  void ex.apply({ op: 'instrument', symbol: 'FUN', base: 'FUN', quote: 'USD', tick: 0.01, lot: 1, makerFeeBps: 2, takerFeeBps: 10 });
  for (const a of ['m1', 'm2', 'm3', 'taker']) {
    void ex.apply({ op: 'deposit', account: a, asset: 'USD', amount: 10_000_000 });
    void ex.apply({ op: 'deposit', account: a, asset: 'FUN', amount: 1_000_000 });
  }
  return { ex, events, inst: ex.instruments.get('FUN')! };
}

type Resting = { account: 'm1' | 'm2' | 'm3'; side: 'buy' | 'sell'; cents: number; qty: number };
/** Resting orders that never cross: bids below 50.00, asks from 50.01 up. */
const restingArb = fc.array(
  fc.record({
    account: fc.constantFrom('m1' as const, 'm2' as const, 'm3' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    off: fc.integer({ min: 0, max: 12 }),
    qty: fc.integer({ min: 1, max: 40 }),
  }).map((r): Resting => ({ account: r.account, side: r.side, cents: r.side === 'buy' ? 5000 - r.off : 5001 + r.off, qty: r.qty })),
  { maxLength: 30 },
);

function seed(ex: Exchange, orders: Resting[]): void {
  orders.forEach((o, i) => void ex.apply({ op: 'place', id: `r${i}`, account: o.account, symbol: 'FUN', side: o.side, type: 'limit', price: ticks(o.cents), qty: o.qty }));
}

const levels = (pairs: [number, number][]): DepthLevel[] => pairs.map(([price, qty]) => ({ price, qty }));

describe('previewTake against the matching engine on the same book', () => {
  it('a market or limit order fills exactly what the preview says, at the same prices, and rests or cancels the rest as it says', () => {
    fc.assert(
      fc.property(
        restingArb,
        fc.constantFrom('buy' as const, 'sell' as const),
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom('market' as const, 'limit' as const),
        fc.integer({ min: -8, max: 8 }),
        fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const),
        (orders, side, qty, type, limitOff, tif) => {
          const { ex, events, inst } = market();
          seed(ex, orders);
          const buy = side === 'buy';
          const opposite = levels(depth(buy ? inst.asks : inst.bids));
          const limitCents = buy ? 5001 + limitOff : 5000 - limitOff;
          const limit = type === 'market' ? 0 : limitCents;
          const p = previewTake(opposite, { buy, qty, limit, tif }, inst);
          events.length = 0;
          void ex.apply({ op: 'place', id: 'T', account: 'taker', symbol: 'FUN', side, type, qty, tif, ...(type === 'limit' ? { price: ticks(limitCents) } : {}) });
          const trades = events.filter((e): e is Extract<ExchangeEvent, { ev: 'trade' }> => e.ev === 'trade');
          // Level by level: the engine's fills at each price add up to the preview's step there.
          const byPrice = new Map<number, number>();
          for (const t of trades) byPrice.set(t.price, (byPrice.get(t.price) ?? 0) + t.qty);
          expect([...byPrice].map(([price, q]) => ({ price, qty: q }))).toEqual(p.steps);
          const notional = trades.reduce((s, t) => s + t.price * t.qty * inst.notionalUnit, 0);
          expect(notional).toBe(p.notional);
          const fees = trades.reduce((s, t) => s + t.takerFee, 0);
          expect(fees).toBeLessThanOrEqual(p.fee);
          expect(p.fee - fees).toBeLessThan(Math.max(1, trades.length));
          const live = ex.order('T');
          if (p.rest === 'rests') expect(live?.qty).toBe(p.left);
          else expect(live).toBeUndefined();
          expect(p.filled + p.left).toBe(qty);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a market buy with limited cash stops where the engine stops paying', () => {
    fc.assert(
      fc.property(restingArb, fc.integer({ min: 1, max: 5000 }), (orders, dollars) => {
        const { ex, events, inst } = market();
        seed(ex, orders);
        void ex.apply({ op: 'deposit', account: 'poor', asset: 'USD', amount: dollars });
        const cash = ex.ledger.accounts.get('poor')!.avail[inst.quote.index];
        // One level per resting order, so per-order fees round exactly as the engine's.
        const single = [...ex.live.values()].filter((o) => o.side === SELL).sort((a, b) => a.price - b.price || a.seq - b.seq)
          .map((o) => ({ price: o.price, qty: o.qty }));
        const p = previewTake(single, { buy: true, qty: 500, limit: 0, tif: 'GTC', cash }, inst);
        events.length = 0;
        void ex.apply({ op: 'place', id: 'P', account: 'poor', symbol: 'FUN', side: 'buy', type: 'market', qty: 500 });
        const filled = events.reduce((s, e) => s + (e.ev === 'trade' ? e.qty : 0), 0);
        expect(filled).toBe(p.filled);
      }),
      { numRuns: 200 },
    );
  });

  it('walks the asks in order and reports the average, the fee and the rest (a worked example)', () => {
    const asks = levels([[5002, 4], [5003, 6], [5005, 10]]);
    const p = previewTake(asks, { buy: true, qty: 12, limit: 0, tif: 'GTC' }, { notionalUnit: 1, takerFee: 1000 });
    expect(p.steps).toEqual([{ price: 5002, qty: 4 }, { price: 5003, qty: 6 }, { price: 5005, qty: 2 }]);
    expect(p.notional).toBe(5002 * 4 + 5003 * 6 + 5005 * 2);
    expect(averageTicks(p.steps)).toBeCloseTo((5002 * 4 + 5003 * 6 + 5005 * 2) / 12, 9);
    expect(p.fee).toBe(Math.floor((5002 * 4) / 1000) + Math.floor((5003 * 6) / 1000) + Math.floor((5005 * 2) / 1000));
    expect(p.rest).toBe('none');
    const big = previewTake(asks, { buy: true, qty: 30, limit: 0, tif: 'GTC' }, { notionalUnit: 1, takerFee: 0 });
    expect(big).toMatchObject({ filled: 20, left: 10, rest: 'cancelled', stoppedBy: 'book' });
    const lim = previewTake(asks, { buy: true, qty: 30, limit: 5003, tif: 'GTC' }, { notionalUnit: 1, takerFee: 0 });
    expect(lim).toMatchObject({ filled: 10, left: 20, rest: 'rests', stoppedBy: 'limit' });
    const fok = previewTake(asks, { buy: true, qty: 11, limit: 5003, tif: 'FOK' }, { notionalUnit: 1, takerFee: 0 });
    expect(fok).toMatchObject({ filled: 0, left: 11, rest: 'refused', steps: [] });
  });
});

describe('queueSpot', () => {
  const bids = levels([[5000, 7], [4999, 3], [4997, 12]]);
  it('joins behind what rests at its price, after the better levels', () => {
    expect(queueSpot(bids, 4999, true)).toEqual({ aheadQty: 3, betterLevels: 1, betterQty: 7, newLevel: false });
    expect(queueSpot(bids, 4998, true)).toEqual({ aheadQty: 0, betterLevels: 2, betterQty: 10, newLevel: true });
    expect(queueSpot(bids, 5001, true)).toEqual({ aheadQty: 0, betterLevels: 0, betterQty: 0, newLevel: true });
    const asks = levels([[5002, 4], [5004, 1]]);
    expect(queueSpot(asks, 5004, false)).toEqual({ aheadQty: 1, betterLevels: 1, betterQty: 4, newLevel: false });
  });
});

describe('queuePosition of a resting order', () => {
  it('counts the orders and lots before it at its price, and moves up as trades take them, in every book', () => {
    for (const book of [undefined, naiveBooks]) {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 200 }), (sizes, sold) => {
          const { ex, inst } = market(book);
          void ex.apply({ op: 'place', id: 'better', account: 'm3', symbol: 'FUN', side: 'buy', type: 'limit', price: 50.01, qty: 5 });
          sizes.forEach((q, i) => void ex.apply({ op: 'place', id: `b${i}`, account: i % 2 ? 'm1' : 'm2', symbol: 'FUN', side: 'buy', type: 'limit', price: 50, qty: q }));
          sizes.forEach((q, i) => {
            const pos = queuePosition(inst.book, ex.order(`b${i}`)!);
            expect(pos).toEqual({ aheadQty: sizes.slice(0, i).reduce((a, b) => a + b, 0), aheadOrders: i, qty: q, betterQty: 5 });
          });
          // A market sell takes the better bid, then the queue at 50.00 from the front.
          void ex.apply({ op: 'place', id: 'S', account: 'taker', symbol: 'FUN', side: 'sell', type: 'market', qty: sold });
          let taken = Math.max(0, sold - 5);
          let ahead = 0;
          let orders = 0;
          sizes.forEach((q, i) => {
            const o = ex.order(`b${i}`);
            const left = Math.max(0, q - taken);
            taken = Math.max(0, taken - q);
            if (left === 0) {
              expect(o).toBeUndefined();
              return;
            }
            expect(queuePosition(inst.book, o!)).toEqual({ aheadQty: ahead, aheadOrders: orders, qty: left, betterQty: Math.max(0, 5 - sold) });
            ahead += left;
            orders++;
          });
        }),
        { numRuns: 100 },
      );
    }
  });

  it('is null for an order that is not resting (a pending stop)', () => {
    const { ex, inst } = market();
    void ex.apply({ op: 'place', id: 'st', account: 'm1', symbol: 'FUN', side: 'buy', type: 'stop', stopPrice: 60, qty: 1 });
    expect(queuePosition(inst.book, ex.order('st')!)).toBeNull();
  });
});
