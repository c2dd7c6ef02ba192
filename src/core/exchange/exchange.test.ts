import { describe, expect, it } from 'vitest';
import { Exchange } from './exchange';
import { applyLine, replayText } from './journal';
import { restore, snapshot, stateHash, type ExchangeSnapshot } from './snapshot';
import { Kit } from './testkit';

describe('validation, in the contract order', () => {
  it('rejects a missing or empty id with INVALID_ORDER', () => {
    const k = new Kit();
    k.fund('a', 1000);
    const ev = k.apply({ op: 'place', account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 });
    expect(ev).toEqual([expect.objectContaining({ ev: 'rejected', reason: 'INVALID_ORDER' })]);
    expect(k.kinds(k.place({ id: '', account: 'a', side: 'buy', price: 1 }))).toEqual(['rejected:INVALID_ORDER']);
    expect(k.kinds(k.apply({ op: 'place', id: 7, account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 }))).toEqual(['rejected:INVALID_ORDER']);
  });

  it('rejects an id any earlier place used, whatever became of it', () => {
    const k = new Kit();
    k.fund('a', 1000);
    k.place({ id: 'x', account: 'a', side: 'buy', price: 1 });
    k.apply({ op: 'cancel', id: 'x', account: 'a' });
    expect(k.kinds(k.place({ id: 'x', account: 'a', side: 'buy', price: 1 }))).toEqual(['rejected:DUPLICATE_ID']);
    // even one that was itself rejected
    k.place({ id: 'y', account: 'a', side: 'buy', price: 0.001 });
    expect(k.kinds(k.place({ id: 'y', account: 'a', side: 'buy', price: 1 }))).toEqual(['rejected:DUPLICATE_ID']);
  });

  it('checks the duplicate id before the symbol, the symbol before the fields', () => {
    const k = new Kit();
    k.fund('a', 1000);
    k.place({ id: 'x', account: 'a', side: 'buy', price: 1 });
    expect(k.kinds(k.apply({ op: 'place', id: 'x', symbol: 'NOPE', side: 'up' }))).toEqual(['rejected:DUPLICATE_ID']);
    expect(k.kinds(k.apply({ op: 'place', id: 'y', symbol: 'NOPE', side: 'up' }))).toEqual(['rejected:UNKNOWN_SYMBOL']);
    expect(k.kinds(k.apply({ op: 'place', id: 'z', account: 'a', symbol: 'FUN', side: 'up', type: 'limit', price: 0, qty: 0 }))).toEqual(['rejected:INVALID_ORDER']);
  });

  it('rejects bad sides, types, tifs, missing fields and wrong JSON types with INVALID_ORDER', () => {
    const k = new Kit();
    k.fund('a', 1000);
    const base = { op: 'place', account: 'a', symbol: 'FUN', side: 'buy', type: 'limit', price: 1, qty: 1 };
    const bad = [
      { side: 'hold' },
      { type: 'iceberg' },
      { tif: 'DAY' },
      { qty: '1' },
      { price: '1' },
      { price: undefined },
      { account: 3 },
      { type: 'stop', stopPrice: undefined },
    ];
    bad.forEach((b, i) => {
      expect(k.kinds(k.apply({ ...base, id: `b${i}`, ...b })), JSON.stringify(b)).toEqual(['rejected:INVALID_ORDER']);
    });
  });

  it('rejects prices off the tick or not positive with INVALID_PRICE, before quantity', () => {
    const k = new Kit();
    k.fund('a', 1000);
    for (const [i, price] of [0, -1, 1.005, Infinity, NaN].entries()) {
      expect(k.kinds(k.place({ id: `p${i}`, account: 'a', side: 'buy', price, qty: -1 }))).toEqual(['rejected:INVALID_PRICE']);
    }
    // within the 1e-9 relative tolerance, a float artefact is still on tick
    expect(k.kinds(k.place({ id: 'ok', account: 'a', side: 'buy', price: 0.1 + 0.2, qty: 1 }))[0]).toBe('accepted');
  });

  it('rejects quantities off the lot with INVALID_QUANTITY, before funds', () => {
    const k = new Kit({}, 0.5);
    for (const [i, qty] of [0, -1, 0.25, Infinity].entries()) {
      expect(k.kinds(k.place({ id: `q${i}`, account: 'nobody', side: 'buy', price: 1, qty }))).toEqual(['rejected:INVALID_QUANTITY']);
    }
  });

  it('rejects a buy that escrow cannot cover, fee included, and changes nothing', () => {
    const k = new Kit({ takerFeeBps: 10 });
    k.fund('a', 100);
    expect(k.kinds(k.place({ id: 'b', account: 'a', side: 'buy', price: 100, qty: 1 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
    expect(k.bal('a', 'USD')).toEqual({ available: 100, reserved: 0 });
    k.fund('a', 0.1);
    expect(k.kinds(k.place({ id: 'c', account: 'a', side: 'buy', price: 100, qty: 1 }))).toEqual(['accepted']);
    expect(k.bal('a', 'USD')).toEqual({ available: 0, reserved: 100.1 });
  });

  it('rejects a sell without the holdings: no account ever goes short', () => {
    const k = new Kit();
    k.fund('a', 1000, 5);
    expect(k.kinds(k.place({ id: 's', account: 'a', side: 'sell', price: 1, qty: 6 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
    expect(k.kinds(k.place({ id: 'm', account: 'a', side: 'sell', type: 'market', qty: 6 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
    expect(k.kinds(k.place({ id: 'n', account: 'ghost', side: 'sell', price: 1, qty: 1 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
  });

  it('rejects cancels of unknown or finished orders and of other accounts', () => {
    const k = new Kit();
    k.fund('a', 1000);
    k.place({ id: 'o', account: 'a', side: 'buy', price: 1 });
    expect(k.kinds(k.apply({ op: 'cancel', id: 'nope', account: 'a' }))).toEqual(['rejected:UNKNOWN_ORDER']);
    expect(k.kinds(k.apply({ op: 'cancel', id: 'o', account: 'b' }))).toEqual(['rejected:NOT_OWNER']);
    expect(k.apply({ op: 'cancel', id: 'o', account: 'a' })).toEqual([
      expect.objectContaining({ ev: 'cancelled', id: 'o', reason: 'USER', qty: 1 }),
    ]);
    expect(k.kinds(k.apply({ op: 'cancel', id: 'o', account: 'a' }))).toEqual(['rejected:UNKNOWN_ORDER']);
    expect(k.bal('a', 'USD')).toEqual({ available: 1000, reserved: 0 });
  });

  it('rejects non-positive or non-finite amounts, and overdrawn withdrawals', () => {
    const k = new Kit();
    for (const amount of [0, -5, Infinity, NaN, '10']) {
      expect(k.kinds(k.apply({ op: 'deposit', account: 'a', asset: 'USD', amount })), String(amount)).toEqual(['rejected:INVALID_AMOUNT']);
    }
    expect(k.ex.ledger.accounts.has('a')).toBe(false);
    k.fund('a', 10);
    expect(k.kinds(k.apply({ op: 'withdraw', account: 'a', asset: 'USD', amount: 10.01 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
    expect(k.kinds(k.apply({ op: 'withdraw', account: 'a', asset: 'USD', amount: 4 }))).toEqual(['withdrawal']);
    expect(k.bal('a', 'USD').available).toBe(6);
  });

  it('rejects unknown ops and malformed instruments with INVALID_COMMAND', () => {
    const k = new Kit();
    expect(k.kinds(k.apply({ op: 'explode' }))).toEqual(['rejected:INVALID_COMMAND']);
    expect(k.kinds(k.apply({ op: 'instrument', symbol: 'X', base: 'X', quote: 'USD', tick: 0, lot: 1 }))).toEqual(['rejected:INVALID_COMMAND']);
    expect(k.kinds(k.apply({ op: 'instrument', symbol: 'FUN', base: 'FUN', quote: 'USD', tick: 0.01, lot: 1 }))).toEqual(['rejected:INVALID_COMMAND']);
  });
});

describe('matching', () => {
  it('trades at the resting price with price-time priority, and releases a better price at once', () => {
    const k = new Kit();
    k.fund('s1', 0, 10);
    k.fund('s2', 0, 10);
    k.fund('b', 10_000);
    k.place({ id: 'a1', account: 's1', side: 'sell', price: 101, qty: 5 });
    k.place({ id: 'a2', account: 's2', side: 'sell', price: 100, qty: 5 });
    k.place({ id: 'a3', account: 's1', side: 'sell', price: 100, qty: 5 });
    const ev = k.place({ id: 'b1', account: 'b', side: 'buy', price: 101, qty: 12 });
    const trades = ev.filter((e) => e.ev === 'trade');
    expect(trades.map((t) => [t.maker, t.price, t.qty])).toEqual([
      ['a2', 100, 5],
      ['a3', 100, 5],
      ['a1', 101, 2],
    ]);
    expect(ev[0]).toMatchObject({ ev: 'accepted', id: 'b1' });
    expect(k.bal('b', 'USD')).toEqual({ available: 10_000 - 1000 - 202, reserved: 0 });
    expect(k.bal('b', 'FUN')).toEqual({ available: 12, reserved: 0 });
    expect(k.book()).toEqual({ bids: [], asks: [[101, 3]] });
  });

  it('rests the rest of a GTC limit, cancels the rest of an IOC', () => {
    const k = new Kit();
    k.fund('s', 0, 10);
    k.fund('b', 10_000);
    k.place({ id: 'a', account: 's', side: 'sell', price: 100, qty: 3 });
    k.place({ id: 'g', account: 'b', side: 'buy', price: 100, qty: 5 });
    expect(k.book().bids).toEqual([[100, 2]]);
    // the resting bid takes an IOC sell; the rest of that sell is cancelled
    const sell = k.place({ id: 'a2', account: 's', side: 'sell', price: 99, qty: 5, tif: 'IOC' });
    expect(k.kinds(sell)).toEqual(['accepted', 'trade', 'filled', 'cancelled:IOC']);
    expect(sell[1]).toMatchObject({ price: 100, qty: 2 });
    expect(sell.at(-1)).toMatchObject({ qty: 3 });
    k.place({ id: 'a3', account: 's', side: 'sell', price: 100, qty: 1 });
    const ev = k.place({ id: 'i', account: 'b', side: 'buy', price: 100, qty: 4, tif: 'IOC' });
    expect(k.kinds(ev)).toEqual(['accepted', 'trade', 'filled', 'cancelled:IOC']);
    expect(ev.at(-1)).toMatchObject({ qty: 3 });
    expect(k.book()).toEqual({ bids: [], asks: [] });
    expect(k.bal('b', 'USD')).toEqual({ available: 10_000 - 600, reserved: 0 });
  });

  it('FOK counts only other accounts’ crossing quantity and does nothing else when short', () => {
    const k = new Kit();
    k.fund('s', 0, 10);
    k.fund('b', 10_000, 10);
    k.place({ id: 'own', account: 'b', side: 'sell', price: 100, qty: 5 });
    k.place({ id: 'a', account: 's', side: 'sell', price: 100, qty: 3 });
    const ev = k.place({ id: 'f', account: 'b', side: 'buy', price: 100, qty: 4, tif: 'FOK' });
    expect(k.kinds(ev)).toEqual(['accepted', 'cancelled:FOK']);
    expect(k.book().asks).toEqual([[100, 8]]); // own order not expired: no other effect
    const ok = k.place({ id: 'f2', account: 'b', side: 'buy', price: 100, qty: 3, tif: 'FOK' });
    expect(k.kinds(ok)).toEqual(['accepted', 'cancelled:STP', 'trade', 'filled', 'filled']);
  });

  it('self-trade prevention expires the resting order and matching goes on', () => {
    const k = new Kit();
    k.fund('a', 10_000, 10);
    k.fund('s', 0, 10);
    k.place({ id: 'mine', account: 'a', side: 'sell', price: 100, qty: 2 });
    k.place({ id: 'theirs', account: 's', side: 'sell', price: 100, qty: 2 });
    const ev = k.place({ id: 'b', account: 'a', side: 'buy', price: 100, qty: 2 });
    expect(ev.map((e) => e.ev)).toEqual(['accepted', 'cancelled', 'trade', 'filled', 'filled']);
    expect(ev[1]).toMatchObject({ id: 'mine', reason: 'STP', qty: 2 });
    expect(k.bal('a', 'FUN')).toEqual({ available: 12, reserved: 0 });
  });

  it('market orders never rest: NO_LIQUIDITY for the rest, tif ignored', () => {
    const k = new Kit();
    k.fund('s', 0, 10);
    k.fund('b', 10_000);
    k.place({ id: 'a', account: 's', side: 'sell', price: 100, qty: 2 });
    const ev = k.place({ id: 'm', account: 'b', side: 'buy', type: 'market', qty: 5, tif: 'FOK' });
    expect(k.kinds(ev)).toEqual(['accepted', 'trade', 'filled', 'cancelled:NO_LIQUIDITY']);
    expect(ev.at(-1)).toMatchObject({ qty: 3 });
    const sell = k.place({ id: 'ms', account: 's', side: 'sell', type: 'market', qty: 1 });
    expect(k.kinds(sell)).toEqual(['accepted', 'cancelled:NO_LIQUIDITY']);
    expect(k.bal('s', 'FUN')).toEqual({ available: 8, reserved: 0 });
  });

  it('a market buy takes only what available cash pays for, fee included, then INSUFFICIENT_FUNDS', () => {
    const k = new Kit({ takerFeeBps: 100 });
    k.fund('s', 0, 10);
    k.fund('b', 250);
    k.place({ id: 'a', account: 's', side: 'sell', price: 100, qty: 5 });
    const ev = k.place({ id: 'm', account: 'b', side: 'buy', type: 'market', qty: 5 });
    expect(k.kinds(ev)).toEqual(['accepted', 'trade', 'cancelled:INSUFFICIENT_FUNDS']);
    expect(ev[1]).toMatchObject({ qty: 2, takerFee: 2 });
    expect(ev[2]).toMatchObject({ qty: 3 });
    expect(k.bal('b', 'USD')).toEqual({ available: 48, reserved: 0 });
  });

  it('charges the taker and the maker their fees in the quote asset', () => {
    const k = new Kit({ makerFeeBps: 10, takerFeeBps: 20 });
    k.fund('s', 0, 10);
    k.fund('b', 10_000);
    k.place({ id: 'a', account: 's', side: 'sell', price: 100, qty: 10 });
    const ev = k.place({ id: 'b', account: 'b', side: 'buy', price: 100, qty: 10 });
    expect(ev[1]).toMatchObject({ ev: 'trade', takerFee: 2, makerFee: 1 });
    expect(k.bal('b', 'USD').available).toBe(10_000 - 1000 - 2);
    expect(k.bal('s', 'USD').available).toBe(1000 - 1);
    expect(k.ex.ledger.feesCollected[k.ex.ledger.findAsset('USD')!.index] / 1e6).toBe(3);
  });

  it('an account without deposits does not exist and holds nothing', () => {
    const k = new Kit();
    k.fund('s', 0, 10);
    k.place({ id: 'a', account: 's', side: 'sell', price: 100, qty: 5 });
    const ev = k.place({ id: 'm', account: 'ghost', side: 'buy', type: 'market', qty: 1 });
    expect(k.kinds(ev)).toEqual(['accepted', 'cancelled:INSUFFICIENT_FUNDS']);
    expect(k.ex.ledger.accounts.has('ghost')).toBe(false);
  });
});

describe('stop and stop-limit orders', () => {
  function market() {
    const k = new Kit();
    k.fund('mm', 100_000, 1000);
    k.fund('u', 10_000, 50);
    k.fund('t', 100_000, 1000);
    for (let i = 1; i <= 5; i++) {
      k.place({ id: `ask${i}`, account: 'mm', side: 'sell', price: 100 + i, qty: 10 });
      k.place({ id: `bid${i}`, account: 'mm', side: 'buy', price: 100 - i, qty: 10 });
    }
    return k;
  }

  it('a buy stop waits, fires when the last trade reaches it, and becomes a market order', () => {
    const k = market();
    const placed = k.place({ id: 'st', account: 'u', side: 'buy', type: 'stop', stopPrice: 102, qty: 5 });
    expect(k.kinds(placed)).toEqual(['accepted']);
    expect(k.kinds(k.place({ id: 't1', account: 't', side: 'buy', price: 101, qty: 10 }))).toEqual(['accepted', 'trade', 'filled', 'filled']);
    const ev = k.place({ id: 't2', account: 't', side: 'buy', price: 102, qty: 1 });
    expect(k.kinds(ev)).toEqual(['accepted', 'trade', 'filled', 'triggered', 'trade', 'filled']);
    expect(ev.at(-2)).toMatchObject({ taker: 'st', price: 102, qty: 5 });
  });

  it('a sell stop escrows its holdings while it waits and fires on a falling last price', () => {
    const k = market();
    k.place({ id: 'st', account: 'u', side: 'sell', type: 'stop', stopPrice: 99, qty: 20 });
    expect(k.bal('u', 'FUN')).toEqual({ available: 30, reserved: 20 });
    const ev = k.place({ id: 't1', account: 't', side: 'sell', price: 99, qty: 10 });
    expect(k.kinds(ev)).toContain('triggered');
    const fills = ev.filter((e) => e.ev === 'trade' && e.taker === 'st');
    expect(fills.map((f) => [f.price, f.qty])).toEqual([[98, 10], [97, 10]]);
  });

  it('a stop-limit becomes a resting limit when it fires', () => {
    const k = market();
    k.place({ id: 'sl', account: 'u', side: 'buy', type: 'stop_limit', stopPrice: 101, price: 101, qty: 15 });
    expect(k.bal('u', 'USD').reserved).toBe(1515);
    const ev = k.place({ id: 't1', account: 't', side: 'buy', price: 101, qty: 1 });
    expect(k.kinds(ev)).toEqual(['accepted', 'trade', 'filled', 'triggered', 'trade', 'filled']);
    expect(k.book().bids[0]).toEqual([101, 6]);
  });

  it('fires at once when the last trade is already past the stop, and can be cancelled while waiting', () => {
    const k = market();
    k.place({ id: 't1', account: 't', side: 'buy', price: 101, qty: 1 });
    expect(k.kinds(k.place({ id: 'st', account: 'u', side: 'buy', type: 'stop', stopPrice: 100, qty: 1 }))).toEqual(['accepted', 'triggered', 'trade', 'filled']);
    k.place({ id: 'w', account: 'u', side: 'sell', type: 'stop', stopPrice: 90, qty: 5 });
    expect(k.apply({ op: 'cancel', id: 'w', account: 'u' })[0]).toMatchObject({ ev: 'cancelled', reason: 'USER', qty: 5 });
    expect(k.bal('u', 'FUN').reserved).toBe(0);
  });

  it('a stop cascade: one stop’s trades fire the next', () => {
    const k = market();
    k.place({ id: 's1', account: 'u', side: 'sell', type: 'stop', stopPrice: 99, qty: 10 });
    k.place({ id: 's2', account: 'u', side: 'sell', type: 'stop', stopPrice: 98, qty: 10 });
    const ev = k.place({ id: 't1', account: 't', side: 'sell', price: 99, qty: 10 });
    expect(ev.filter((e) => e.ev === 'triggered').map((e) => e.id)).toEqual(['s1', 's2']);
  });
});

describe('modify', () => {
  it('a quantity decrease keeps time priority; a price change loses it', () => {
    const k = new Kit();
    k.fund('a', 10_000);
    k.fund('b', 10_000);
    k.fund('s', 0, 100);
    k.place({ id: 'first', account: 'a', side: 'buy', price: 99, qty: 10 });
    k.place({ id: 'second', account: 'b', side: 'buy', price: 99, qty: 10 });
    const m = k.apply({ op: 'modify', id: 'first', account: 'a', qty: 4 });
    expect(m).toEqual([expect.objectContaining({ ev: 'modified', qty: 4, priority: 'kept' })]);
    expect(k.bal('a', 'USD')).toEqual({ available: 10_000 - 396, reserved: 396 });
    let ev = k.place({ id: 's1', account: 's', side: 'sell', price: 99, qty: 1 });
    expect(ev.find((e) => e.ev === 'trade')).toMatchObject({ maker: 'first' });
    // price change: first goes to the back
    k.apply({ op: 'modify', id: 'first', account: 'a', price: 98 });
    k.apply({ op: 'modify', id: 'first', account: 'a', price: 99 });
    ev = k.place({ id: 's2', account: 's', side: 'sell', price: 99, qty: 1 });
    expect(ev.find((e) => e.ev === 'trade')).toMatchObject({ maker: 'second' });
  });

  it('a quantity increase loses priority and must be paid for', () => {
    const k = new Kit();
    k.fund('a', 1000);
    k.place({ id: 'o', account: 'a', side: 'buy', price: 100, qty: 5 });
    expect(k.kinds(k.apply({ op: 'modify', id: 'o', account: 'a', qty: 11 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
    expect(k.bal('a', 'USD')).toEqual({ available: 500, reserved: 500 });
    expect(k.apply({ op: 'modify', id: 'o', account: 'a', qty: 10 })[0]).toMatchObject({ priority: 'lost', qty: 10 });
    expect(k.bal('a', 'USD')).toEqual({ available: 0, reserved: 1000 });
  });

  it('a repriced order that now crosses trades at once', () => {
    const k = new Kit();
    k.fund('a', 1000);
    k.fund('s', 0, 10);
    k.place({ id: 'ask', account: 's', side: 'sell', price: 101, qty: 2 });
    k.place({ id: 'o', account: 'a', side: 'buy', price: 100, qty: 2 });
    const ev = k.apply({ op: 'modify', id: 'o', account: 'a', price: 101 });
    expect(k.kinds(ev)).toEqual(['modified', 'trade', 'filled', 'filled']);
    expect(k.bal('a', 'USD')).toEqual({ available: 798, reserved: 0 });
  });

  it('quantity is the new total: it must stay above what has filled', () => {
    const k = new Kit();
    k.fund('a', 10_000);
    k.fund('s', 0, 10);
    k.place({ id: 'o', account: 'a', side: 'buy', price: 100, qty: 10 });
    k.place({ id: 's', account: 's', side: 'sell', price: 100, qty: 4 });
    expect(k.kinds(k.apply({ op: 'modify', id: 'o', account: 'a', qty: 4 }))).toEqual(['rejected:INVALID_QUANTITY']);
    expect(k.apply({ op: 'modify', id: 'o', account: 'a', qty: 5 })[0]).toMatchObject({ qty: 1, priority: 'kept' });
  });

  it('rejects modifies of unknown orders, other accounts, bad prices and empty changes', () => {
    const k = new Kit();
    k.fund('a', 1000);
    k.place({ id: 'o', account: 'a', side: 'buy', price: 1, qty: 1 });
    expect(k.kinds(k.apply({ op: 'modify', id: 'zz', account: 'a', qty: 1 }))).toEqual(['rejected:UNKNOWN_ORDER']);
    expect(k.kinds(k.apply({ op: 'modify', id: 'o', account: 'b', qty: 1 }))).toEqual(['rejected:NOT_OWNER']);
    expect(k.kinds(k.apply({ op: 'modify', id: 'o', account: 'a', price: 1.001 }))).toEqual(['rejected:INVALID_PRICE']);
    expect(k.kinds(k.apply({ op: 'modify', id: 'o', account: 'a' }))).toEqual(['rejected:INVALID_ORDER']);
    expect(k.kinds(k.apply({ op: 'modify', id: 'o', account: 'a', stopPrice: 2 }))).toEqual(['rejected:INVALID_ORDER']);
  });

  it('moves a waiting stop', () => {
    const k = new Kit();
    k.fund('a', 1000, 10);
    k.place({ id: 'st', account: 'a', side: 'sell', type: 'stop', stopPrice: 90, qty: 5 });
    expect(k.apply({ op: 'modify', id: 'st', account: 'a', stopPrice: 95 })[0]).toMatchObject({ ev: 'modified', stopPrice: 95 });
    expect(k.ex.instruments.get('FUN')!.sellStops.map((o) => o.stopPrice)).toEqual([9500]);
  });
});

describe('brackets', () => {
  function setup() {
    const k = new Kit();
    k.fund('mm', 100_000, 1000);
    k.fund('u', 10_000);
    k.fund('t', 100_000, 1000);
    k.place({ id: 'ask', account: 'mm', side: 'sell', price: 100, qty: 10 });
    return k;
  }

  it('places a take-profit and a stop-loss for the filled entry, sharing one escrow', () => {
    const k = setup();
    const ev = k.place({ id: 'e', account: 'u', side: 'buy', price: 100, qty: 10, takeProfit: 110, stopLoss: 95 });
    const legs = ev.filter((e) => e.ev === 'accepted' && e.parent === 'e');
    expect(legs.map((l) => [l.id, l.type, l.side, l.price ?? l.stopPrice, l.qty])).toEqual([
      ['e:sl', 'stop', 'sell', 95, 10],
      ['e:tp', 'limit', 'sell', 110, 10],
    ]);
    expect(k.bal('u', 'FUN')).toEqual({ available: 0, reserved: 10 });
    expect(k.book().asks).toEqual([[110, 10]]);
  });

  it('the take-profit filling cancels the stop-loss', () => {
    const k = setup();
    k.place({ id: 'e', account: 'u', side: 'buy', price: 100, qty: 10, takeProfit: 110, stopLoss: 95 });
    let ev = k.place({ id: 'x', account: 't', side: 'buy', price: 110, qty: 4 });
    expect(k.kinds(ev)).toEqual(['accepted', 'trade', 'filled']);
    expect(k.ex.order('e:sl')!.qty).toBe(6);
    ev = k.place({ id: 'y', account: 't', side: 'buy', price: 110, qty: 6 });
    expect(ev).toContainEqual(expect.objectContaining({ ev: 'cancelled', id: 'e:sl', reason: 'OCO' }));
    expect(k.ex.order('e:sl')).toBeUndefined();
    expect(k.bal('u', 'FUN')).toEqual({ available: 0, reserved: 0 });
  });

  it('the stop-loss firing cancels the take-profit and sells the holdings', () => {
    const k = setup();
    k.place({ id: 'e', account: 'u', side: 'buy', price: 100, qty: 10, takeProfit: 110, stopLoss: 95 });
    k.place({ id: 'bid', account: 't', side: 'buy', price: 94, qty: 100 });
    const ev = k.place({ id: 'p', account: 'mm', side: 'sell', price: 94, qty: 1 });
    const all = ev.map((e) => `${e.ev}:${String(e.id ?? '')}`);
    expect(all).toContain('triggered:e:sl');
    expect(all).toContain('cancelled:e:tp');
    expect(k.bal('u', 'FUN')).toEqual({ available: 0, reserved: 0 });
    expect(k.ex.order('e:tp')).toBeUndefined();
  });

  it('cancelling one leg cancels the other', () => {
    const k = setup();
    k.place({ id: 'e', account: 'u', side: 'buy', price: 100, qty: 10, takeProfit: 110, stopLoss: 95 });
    const ev = k.apply({ op: 'cancel', id: 'e:tp', account: 'u' });
    expect(k.kinds(ev)).toEqual(['cancelled:USER', 'cancelled:OCO']);
    expect(k.bal('u', 'FUN')).toEqual({ available: 10, reserved: 0 });
  });

  it('rejects brackets on the wrong side of the entry', () => {
    const k = setup();
    expect(k.kinds(k.place({ id: 'e', account: 'u', side: 'buy', price: 100, qty: 1, takeProfit: 90 }))).toEqual(['rejected:INVALID_PRICE']);
    expect(k.kinds(k.place({ id: 'f', account: 'u', side: 'buy', price: 100, qty: 1, stopLoss: 101 }))).toEqual(['rejected:INVALID_PRICE']);
  });

  it('a resting entry gets its legs for what filled when the rest is cancelled', () => {
    const k = setup();
    k.place({ id: 'e', account: 'u', side: 'buy', price: 100, qty: 15, takeProfit: 110 });
    expect(k.ex.order('e:tp')).toBeUndefined();
    const ev = k.apply({ op: 'cancel', id: 'e', account: 'u' });
    expect(ev.find((e) => e.ev === 'accepted')).toMatchObject({ id: 'e:tp', qty: 10 });
  });
});

describe('asset scales', () => {
  it('keeps amounts exact when a finer instrument or amount arrives later', () => {
    const k = new Kit();
    k.fund('a', 1000.5);
    k.apply({ op: 'instrument', symbol: 'BTCUSD', base: 'BTC', quote: 'USD', tick: 0.01, lot: 0.00001 });
    k.apply({ op: 'deposit', account: 'a', asset: 'USD', amount: 0.0000001 });
    expect(k.bal('a', 'USD').available).toBeCloseTo(1000.5000001, 9);
    k.place({ id: 'o', account: 'a', side: 'buy', price: 100, qty: 2 });
    k.apply({ op: 'instrument', symbol: 'X', base: 'XX', quote: 'USD', tick: 0.0001, lot: 0.0001 });
    expect(k.bal('a', 'USD').reserved).toBe(200);
    k.apply({ op: 'cancel', id: 'o', account: 'a' });
    expect(k.bal('a', 'USD').available).toBeCloseTo(1000.5000001, 9);
  });

  it('refuses amounts finer than twelve decimals', () => {
    const k = new Kit();
    expect(k.kinds(k.apply({ op: 'deposit', account: 'a', asset: 'USD', amount: 1e-13 }))).toEqual(['rejected:INVALID_AMOUNT']);
  });
});

describe('a rejected transfer changes nothing', () => {
  it('leaves the scale and the asset list alone', () => {
    const k = new Kit();
    k.fund('a', 10);
    const usd = k.ex.ledger.findAsset('USD')!;
    const dec = usd.dec;
    expect(k.kinds(k.apply({ op: 'withdraw', account: 'a', asset: 'USD', amount: 1000.000001 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
    expect(usd.dec).toBe(dec);
    expect(k.kinds(k.apply({ op: 'withdraw', account: 'a', asset: 'GOLD', amount: 1 }))).toEqual(['rejected:INSUFFICIENT_FUNDS']);
    expect(k.ex.ledger.findAsset('GOLD')).toBeUndefined();
    expect(k.kinds(k.apply({ op: 'deposit', account: 'a', asset: 'USD', amount: 9e15 }))).toEqual(['rejected:INVALID_AMOUNT']);
    expect(usd.dec).toBe(dec);
    expect(k.bal('a', 'USD')).toEqual({ available: 10, reserved: 0 });
  });

  it('announces a finer scale so holders of amounts can follow', () => {
    const k = new Kit();
    k.fund('a', 10);
    const ev = k.apply({ op: 'deposit', account: 'a', asset: 'USD', amount: 0.001 });
    expect(ev[0]).toMatchObject({ ev: 'rescaled', asset: 'USD', dec: 3, factor: 10 });
    expect(k.bal('a', 'USD').available).toBe(10.001);
  });
});

describe('accounts before their first deposit', () => {
  it('a stop placed before the deposit pays from it when it fires', () => {
    const k = new Kit();
    k.fund('s', 0, 100);
    k.fund('b', 10_000);
    k.place({ id: 'ask', account: 's', side: 'sell', price: 100, qty: 10 });
    k.place({ id: 'st', account: 'g', side: 'buy', type: 'stop', stopPrice: 100, qty: 2 });
    k.fund('g', 1000);
    const ev = k.place({ id: 'x', account: 'b', side: 'buy', price: 100, qty: 1 });
    expect(k.kinds(ev)).toEqual(['accepted', 'trade', 'filled', 'triggered', 'trade', 'filled']);
    expect(k.bal('g', 'FUN').available).toBe(2);
  });
});

describe('a rejected listing changes nothing', () => {
  it('creates no asset and grows no scale when a balance would overflow', () => {
    const k = new Kit();
    k.fund('rich', 9e9);
    const usd = k.ex.ledger.findAsset('USD')!;
    const dec = usd.dec;
    expect(k.kinds(k.apply({ op: 'instrument', symbol: 'TINY', base: 'NEWCOIN', quote: 'USD', tick: 0.0001, lot: 0.0001 }))).toEqual(['rejected:INVALID_COMMAND']);
    expect(usd.dec).toBe(dec);
    expect(k.ex.ledger.findAsset('NEWCOIN')).toBeUndefined();
  });
});

describe('snapshot and tail', () => {
  it('agree when an account without deposits modifies a waiting stop (regression from the property suite)', () => {
    const lines: string[] = [
      "{\"op\":\"instrument\",\"symbol\":\"S0\",\"base\":\"B0\",\"quote\":\"USD\",\"tick\":0.01,\"lot\":1,\"makerFeeBps\":0,\"takerFeeBps\":0}",
      "{\"op\":\"instrument\",\"symbol\":\"S1\",\"base\":\"B1\",\"quote\":\"USD\",\"tick\":0.01,\"lot\":1,\"makerFeeBps\":0,\"takerFeeBps\":0}",
      "{\"op\":\"deposit\",\"account\":\"a0\",\"asset\":\"USD\",\"amount\":1000}",
      "{\"op\":\"deposit\",\"account\":\"a0\",\"asset\":\"EUR\",\"amount\":1000}",
      "{\"op\":\"deposit\",\"account\":\"a0\",\"asset\":\"B0\",\"amount\":1}",
      "{\"op\":\"deposit\",\"account\":\"a0\",\"asset\":\"B1\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a0\",\"asset\":\"B2\",\"amount\":1}",
      "{\"op\":\"deposit\",\"account\":\"a0\",\"asset\":\"B3\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a1\",\"asset\":\"USD\",\"amount\":0.01}",
      "{\"op\":\"deposit\",\"account\":\"a1\",\"asset\":\"EUR\",\"amount\":1000}",
      "{\"op\":\"deposit\",\"account\":\"a1\",\"asset\":\"B0\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a1\",\"asset\":\"B1\",\"amount\":1}",
      "{\"op\":\"deposit\",\"account\":\"a1\",\"asset\":\"B2\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a1\",\"asset\":\"B3\",\"amount\":1}",
      "{\"op\":\"deposit\",\"account\":\"a2\",\"asset\":\"USD\",\"amount\":1000}",
      "{\"op\":\"deposit\",\"account\":\"a2\",\"asset\":\"EUR\",\"amount\":1000}",
      "{\"op\":\"deposit\",\"account\":\"a2\",\"asset\":\"B0\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a2\",\"asset\":\"B1\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a2\",\"asset\":\"B2\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a2\",\"asset\":\"B3\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a3\",\"asset\":\"USD\",\"amount\":1000}",
      "{\"op\":\"deposit\",\"account\":\"a3\",\"asset\":\"EUR\",\"amount\":1000}",
      "{\"op\":\"deposit\",\"account\":\"a3\",\"asset\":\"B0\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a3\",\"asset\":\"B1\",\"amount\":20}",
      "{\"op\":\"deposit\",\"account\":\"a3\",\"asset\":\"B2\",\"amount\":1}",
      "{\"op\":\"deposit\",\"account\":\"a3\",\"asset\":\"B3\",\"amount\":20}",
      "{\"op\":\"cancel\",\"id\":\"o0\",\"account\":\"a0\"}",
      "{\"op\":\"place\",\"id\":\"n0\",\"account\":\"a4\",\"symbol\":\"S0\",\"side\":\"buy\",\"type\":\"stop\",\"stopPrice\":0.2,\"qty\":1}",
      "{\"op\":\"modify\",\"id\":\"o0\",\"account\":\"a0\",\"price\":0.2}",
      "{\"op\":\"modify\",\"id\":\"n0\",\"account\":\"a4\",\"qty\":1}",
      "{\"op\":\"place\",\"id\":\"n1\",\"account\":\"a0\",\"symbol\":\"S0\",\"side\":\"buy\",\"type\":\"limit\",\"price\":0.2,\"qty\":1}",
      "{\"op\":\"deposit\",\"account\":\"a4\",\"asset\":\"EUR\",\"amount\":0.01}",
      "{\"op\":\"place\",\"id\":\"n2\",\"account\":\"a0\",\"symbol\":\"S0\",\"side\":\"buy\",\"type\":\"limit\",\"price\":0.2,\"qty\":9}",
      "{\"op\":\"place\",\"id\":\"n3\",\"account\":\"a0\",\"symbol\":\"S0\",\"side\":\"buy\",\"type\":\"limit\",\"price\":0.2,\"qty\":1}"
    ];
    const full = replayText(lines.join('\n'), () => {});
    for (let k = 0; k <= lines.length; k++) {
      const a = new Exchange();
      lines.slice(0, k).forEach((l, i) => applyLine(a, l, i + 1));
      const b = restore(JSON.parse(JSON.stringify(snapshot(a))) as ExchangeSnapshot);
      lines.slice(k).forEach((l, i) => applyLine(b, l, k + i + 1));
      expect(stateHash(b), `cut at ${k}`).toBe(stateHash(full));
    }
  });
});
