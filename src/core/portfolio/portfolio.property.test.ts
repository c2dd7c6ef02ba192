import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Desk } from './testkit';
import { equityOf, portfolioOf } from './valuation';

/**
 * Random sessions on a real exchange: three accounts trade two instruments
 * (one with fractional lots), cancel, move cash and holdings in and out, and
 * sometimes force an asset to a finer scale. After every step:
 * - each position's quantity is exactly the account's base balance;
 * - net P&L (realized + unrealized − fees) is exactly equity minus what was
 *   brought in (cash at face value, holdings at the mark when they moved);
 * - equityOf agrees with portfolioOf;
 * - Σ equity + fees collected = everything deposited less withdrawn, at the marks.
 */

const ACCOUNTS = ['a', 'b', 'c'] as const;
const SYMBOLS = [
  { symbol: 'FUN', lot: 1, mid: 100 },
  { symbol: 'BTC', lot: 0.001, mid: 1000 },
] as const;

const account = fc.constantFrom(...ACCOUNTS);
const sym = fc.constantFrom(0, 1);
const op = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('place' as const), account, sym, buy: fc.boolean(), market: fc.nat(3).map((x) => x === 0), off: fc.integer({ min: -100, max: 100 }), lots: fc.integer({ min: 1, max: 40 }), tif: fc.constantFrom('GTC', 'GTC', 'GTC', 'IOC', 'FOK') }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('cancel' as const), n: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('deposit' as const, 'withdraw' as const), account, sym, lots: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('cashIn' as const, 'cashOut' as const), account, dollars: fc.integer({ min: 1, max: 20_000 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('finerCash' as const, 'finerBase' as const), account }) },
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Runs a session, checking after every step; returns how many trades happened. */
function run(ops: Op[]): number {
  const d = new Desk();
  d.list('FUN', 'FUN', 0.01, 1, { makerFeeBps: 2, takerFeeBps: 5 });
  d.list('BTC', 'BTC', 0.01, 0.001, { makerFeeBps: 10, takerFeeBps: 10 });
  for (const acc of ACCOUNTS) {
    expect(d.deposit(acc, 'USD', 50_000)).toMatchObject({ ok: true });
    expect(d.deposit(acc, 'FUN', 200)).toMatchObject({ ok: true });
    expect(d.deposit(acc, 'BTC', 1)).toMatchObject({ ok: true });
  }
  const placed: { id: string; account: string }[] = [];
  for (const o of ops) {
    d.now += 1000;
    // Random operations: a reject (funds short, the order gone, a finer amount refused) is a legal outcome, so
    // results are dropped on purpose; the invariants are checked after every step below.
    switch (o.k) {
      case 'place': {
        const s = SYMBOLS[o.sym];
        const id = `p${placed.length + 1}`;
        const price = Math.round((s.mid + o.off / 100) * 100) / 100;
        void d.apply({
          op: 'place', id, account: o.account, symbol: s.symbol, side: o.buy ? 'buy' : 'sell',
          type: o.market ? 'market' : 'limit', price: o.market ? undefined : price, qty: o.lots * s.lot, tif: o.tif,
        });
        placed.push({ id, account: o.account });
        break;
      }
      case 'cancel': {
        if (placed.length === 0) break;
        const c = placed[o.n % placed.length];
        void d.apply({ op: 'cancel', id: c.id, account: c.account });
        break;
      }
      case 'deposit':
      case 'withdraw': {
        const s = SYMBOLS[o.sym];
        void d.apply({ op: o.k, account: o.account, asset: s.symbol, amount: o.lots * s.lot });
        break;
      }
      case 'cashIn':
      case 'cashOut':
        void d.apply({ op: o.k === 'cashIn' ? 'deposit' : 'withdraw', account: o.account, asset: 'USD', amount: o.dollars });
        break;
      case 'finerCash':
        void d.deposit(o.account, 'USD', 0.000000001);
        break;
      case 'finerBase':
        void d.deposit(o.account, 'FUN', 0.5);
        break;
    }
    check(d);
  }
  return d.events.filter((e) => e.ev === 'trade').length;
}

function check(d: Desk): void {
  const { ledger } = d.ex;
  const usd = ledger.findAsset('USD')!;
  let sumEquity = 0;
  for (const acc of ACCOUNTS) {
    const a = ledger.accounts.get(acc)!;
    for (const { symbol } of SYMBOLS) {
      const inst = d.ex.instruments.get(symbol)!;
      const units = a.avail[inst.base.index] + a.resv[inst.base.index];
      expect(d.positions.get(acc, symbol)?.units ?? 0).toBe(units);
    }
    const p = portfolioOf(d.ex, d.positions, acc);
    expect(p.totalPnl).toBe(p.equity - d.flow(acc));
    expect(equityOf(d.ex, acc)).toBe(p.equity);
    sumEquity += p.equity;
  }
  let brought = ledger.deposited[usd.index] - ledger.withdrawn[usd.index];
  for (const { symbol } of SYMBOLS) {
    const inst = d.ex.instruments.get(symbol)!;
    const units = ledger.deposited[inst.base.index] - ledger.withdrawn[inst.base.index];
    const lots = units / inst.lotUnit;
    const bid = inst.bids.best();
    const ask = inst.asks.best();
    const mid = bid && ask ? (bid.price + ask.price) / 2 : inst.last;
    brought += lots * mid * inst.notionalUnit;
  }
  // Each account's holding is rounded on its own: at most half a minor unit apart per (account, instrument).
  expect(Math.abs(sumEquity + ledger.feesCollected[usd.index] - brought)).toBeLessThanOrEqual(ACCOUNTS.length * SYMBOLS.length * 0.5);
}

describe('portfolio on random sessions (property)', () => {
  it('positions match balances; net P&L is equity less contributions; value is conserved', () => {
    let trades = 0;
    fc.assert(fc.property(fc.array(op, { minLength: 10, maxLength: 80, size: 'medium' }), (ops) => {
      trades += run(ops);
    }), { numRuns: 100 });
    expect(trades).toBeGreaterThan(100); // the sessions do trade
  });
});
