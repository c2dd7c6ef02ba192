import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kindByAgent, leaderboardOf, leaderEntries, rankLeaders, type LeaderEntry } from './leaderboard';
import { Desk } from './testkit';
import { equityOf } from './valuation';

const entry = (account: string, equity: number, netIn: number): LeaderEntry => ({ account, equity, netIn });

describe('rankLeaders', () => {
  it('ranks by the return on what each was given, highest first, not by equity', () => {
    const rows = rankLeaders([entry('a', 90, 100), entry('b', 150, 100), entry('c', 100, 50)], kindByAgent(null, () => undefined));
    expect(rows.map((r) => r.account)).toEqual(['c', 'b', 'a']);
    expect(rows.map((r) => r.returnPct)).toEqual([100, 50, -10]);
  });

  it('breaks an equal return by higher equity, then by account name, in code-unit order', () => {
    const rows = rankLeaders([entry('b', 5, 1), entry('B', 5, 1), entry('a', 5, 1), entry('z', 50, 10)], kindByAgent(null, () => undefined));
    expect(rows.map((r) => r.account)).toEqual(['z', 'B', 'a', 'b']);
  });

  it('has no return without positive net deposits, and ranks those after every account that has one', () => {
    const rows = rankLeaders([entry('x', 10, 0), entry('y', 10, -5), entry('w', 1, 100)], kindByAgent(null, () => undefined));
    expect(rows.map((r) => r.account)).toEqual(['w', 'x', 'y']);
    expect(rows.slice(1).every((r) => Number.isNaN(r.returnPct))).toBe(true);
  });

  it('names the person, the makers, the noise traders and everyone else', () => {
    const agents = new Map([['desk-1', 'maker'], ['n7', 'noise'], ['bot:mm:FUN', 'strategy']]);
    const kindOf = kindByAgent('you', (a) => agents.get(a));
    expect(kindOf('you')).toBe('you');
    expect(kindOf('desk-1')).toBe('maker');
    expect(kindOf('n7')).toBe('noise');
    expect(kindOf('alice')).toBe('person');
    // The kind comes from the owning agent, not from how the account is named.
    expect(kindOf('bot:noise:1')).toBe('person');
    expect(kindOf('bot:mm:FUN')).toBe('person');
    expect(kindByAgent(null, () => undefined)('you')).toBe('person');
  });

  it('property: a permutation of the entries ranks the same, in a total order', () => {
    const entries = fc.uniqueArray(
      fc.record({ account: fc.string({ maxLength: 6 }), equity: fc.integer({ min: -1e9, max: 1e9 }), netIn: fc.integer({ min: -1e6, max: 1e9 }) }),
      { selector: (e) => e.account, maxLength: 30 },
    );
    fc.assert(
      fc.property(entries, (es) => {
        const kindOf = kindByAgent(null, () => undefined);
        const rows = rankLeaders(es, kindOf);
        expect(rankLeaders([...es].reverse(), kindOf)).toEqual(rows);
        expect(rows).toHaveLength(es.length);
        for (let i = 1; i < rows.length; i++) {
          const [p, q] = [rows[i - 1], rows[i]];
          const [pn, qn] = [Number.isNaN(p.returnPct), Number.isNaN(q.returnPct)];
          const sameReturn = pn === qn && (pn || p.returnPct === q.returnPct);
          const before = (!pn && qn) || (!pn && !qn && p.returnPct > q.returnPct)
            || (sameReturn && (p.equity > q.equity || (p.equity === q.equity && p.account < q.account)));
          expect(before).toBe(true);
        }
      }),
    );
  });
});

describe('leaderboardOf on an exchange', () => {
  it('ranks every account of the ledger on its equity in the cash asset', () => {
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    expect(d.deposit('alice', 'USD', 1_000)).toMatchObject({ ok: true });
    expect(d.deposit('bob', 'FUN', 20)).toMatchObject({ ok: true });
    expect(d.deposit('you', 'USD', 500)).toMatchObject({ ok: true });
    expect(d.place('bob', 'FUN', 'sell', 10, 10).ok).toBe(true);
    expect(d.place('alice', 'FUN', 'buy', 10).ok).toBe(true); // trades at 10: the mark is 10
    const netIn = new Map([['alice', d.flow('alice')], ['you', d.flow('you')]]);
    const rows = leaderboardOf(d.ex, netIn, 'USD', kindByAgent('you', () => undefined));
    expect(rows.map((r) => r.account)).toEqual(['alice', 'you', 'bob']);
    expect(rows.map((r) => r.kind)).toEqual(['person', 'you', 'person']);
    for (const r of rows) expect(r.equity).toBe(equityOf(d.ex, r.account, 'USD'));
    expect(rows[0].returnPct).toBe(0); // a trade at the mark, no fees: no gain
    expect(rows[2].returnPct).toBeNaN(); // bob's FUN was never counted into netIn here
    expect(leaderEntries(d.ex, netIn, 'USD').find((e) => e.account === 'bob')?.netIn).toBe(0);
  });
});
