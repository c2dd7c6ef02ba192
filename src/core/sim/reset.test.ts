import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DONE } from '../exchange/order';
import { findInstrument } from '../market/instruments';
import type { SimConfig } from './config';
import { Sim } from './sim';
import { portfolioOf } from '../portfolio/valuation';
import { restoreSim, simStateHash, snapshotSim } from './snapshot';

/**
 * Issue 10, defect 5: a reset whose starting cash the ledger cannot hold
 * used to empty the account and answer ok (the deposit's refusal was
 * dropped). A reset is now refused whole, with nothing changed, or done
 * whole: the account then holds exactly the starting cash and nothing else.
 */
const START = Date.UTC(2025, 2, 4, 15, 30);

function config(): SimConfig {
  return { seed: 'reset', start: START, instruments: ['FUN', 'AAPL'].map((s) => findInstrument(s)!), users: ['you', 'ann'], noiseAccounts: 2 };
}

/** A sim a minute in where `you` holds FUN and has a resting order, with a count of the events after that. */
function setUp() {
  const sim = new Sim(config());
  sim.step(60_000);
  expect(sim.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 3 }).ok).toBe(true);
  expect(sim.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 0.01, qty: 5 }).ok).toBe(true);
  let events = 0;
  sim.setSink(() => events++);
  return { sim, events: () => events };
}

/** Every balance `you` has, in decimals, and the number of its open orders. */
function holdings(sim: Sim) {
  const acc = sim.ex.ledger.accounts.get('you')!;
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const a of sim.ex.ledger.assets) {
    const units = acc.avail[a.index] + acc.resv[a.index];
    if (units !== 0) out[a.name] = units / 10 ** a.dec;
  }
  return out;
}

const openOrders = (sim: Sim) => [...sim.ex.live.values()].filter((o) => o.account.id === 'you' && o.state !== DONE).length;

describe('reset', () => {
  it('refuses a starting cash the ledger cannot hold, says how much it can, and changes nothing', () => {
    const { sim, events } = setUp();
    const before = JSON.stringify(snapshotSim(sim));
    const r = sim.submit('you', { op: 'reset', startingCash: 1e15 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('INVALID_AMOUNT');
    expect(r.message).toMatch(/^Cannot reset you with \$1,000,000,000,000,000\.00 of starting cash: .*at most \$[\d,]+\.00 more\. Nothing was changed\.$/);
    expect(JSON.stringify(snapshotSim(sim))).toBe(before);
    expect(events()).toBe(0);
    expect(openOrders(sim)).toBe(1);

    // The most it names is what it takes.
    const most = Number(/at most \$([\d,]+)\.00/.exec(r.message)![1].replace(/,/g, ''));
    expect(sim.submit('you', { op: 'reset', startingCash: most })).toEqual({ ok: true });
    expect(holdings(sim)).toEqual({ USD: most });
    expect(sim.submit('ann', { op: 'reset', startingCash: most })).toMatchObject({ ok: false, code: 'INVALID_AMOUNT' });
  });

  it('empties every asset, cancels every order and starts again with exactly the cash', () => {
    const { sim } = setUp();
    expect(Object.keys(holdings(sim)).sort()).toEqual(['FUN', 'USD']);
    expect(sim.submit('you', { op: 'reset', startingCash: 1234.5 })).toEqual({ ok: true });
    expect(holdings(sim)).toEqual({ USD: 1234.5 });
    expect(openOrders(sim)).toBe(0);
    expect(sim.submit('you', { op: 'reset', startingCash: 0 })).toEqual({ ok: true });
    expect(holdings(sim)).toEqual({});
  });

  it('is a clean slate: no realized P&L, fees, positions or return from before, and a restore keeps it so', () => {
    const { sim } = setUp();
    expect(sim.submit('you', { op: 'place', symbol: 'FUN', side: 'sell', type: 'market', qty: 1 }).ok).toBe(true);
    const before = portfolioOf(sim.ex, sim.positions, 'you', 'USD');
    expect(before.fees).toBeGreaterThan(0);
    expect(sim.submit('you', { op: 'reset', startingCash: 5_000 })).toEqual({ ok: true });
    const after = portfolioOf(sim.ex, sim.positions, 'you', 'USD');
    expect(after).toMatchObject({ realized: 0, unrealized: 0, fees: 0, totalPnl: 0, holdings: [] });
    expect(sim.positions.list('you')).toEqual([]);
    expect(sim.netIn.get('you')).toBe(after.equity);
    expect(sim.given.get('you')).toBe(after.equity);
    expect(sim.equity.get('you')!.points().equity).toEqual([after.equity]);
    // A reload restores the same clean slate.
    const r = restoreSim(config(), JSON.parse(JSON.stringify(snapshotSim(sim))));
    if (!r.ok) throw new Error(r.message);
    expect(portfolioOf(r.sim.ex, r.sim.positions, 'you', 'USD')).toEqual(after);
    expect(simStateHash(r.sim)).toBe(simStateHash(sim));
  });

  it('refuses a bad starting cash with nothing changed', () => {
    for (const bad of [-1, NaN, Infinity, -Infinity, 1e-13]) {
      const { sim, events } = setUp();
      const before = simStateHash(sim);
      expect(sim.submit('you', { op: 'reset', startingCash: bad }).ok).toBe(false);
      expect(simStateHash(sim)).toBe(before);
      expect(events()).toBe(0);
    }
  });

  it('for any starting cash: done whole (exactly that cash, nothing else) or refused with nothing changed', () => {
    const cash = fc.oneof(
      fc.double({ min: 0, max: 1e18, noNaN: true }),
      fc.integer({ min: 0, max: 2 ** 53 }),
      fc.constantFrom(0, 1e-9, 1e-12, 1e-13, 0.1 + 0.2, 9_000_000_000, Number.MAX_SAFE_INTEGER / 1e6, 1e10, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE),
    );
    fc.assert(fc.property(cash, (c) => {
      const { sim, events } = setUp();
      const before = JSON.stringify(snapshotSim(sim));
      const r = sim.submit('you', { op: 'reset', startingCash: c });
      if (r.ok) {
        expect(holdings(sim)).toEqual(c === 0 ? {} : { USD: c });
        expect(openOrders(sim)).toBe(0);
      } else {
        expect(r.message).toMatch(/Nothing was changed\.$|^Starting cash/);
        expect(JSON.stringify(snapshotSim(sim))).toBe(before);
        expect(events()).toBe(0);
      }
    }), { numRuns: 60 });
  });
});

describe('money in the messages a person reads', () => {
  it('an over-withdrawal names the cash that can be withdrawn as money, rounded down to the cent', () => {
    const { sim } = setUp();
    expect(sim.submit('you', { op: 'deposit', amount: 0.03684 }).ok).toBe(true); // cash now has sub-cent digits
    const acc = sim.ex.ledger.accounts.get('you')!;
    const usd = sim.ex.ledger.findAsset('USD')!;
    const avail = acc.avail[usd.index] / 10 ** usd.dec;
    const r = sim.submit('you', { op: 'withdraw', amount: avail + 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('INSUFFICIENT_FUNDS');
    const shown = /^Only \$([\d,]+\.\d\d) is available to withdraw/.exec(r.message);
    expect(shown, r.message).not.toBeNull();
    const cents = Number(shown![1].replace(/,/g, ''));
    expect(cents).toBeLessThanOrEqual(avail);
    expect(avail - cents).toBeLessThan(0.01);
    expect(sim.submit('you', { op: 'withdraw', amount: cents }).ok).toBe(true); // the amount named can be withdrawn
  });
});
