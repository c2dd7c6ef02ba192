import { describe, expect, it } from 'vitest';
import { Code } from '../codes';
import { EquityHistory } from './equity';
import { accountRiskInputs, checkOrder, DEFAULT_RISK, type RiskRules } from './risk';
import { Desk } from './testkit';
import { equityOf, portfolioOf, transferValue } from './valuation';

/**
 * FUN/USD with 2 bps maker and 5 bps taker; alice has $100,000, bob 1,000 FUN.
 * The exchange picks USD's minor unit (fine enough for exact fees), so amounts
 * below are written in dollars through usd().
 */
function market(): Desk {
  const d = new Desk();
  d.list('FUN', 'FUN', 0.01, 1, { makerFeeBps: 2, takerFeeBps: 5 });
  expect(d.deposit('alice', 'USD', 100_000)).toMatchObject({ ok: true });
  expect(d.deposit('bob', 'FUN', 1000)).toMatchObject({ ok: true });
  return d;
}

/** Dollars → minor units of USD at its current scale. */
function dollars(d: Desk): (x: number) => number {
  const dec = d.ex.ledger.findAsset('USD')!.dec;
  return (x) => Math.round(x * 10 ** dec);
}

/** Minor units of USD per tick × lot of FUN. */
function ticks(d: Desk): number {
  return d.ex.instruments.get('FUN')!.notionalUnit;
}

describe('portfolioOf and equityOf on a live exchange', () => {
  it('two accounts trade; positions, cash, fees and equity add up', () => {
    const d = market();
    d.now = 1000;
    expect(d.place('bob', 'FUN', 'sell', 100, 100).ok).toBe(true); // rests
    expect(d.place('alice', 'FUN', 'buy', 60).ok).toBe(true); // market: 60 @ 100, alice taker
    expect(d.place('alice', 'FUN', 'buy', 40, 100).ok).toBe(true); // limit: 40 @ 100
    // Notional 100 × $100 = $10,000 = 1,000,000 cents. Taker 5 bps = 500, maker 2 bps = 200.
    const usd = dollars(d);
    const tick = ticks(d); // minor units per tick-lot
    const a = portfolioOf(d.ex, d.positions, 'alice');
    expect(a.cash).toBe(usd(100_000 - 10_000 - 5));
    expect(a.cashAvailable).toBe(a.cash);
    expect(a.holdings).toHaveLength(1);
    const h = a.holdings[0];
    expect(h).toMatchObject({ symbol: 'FUN', qty: 100, avgPrice: 10000, mark: 10000, value: usd(10_000), cost: usd(10_000), unrealized: 0, realized: 0, fees: usd(5) });
    expect(h.value).toBe(100 * 10000 * tick);
    expect(h.allocation).toBeCloseTo(10_000 / 99_995, 12);
    expect(a.equity).toBe(usd(100_000 - 5));
    expect(a.totalPnl).toBe(-usd(5));
    expect(equityOf(d.ex, 'alice')).toBe(a.equity);

    // Bob's FUN came in with no mark (cost 0): all he sold is realized gain, the rest unrealized.
    const b = portfolioOf(d.ex, d.positions, 'bob');
    expect(b.cash).toBe(usd(10_000 - 2));
    expect(b.holdings[0]).toMatchObject({ qty: 900, value: usd(90_000), cost: 0, unrealized: usd(90_000), realized: usd(10_000), fees: usd(2) });
    expect(b.totalPnl).toBe(usd(100_000 - 2));

    // Marks equal the trade price: equity plus fees collected is what was brought in.
    const fees = d.ex.ledger.feesCollected[d.ex.ledger.findAsset('USD')!.index];
    expect(fees).toBe(usd(7));
    expect(a.equity + b.equity + fees).toBe(usd(100_000) + 1000 * 10_000 * tick);
  });

  it('reserved cash and holdings still count; the mark moves unrealized P&L', () => {
    const d = market();
    expect(d.place('bob', 'FUN', 'sell', 100, 100)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 100, 100)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'sell', 50, 130)).toMatchObject({ ok: true }); // 50 FUN reserved
    expect(d.place('alice', 'FUN', 'buy', 10, 90)).toMatchObject({ ok: true }); // $900 + fee reserved
    const p = portfolioOf(d.ex, d.positions, 'alice');
    expect(p.cashAvailable).toBeLessThan(p.cash);
    // Two-sided book 90 / 130: mark is the mid, 110.
    expect(p.holdings[0].mark).toBe(11000);
    expect(p.holdings[0].qty).toBe(100);
    expect(p.unrealized).toBe(dollars(d)(100 * 10));
    expect(p.equity).toBe(p.cash + dollars(d)(100 * 110));
    expect(equityOf(d.ex, 'alice')).toBe(p.equity);
  });

  it('a base deposit after the market has a price enters at the mark and is not P&L', () => {
    const d = market();
    expect(d.place('bob', 'FUN', 'sell', 10, 100)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 10, 100)).toMatchObject({ ok: true });
    expect(d.deposit('carol', 'FUN', 50)).toMatchObject({ ok: true });
    const c = portfolioOf(d.ex, d.positions, 'carol');
    expect(c.holdings[0]).toMatchObject({ qty: 50, avgPrice: 10000, unrealized: 0 });
    expect(c.totalPnl).toBe(0);
    expect(c.equity).toBe(dollars(d)(50 * 100));
    expect(d.flow('carol')).toBe(c.equity);
  });

  it('counts holdings the positions never saw at the mark', () => {
    const d = market();
    expect(d.place('bob', 'FUN', 'sell', 10, 100)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 10, 100)).toMatchObject({ ok: true });
    d.positions.clear('alice'); // as if the portfolio were attached late
    const p = portfolioOf(d.ex, d.positions, 'alice');
    expect(p.holdings[0]).toMatchObject({ qty: 10, cost: dollars(d)(1000), avgPrice: 10000, unrealized: 0 });
    expect(p.equity).toBe(equityOf(d.ex, 'alice'));
  });

  it('skips instruments quoted in another asset and unknown accounts', () => {
    const d = market();
    expect(d.apply({ op: 'instrument', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: 0.01, lot: 0.001 })).toMatchObject({ ok: true });
    expect(d.deposit('alice', 'BTC', 1)).toMatchObject({ ok: true });
    expect(d.deposit('alice', 'USDT', 500)).toMatchObject({ ok: true });
    expect(portfolioOf(d.ex, d.positions, 'alice').holdings).toEqual([]);
    expect(equityOf(d.ex, 'alice')).toBe(dollars(d)(100_000));
    expect(equityOf(d.ex, 'alice', 'USDT')).toBe(500 * 10 ** d.ex.ledger.findAsset('USDT')!.dec); // BTC has no mark yet
    expect(equityOf(d.ex, 'nobody')).toBe(0);
    expect(portfolioOf(d.ex, d.positions, 'nobody')).toMatchObject({ equity: 0, cash: 0, holdings: [] });
  });

  it('transferValue: cash at face value, base at the mark, others 0', () => {
    const d = market();
    expect(d.place('bob', 'FUN', 'sell', 10, 100)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 10, 100)).toMatchObject({ ok: true });
    expect(transferValue(d.ex, { ev: 'deposit', account: 'x', asset: 'USD', amount: 123 })).toBe(123);
    expect(transferValue(d.ex, { ev: 'withdrawal', account: 'x', asset: 'FUN', amount: 2 })).toBe(-dollars(d)(200));
    expect(transferValue(d.ex, { ev: 'deposit', account: 'x', asset: 'ZZZ', amount: 2 })).toBe(0);
    expect(transferValue(d.ex, { ev: 'listed', symbol: 'FUN' })).toBe(0);
  });
});

describe('risk rules against a live exchange', () => {
  function check(d: Desk, account: string, side: 'buy' | 'sell', qty: number, price: number, rules: RiskRules, peak: number) {
    const inst = d.ex.instruments.get('FUN')!;
    return checkOrder({ rules, inst, side, qty, price, ...accountRiskInputs(d.ex, account, inst, side), equity: equityOf(d.ex, account), peak });
  }

  it('each rule refuses, with its own code', () => {
    const d = market();
    expect(d.place('bob', 'FUN', 'sell', 100, 100)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 100, 100)).toMatchObject({ ok: true });
    const peak = equityOf(d.ex, 'alice');
    expect(check(d, 'alice', 'buy', 600, 10000, DEFAULT_RISK, peak)?.code).toBe(Code.RISK_ORDER_NOTIONAL);
    const pos = { maxPositionNotional: 15_000 };
    expect(check(d, 'alice', 'buy', 50, 10000, pos, peak)).toBeNull();
    expect(check(d, 'alice', 'buy', 51, 10000, pos, peak)?.code).toBe(Code.RISK_POSITION_NOTIONAL);
    expect(check(d, 'alice', 'sell', 60, 10000, pos, peak)).toBeNull();
    // Market buy with no asks: valued at the mark (last, 100).
    expect(check(d, 'alice', 'buy', 51, 0, pos, peak)?.code).toBe(Code.RISK_POSITION_NOTIONAL);

    const few = { maxOpenOrders: 2 };
    expect(d.place('alice', 'FUN', 'buy', 1, 90)).toMatchObject({ ok: true });
    expect(check(d, 'alice', 'buy', 1, 9000, few, peak)).toBeNull();
    expect(d.place('alice', 'FUN', 'sell', 1, 110)).toMatchObject({ ok: true });
    expect(accountRiskInputs(d.ex, 'alice', d.ex.instruments.get('FUN')!, 'buy').openOrders).toBe(2);
    expect(check(d, 'alice', 'buy', 1, 9000, few, peak)?.code).toBe(Code.RISK_OPEN_ORDERS);
  });

  it('a crash past the drawdown limit halts new orders; a deposit raises the peak with the equity', () => {
    const d = market();
    const hist = new EquityHistory();
    expect(d.deposit('carol', 'USD', 100_000)).toMatchObject({ ok: true });
    expect(d.place('bob', 'FUN', 'sell', 900, 100)).toMatchObject({ ok: true });
    expect(d.place('alice', 'FUN', 'buy', 900, 100)).toMatchObject({ ok: true }); // alice all in: $90,000 of FUN
    hist.record(1, equityOf(d.ex, 'alice'));
    expect(d.place('bob', 'FUN', 'sell', 10, 40)).toMatchObject({ ok: true });
    expect(d.place('carol', 'FUN', 'buy', 10, 40)).toMatchObject({ ok: true }); // the price crashes to $40
    const equity = equityOf(d.ex, 'alice');
    hist.record(2, equity);
    const usd = dollars(d);
    expect(equity).toBe(usd(100_000 - 90_000 - 45 + 900 * 40));
    const f = check(d, 'alice', 'sell', 1, 4000, DEFAULT_RISK, hist.peak)!;
    expect(f.code).toBe(Code.RISK_DRAWDOWN);
    expect(f.message).toBe('Trading halted: equity $45,955.00 is 54.1% below its peak of $99,955.00 (limit 50%). Deposit funds or reset the account to resume.');

    // $20,000 more: equity $65,955 against a peak of $119,955 is 45% down, so trading resumes.
    const deposit = d.events.length;
    expect(d.deposit('alice', 'USD', 20_000)).toMatchObject({ ok: true });
    for (const e of d.events.slice(deposit)) hist.transfer(transferValue(d.ex, e));
    expect(hist.peak).toBe(usd(119_955));
    expect(check(d, 'alice', 'sell', 1, 4000, DEFAULT_RISK, hist.peak)).toBeNull();
  });
});
