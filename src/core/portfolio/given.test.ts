import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExchangeEvent } from '../exchange/events';
import { Exchange } from '../exchange/exchange';
import type { Instrument } from '../exchange/order';
import { defaultCatalogue } from '../market/instruments';
import { Sim } from '../sim/sim';
import { equityAtReference, givenValue, priceOf } from './given';
import { kindByAgent, leaderboardOf, returnOn } from './leaderboard';
import { equityOf } from './valuation';

/** FUN's reference: 10.00, i.e. 1,000 ticks of 0.01. */
const REF = 1_000;
const referenceOf = (inst: Instrument): number => (inst.symbol === 'FUN' ? REF : 0);

/** An exchange listing FUN (tick 0.01, lot 1) that adds up what each account was given, as the sim does. */
function market() {
  const given = new Map<string, number>();
  const ex: Exchange = new Exchange((e: ExchangeEvent) => {
    if (e.ev === 'deposit' || e.ev === 'withdrawal') given.set(e.account, (given.get(e.account) ?? 0) + givenValue(ex, e, 'USD', referenceOf));
  });
  expect(ex.apply({ op: 'instrument', symbol: 'FUN', base: 'FUN', quote: 'USD', tick: 0.01, lot: 1 }).ok).toBe(true);
  expect(ex.apply({ op: 'deposit', account: 'mm', asset: 'USD', amount: 1_000_000 }).ok).toBe(true);
  expect(ex.apply({ op: 'deposit', account: 'mm', asset: 'FUN', amount: 1_000 }).ok).toBe(true);
  const inst = ex.instruments.get('FUN')!;
  /** A two-sided book around `mid` (decimals, whole cents): the mark becomes `mid`. */
  const quote = (mid: number, n: number): void => {
    for (const [side, price] of [['buy', mid - 0.01], ['sell', mid + 0.01]] as const) {
      expect(ex.apply({ op: 'place', id: `q${n}${side}`, account: 'mm', symbol: 'FUN', side, type: 'limit', price, qty: 1 }).ok).toBe(true);
    }
  };
  const gain = (account: string): number => equityAtReference(ex, account, 'USD', referenceOf) - (given.get(account) ?? 0);
  return { ex, inst, given, quote, gain };
}

describe('what an account was given', () => {
  it('counts cash at face value, a holding at its mark, and a holding with no mark at its reference, not 0', () => {
    const m = market();
    expect(m.ex.apply({ op: 'deposit', account: 'bot', asset: 'FUN', amount: 5 }).ok).toBe(true);
    expect(m.given.get('bot')).toBe(5 * REF); // no mark yet: 5 × 10.00, in cents
    expect(equityOf(m.ex, 'bot', 'USD')).toBe(0); // the plain equity would call that worthless …
    expect(equityAtReference(m.ex, 'bot', 'USD', referenceOf)).toBe(5 * REF); // … the return's equity does not
    m.quote(12, 1);
    expect(priceOf(m.inst, referenceOf)).toBe(1_200);
    expect(m.ex.apply({ op: 'deposit', account: 'bot', asset: 'FUN', amount: 1 }).ok).toBe(true);
    expect(m.ex.apply({ op: 'deposit', account: 'bot', asset: 'USD', amount: 3.5 }).ok).toBe(true);
    expect(m.given.get('bot')).toBe(5 * REF + 1_200 + 350);
    expect(m.gain('bot')).toBe(6 * 1_200 + 350 - (5 * REF + 1_200 + 350)); // the first five gained 2.00 each when the market made a price
  });

  it('property: a deposit or a withdrawal, of cash or of a holding, with or without a mark, never moves the gain', () => {
    const transfer = fc.record({
      withdraw: fc.boolean(),
      cash: fc.boolean(),
      amount: fc.integer({ min: 1, max: 50_000 }), // cents, or whole FUN
      mid: fc.option(fc.integer({ min: 2, max: 500 }), { nil: undefined }), // a new two-sided book first, in whole units
    });
    fc.assert(
      fc.property(fc.array(transfer, { maxLength: 25 }), (steps) => {
        const m = market();
        let n = 0;
        for (const s of steps) {
          if (s.mid !== undefined) {
            m.ex.cancelAll('mm');
            m.quote(s.mid, ++n);
          }
          const before = m.gain('x');
          const amount = s.cash ? s.amount / 100 : s.amount;
          const r = m.ex.apply({ op: s.withdraw ? 'withdraw' : 'deposit', account: 'x', asset: s.cash ? 'USD' : 'FUN', amount });
          // A refused withdrawal changes nothing; one carried out moves equity and what was given alike.
          expect(m.gain('x')).toBe(before);
          if (!r.ok) expect(s.withdraw).toBe(true);
        }
      }),
    );
  });
});

describe('returnOn', () => {
  it('property: a deposit is never a gain and a withdrawal never a loss', () => {
    const money = fc.integer({ min: 1, max: 1e12 });
    fc.assert(
      fc.property(money, money, fc.integer({ min: -1e11, max: 1e11 }), (given, moved, gain) => {
        const before = returnOn(given + gain, given);
        // The gain stays; only the base it is measured on moves.
        const afterDeposit = returnOn(given + gain + moved, given + moved);
        expect(Math.sign(afterDeposit)).toBe(Math.sign(before));
        expect(Math.abs(afterDeposit)).toBeLessThanOrEqual(Math.abs(before));
        if (moved < given) {
          const afterWithdrawal = returnOn(given + gain - moved, given - moved);
          expect(Math.sign(afterWithdrawal)).toBe(Math.sign(before));
        }
      }),
    );
  });

  it('has no return on nothing given', () => {
    expect(returnOn(100, 0)).toBeNaN();
    expect(returnOn(100, -1)).toBeNaN();
    expect(returnOn(110, 100)).toBeCloseTo(10, 12);
  });
});

describe('bots measured against their funding', () => {
  it('start at exactly 0 % and stay within ±5 % after ten minutes of trading among themselves', () => {
    const instruments = defaultCatalogue().filter((s) => ['FUN', 'MEME', 'AAPL', 'BTCUSDT', 'ETHUSDT'].includes(s.symbol));
    // A Saturday: the stocks are closed, so AAPL's maker holds inventory in a market that never quotes.
    const sim = new Sim({ seed: 13, start: Date.UTC(2026, 0, 3, 12), instruments });
    const board = () => leaderboardOf(sim.ex, sim.given, 'USD', kindByAgent('you', (a) => sim.agentKindOf(a)), sim.referenceOf);
    for (const r of board()) expect(r.returnPct).toBe(0);
    for (let i = 0; i < 600; i++) sim.step(1_000);
    const rows = board();
    expect(rows.filter((r) => r.kind === 'noise').length).toBeGreaterThan(0);
    expect(rows.find((r) => r.kind === 'you')!.returnPct).toBe(0);
    for (const r of rows) expect(Math.abs(r.returnPct)).toBeLessThan(5);
    // netIn, which the state hash keeps as it always was, counted the bots' first inventory at 0: it would not.
    const byNetIn = leaderboardOf(sim.ex, sim.netIn, 'USD', kindByAgent('you', (a) => sim.agentKindOf(a)));
    expect(Math.max(...byNetIn.map((r) => (Number.isNaN(r.returnPct) ? 0 : r.returnPct)))).toBeGreaterThan(100);
  });
});
