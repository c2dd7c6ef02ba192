import { describe, expect, it } from 'vitest';
import { findInstrument } from '../market/instruments';
import type { Agent, AgentEnv, AgentKind } from './agent';
import type { SimConfig } from './config';
import { PROBE_KIND, probeKind } from './probeAgent';
import { Sim } from './sim';
import type { SimEvent } from './types';

/**
 * The sim sorts events by kind before it looks for listeners (sim.ts keeps
 * a flag for trades, one for cancels and one for every other kind, so the
 * events no agent reads cost two comparisons). These tests hold that sorting
 * to the seam's promise for agents that ask for kinds other than the
 * maker's: each hears exactly the events of its accounts of its kinds.
 */
const MIN = 60_000;
const START = Date.UTC(2025, 2, 4, 15, 30);

/** The probe, asking for the given kinds only. */
function probeFor(kind: string, kinds: readonly SimEvent['ev'][]): AgentKind {
  const withKinds = (a: Agent): Agent => Object.assign(a, { kind, eventKinds: kinds });
  return {
    kind,
    create: (env: AgentEnv, params: unknown) => withKinds(probeKind.create(env, params)),
    check: probeKind.check,
    restore: (env: AgentEnv, state: unknown) => withKinds(probeKind.restore(env, state)),
  };
}

function accountsOf(e: SimEvent): string[] {
  if (e.ev === 'trade') return [e.buyer, e.seller];
  return 'account' in e ? [e.account] : [];
}

/** Runs a sim with these agents (and the built-in bots) for a few minutes; what each agent heard and should have. */
function run(kinds: AgentKind[], agents: { kind: string; symbol: string }[], over: Partial<SimConfig> = {}): { heard: string[]; expected: string[] }[] {
  const cfg: SimConfig = {
    seed: 'routing', start: START, instruments: ['FUN', 'AAPL'].map((s) => findInstrument(s)!), users: ['you'],
    noiseAccounts: 3, noiseParams: { rate: 2 }, agentKinds: kinds, agents, ...over,
  };
  const sim = new Sim(cfg);
  const mine = [...sim.markets.values()].flatMap((m) => m.agents.filter((a) => agents.some((x) => x.kind === a.kind)));
  const out = mine.map(() => ({ heard: [] as string[], expected: [] as string[] }));
  mine.forEach((a, i) => {
    const on = a.onEvent!;
    a.onEvent = (e: SimEvent) => {
      out[i].heard.push(JSON.stringify(e));
      on.call(a, e);
    };
  });
  sim.setSink((e) => {
    mine.forEach((a, i) => {
      const wanted = a.eventKinds === undefined || a.eventKinds.includes(e.ev);
      if (wanted && accountsOf(e).some((x) => a.accounts.includes(x))) out[i].expected.push(JSON.stringify(e));
    });
  });
  sim.step(4 * MIN);
  return out;
}

const kindsOf = (lines: string[]) => new Set(lines.map((l) => (JSON.parse(l) as SimEvent).ev));

describe('events reach the agents that ask for their kind', () => {
  it('an agent asking for accepted and filled hears exactly those of its account (no trades, no cancels)', () => {
    const [r] = run([probeFor('quiet', ['accepted', 'filled'])], [{ kind: 'quiet', symbol: 'FUN' }]);
    expect(r.heard.length).toBeGreaterThan(0);
    expect(r.heard).toEqual(r.expected);
    expect(kindsOf(r.heard).has('accepted')).toBe(true);
    for (const k of kindsOf(r.heard)) expect(['accepted', 'filled']).toContain(k);
  });

  it('an agent asking for cancels only hears its cancels, with no maker listening to anything', () => {
    const [r] = run([probeFor('cancels', ['cancelled'])], [{ kind: 'cancels', symbol: 'FUN' }], { makers: false });
    expect(r.heard.length).toBeGreaterThan(0);
    expect(r.heard).toEqual(r.expected);
    expect(kindsOf(r.heard)).toEqual(new Set(['cancelled']));
  });

  it('agents of different kinds, one for every kind and one for trades only, each hear their own', () => {
    const out = run(
      [probeKind, probeFor('trades', ['trade'])],
      [{ kind: PROBE_KIND, symbol: 'FUN' }, { kind: 'trades', symbol: 'AAPL' }],
    );
    expect(out.length).toBe(2);
    for (const r of out) expect(r.heard).toEqual(r.expected);
    expect(kindsOf(out[0].heard).size).toBeGreaterThan(1);
    for (const k of kindsOf(out[1].heard)) expect(k).toBe('trade');
  });
});
