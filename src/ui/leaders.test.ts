import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LeaderRow } from '../protocol';
import { isBot, readShowBots, saveShowBots, shownLeaders, TOP } from './leaders';

const KINDS = ['you', 'person', 'maker', 'noise', 'strategy'] as const;
const row = (account: string, kind: LeaderRow['kind'], returnPct = 0): LeaderRow => ({ account, kind, equity: 100, returnPct });

describe('shownLeaders', () => {
  it('hides the bots unless asked, and ranks the rest among themselves', () => {
    const rows = [row('bot:mm:FUN', 'maker', 1), row('strat:S1', 'strategy', 0.5), row('bot:noise:1', 'noise', 0.2), row('you', 'you', 0)];
    const people = shownLeaders(rows, { bots: false, limit: TOP });
    expect(people.rows.map((r) => [r.account, r.rank])).toEqual([['strat:S1', 1], ['you', 2]]);
    expect(people.total).toBe(2);
    const all = shownLeaders(rows, { bots: true, limit: TOP });
    expect(all.rows.map((r) => [r.account, r.rank])).toEqual([['bot:mm:FUN', 1], ['strat:S1', 2], ['bot:noise:1', 3], ['you', 4]]);
  });

  it('property: keeps the worker order, at most `limit` rows, no bot unless asked, and says how many there were', () => {
    const rows = fc.array(fc.record({ account: fc.string(), kind: fc.constantFrom(...KINDS), equity: fc.double(), returnPct: fc.double() }), { maxLength: 200 });
    fc.assert(
      fc.property(rows, fc.boolean(), fc.integer({ min: 0, max: 120 }), (rs, bots, limit) => {
        const { rows: shown, total } = shownLeaders(rs, { bots, limit });
        const eligible = bots ? rs : rs.filter((r) => !isBot(r));
        expect(total).toBe(eligible.length);
        expect(shown.length).toBe(Math.min(limit, eligible.length));
        shown.forEach((r, i) => {
          expect(r.rank).toBe(i + 1);
          expect(r.account).toBe(eligible[i].account);
        });
      }),
    );
  });
});

describe('the show-bots choice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is remembered, and off when nothing (or no storage) says otherwise', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) });
    expect(readShowBots()).toBe(false);
    saveShowBots(true);
    expect(readShowBots()).toBe(true);
    saveShowBots(false);
    expect(readShowBots()).toBe(false);
    vi.stubGlobal('localStorage', { getItem: () => { throw new Error('private mode'); }, setItem: () => { throw new Error('private mode'); } });
    expect(readShowBots()).toBe(false);
    expect(() => saveShowBots(true)).not.toThrow();
  });
});
