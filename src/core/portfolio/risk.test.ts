import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../codes';
import type { Instrument } from '../exchange/order';
import { checkOrder, DEFAULT_RISK, validateRules, type OrderRiskInput } from './risk';
import { Desk } from './testkit';

function fun(): Instrument {
  const d = new Desk();
  d.list('FUN', 'FUN', 0.01, 1);
  return d.ex.instruments.get('FUN')!;
}

/** $100,000 account, flat, no orders, at its peak; FUN at $100 (10000 ticks, 1 cent per tick-lot). */
function input(over: Partial<OrderRiskInput> = {}): OrderRiskInput {
  return {
    rules: DEFAULT_RISK, inst: fun(), side: 'buy', qty: 10, price: 10000, refPrice: 10000,
    position: 0, openOrders: 0, equity: 10_000_000, peak: 10_000_000, ...over,
  };
}

describe('validateRules', () => {
  it('accepts the defaults, empty rules and nulls (no limit)', () => {
    expect(validateRules(DEFAULT_RISK)).toBeNull();
    expect(validateRules({})).toBeNull();
    expect(validateRules({ maxOrderNotional: null, maxDrawdownPct: 100 })).toBeNull();
  });

  it.each([
    [null],
    [[1]],
    [{ maxOrderNotional: 0 }],
    [{ maxOrderNotional: -5 }],
    [{ maxPositionNotional: Infinity }],
    [{ maxOpenOrders: 2.5 }],
    [{ maxOpenOrders: 0 }],
    [{ maxDrawdownPct: 0 }],
    [{ maxDrawdownPct: 101 }],
    [{ maxDrawdownPct: '50' }],
    [{ maxLeverage: 3 }],
  ])('refuses %j with INVALID_SETTING', (r) => {
    const f = validateRules(r);
    expect(f?.code).toBe(Code.INVALID_SETTING);
    expect(f?.ok).toBe(false);
    expect(f?.message.length).toBeGreaterThan(10);
  });
});

describe('checkOrder', () => {
  it('passes an ordinary order', () => {
    expect(checkOrder(input())).toBeNull();
  });

  it('order notional: qty × price × notionalUnit against the limit', () => {
    expect(checkOrder(input({ qty: 500 }))).toBeNull(); // exactly $50,000
    const f = checkOrder(input({ qty: 501 }))!;
    expect(f.code).toBe(Code.RISK_ORDER_NOTIONAL);
    expect(f.message).toBe('This order is worth $50,100.00, above the limit of $50,000.00 per order. Lower the quantity, or raise the limit in the risk settings.');
  });

  it('values a market order at the reference price and a stop at its stop price', () => {
    expect(checkOrder(input({ qty: 400, price: 0, refPrice: 20000 }))?.code).toBe(Code.RISK_ORDER_NOTIONAL);
    expect(checkOrder(input({ qty: 400, price: 0, refPrice: 10000 }))).toBeNull();
    expect(checkOrder(input({ qty: 400, price: 0, stopPrice: 13000, refPrice: 10000 }))?.code).toBe(Code.RISK_ORDER_NOTIONAL);
    // Nothing to value it at: let the exchange cancel it for want of liquidity.
    expect(checkOrder(input({ qty: 1e6, price: 0, refPrice: 0 }))).toBeNull();
  });

  it('position notional: only when the order adds exposure', () => {
    const rules = { maxPositionNotional: 100_000 };
    expect(checkOrder(input({ rules, position: 900, qty: 100 }))).toBeNull(); // $100,000 exactly
    const f = checkOrder(input({ rules, position: 900, qty: 101 }))!;
    expect(f.code).toBe(Code.RISK_POSITION_NOTIONAL);
    expect(f.message).toContain('take your FUN position to $100,100.00, above the limit of $100,000.00 per position');
    // Selling down from above the limit is always fine.
    expect(checkOrder(input({ rules, position: 2000, side: 'sell', qty: 500 }))).toBeNull();
    // Selling through zero into a larger short adds exposure.
    expect(checkOrder(input({ rules, position: 100, side: 'sell', qty: 1200 }))?.code).toBe(Code.RISK_POSITION_NOTIONAL);
  });

  it('open orders: the limit-th open order is the last one allowed', () => {
    const rules = { maxOpenOrders: 3 };
    expect(checkOrder(input({ rules, openOrders: 2 }))).toBeNull();
    const f = checkOrder(input({ rules, openOrders: 3 }))!;
    expect(f.code).toBe(Code.RISK_OPEN_ORDERS);
    expect(f.message).toBe('You already have 3 open orders and the limit is 3. Cancel some first, or raise the limit in the risk settings.');
  });

  it('drawdown: halts new orders and says why, in words a person reads', () => {
    expect(checkOrder(input({ equity: 5_000_000 }))).toBeNull(); // exactly 50% down is still allowed
    const f = checkOrder(input({ equity: 4_800_000 }))!;
    expect(f.code).toBe(Code.RISK_DRAWDOWN);
    expect(f.message).toBe('Trading halted: equity $48,000.00 is 52% below its peak of $100,000.00 (limit 50%). Deposit funds or reset the account to resume.');
    // Even a reducing order: the halt is on new orders.
    expect(checkOrder(input({ equity: 4_800_000, side: 'sell', position: 10 }))?.code).toBe(Code.RISK_DRAWDOWN);
    // The shown figure is rounded up, so it never reads as inside the limit.
    expect(checkOrder(input({ equity: 4_999_999 }))!.message).toContain('is 50.1% below');
    // No peak yet: nothing to measure against.
    expect(checkOrder(input({ equity: 0, peak: 0 }))).toBeNull();
  });

  it('checks in a fixed order: drawdown, open orders, order value, position value', () => {
    const all = input({ equity: 1, openOrders: 999, qty: 10_000, position: 10_000 });
    expect(checkOrder(all)?.code).toBe(Code.RISK_DRAWDOWN);
    expect(checkOrder({ ...all, equity: all.peak })?.code).toBe(Code.RISK_OPEN_ORDERS);
    expect(checkOrder({ ...all, equity: all.peak, openOrders: 0 })?.code).toBe(Code.RISK_ORDER_NOTIONAL);
    expect(checkOrder({ ...all, equity: all.peak, openOrders: 0, qty: 100 })?.code).toBe(Code.RISK_POSITION_NOTIONAL);
  });

  it('reads money limits as whole cash units, whatever the cash scale', () => {
    // USD at 8 decimals (a fine crypto tick listed): one tick-lot is now 10^6 minor units.
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    d.list('SHIB', 'SHIB', 0.00000001, 1);
    const inst = d.ex.instruments.get('FUN')!;
    expect(inst.quote.dec).toBe(8);
    const f = checkOrder(input({ inst, qty: 501, equity: 1e13, peak: 1e13 }))!;
    expect(f.message).toContain('worth $50,100.00, above the limit of $50,000.00');
    expect(checkOrder(input({ inst, qty: 500, equity: 1e13, peak: 1e13 }))).toBeNull();
  });

  it('no rules, no limits', () => {
    expect(checkOrder(input({ rules: {}, qty: 1e9, openOrders: 1e6, equity: 1, position: 1e9 }))).toBeNull();
  });
  it('never prints Infinity, NaN or exponent digits: an order too large to count is worded', () => {
    const huge = [1e300, Number.MAX_VALUE, 1e17, Infinity];
    for (const qty of huge) {
      for (const over of [{ qty }, { qty, rules: { maxPositionNotional: 100_000 } }, { qty: 1, price: qty }]) {
        const f = checkOrder(input(over));
        expect(f).not.toBeNull();
        expect(f!.message).not.toMatch(/Infinity|In,fin|NaN|e\+|e,\+/);
      }
    }
    expect(checkOrder(input({ qty: Infinity }))!.message).toContain('worth more than $1,000,000,000,000,000.00, above the limit of $50,000.00');
    // A limit set very high reads the same way.
    const f = checkOrder(input({ qty: 1e300, rules: { maxOrderNotional: 1e200 } }))!;
    expect(f.message).toMatch(/^This order is worth more than \$1,000,000,000,000,000\.00, above the limit of more than \$1,000/);
  });

  it('fc: every risk message is plain text for any finite or infinite order', () => {
    fc.assert(fc.property(
      fc.double({ min: 1, noNaN: true }), fc.double({ min: 1, noNaN: true }), fc.integer({ min: -1e9, max: 1e9 }),
      (qty, price, position) => {
        const f = checkOrder(input({ qty, price, position, rules: { ...DEFAULT_RISK, maxDrawdownPct: null } }));
        if (f !== null) expect(f.message).not.toMatch(/Infinity|NaN|e\+|e,\+/);
      },
    ));
  });
});
