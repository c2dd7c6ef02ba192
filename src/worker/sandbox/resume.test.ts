import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { StrategyStateRow } from '../../storage/rows';
import { Store } from '../../storage/store';
import { DurableTerminal } from '../durableTerminal';
import type { SandboxBridge, SandboxPort } from './bridge';
import { disposeSandboxes, sandboxes, type SandboxEnv } from './engine';
import { SandboxHost } from './host';
import type { Request } from './messages';
import { readResumePoint } from './resume';

/**
 * A user strategy across a reload, over a real DurableTerminal on
 * fake-indexeddb and the real SandboxHost (in this thread, answering on a
 * later task as a Worker does): where its sandbox is goes with each commit,
 * and the engine started again from storage goes on from there (its count
 * in ctx.state, its indicator, the bars it had waiting), not from zero, and
 * decides no bar twice although the journal's replay hands them out again.
 */
const wall = () => Date.UTC(2025, 2, 4, 15, 0);
const terminals: DurableTerminal[] = [];
afterEach(() => {
  for (const d of terminals.splice(0)) disposeSandboxes(d.terminal);
});

const inThread: SandboxEnv = {
  spawn: (): SandboxPort => {
    const host = new SandboxHost();
    let onMsg: (d: unknown) => void = () => {};
    let dead = false;
    return {
      post: (r: Request) => void setTimeout(() => {
        const a = dead ? null : host.handle(structuredClone(r));
        if (a !== null && !dead) onMsg(structuredClone(a));
      }, 0),
      onMessage: (h) => { onMsg = h; },
      onCrash: () => {},
      terminate: () => { dead = true; },
    };
  },
  timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
};

const COUNTER = `return {
  name: 'counter',
  timeframe: '1s',
  init(ctx) { return { avg: ctx.ind.sma(5) }; },
  onBar(ctx) {
    ctx.state.bars = (ctx.state.bars ?? 0) + 1;
    ctx.log('count ' + ctx.state.bars + ' t ' + ctx.bar.time + ' ready ' + ctx.indicators.avg.ready + ' fills ' + (ctx.state.fills ?? 0));
    if (ctx.state.bars === 2) ctx.buy({ size: { units: 1 }, reason: 'once' });
  },
  onFill(ctx, fill) {
    ctx.state.fills = (ctx.state.fills ?? 0) + fill.units;
    ctx.log('fill ' + fill.side + ' ' + fill.units);
  },
};`;

async function engine(name: string): Promise<{ durable: DurableTerminal; bridge: SandboxBridge }> {
  const durable = await DurableTerminal.start(new Store(name), wall);
  await durable.settled();
  terminals.push(durable);
  const bridge = sandboxes(durable.terminal, durable.storage, inThread);
  durable.strategyStates = (at) => bridge.states(at);
  return { durable, bridge };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const counts = (log: string[]) => log.flatMap((l) => (/^count (\d+) t (\d+)/.exec(l) ?? []).slice(1, 3)).reduce<[number, number][]>((out, x, i, all) => (i % 2 === 0 ? [...out, [Number(x), Number(all[i + 1])]] : out), []);

describe('a user strategy across a reload', () => {
  it('goes on from where it was: its ctx.state, its indicators, its waiting bars; fills reached onFill', async () => {
    const name = `sandbox-resume-${Math.random()}`;
    const first = await engine(name);
    const sim = first.durable.terminal.sim;
    expect(await first.durable.storage!.userStrategies.save('counter', COUNTER)).toMatchObject({ ok: true });
    expect(sim.submit(first.durable.terminal.account, { op: 'strategyStart', strategy: 'user:counter', symbol: 'FUN', timeframe: '1m', params: {}, budget: 5_000 })).toMatchObject({ ok: true, id: 'S1' });
    for (let i = 0; i < 12; i++) {
      sim.step(60_000);
      first.bridge.pump();
      for (let j = 0; j < 4; j++) await tick();
      if (i % 3 === 0) expect(await first.durable.commit()).toMatchObject({ ok: true, saved: true });
    }
    const before = counts(first.bridge.log('S1'));
    expect(before.length).toBeGreaterThan(8);
    expect(first.bridge.log('S1')).toContain('fill buy 1');
    expect(first.bridge.log('S1').some((l) => /^count \d+ .* fills 1$/.test(l))).toBe(true);

    // Two bars close at once and the commit is taken while they are out: they are stored as waiting.
    sim.step(120_000);
    first.bridge.pump();
    expect(await first.durable.commit()).toMatchObject({ ok: true, saved: true });
    const stored = await first.durable.storage!.strategyState('S1');
    if (!stored.ok || stored.row === null) throw new Error('no stored state');
    const row: StrategyStateRow = stored.row;
    expect(row.pending.length).toBeGreaterThan(0);
    const point = readResumePoint(row, 'user:counter', sim.strategies()[0].startedAt);
    if (typeof point === 'string') throw new Error(point);
    const k = (JSON.parse(point.state!) as { mem: { bars: number } }).mem.bars;
    disposeSandboxes(first.durable.terminal);
    first.durable.terminal.sim.inputs?.splice(0);

    // The reload: the engine from storage (snapshot + journal replay, which hands every bar out again).
    const second = await engine(name);
    const sim2 = second.durable.terminal.sim;
    second.bridge.pump();
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 4; j++) await tick();
      sim2.step(60_000);
      second.bridge.pump();
    }
    for (let j = 0; j < 4; j++) await tick();
    const log = second.bridge.log('S1');
    expect(log[1]).toBe(`Resumed where it was: bar ${k}, its indicators and ctx.state as they were.`);
    const after = counts(log);
    // Not from 1: on from the stored count, one a bar, no bar twice or missed (1 m bars, one a minute).
    expect(after[0]).toEqual([k + 1, point.pending[0].bar.time]);
    after.forEach(([n, t], i) => expect([n, t]).toEqual([k + 1 + i, after[0][1] + i * 60_000]));
    expect(after.length).toBeGreaterThanOrEqual(point.pending.length + 5);
    // Warm from the first bar after it (a cold SMA(5) would say false for four bars), and it remembers its fill.
    expect(log.find((l) => l.startsWith(`count ${k + 1} `))).toMatch(/ready true fills 1$/);
  });

  it('a stored state of another run of that id, or that does not read, is not used: it starts afresh and says why', () => {
    const row: StrategyStateRow = { id: 'S1', strategy: 'user:a', startedAt: 5, at: 9, bar: 1, state: '{}', pending: [] };
    expect(readResumePoint(row, 'user:b', 5)).toBe('it was saved by another strategy of that id');
    expect(readResumePoint(row, 'user:a', 6)).toBe('it was saved by another strategy of that id');
    expect(readResumePoint({ ...row, pending: [{ bar: { time: 1 }, params: {}, fills: [] }] }, 'user:a', 5)).toBe('its waiting bars do not read');
    expect(readResumePoint({ ...row, pending: [{ bar: { time: 1, open: 1, high: 1, low: 1, close: 1, volume: 0 }, params: { n: [] }, fills: [] }] }, 'user:a', 5)).toBe('its waiting bars do not read');
    expect(readResumePoint(row, 'user:a', 5)).toEqual({ state: '{}', bar: 1, pending: [] });
  });
});
