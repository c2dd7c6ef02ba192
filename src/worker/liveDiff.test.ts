import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Store } from '../storage/store';
import type { ApiResult, StrategyDetail, StrategyView, StrategyVsBacktest } from '../protocol';
import { METHODS, type HandlerContext } from './handlers';
import { DurableTerminal } from './durableTerminal';

// strategyVsBacktest through the handler table, over a real DurableTerminal:
// the SMA crossover trades FUN for 90 sim minutes, then its live run is put
// beside a backtest of it over the same bars. A read: nothing is journaled.

let wallNow = Date.UTC(2025, 2, 4, 15, 0);

async function open(name: string) {
  const durable = await DurableTerminal.start(new Store(name), () => wallNow);
  await durable.settled();
  const ctx: HandlerContext = {
    durable, terminal: durable.terminal, live: { setMode: () => {}, setKeys: () => {} }, commit: () => durable.commit(), restart: async () => {},
  };
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a);
  return { durable, run, inputs: () => durable.terminal.sim.inputs!.length };
}

function runFor(d: DurableTerminal, minutes: number): void {
  expect(d.terminal.setSpeed(60)).toMatchObject({ ok: true });
  for (let i = 0; i < minutes; i++) {
    wallNow += 1_000;
    d.terminal.advance(1_000);
  }
}

const SMA = { strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', params: { fast: 3, slow: 8 }, budget: 2_000 };

describe('strategyVsBacktest', () => {
  it('answers the live run beside its backtest, signal by signal, in the protocol\'s shapes (Unix seconds)', async () => {
    const { durable, run, inputs } = await open(`livediff-${Math.random()}`);
    expect(await run('strategyStart', SMA)).toEqual({ ok: true, id: 'S1' });
    runFor(durable, 90);
    const before = inputs();
    const r = (await run('strategyVsBacktest', 'S1')) as ApiResult<{ comparison: StrategyVsBacktest }>;
    if (!r.ok) throw new Error(r.message);
    const c = r.comparison;
    expect(inputs()).toBe(before);
    const [view] = (await run('strategies')) as StrategyView[];
    const detail = (await run('strategyDetail', 'S1')) as StrategyDetail;
    expect(c).toMatchObject({ id: 'S1', symbol: 'FUN', timeframe: '1m', startEquity: 2_000, feeRate: 0.0005, partial: null });
    // The bars its runner saw, in seconds as its chart has them.
    expect(c.from).toBe(detail.equity.t[0]);
    expect(c.to).toBe(detail.equity.t[detail.equity.t.length - 1]);
    expect(c.bars).toBe(detail.equity.t.length);
    const s = c.summary;
    // Live: its equity at the last compared bar's close (its curve's last point), less its budget.
    expect(s.livePnl).toBeCloseTo(detail.equity.v[detail.equity.v.length - 1] - view.budget, 9);
    expect(s.matched).toBeGreaterThan(5);
    expect(s.fromSlippage + s.fromFees + s.fromOther).toBeCloseTo(s.difference, 9);
    expect(c.rows.length).toBe(s.matched + s.missedLive + s.extraLive);
    for (const row of c.rows) {
      expect(row.t).toBeGreaterThanOrEqual(c.from);
      expect(row.t).toBeLessThanOrEqual(c.to);
      if (row.live !== null) expect(row.live.t).toBeGreaterThan(row.t); // filled live just after the bar that sent it closed
    }
    // Plain data: it crosses to the page (structured clone) as it is.
    expect(structuredClone(c)).toEqual(c);
  });

  it('refuses a bad argument, an unknown strategy and user code with an answer, changing nothing', async () => {
    const { durable, run, inputs } = await open(`livediff-${Math.random()}`);
    await run('strategyStart', { ...SMA, strategy: 'user:mine', params: {} });
    runFor(durable, 5);
    const before = inputs();
    for (const bad of [42, null, undefined, {}]) expect(await run('strategyVsBacktest', bad)).toMatchObject({ ok: false, code: 'UNKNOWN_STRATEGY' });
    expect(await run('strategyVsBacktest', 'S9')).toEqual({ ok: false, code: 'UNKNOWN_STRATEGY', message: 'No strategy "S9".' });
    expect(await run('strategyVsBacktest', 'S1')).toMatchObject({ ok: false, code: 'INVALID_COMMAND', message: expect.stringMatching(/runs your own code/) as unknown });
    expect(inputs()).toBe(before);
  });
});
