import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Code } from '../../core/codes';
import { Store } from '../../storage/store';
import { DurableTerminal } from '../durableTerminal';
import { METHODS, type HandlerContext } from '../handlers';
import type { SandboxPort } from './bridge';
import { disposeSandboxes, sandboxes, type SandboxEnv } from './engine';
import { SandboxHost } from './host';
import type { Request } from './messages';

/**
 * The editor's handlers over a real DurableTerminal on fake-indexeddb, and a
 * user strategy's whole path: saved code, `strategyStart` with `user:<name>`,
 * the sim's bars through the bridge to a sandbox (the real SandboxHost, in
 * this thread, answering asynchronously as a Worker does), its orders back
 * as the strategy account's journaled commands.
 */
const wall = () => Date.UTC(2025, 2, 4, 15, 0);
const terminals: DurableTerminal[] = [];
afterEach(() => {
  for (const d of terminals.splice(0)) disposeSandboxes(d.terminal);
});

/** A sandbox without a Worker: the host answers on a later task, as postMessage would. */
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

async function setUp() {
  const durable = await DurableTerminal.start(new Store(`sandbox-handlers-${Math.random()}`), wall);
  await durable.settled();
  terminals.push(durable);
  const ctx: HandlerContext = {
    durable, terminal: durable.terminal, live: { setMode: () => {}, setKeys: () => {} }, commit: () => durable.commit(), restart: async () => {},
  };
  // The bridge of this engine, made with the in-thread sandbox before any handler asks for it.
  const bridge = sandboxes(durable.terminal, durable.storage, inThread);
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a);
  return { durable, bridge, run };
}

const FLIP = `return {
  name: 'flip',
  timeframe: '1s',
  onBar(ctx) {
    ctx.log('bar ' + ctx.barIndex);
    if (ctx.position.units === 0) ctx.buy({ size: { units: 1 }, reason: 'flat' });
    else ctx.sell({ size: { units: ctx.position.units }, reason: 'held' });
  },
};`;

const tick = () => new Promise((r) => setTimeout(r, 5));

/** Steps the sim a second at a time, pumping the bridge, until `done` (or 5 s of wall time: storage is slow under load). */
async function until(sim: { step(ms: number): void }, bridge: { pump(): void }, done: () => boolean): Promise<void> {
  const end = Date.now() + 5_000;
  while (!done() && Date.now() < end) {
    sim.step(1_000);
    bridge.pump();
    await tick();
  }
}

describe('the editor\'s handlers', () => {
  it('save, list, rename, delete; bad arguments are answered and change nothing', async () => {
    const { run } = await setUp();
    expect(await run('userStrategySave', 'flip', FLIP)).toMatchObject({ ok: true, row: { name: 'flip', code: FLIP } });
    expect(await run('userStrategies')).toMatchObject({ ok: true, rows: [{ name: 'flip' }] });
    expect(await run('userStrategyRename', 'flip', 'flop')).toMatchObject({ ok: true, row: { name: 'flop' } });
    expect(await run('userStrategySave', 'bad name', FLIP)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await run('userStrategySave', 'x', 42)).toMatchObject({ ok: false, code: Code.INVALID_COMMAND, message: 'The code must be text.' });
    expect(await run('userStrategies')).toMatchObject({ ok: true, rows: [{ name: 'flop' }] });
    expect(await run('userStrategyDelete', 'flop')).toEqual({ ok: true });
    expect(await run('userStrategies')).toEqual({ ok: true, rows: [] });
  });

  it('check compiles in a sandbox: what it declares, or the error', async () => {
    const { run } = await setUp();
    expect(await run('userStrategyCheck', FLIP)).toMatchObject({ ok: true, summary: { name: 'flip', timeframe: '1s' } });
    expect(await run('userStrategyCheck', 'return {\n  name: "x",\n  onBar() { ctx. },\n};')).toMatchObject({ ok: false, message: expect.stringMatching(/^SyntaxError/) as unknown });
  });
});

describe('a user strategy in the sim', () => {
  it('runs its saved code on each closed bar; its orders are its account\'s journaled commands', async () => {
    const { durable, bridge, run } = await setUp();
    const sim = durable.terminal.sim;
    expect(await run('userStrategySave', 'flip', FLIP)).toMatchObject({ ok: true });
    const started = sim.submit(durable.terminal.account, { op: 'strategyStart', strategy: 'user:flip', symbol: 'FUN', timeframe: '1s', params: {}, budget: 5_000 });
    expect(started).toMatchObject({ ok: true, id: 'S1' });
    await until(sim, bridge, () => sim.strategies()[0].trades > 2);
    const view = sim.strategies().find((v) => v.id === 'S1')!;
    expect(view).toMatchObject({ status: 'running', strategy: 'user:flip' });
    expect(view.trades).toBeGreaterThan(2);
    expect(bridge.log('S1').slice(0, 2)).toEqual(['Loaded flip.', 'bar 1']);
    // Journaled as the strategy account's own place commands: a replay needs no code.
    const places = (sim.inputs ?? []).filter((x) => x.t === 'cmd' && x.cmd.account === 'strat:S1' && x.cmd.op === 'place');
    expect(places.length).toBeGreaterThan(2);
  });

  it('bars that queue while its sandbox is busy are decided on the account as it is then (never more than the one unit it means to hold)', async () => {
    const { durable, bridge, run } = await setUp();
    const sim = durable.terminal.sim;
    expect(await run('userStrategySave', 'flip', FLIP)).toMatchObject({ ok: true });
    expect(sim.submit(durable.terminal.account, { op: 'strategyStart', strategy: 'user:flip', symbol: 'FUN', timeframe: '1s', params: {}, budget: 5_000 })).toMatchObject({ ok: true });
    let most = 0;
    for (let i = 0; i < 12; i++) {
      sim.step(6_000); // six 1 s bars at once, as a 60× clock's tick hands them out
      bridge.pump();
      for (let j = 0; j < 8; j++) {
        await tick();
        most = Math.max(most, sim.strategyAccount('S1')!.position.units);
      }
    }
    expect(sim.strategies()[0].trades).toBeGreaterThan(4);
    expect(most).toBe(1);
  });

  it('a throw stops it with the line (strategyFail, journaled); the sim goes on', async () => {
    const { durable, bridge, run } = await setUp();
    const sim = durable.terminal.sim;
    expect(await run('userStrategySave', 'bad', 'return {\n  name: "bad",\n  onBar(ctx) {\n    ctx.nothing.here();\n  },\n};')).toMatchObject({ ok: true });
    expect(sim.submit(durable.terminal.account, { op: 'strategyStart', strategy: 'user:bad', symbol: 'FUN', timeframe: '1s', params: {}, budget: 1_000 })).toMatchObject({ ok: true });
    await until(sim, bridge, () => sim.strategies()[0].status !== 'running');
    expect(sim.strategies()[0]).toMatchObject({ status: 'error', error: { line: 4, message: expect.stringMatching(/TypeError/) as unknown } });
    expect((sim.inputs ?? []).some((x) => x.t === 'cmd' && x.cmd.op === 'strategyFail')).toBe(true);
    expect(bridge.running()).toBe(0);
    const before = sim.now;
    sim.step(1_000);
    expect(sim.now).toBe(before + 1_000);
  });

  it('code that is not saved stops it with a clear message', async () => {
    const { durable, bridge } = await setUp();
    const sim = durable.terminal.sim;
    expect(sim.submit(durable.terminal.account, { op: 'strategyStart', strategy: 'user:ghost', symbol: 'FUN', timeframe: '1s', params: {}, budget: 1_000 })).toMatchObject({ ok: true });
    await until(sim, bridge, () => sim.strategies()[0].status !== 'running');
    expect(sim.strategies()[0]).toMatchObject({ status: 'error', error: { message: expect.stringMatching(/no saved strategy named "ghost"/) as unknown } });
  });
});
