import { describe, expect, it } from 'vitest';
import { findInstrument } from '../market/instruments';
import type { Agent, AgentEnv, AgentKind } from './agent';
import { Sim } from './sim';
import { SimBroker } from './simBroker';
import { checkStrategyState } from './strategyState';
import { snapshotSim } from './snapshot';

/** A sim with one agent that owns `strat:T1` and hands the test its market's env. */
function setup(): { sim: Sim; broker: SimBroker } {
  let env: AgentEnv | undefined;
  const holder: AgentKind = {
    kind: 'holder',
    create(e) {
      env = e;
      void e.desk.fund('strat:T1', 'USD', 50_000); // test setup: a refused funding fails the checks below
      const a: Agent = { kind: 'holder', accounts: ['strat:T1'], onStep: () => {}, state: () => ({}) };
      return a;
    },
    check: () => null,
    restore: () => {
      throw new Error('not restored in this test');
    },
  };
  const sim = new Sim({ seed: 3, start: Date.UTC(2025, 0, 6), instruments: [findInstrument('FUN')!], agentKinds: [holder], agents: [{ kind: 'holder', symbol: 'FUN' }] });
  sim.step(5_000);
  return { sim, broker: new SimBroker('strat:T1', env!) };
}

describe('SimBroker', () => {
  it('reads the account in decimals and sends orders through the sim’s order path, with the exchange’s brackets', () => {
    const { sim, broker } = setup();
    expect(broker.allowsShort).toBe(false);
    expect(broker.cash()).toBe(50_000);
    expect(broker.equity()).toBe(50_000);
    expect(broker.position()).toEqual({ units: 0, avgPrice: NaN, pnl: 0 });
    expect(broker.roundUnits(3.9999999999)).toBe(4);
    expect(broker.roundUnits(2.5)).toBe(2);
    expect(broker.roundUnits(-1)).toBe(0);

    const limit = broker.submit('buy', 'limit', 3, 50, undefined, 'low bid');
    expect(limit).toEqual({ ok: true, id: 'strat:T1.1' });
    const stop = broker.submit('buy', 'stop', 2, undefined, 500, 'breakout');
    expect(stop.ok).toBe(true);
    expect(broker.openOrders()).toEqual([
      { id: 'strat:T1.1', side: 'buy', type: 'limit', units: 3, filledUnits: 0, price: 50 },
      { id: 'strat:T1.2', side: 'buy', type: 'stop', units: 2, filledUnits: 0, stopPrice: 500 },
    ]);
    expect(broker.cash()).toBeLessThan(50_000); // the limit's escrow
    expect(broker.cancel('strat:T1.1')).toEqual({ ok: true, id: 'strat:T1.1' });
    expect(broker.cancel('strat:T1.1').ok).toBe(false);
    expect(broker.openOrders().map((o) => o.id)).toEqual(['strat:T1.2']);

    const entry = broker.submit('buy', 'market', 10, undefined, undefined, 'entry', { tp: 150, sl: 60 });
    expect(entry.ok).toBe(true);
    const pos = broker.position();
    expect(pos.units).toBe(10);
    expect(pos.avgPrice).toBeGreaterThan(90);
    const legs = broker.openOrders().filter((o) => o.id.startsWith('strat:T1.3'));
    expect(legs).toEqual([
      { id: 'strat:T1.3:tp', side: 'sell', type: 'limit', units: 10, filledUnits: 0, price: 150, reason: 'take-profit' },
      { id: 'strat:T1.3:sl', side: 'sell', type: 'stop', units: 10, filledUnits: 0, stopPrice: 60, reason: 'stop-loss' },
    ]);
    const refused = broker.submit('buy', 'limit', 1e6, 100, undefined, 'too big');
    expect(refused.ok).toBe(false);
    expect(sim.agentKindOf('strat:T1')).toBe('holder');
  });
});

describe('a strategy agent’s saved state', () => {
  it('is checked field by field before anything is built from it', () => {
    const sim = new Sim({ seed: 1, start: Date.UTC(2025, 0, 6), instruments: [findInstrument('FUN')!] });
    expect(sim.submit('you', { op: 'strategyStart', strategy: 'sma-cross', symbol: 'FUN', budget: 1000 }).ok).toBe(true);
    expect(sim.submit('you', { op: 'strategyStart', strategy: 'user:x', symbol: 'FUN', budget: 1000 }).ok).toBe(true);
    sim.step(120_000);
    const [builtin, user] = (JSON.parse(JSON.stringify(snapshotSim(sim))) as { markets: { agents: Record<string, unknown>[] }[] }).markets[0].agents.map(({ kind: _k, ...s }) => s);
    expect(checkStrategyState(builtin)).toBeNull();
    expect(checkStrategyState(user)).toBeNull();
    const spoilt: [Record<string, unknown>, (s: Record<string, unknown>) => void, RegExp][] = [
      [builtin, (s) => (s.strategy = 'moon'), /is not a built-in strategy/],
      [builtin, (s) => (s.ext = {}), /.ext should be null for a built-in/],
      [builtin, (s) => (s.fills = [{ orderId: 'a', side: 'buy', units: 1, price: 1, fee: 0, time: 0, extra: 1 }]), /.extra is not a field of a fill/],
      [builtin, (s) => (s.fills = [{ orderId: 'a', side: 'up', units: 1, price: 1, fee: 0, time: 0 }]), /should be one of/],
      [builtin, (s) => (s.timeframe = '2m'), /timeframe/],
      [builtin, (s) => (s.lastClose = 'x'), /lastClose/],
      [user, (s) => (s.runner = {}), /.runner should be null for user code/],
      [user, (s) => (s.ext = 1), /.ext should be an object for user code/],
      [user, (s) => ((s.ext as Record<string, unknown>).status = 'gone'), /.ext.status/],
      [user, (s) => ((s.ext as Record<string, unknown>).error = { message: 'x', line: -1 }), /.ext.error.line/],
      [user, (s) => ((s.ext as Record<string, unknown>).params = { a: [] }), /.ext.params/],
      [user, (s) => ((s.ext as Record<string, unknown>).history = {}), /.ext.history/],
    ];
    for (const [base, spoil, want] of spoilt) {
      const s = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
      spoil(s);
      expect(checkStrategyState(s), String(want)).toMatch(want);
    }
    expect(checkStrategyState(null)).toMatch(/should be an object/);
  });
});
