import { describe, expect, it } from 'vitest';
import { MAKER_KIND } from '../bots/marketMaker';
import { NOISE_KIND } from '../bots/noiseTrader';
import { findInstrument } from '../market/instruments';
import type { Agent } from './agent';
import { agentRegistry } from './agentKinds';
import type { SimConfig } from './config';
import { PROBE_KIND, probeKind } from './probeAgent';
import { Sim } from './sim';
import { restoreSim, simStateHash, snapshotSim } from './snapshot';
import type { SimEvent } from './types';

/**
 * The agent seam's contract, run against every agent kind: what the sim
 * relies on of an agent, whatever it does. A new kind joins the table.
 */
const MIN = 60_000;
// Tuesday 2025-03-04, 15:30 New York: the stock market is open all through these runs.
const START = Date.UTC(2025, 2, 4, 15, 30);

function config(over: Partial<SimConfig>): SimConfig {
  return {
    seed: 'agents', start: START, instruments: ['FUN', 'AAPL'].map((s) => findInstrument(s)!), users: ['you'],
    noiseAccounts: 3, noiseParams: { rate: 2 }, agentKinds: [probeKind], ...over,
  };
}

const KINDS: { kind: string; cfg: SimConfig }[] = [
  { kind: MAKER_KIND, cfg: config({ noise: false }) },
  { kind: NOISE_KIND, cfg: config({}) },
  { kind: PROBE_KIND, cfg: config({ agents: [{ kind: PROBE_KIND, symbol: 'FUN' }, { kind: PROBE_KIND, symbol: 'AAPL' }] }) },
];

function agentsOf(sim: Sim, kind: string): Agent[] {
  return [...sim.markets.values()].flatMap((m) => m.agents.filter((a) => a.kind === kind));
}

/** The accounts an event concerns: a trade's buyer and seller, else its account. */
function accountsOf(e: SimEvent): string[] {
  if (e.ev === 'trade') return [e.buyer, e.seller];
  return 'account' in e ? [e.account] : [];
}

describe.each(KINDS)('agent kind $kind', ({ kind, cfg }) => {
  it('is registered, builds agents that trade, and its states read as JSON that its own check accepts', () => {
    const sim = new Sim(cfg);
    sim.step(5 * MIN);
    const agents = agentsOf(sim, kind);
    expect(agents.length).toBe(2);
    const k = agentRegistry(cfg.agentKinds).get(kind)!;
    for (const a of agents) {
      expect(a.accounts.length).toBeGreaterThan(0);
      const st = a.state();
      expect(JSON.parse(JSON.stringify(st))).toEqual(st);
      expect(k.check(JSON.parse(JSON.stringify(st)))).toBeNull();
    }
    expect(k.check({ not: 'a state' })).not.toBeNull();
    expect(k.check(null)).not.toBeNull();
    // It did something: orders of its accounts reached the exchange.
    const mine = new Set(agents.flatMap((a) => a.accounts));
    expect([...sim.ex.ledger.accounts.keys()].some((id) => mine.has(id))).toBe(true);
  });

  it('is deterministic: the same config and inputs give the same states and events', () => {
    const run = () => {
      const log: string[] = [];
      const sim = new Sim(cfg, (e, ts) => log.push(`${ts} ${JSON.stringify(e)}`));
      sim.step(3 * MIN);
      return { log, states: JSON.stringify(agentsOf(sim, kind).map((a) => a.state())), hash: simStateHash(sim) };
    };
    const a = run();
    const b = run();
    expect(b.states).toBe(a.states);
    expect(b.hash).toBe(a.hash);
    expect(b.log).toEqual(a.log);
  });

  it('round-trips its state through a snapshot: restored, it reads back the same and acts as the original', () => {
    const a = new Sim(cfg);
    a.step(2 * MIN);
    const r = restoreSim(cfg, JSON.parse(JSON.stringify(snapshotSim(a))));
    if (!r.ok) throw new Error(r.message);
    const b = r.sim;
    expect(agentsOf(b, kind).map((x) => x.state())).toEqual(agentsOf(a, kind).map((x) => x.state()));
    const logA: string[] = [];
    const logB: string[] = [];
    a.setSink((e, ts) => logA.push(`${ts} ${JSON.stringify(e)}`));
    b.setSink((e, ts) => logB.push(`${ts} ${JSON.stringify(e)}`));
    a.step(2 * MIN);
    b.step(2 * MIN);
    expect(logB).toEqual(logA);
    expect(JSON.stringify(agentsOf(b, kind).map((x) => x.state()))).toBe(JSON.stringify(agentsOf(a, kind).map((x) => x.state())));
    expect(simStateHash(b)).toBe(simStateHash(a));
  });

  it('hears every event of its own accounts of the kinds it asks for, and nothing else (or, without onEvent, is never called)', () => {
    const sim = new Sim(cfg);
    const agents = agentsOf(sim, kind);
    const heard = new Map<Agent, string[]>();
    for (const a of agents) {
      const on = a.onEvent;
      if (on === undefined) continue;
      heard.set(a, []);
      // Spy on the instance: the sim calls `agent.onEvent` by property, so this sees every delivery.
      a.onEvent = (e: SimEvent) => {
        heard.get(a)!.push(JSON.stringify(e));
        on.call(a, e);
      };
    }
    const expected = new Map<Agent, string[]>([...heard.keys()].map((a) => [a, []]));
    sim.setSink((e) => {
      for (const a of expected.keys()) {
        const wanted = a.eventKinds === undefined || a.eventKinds.includes(e.ev);
        if (wanted && accountsOf(e).some((x) => a.accounts.includes(x))) expected.get(a)!.push(JSON.stringify(e));
      }
    });
    sim.step(MIN);
    // A person trades on every market, so each maker sees trades on its own account (kinds that filter hear those too).
    for (const m of sim.markets.values()) {
      // A closed market refuses the order; an open one fills it against its maker.
      void sim.submit('you', { op: 'place', symbol: m.spec.symbol, side: 'buy', type: 'market', qty: m.spec.lot });
    }
    sim.step(2 * MIN);
    for (const [a, got] of heard) {
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(expected.get(a));
    }
    if (kind === NOISE_KIND) expect(heard.size).toBe(0);
  });

  it('takes its orders down when its market closes', () => {
    // 15:55 New York: AAPL closes at 16:00, FUN (crypto-style, always open) does not.
    const close = Date.UTC(2025, 2, 4, 20, 55);
    const sim = new Sim({ ...cfg, start: close });
    sim.step(4 * MIN);
    const aapl = sim.markets.get('AAPL')!;
    const accounts = new Set(aapl.agents.filter((a) => a.kind === kind).flatMap((a) => a.accounts));
    const liveOn = () => [...sim.ex.live.values()].filter((o) => o.inst === aapl.inst && accounts.has(o.account.id)).length;
    expect(aapl.open).toBe(true);
    expect(liveOn()).toBeGreaterThan(0);
    sim.step(2 * MIN);
    expect(aapl.open).toBe(false);
    expect(liveOn()).toBe(0);
  });
});

describe('a snapshot of a sim with agents of other kinds', () => {
  const cfg = KINDS[2].cfg;

  it('stores them as { kind, ...state } in the market’s agents list, and only then', () => {
    const a = new Sim(cfg);
    a.step(MIN);
    const snap = snapshotSim(a);
    const fun = snap.markets.find((m) => m.symbol === 'FUN')!;
    expect(fun.agents?.map((x) => x.kind)).toEqual([PROBE_KIND]);
    expect(fun.agents![0]).toEqual({ kind: PROBE_KIND, ...(agentsOf(a, PROBE_KIND)[0].state() as object) });
    const plain = snapshotSim(new Sim({ ...cfg, agents: [] }));
    for (const m of plain.markets) expect('agents' in m).toBe(false);
  });

  it('refuses an unknown kind, a built-in kind in the list, an empty list, and a bad state, with INVALID_SNAPSHOT', () => {
    const a = new Sim(cfg);
    a.step(MIN);
    const good = JSON.stringify(snapshotSim(a));
    const variant = (f: (m: { agents?: unknown[] }) => void) => {
      const s = JSON.parse(good) as { markets: { agents?: unknown[] }[] };
      f(s.markets[0]);
      return s;
    };
    const cases = [
      variant((m) => { (m.agents![0] as { kind: string }).kind = 'mystery'; }),
      variant((m) => { (m.agents![0] as { kind: string }).kind = MAKER_KIND; }),
      variant((m) => { m.agents = []; }),
      variant((m) => { (m.agents![0] as { next: unknown }).next = -1; }),
    ];
    for (const snap of cases) {
      const r = restoreSim(cfg, snap);
      expect(r).toMatchObject({ ok: false, code: 'INVALID_SNAPSHOT' });
    }
    // And without the kind registered, a snapshot holding one is refused too.
    expect(restoreSim({ ...cfg, agentKinds: [] }, JSON.parse(good))).toMatchObject({ ok: false, code: 'INVALID_SNAPSHOT' });
    expect(restoreSim(cfg, JSON.parse(good)).ok).toBe(true);
  });
});
