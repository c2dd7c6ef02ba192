import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUY } from '../exchange/order';
import { findInstrument } from '../market/instruments';
import type { RiskRules } from '../portfolio/risk';
import type { SimConfig } from './config';
import { PROBE_KIND, probeKind } from './probeAgent';
import { Sim } from './sim';
import { snapshotSim } from './snapshot';
import type { UserCommand } from './types';

/**
 * The one order path: people (`submit`), agents in units (`desk.place`) and
 * agents in decimals (`desk.submit`) all meet the account's risk rules, and a
 * command refused before the exchange changes nothing at all.
 */
const MIN = 60_000;
const START = Date.UTC(2025, 2, 4, 15, 30);
const PROBE = 'bot:probe:FUN';

function config(): SimConfig {
  return {
    seed: 'one path', start: START, instruments: ['FUN', 'AAPL'].map((s) => findInstrument(s)!), users: ['you', 'ann'],
    noiseAccounts: 2, agentKinds: [probeKind], agents: [{ kind: PROBE_KIND, symbol: 'FUN' }],
  };
}

/**
 * The sim's state as JSON, but for the counter behind people's order ids: a
 * person's order refused by a risk rule has been given its id already (it
 * always was, and journals replay on it), so the next one is numbered on.
 */
function stateBut(sim: Sim): string {
  return JSON.stringify({ ...snapshotSim(sim), userSeq: 0 });
}

/** A sim a minute in, with rules on the person and on the probe agent's account, and a count of its events. */
function setUp(rules: RiskRules) {
  const sim = new Sim(config());
  sim.step(MIN);
  expect(sim.submit('you', { op: 'setRisk', rules })).toEqual({ ok: true });
  // An agent's account gets rules the way a strategy's will: set by whoever runs it (people cannot: NOT_OWNER).
  sim.risk.set(PROBE, { ...rules });
  let events = 0;
  sim.setSink(() => events++);
  return { sim, events: () => events };
}

/** What each kind of caller sends: a limit buy of `lots` at `ticks` on FUN. */
const callers = {
  person: (sim: Sim, ticks: number, lots: number) =>
    sim.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: ticks * 0.01, qty: lots }),
  'agent in units': (sim: Sim, ticks: number, lots: number) =>
    sim.desk.place(sim.ex.ledger.account(PROBE), `${PROBE}.x${ticks}.${lots}`, sim.ex.instruments.get('FUN')!, BUY, 'limit', ticks, lots),
  'agent in decimals': (sim: Sim, ticks: number, lots: number) =>
    sim.desk.submit(PROBE, { op: 'place', id: `${PROBE}.d${ticks}.${lots}`, symbol: 'FUN', side: 'buy', type: 'limit', price: ticks * 0.01, qty: lots }),
};

describe.each(Object.entries(callers))('the one path, for a %s', (_who, send) => {
  it('applies the account’s risk rules to the order in units, and a refused order changes nothing', () => {
    const { sim, events } = setUp({ maxOrderNotional: 1_000 });
    const before = stateBut(sim);
    // $100.01 × 10 is above $1,000: refused before the exchange sees it.
    expect(send(sim, 10_001, 10)).toMatchObject({ ok: false, code: 'RISK_ORDER_NOTIONAL' });
    expect(events()).toBe(0);
    expect(stateBut(sim)).toBe(before);
    // $100.00 × 10 is exactly the limit: it goes through.
    expect(send(sim, 10_000, 10)).toMatchObject({ ok: true });
    expect(events()).toBeGreaterThan(0);
  });

  it('counts open orders across both paths', () => {
    const { sim } = setUp({ maxOpenOrders: 1 });
    // The probe may hold orders of its own already: cancel them so the count starts at zero.
    for (const o of [...sim.ex.live.values()]) if (o.account.id === PROBE) expect(sim.ex.cancel({ id: o.id, account: PROBE })).toMatchObject({ ok: true });
    expect(send(sim, 9_000, 1)).toMatchObject({ ok: true });
    expect(send(sim, 9_001, 1)).toMatchObject({ ok: false, code: 'RISK_OPEN_ORDERS' });
  });
});

describe('the one path (property)', () => {
  it('a command refused by risk rules, for any caller, leaves the sim and its events untouched', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(callers) as (keyof typeof callers)[])),
        fc.integer({ min: 9_000, max: 11_000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 100, max: 20_000 }),
        (who, ticks, lots, limit) => {
          const { sim, events } = setUp({ maxOrderNotional: limit });
          const before = stateBut(sim);
          const r = callers[who](sim, ticks, lots);
          const over = ticks * lots > limit * 100;
          expect(r.ok).toBe(!over);
          if (!r.ok) {
            expect(r.code).toBe('RISK_ORDER_NOTIONAL');
            expect(events()).toBe(0);
            expect(stateBut(sim)).toBe(before);
          }
        },
      ),
      { numRuns: 40, seed: 9 },
    );
  });
});

describe('submit', () => {
  it('checks a place once, in the journal’s order: a malformed order uses its id and is reported as a journal place would', () => {
    const sim = new Sim(config());
    const seen: string[] = [];
    sim.setSink((e) => {
      if (e.ev === 'rejected') seen.push(`${e.id} ${e.reason}`);
    });
    expect(sim.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 100.005, qty: 1 })).toMatchObject({ ok: false, code: 'INVALID_PRICE' });
    expect(seen).toEqual(['you.1 INVALID_PRICE']);
    expect(sim.ex.usedIds.has('you.1')).toBe(true);
    expect(sim.submit('you', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 100, qty: 1 })).toEqual({ ok: true, id: 'you.2' });
  });

  it('reads commands field by field: an account or other field smuggled into a command is ignored', () => {
    const sim = new Sim(config());
    sim.step(MIN);
    const ann = sim.submit('ann', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 90, qty: 1 });
    expect(ann).toMatchObject({ ok: true, id: 'ann.1' });
    // `you` tries to move ann's order by naming her account inside the command.
    const smuggled = { op: 'modify', id: 'ann.1', account: 'ann', price: 80 } as unknown as UserCommand;
    expect(sim.submit('you', smuggled)).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(sim.ex.order('ann.1')!.price).toBe(9_000);
    const place = { op: 'place', account: 'ann', symbol: 'FUN', side: 'buy', type: 'limit', price: 90, qty: 1, extra: 1 } as unknown as UserCommand;
    const r = sim.submit('you', place);
    if (!r.ok) throw new Error(r.message);
    expect(r.id).toMatch(/^you\./);
    expect(sim.ex.order(r.id!)!.account.id).toBe('you');
  });

  it('keeps agents’ accounts from people and people’s from agents', () => {
    const sim = new Sim(config());
    expect(sim.submit(PROBE, { op: 'deposit', amount: 5 })).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(sim.desk.submit('you', { op: 'deposit', amount: 5 })).toMatchObject({ ok: false, code: 'NOT_OWNER' });
    expect(sim.submit('you', { op: 'nope' } as unknown as UserCommand)).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
    expect(sim.submit('', { op: 'deposit', amount: 5 })).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
  });

  it('records { op, account, … }, and replays it and the legacy { kind, account? } alike', () => {
    const cmds: UserCommand[] = [
      { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 95, qty: 3 },
      { op: 'place', symbol: 'FUN', side: 'sell', type: 'market', qty: 1 },
      { op: 'modify', id: 'you.1', qty: 5 },
      { op: 'deposit', amount: 250 },
      { op: 'setRisk', rules: { maxOpenOrders: 4 } },
      { op: 'cancel', id: 'you.1' },
      { op: 'reset', startingCash: 5_000 },
    ];
    const a = new Sim(config(), undefined, { record: true });
    a.step(MIN);
    // The market sell is refused (no FUN yet): a refused command is recorded and replayed like the others.
    expect(cmds.map((c) => a.submit('you', c).ok)).toEqual([true, false, true, true, true, true, true]);
    const recorded = a.inputs!.filter((i) => i.t === 'cmd').map((i) => (i as { cmd: object }).cmd);
    expect(recorded.every((c) => 'op' in c && (c as unknown as { account: string }).account === 'you' && !('kind' in c))).toBe(true);

    const b = new Sim(config());
    for (const i of a.inputs!) b.replay(JSON.parse(JSON.stringify(i)));
    // The legacy form: `kind`, and no account (the first user's).
    const c = new Sim(config());
    c.step(MIN);
    for (const cmd of cmds) {
      const { op, ...fields } = cmd;
      c.replay({ t: 'cmd', cmd: { kind: op, ...fields } });
    }
    const hash = JSON.stringify(snapshotSim(a));
    expect(JSON.stringify(snapshotSim(b))).toBe(hash);
    expect(JSON.stringify(snapshotSim(c))).toBe(hash);
  });
});
