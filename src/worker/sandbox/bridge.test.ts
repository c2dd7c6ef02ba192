import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/codes';
import type { UserCommand } from '../../core/sim/types';
import { CALL_LIMIT_MS, LOAD_LIMIT_MS, SandboxBridge, commandOf, type BridgeDeps, type ExternalBar, type SandboxPort, type StrategyInfo } from './bridge';
import type { Request } from './messages';
import type { OpenOrder } from '../../core/strategy/types';

/** A sandbox that answers as the test says (or never), and a clock the test moves. */
class FakePort implements SandboxPort {
  sent: Request[] = [];
  terminated = false;
  private onMsg: (d: unknown) => void = () => {};
  private onDie: (m: string) => void = () => {};
  post(r: Request) { this.sent.push(r); }
  onMessage(h: (d: unknown) => void) { this.onMsg = h; }
  onCrash(h: (m: string) => void) { this.onDie = h; }
  terminate() { this.terminated = true; }
  answer(a: unknown) { this.onMsg(a); }
  crash(m: string) { this.onDie(m); }
  last(): Request { return this.sent[this.sent.length - 1]; }
}

class FakeTimers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  set = (fn: () => void, ms: number) => {
    const h = this.next++;
    this.due.set(h, { at: this.now + ms, fn });
    return h;
  };
  clear = (h: unknown) => void this.due.delete(h as number);
  advance(ms: number) {
    this.now += ms;
    for (const [h, t] of [...this.due]) if (t.at <= this.now) {
      this.due.delete(h);
      t.fn();
    }
  }
  pending() { return this.due.size; }
}

const SNAP = { position: { units: 0, avgPrice: NaN, pnl: 0 }, cash: 1000, equity: 1000, openOrders: [] as OpenOrder[] };
const bar = (id: string, t: number): ExternalBar => ({ id, symbol: 'FUN', params: {}, bar: { time: t, open: 1, high: 1, low: 1, close: 1, volume: 1 }, fills: [], ...SNAP });
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(over: Partial<BridgeDeps> = {}) {
  const ports: FakePort[] = [];
  const timers = new FakeTimers();
  const bars: ExternalBar[] = [];
  const infos = new Map<string, StrategyInfo>([['S1', { strategy: 'user:mine', symbol: 'FUN', timeframe: '1m', params: {}, status: 'running', startedAt: 0 }]]);
  const sent: [string, UserCommand][] = [];
  const accounts = new Map<string, typeof SNAP>();
  const failed: [string, string, number | undefined][] = [];
  const deps: BridgeDeps = {
    spawn: () => {
      const p = new FakePort();
      ports.push(p);
      return p;
    },
    timers,
    drain: () => bars.splice(0),
    account: (id) => accounts.get(id) ?? null,
    info: (id) => infos.get(id),
    code: async (): Promise<Result<{ code: string }>> => ({ ok: true, code: 'return {}' }),
    lot: () => 0.5,
    send: (id, cmd) => {
      sent.push([id, cmd]);
      return { ok: true };
    },
    fail: (id, m, line) => void failed.push([id, m, line]),
    ...over,
  };
  const bridge = new SandboxBridge(deps);
  return { bridge, ports, timers, bars, infos, sent, failed, accounts };
}

/** Starts S1's sandbox and answers its load. */
async function loaded() {
  const s = setup();
  s.bars.push(bar('S1', 0));
  s.bridge.pump();
  await flush();
  const port = s.ports[0];
  const load = port.last();
  expect(load).toMatchObject({ t: 'load', code: 'return {}', symbol: 'FUN', timeframe: '1m', lot: 0.5, params: {} });
  port.answer({ t: 'loaded', seq: load.seq, ok: true, summary: { name: 'm', title: 'Mine', description: '', timeframe: '1m', params: {} } });
  return { ...s, port };
}

describe('SandboxBridge', () => {
  it('one sandbox per user strategy: loads its code, then sends bars one at a time; its orders become the account\'s commands', async () => {
    const s = await loaded();
    expect(s.port.last()).toMatchObject({ t: 'bar', snap: { bar: { time: 0 }, cash: 1000 } });
    expect('id' in (s.port.last() as { snap: object }).snap).toBe(false);
    s.bars.push(bar('S1', 60_000), bar('S1', 120_000));
    s.bridge.pump();
    expect(s.port.sent.filter((r) => r.t === 'bar')).toHaveLength(1); // one in flight
    const first = s.port.last();
    s.port.answer({ t: 'done', seq: first.seq, ok: true, log: ['hello'], orders: [
      { op: 'place', side: 'buy', type: 'limit', units: 2, price: 9.5, tp: 11, sl: 9, reason: 'why' },
      { op: 'cancel', id: 'o7' },
      { op: 'place', side: 'buy', type: 'market', units: -1 }, // not an order: dropped
      { op: 'withdraw', amount: 1e9 }, // not a sandbox's to ask: dropped
    ] });
    expect(s.sent).toEqual([
      ['S1', { op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', qty: 2, price: 9.5, takeProfit: 11, stopLoss: 9 }],
      ['S1', { op: 'cancel', id: 'o7' }],
    ]);
    expect(s.bridge.log('S1')).toEqual(['Loaded Mine.', 'hello']);
    expect(s.port.last()).toMatchObject({ t: 'bar', snap: { bar: { time: 60_000 } } });
    expect(s.ports).toHaveLength(1);
  });

  it('a queued bar is sent with the account as it is when it is sent (after the orders for the bars before it)', async () => {
    const s = await loaded();
    s.bars.push(bar('S1', 60_000));
    s.bridge.pump();
    const now = { ...SNAP, position: { units: 4, avgPrice: 1, pnl: 0 }, cash: 996 };
    s.accounts.set('S1', now);
    s.port.answer({ t: 'done', seq: s.port.last().seq, ok: true, log: [], orders: [] });
    expect(s.port.last()).toMatchObject({ t: 'bar', snap: { bar: { time: 60_000 }, position: { units: 4 }, cash: 996 } });
  });

  it('an answer with the wrong seq or shape is ignored: the time limit runs on', async () => {
    const s = await loaded();
    const out = s.port.last();
    s.port.answer({ t: 'done', seq: out.seq + 1, ok: true, orders: [], log: [] });
    s.port.answer({ t: 'done', seq: out.seq, ok: true, orders: 'all' });
    s.timers.advance(CALL_LIMIT_MS);
    expect(s.failed).toEqual([['S1', 'stopped: onBar ran longer than 1 s (an endless loop?)', undefined]]);
    expect(s.port.terminated).toBe(true);
  });

  it('an endless onBar: terminated after the limit, the strategy fails, the engine goes on', async () => {
    const s = await loaded();
    s.timers.advance(CALL_LIMIT_MS - 1);
    expect(s.failed).toEqual([]);
    s.timers.advance(1);
    expect(s.failed).toEqual([['S1', 'stopped: onBar ran longer than 1 s (an endless loop?)', undefined]]);
    expect(s.port.terminated).toBe(true);
    expect(s.timers.pending()).toBe(0);
    // Later bars for it are dropped; a late answer changes nothing.
    s.bars.push(bar('S1', 60_000));
    s.bridge.pump();
    expect(s.port.sent.filter((r) => r.t === 'bar')).toHaveLength(1);
    expect(s.failed).toHaveLength(1);
  });

  it('loading has its own, longer limit (an endless loop at the top of the code)', async () => {
    const s = setup();
    s.bars.push(bar('S1', 0));
    s.bridge.pump();
    await flush();
    s.timers.advance(LOAD_LIMIT_MS);
    expect(s.failed[0][1]).toMatch(/^stopped: loading it took longer than 5 s/);
  });

  it('an error from the sandbox stops the strategy with its message and line', async () => {
    const s = await loaded();
    const out = s.port.last();
    s.port.answer({ t: 'failed', seq: out.seq, ok: false, message: 'onBar threw TypeError: x is undefined', line: 7 });
    expect(s.failed).toEqual([['S1', 'onBar threw TypeError: x is undefined', 7]]);
    expect(s.port.terminated).toBe(true);
  });

  it('a crashed sandbox (out of memory) stops the strategy', async () => {
    const s = await loaded();
    s.port.crash('Uncaught RangeError: Array buffer allocation failed');
    expect(s.failed[0][1]).toBe('stopped: its sandbox crashed (Uncaught RangeError: Array buffer allocation failed); too much memory?');
    expect(s.timers.pending()).toBe(0);
  });

  it('code that cannot be read stops it; built-ins and unknown ids get no sandbox', async () => {
    const s = setup({ code: async () => ({ ok: false, code: 'INVALID_COMMAND', message: 'There is no saved strategy named "mine".' }) });
    s.infos.set('S2', { strategy: 'sma-cross', symbol: 'FUN', timeframe: '1m', params: {}, status: 'running', startedAt: 0 });
    s.bars.push(bar('S1', 0), bar('S2', 0), bar('S9', 0));
    s.bridge.pump();
    await flush();
    expect(s.ports).toHaveLength(0);
    expect(s.failed).toEqual([['S1', 'stopped: its code could not be read (There is no saved strategy named "mine".).', undefined]]);
  });

  it('a strategy stopped in the sim loses its sandbox; orders answered after a pause are not sent', async () => {
    const s = await loaded();
    s.infos.get('S1')!.status = 'paused';
    const out = s.port.last();
    s.port.answer({ t: 'done', seq: out.seq, ok: true, log: [], orders: [{ op: 'place', side: 'buy', type: 'market', units: 1 }] });
    expect(s.sent).toEqual([]);
    s.infos.get('S1')!.status = 'stopped';
    s.bridge.pump();
    expect(s.port.terminated).toBe(true);
    expect(s.bridge.running()).toBe(0);
    expect(s.failed).toEqual([]);
  });

  it('check: a fresh sandbox per check, terminated after; a loop is stopped at the limit', async () => {
    const s = setup();
    const ok = s.bridge.check('return {}');
    const p = s.ports[0];
    p.answer({ t: 'checked', seq: p.last().seq, ok: true, summary: { name: 'x', title: 'X', description: '', timeframe: '5m', params: {} } });
    expect(await ok).toEqual({ ok: true, summary: { name: 'x', title: 'X', description: '', timeframe: '5m', params: {} } });
    expect(p.terminated).toBe(true);

    const bad = s.bridge.check('let = ;');
    s.ports[1].answer({ t: 'failed', seq: s.ports[1].last().seq, ok: false, message: 'SyntaxError: Unexpected token', line: 3, column: 5 });
    expect(await bad).toEqual({ ok: false, message: 'SyntaxError: Unexpected token', line: 3, column: 5 });

    const loop = s.bridge.check('for (;;) {}');
    s.timers.advance(LOAD_LIMIT_MS);
    expect(await loop).toMatchObject({ ok: false, message: expect.stringMatching(/endless loop/) as unknown });
    expect(s.ports[2].terminated).toBe(true);
  });

  it('dispose ends every sandbox', async () => {
    const s = await loaded();
    s.bridge.dispose();
    expect(s.port.terminated).toBe(true);
    expect(s.timers.pending()).toBe(0);
  });
});

describe('commandOf', () => {
  it('maps a stop order and leaves out what was not asked', () => {
    expect(commandOf({ op: 'place', side: 'sell', type: 'stop', units: 3, stop: 8 }, 'MEME')).toEqual({ op: 'place', symbol: 'MEME', side: 'sell', type: 'stop', qty: 3, stopPrice: 8 });
  });
});

describe('SandboxBridge where no Worker can start', () => {
  it('answers the check and stops the strategy, never throws', async () => {
    const s = setup({ spawn: () => { throw new ReferenceError('Worker is not defined'); } });
    expect(await s.bridge.check('return {}')).toMatchObject({ ok: false, message: expect.stringMatching(/could not start/) as unknown });
    s.bars.push(bar('S1', 0));
    s.bridge.pump();
    await flush();
    expect(s.failed[0][1]).toMatch(/could not start/);
  });
});
