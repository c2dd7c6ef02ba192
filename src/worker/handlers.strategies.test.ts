import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Store } from '../storage/store';
import type { StrategyView } from '../protocol';
import { METHODS, type HandlerContext } from './handlers';
import { DurableTerminal } from './durableTerminal';

// The strategy commands and reads through the handler table, over a real
// DurableTerminal on fake-indexeddb: started, listed, charted, paused,
// resumed, re-parametrised, stopped; refused ones change nothing; a reload
// finds every strategy where it was.

let wallNow = Date.UTC(2025, 2, 4, 15, 0);
const wall = () => wallNow;

async function open(name: string) {
  const durable = await DurableTerminal.start(new Store(name), wall);
  await durable.settled();
  const ctx: HandlerContext = {
    durable,
    terminal: durable.terminal,
    live: { setMode: () => {}, setKeys: () => {} },
    commit: () => durable.commit(),
    restart: async () => {},
  };
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a);
  return { durable, run, inputs: () => durable.terminal.sim.inputs!.length };
}

/** Runs the market for `minutes` of sim time at 60×, a wall second (one sim minute) at a time. */
function runFor(d: DurableTerminal, minutes: number): void {
  expect(d.terminal.setSpeed(60)).toMatchObject({ ok: true });
  for (let i = 0; i < minutes; i++) {
    wallNow += 1_000;
    d.terminal.advance(1_000);
  }
}

const SMA = { strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', params: { fast: 3, slow: 8 }, budget: 2_000 };

describe('strategies through the handler table', () => {
  it('offers the built-ins with their plain-words description and parameters', async () => {
    const { run } = await open(`strat-${Math.random()}`);
    const catalog = (await run('strategyCatalog')) as { name: string; title: string; description: string; params: object }[];
    const names = catalog.map((c) => c.name);
    for (const n of ['sma-cross', 'rsi-momentum', 'zscore-reversion', 'macd-cross']) expect(names).toContain(n);
    const sma = catalog.find((c) => c.name === 'sma-cross')!;
    expect(sma.description.length).toBeGreaterThan(20);
    expect(Object.keys(sma.params)).toEqual(expect.arrayContaining(['fast', 'slow', 'short']));
    // Plain data: it crosses to the page (structured clone) as it is.
    expect(structuredClone(catalog)).toEqual(catalog);
  });

  it('starts a strategy with its budget from the person’s cash; lists, frames, charts and ranks it', async () => {
    const { durable, run } = await open(`strat-${Math.random()}`);
    const cash0 = durable.terminal.portfolio().cash;
    const r = (await run('strategyStart', SMA)) as { ok: boolean; id: string };
    expect(r).toEqual({ ok: true, id: 'S1' });
    expect(durable.terminal.portfolio().cash).toBeCloseTo(cash0 - 2_000, 6);
    const [s] = (await run('strategies')) as StrategyView[];
    expect(s).toMatchObject({ id: 'S1', strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', status: 'running', account: 'strat:S1', budget: 2_000 });
    expect(s.params).toMatchObject({ fast: 3, slow: 8 });
    // The next frame carries the list at once (a command changed it).
    expect(durable.terminal.baseFrame().strategies?.map((x) => x.id)).toEqual(['S1']);
    expect(durable.terminal.baseFrame().strategies).toBeUndefined(); // not again within the second

    runFor(durable, 90);
    // A second later (wall time), the list rides again: figures move as it trades.
    expect(durable.terminal.baseFrame().strategies?.[0]).toMatchObject({ id: 'S1', status: 'running' });
    const [after] = (await run('strategies')) as StrategyView[];
    expect(after.trades).toBeGreaterThan(0);
    expect(after.equity).toBeCloseTo(after.budget + after.pnl, 6);
    const d = (await run('strategyDetail', 'S1')) as { equity: { t: number[]; v: number[] }; markers: { t: number; reason: string }[]; overlays: { name: string; t: number[] }[] };
    expect(d.equity.t.length).toBeGreaterThan(10);
    // Unix seconds, as the charts' candles, within the sim's run.
    const nowS = durable.terminal.sim.now / 1000;
    expect(d.equity.t.at(-1)!).toBeLessThanOrEqual(nowS);
    expect(d.equity.t.at(-1)!).toBeGreaterThan(nowS - 3_600);
    expect(d.markers.length).toBeGreaterThan(0);
    expect(d.markers.every((m) => m.reason.length > 0 && m.t <= nowS)).toBe(true);
    expect(d.overlays.length).toBeGreaterThan(0);
    expect(await run('strategyDetail', 'S99')).toBeNull();

    const board = (await run('leaderboard')) as { account: string; kind: string }[];
    expect(board.find((b) => b.account === 'strat:S1')?.kind).toBe('strategy');
    expect(board.find((b) => b.account === 'you')?.kind).toBe('you');
  });

  it('a refused start (bad parameter, too big a budget, unknown strategy or market) changes nothing, not even the journal', async () => {
    const { durable, run, inputs } = await open(`strat-${Math.random()}`);
    const hash = durable.stateHash();
    const before = inputs();
    for (const bad of [
      { ...SMA, params: { fast: 0, slow: 8 } },
      { ...SMA, params: { fast: 3, slow: 8, nope: 1 } },
      { ...SMA, budget: 1e12 },
      { ...SMA, budget: -5 },
      { ...SMA, strategy: 'no-such' },
      { ...SMA, symbol: 'NOPE' },
      { ...SMA, timeframe: '7m' },
      { ...SMA, params: { fast: NaN } },
    ]) {
      const r = (await run('strategyStart', bad)) as { ok: boolean; message: string };
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      expect(r.message.length).toBeGreaterThan(5);
    }
    const r = (await run('strategyStart', { ...SMA, params: { fast: 0, slow: 8 } })) as { message: string };
    expect(r.message).toContain('fast');
    expect(durable.stateHash()).toBe(hash);
    expect(inputs()).toBe(before);
    expect(await run('strategies')).toEqual([]);
  });

  it('pauses, resumes, changes parameters and stops; stopping gives everything back to the person', async () => {
    const { durable, run } = await open(`strat-${Math.random()}`);
    await run('strategyStart', SMA);
    runFor(durable, 40);
    const status = async () => ((await run('strategies')) as StrategyView[])[0];
    expect(await run('strategyPause', 'S1')).toEqual({ ok: true });
    expect((await status()).status).toBe('paused');
    expect(await run('strategyResume', 'S1')).toEqual({ ok: true });
    expect((await status()).status).toBe('running');
    expect(await run('strategyParams', 'S1', { fast: 4, slow: 9 })).toEqual({ ok: true });
    expect((await status()).params).toMatchObject({ fast: 4, slow: 9 });
    expect(await run('strategyParams', 'S1', { fast: -1 })).toMatchObject({ ok: false });
    expect((await status()).params).toMatchObject({ fast: 4, slow: 9 });
    expect(await run('strategyPause', 'S7')).toMatchObject({ ok: false });
    expect(await run('strategyStop', 42)).toMatchObject({ ok: false });

    const cashBefore = durable.terminal.portfolio().cash;
    const equityOfStrategy = (await status()).equity;
    expect(await run('strategyStop', 'S1')).toEqual({ ok: true });
    const s = await status();
    expect(s.status).toBe('stopped');
    // Its cash comes back as cash; what it held comes back as holdings.
    const back = durable.terminal.portfolio().cash - cashBefore;
    expect(back).toBeGreaterThan(0);
    expect(back).toBeLessThanOrEqual(equityOfStrategy + 1e-6);
    expect(await run('strategyPause', 'S1')).toMatchObject({ ok: false });
  });

  it('a short on the spot market is refused, and the card is told why', async () => {
    const { durable, run } = await open(`strat-${Math.random()}`);
    await run('strategyStart', { ...SMA, params: { fast: 3, slow: 8, short: true } });
    let s: StrategyView | undefined;
    for (let i = 0; i < 12 && s?.lastRefusal === undefined; i++) {
      runFor(durable, 15);
      [s] = (await run('strategies')) as StrategyView[];
    }
    expect(s?.status).toBe('running');
    expect(s?.lastRefusal).toMatch(/short|margin/i);
    const d = (await run('strategyDetail', 'S1')) as { log: { message: string }[] };
    expect(d.log.some((l) => /short|margin/i.test(l.message))).toBe(true);
  });

  it('a reload finds every strategy where it was (same hash, trades and curve), and they go on', async () => {
    const name = `strat-${Math.random()}`;
    const a = await open(name);
    await a.run('strategyStart', SMA);
    await a.run('strategyStart', { ...SMA, strategy: 'rsi-momentum', symbol: 'MEME', params: {}, budget: 1_000 });
    runFor(a.durable, 60);
    expect(await a.durable.commit()).toMatchObject({ ok: true });
    const hash = a.durable.stateHash();
    const list = await a.run('strategies');
    const detail = await a.run('strategyDetail', 'S1');

    const b = await open(name);
    expect(b.durable.stateHash()).toBe(hash);
    expect(await b.run('strategies')).toEqual(list);
    expect(await b.run('strategyDetail', 'S1')).toEqual(detail);
    runFor(b.durable, 5);
    expect(b.durable.terminal.sim.now).toBeGreaterThan(a.durable.terminal.sim.now);
  });
});
