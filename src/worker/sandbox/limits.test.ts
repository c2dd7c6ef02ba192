import { describe, expect, it } from 'vitest';
import type { ExternalBar } from '../../core/sim/agent';
import { CALL_LIMIT_MS, SandboxBridge, type BridgeDeps } from './bridge';
import { spawnNodeSandbox } from './nodeSandbox';

/**
 * The sandbox's limits with a real thread (Node's worker_threads running the
 * same SandboxHost the browser's Worker runs): an endless loop is terminated
 * at the time limit and reported, and the engine's thread goes on meanwhile;
 * a runaway allocation in a thread with a bounded heap kills only that thread.
 */

const bar = (t: number): ExternalBar => ({
  id: 'S1', symbol: 'FUN', params: {}, bar: { time: t, open: 1, high: 1, low: 1, close: 1, volume: 1 },
  position: { units: 0, avgPrice: NaN, pnl: 0 }, cash: 1000, equity: 1000, openOrders: [], fills: [],
});

function bridgeFor(code: string, spawn: BridgeDeps['spawn']) {
  const failed: string[] = [];
  const bars: ExternalBar[] = [];
  const bridge = new SandboxBridge({
    spawn,
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    drain: () => bars.splice(0),
    account: () => null,
    info: () => ({ strategy: 'user:x', symbol: 'FUN', timeframe: '1s', params: {}, status: failed.length > 0 ? 'error' : 'running', startedAt: 0 }),
    code: async () => ({ ok: true, code }),
    lot: () => 1,
    send: () => ({ ok: true }),
    fail: (_id, m) => void failed.push(m),
  });
  return { bridge, bars, failed };
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('the sandbox\'s limits, in a real thread', () => {
  it('an endless onBar is terminated after the time limit; this thread went on meanwhile', async () => {
    const { bridge, bars, failed } = bridgeFor('return { name: "loop", onBar() { for (;;) {} } };', () => spawnNodeSandbox());
    bars.push(bar(0));
    const started = Date.now();
    bridge.pump();
    let beats = 0;
    const heart = setInterval(() => beats++, 50);
    await until(() => failed.length > 0, 15_000);
    clearInterval(heart);
    expect(failed).toEqual([`stopped: onBar ran longer than ${CALL_LIMIT_MS / 1000} s (an endless loop?)`]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(CALL_LIMIT_MS);
    expect(beats).toBeGreaterThan(5); // the engine's thread was never blocked
    expect(bridge.running()).toBe(0);
  }, 20_000);

  it('a thread that runs out of its heap dies alone and is reported', async () => {
    const code = 'return { name: "hog", onBar() { const a = []; for (;;) a.push({ n: a.length, s: "x" + a.length }); } };';
    const { bridge, bars, failed } = bridgeFor(code, () => spawnNodeSandbox({ maxOldGenerationSizeMb: 32 }));
    bars.push(bar(0));
    bridge.pump();
    await until(() => failed.length > 0, 15_000);
    // Node kills a thread at its heap limit (ERR_WORKER_OUT_OF_MEMORY); a browser Worker has no such setting (README).
    expect(failed[0]).toMatch(/^stopped: its sandbox crashed \(.*memory limit.*\); too much memory\?$/);
  }, 20_000);

  it('check in a real thread: a declaration, and a syntax error', async () => {
    const { bridge } = bridgeFor('', () => spawnNodeSandbox());
    expect(await bridge.check('return { name: "ok", onBar() {} };')).toMatchObject({ ok: true, summary: { name: 'ok' } });
    expect(await bridge.check('return { name: , };')).toMatchObject({ ok: false, message: expect.stringMatching(/^SyntaxError/) as unknown });
  }, 20_000);
});
