import { describe, expect, it } from 'vitest';
import type { ExchangeEvent } from '../exchange/events';
import { Exchange } from '../exchange/exchange';
import { Positions } from './positions';
import { Desk } from './testkit';

// FUN/USD, tick 0.01, lot 1: one tick × one lot is one cent (notionalUnit 1), so $100.00 is 10000 ticks.
function setup(): { ex: Exchange; pos: Positions } {
  const ex = new Exchange();
  expect(ex.apply({ op: 'instrument', symbol: 'FUN', base: 'FUN', quote: 'USD', tick: 0.01, lot: 1 })).toMatchObject({ ok: true });
  return { ex, pos: new Positions(ex) };
}

let seq = 0;
/** A fill between alice and bob; `dollars` per share; fees in cents. */
function trade(buyer: string, seller: string, dollars: number, qty: number, takerSide: 'buy' | 'sell' = 'buy', takerFee = 0, makerFee = 0): ExchangeEvent {
  return {
    ev: 'trade', seq: ++seq, symbol: 'FUN', price: Math.round(dollars * 100), qty, taker: 't', maker: 'm',
    buyer, seller, takerSide, takerFee, makerFee,
  };
}

describe('Positions: average cost and realized P&L', () => {
  it('averages the price of buys: 10 @ 100 then 10 @ 110 → 20 @ 105', () => {
    const { pos } = setup();
    pos.onEvent(trade('alice', 'bob', 100, 10), 1);
    pos.onEvent(trade('alice', 'bob', 110, 10), 2);
    const p = pos.get('alice', 'FUN')!;
    expect(p.qty).toBe(20);
    expect(p.avgPrice).toBe(10500);
    expect(p.cost).toBe(210000);
    expect(p.realized).toBe(0);
    expect(p.buyLots).toBe(20);
    expect(p.buyNotional).toBe(210000);
    expect(p.trades).toBe(2);
    expect(p.openedAt).toBe(1);
    expect(p.updatedAt).toBe(2);
  });

  it('a reducing sell realizes (price − average) × qty and keeps the average: sell 5 @ 120 → 5 × $15', () => {
    const { pos } = setup();
    pos.onEvent(trade('alice', 'bob', 100, 10), 1);
    pos.onEvent(trade('alice', 'bob', 110, 10), 2);
    pos.onEvent(trade('carol', 'alice', 120, 5), 3);
    const p = pos.get('alice', 'FUN')!;
    expect(p.qty).toBe(15);
    expect(p.avgPrice).toBe(10500);
    expect(p.realized).toBe(5 * 1500); // $75.00 in cents
    expect(p.sellLots).toBe(5);
    expect(p.sellNotional).toBe(60000);
    expect(p.trades).toBe(3);
  });

  it('fees are counted apart: realized stays gross, each side pays its own fee', () => {
    const { pos } = setup();
    // alice buys as taker (pays 50), bob is maker (pays 20).
    pos.onEvent(trade('alice', 'bob', 100, 10, 'buy', 50, 20), 1);
    // alice sells as taker (pays 60), carol buys as maker (pays 0).
    pos.onEvent(trade('carol', 'alice', 120, 10, 'sell', 60, 0), 2);
    const a = pos.get('alice', 'FUN')!;
    expect(a.realized).toBe(10 * 2000);
    expect(a.fees).toBe(110);
    expect(pos.get('bob', 'FUN')!.fees).toBe(20);
    expect(pos.get('carol', 'FUN')!.fees).toBe(0);
  });

  it('selling to zero resets the average; reopening starts afresh', () => {
    const { pos } = setup();
    pos.onEvent(trade('alice', 'bob', 100, 3), 1);
    pos.onEvent(trade('alice', 'bob', 101, 3), 2);
    expect(pos.get('alice', 'FUN')!.avgPrice).toBe(10050);
    pos.onEvent(trade('bob', 'alice', 100, 6), 3);
    let p = pos.get('alice', 'FUN')!;
    expect(p.qty).toBe(0);
    expect(p.avgPrice).toBe(0);
    expect(p.cost).toBe(0);
    expect(p.realized).toBe(6 * 10000 - (30000 + 30300)); // −$3.00
    pos.onEvent(trade('alice', 'bob', 80, 5), 4);
    p = pos.get('alice', 'FUN')!;
    expect(p.qty).toBe(5);
    expect(p.avgPrice).toBe(8000);
    expect(p.openedAt).toBe(4);
    expect(p.realized).toBe(-300);
  });

  it('partial close then reopen: the average survives the partial close', () => {
    const { pos } = setup();
    pos.onEvent(trade('alice', 'bob', 100, 10), 1);
    pos.onEvent(trade('bob', 'alice', 90, 4), 2); // realize 4 × −$10
    pos.onEvent(trade('alice', 'bob', 130, 6), 3); // 6 @ 100 + 6 @ 130 → 12 @ 115
    const p = pos.get('alice', 'FUN')!;
    expect(p.realized).toBe(-4000);
    expect(p.qty).toBe(12);
    expect(p.avgPrice).toBe(11500);
  });

  it('rounds the cost a partial close removes, and a full close leaves no remainder', () => {
    const { pos } = setup();
    pos.onEvent(trade('alice', 'bob', 100, 3), 1);
    pos.onEvent(trade('alice', 'bob', 100.01, 1), 2); // cost 40001, average 10000.25 ticks
    expect(pos.get('alice', 'FUN')!.avgPrice).toBe(10000.25);
    pos.onEvent(trade('bob', 'alice', 100, 1), 3); // removes round(10000.25) = 10000
    expect(pos.get('alice', 'FUN')!.realized).toBe(0);
    pos.onEvent(trade('bob', 'alice', 100, 3), 4); // removes the remaining 30001
    const p = pos.get('alice', 'FUN')!;
    expect(p.realized).toBe(-1); // exactly sold − bought over the round trip
    expect(p.cost).toBe(0);
  });

  it('handles a short (a position below zero) symmetrically, including a flip to long', () => {
    const { pos } = setup();
    pos.onEvent(trade('bob', 'alice', 100, 10), 1); // alice −10 @ 100
    let p = pos.get('alice', 'FUN')!;
    expect(p.qty).toBe(-10);
    expect(p.avgPrice).toBe(10000);
    pos.onEvent(trade('alice', 'bob', 90, 4), 2); // covers 4, +$10 each
    expect(pos.get('alice', 'FUN')!.realized).toBe(4000);
    pos.onEvent(trade('alice', 'bob', 80, 10), 3); // covers 6 (+$20 each), then long 4 @ 80
    p = pos.get('alice', 'FUN')!;
    expect(p.realized).toBe(4000 + 12000);
    expect(p.qty).toBe(4);
    expect(p.avgPrice).toBe(8000);
    expect(p.openedAt).toBe(3);
  });

  it('ignores events it has no use for and unknown symbols', () => {
    const { pos } = setup();
    pos.onEvent({ ev: 'listed', symbol: 'FUN' }, 0);
    pos.onEvent({ ...trade('a', 'b', 1, 1), symbol: 'NOPE' } as ExchangeEvent, 0);
    pos.onEvent({ ev: 'deposit', account: 'a', asset: 'USD', amount: 100 }, 0);
    expect(pos.accounts()).toEqual([]);
  });
});

describe('Positions: deposits and withdrawals of the base asset', () => {
  it('a deposit enters at the mark (here the mid 99/101 → 100)', () => {
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    expect(d.deposit('mm', 'USD', 10000)).toMatchObject({ ok: true });
    expect(d.deposit('mm', 'FUN', 100)).toMatchObject({ ok: true });
    expect(d.place('mm', 'FUN', 'buy', 1, 99)).toMatchObject({ ok: true });
    expect(d.place('mm', 'FUN', 'sell', 1, 101)).toMatchObject({ ok: true });
    expect(d.deposit('bot', 'FUN', 1000)).toMatchObject({ ok: true });
    const p = d.positions.get('bot', 'FUN')!;
    expect(p.qty).toBe(1000);
    expect(p.avgPrice).toBe(10000);
    expect(p.trades).toBe(0);
    expect(p.buyLots).toBe(0);
  });

  it('with no mark yet, a deposit enters at cost 0', () => {
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    expect(d.deposit('mm', 'FUN', 100)).toMatchObject({ ok: true });
    const p = d.positions.get('mm', 'FUN')!;
    expect(p.qty).toBe(100);
    expect(p.cost).toBe(0);
    expect(p.avgPrice).toBe(0);
  });

  it('a withdrawal leaves at the mark and realizes what it made', () => {
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    expect(d.deposit('alice', 'USD', 10000)).toMatchObject({ ok: true });
    expect(d.deposit('bob', 'FUN', 100)).toMatchObject({ ok: true });
    expect(d.place('bob', 'FUN', 'sell', 10, 50)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 10, 50)).toMatchObject({ ok: true }); // alice 10 @ 50, last 50
    expect(d.place('bob', 'FUN', 'sell', 1, 80)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 1, 80)).toMatchObject({ ok: true }); // last 80, book empty → mark 80
    expect(d.withdraw('alice', 'FUN', 5)).toMatchObject({ ok: true });
    const p = d.positions.get('alice', 'FUN')!;
    expect(p.qty).toBe(6);
    // 11 @ (500 + 80)/11; 5 leave at $80: realized 5 × 80 − round(58000 × 5 / 11)
    expect(p.realized).toBe(40000 - Math.round((58000 * 5) / 11));
  });
});

describe('Positions: scale changes and persistence', () => {
  it('follows the ledger when the quote or base asset gains decimals', () => {
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    expect(d.deposit('alice', 'USD', 10000)).toMatchObject({ ok: true });
    expect(d.deposit('bob', 'FUN', 100)).toMatchObject({ ok: true });
    expect(d.place('bob', 'FUN', 'sell', 10, 50, { tif: 'GTC' })).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 10, 50)).toMatchObject({ ok: true });
    expect(d.positions.get('alice', 'FUN')!.cost).toBe(50000);
    expect(d.deposit('carol', 'USD', 0.001)).toMatchObject({ ok: true }); // USD now has 3 decimals: every USD amount × 10
    expect(d.deposit('alice', 'FUN', 0.5)).toMatchObject({ ok: true }); // FUN now has 1 decimal: half a lot
    const p = d.positions.get('alice', 'FUN')!;
    expect(p.qty).toBe(10.5);
    expect(p.units).toBe(105);
    expect(p.cost).toBe(500000 + 25000); // $500 + half a lot at $50, in mills
    expect(p.avgPrice).toBeCloseTo(5000, 9); // ticks do not change with scale
    const bob = d.positions.get('bob', 'FUN')!;
    expect(bob.sellNotional).toBe(500000);
  });

  it('state() is plain JSON and restore() gives the same positions', () => {
    const { ex, pos } = setup();
    pos.onEvent(trade('alice', 'bob', 100, 10, 'buy', 5, 1), 1);
    pos.onEvent(trade('bob', 'alice', 120, 4), 2);
    const json = JSON.parse(JSON.stringify(pos.state()));
    const again = new Positions(ex);
    again.restore(json);
    expect(again.list('alice')).toEqual(pos.list('alice'));
    expect(again.list('bob')).toEqual(pos.list('bob'));
    again.clear('alice');
    expect(again.get('alice', 'FUN')).toBeUndefined();
    expect(pos.get('alice', 'FUN')).toBeDefined();
  });
});
