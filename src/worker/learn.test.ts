import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Store } from '../storage/store';
import type { BotSettingsView, QueueView } from '../protocol';
import { METHODS, type HandlerContext } from './handlers';
import { DurableTerminal } from './durableTerminal';

// The "show me" mode through the handler table, over a real DurableTerminal
// on fake-indexeddb: a learner's change of the bots is a journaled command
// (a reload finds the same market), a bad one changes nothing; the queue in
// front of the person's resting order.

let wallNow = Date.UTC(2025, 2, 4, 15, 0);
const wall = () => wallNow;

async function open(name: string) {
  const durable = await DurableTerminal.start(new Store(name), wall);
  await durable.settled();
  const commits: string[] = [];
  const ctx: HandlerContext = {
    durable,
    terminal: durable.terminal,
    live: { setMode: () => {}, setKeys: () => {} },
    commit: () => {
      commits.push('commit');
      return durable.commit();
    },
    restart: async () => {},
  };
  const run = (method: string, ...a: unknown[]) => METHODS.invoke(ctx, method, 'tab-1', a);
  return { durable, run, commits, inputs: () => durable.terminal.sim.inputs!.length };
}

function runFor(d: DurableTerminal, seconds: number): void {
  expect(d.terminal.setSpeed(10)).toMatchObject({ ok: true });
  for (let i = 0; i < seconds; i++) {
    wallNow += 100;
    d.terminal.advance(100);
  }
}

describe('the bots’ parameters through the handler table', () => {
  it('a change is journaled and answered after its commit; a reload finds the same bots and the same market', async () => {
    const name = `learn-${Math.random()}`;
    const a = await open(name);
    runFor(a.durable, 10);
    const before = (await a.run('botSettings', 'FUN')) as BotSettingsView;
    expect(before).toMatchObject({ symbol: 'FUN', spreadBps: 8, levels: 8, noiseRate: 0.25 });
    const r = await a.run('setBotParams', 'FUN', { spreadBps: 150, levels: 5, noiseRate: 1 });
    expect(r).toMatchObject({ ok: true });
    expect(a.commits.length).toBeGreaterThan(0);
    runFor(a.durable, 5);
    const after = (await a.run('botSettings', 'FUN')) as BotSettingsView;
    expect(after).toMatchObject({ spreadBps: 150, levels: 5, levelNotional: 20_000, noiseRate: 1 });
    // The maker's own quotes are now about 150 bps apart.
    expect((after.makerAsk! - after.makerBid!) / ((after.makerAsk! + after.makerBid!) / 2)).toBeGreaterThan(0.014);
    expect(await a.durable.commit()).toMatchObject({ ok: true });
    const hash = a.durable.stateHash();

    const b = await open(name);
    expect(b.durable.stateHash()).toBe(hash);
    expect(await b.run('botSettings', 'FUN')).toEqual(after);
    expect(await b.run('botSettings', 'MEME')).toMatchObject({ spreadBps: 8, levels: 8 });
  });

  it('a bad change is answered with a clear error and changes nothing', async () => {
    const { run, durable, inputs } = await open(`learn-${Math.random()}`);
    const hash = durable.stateHash();
    const n = inputs();
    for (const [symbol, change] of [
      ['FUN', { spreadBps: '150' }], ['FUN', { spreadBps: NaN }], ['FUN', null], ['FUN', []], ['FUN', {}],
      [42, { spreadBps: 10 }], ['FUN', { levels: 1000 }], ['FUN', { noiseRate: -2 }], ['FUN', { spreadBps: 0.5 }],
      ['FUN', JSON.parse('{"__proto__":{"spreadBps":1}}') as unknown],
    ] as [unknown, unknown][]) {
      const r = (await run('setBotParams', symbol, change)) as { ok: boolean; message: string };
      expect(r.ok, JSON.stringify([symbol, change])).toBe(false);
      expect(r.message.length).toBeGreaterThan(5);
    }
    const unknown = (await run('setBotParams', 'NOPE', { spreadBps: 10 })) as { ok: boolean; code: string };
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_SYMBOL' });
    expect(durable.stateHash()).toBe(hash);
    // The shape's refusals never reach the journal; the domain's are recorded (as every refused command is) and replay to nothing.
    expect(inputs()).toBeLessThanOrEqual(n + 6);
    expect(await run('botSettings', 'NOPE')).toBeNull();
  });
});

describe('queuePosition', () => {
  it('says how much rests before the person’s order at its price, and only for the person’s own resting orders', async () => {
    const { run, durable } = await open(`learn-${Math.random()}`);
    runFor(durable, 5);
    const best = durable.terminal.sim.markets.get('FUN')!.inst.bids.best()!;
    const bid = { price: best.price, qty: best.qty, count: best.count }; // the level itself changes as orders join it
    const price = bid.price / 100; // FUN's tick is 0.01
    const first = (await run('place', { symbol: 'FUN', side: 'buy', type: 'limit', qty: 2, price })) as { ok: boolean; id: string };
    const second = (await run('place', { symbol: 'FUN', side: 'buy', type: 'limit', qty: 3, price })) as { ok: boolean; id: string };
    expect(first.ok && second.ok).toBe(true);
    const q1 = (await run('queuePosition', first.id)) as QueueView;
    const q2 = (await run('queuePosition', second.id)) as QueueView;
    expect(q1).toMatchObject({ orderId: first.id, symbol: 'FUN', side: 'buy', price, qty: 2, aheadOrders: bid.count, aheadQty: bid.qty });
    expect(q2).toMatchObject({ aheadOrders: bid.count + 1, aheadQty: bid.qty + 2, qty: 3 });
    expect(await run('queuePosition', 'bot:mm:FUN.1')).toBeNull();
    expect(await run('queuePosition', 'nope')).toBeNull();
  });
});
