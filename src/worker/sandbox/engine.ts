import { Code, fail } from '../../core/codes';
import type { UserCommand } from '../../core/sim/types';
import type { Store } from '../../storage/store';
import type { Terminal } from '../terminal';
import type { Sim } from '../../core/sim/sim';
import { SandboxBridge, type BridgeDeps, type SandboxPort, type Timers } from './bridge';
import { spawnSandbox, workerTimers } from './spawn';

/**
 * The bridge of one running engine (a Terminal), made on first use: the
 * leader pumps it after each step and disposes of it when an import replaces
 * the engine; the handlers reach it through the same Terminal. Kept beside
 * the Terminal (a WeakMap) so the engine's own files need one line each.
 */
const bridges = new WeakMap<Terminal, SandboxBridge>();

export interface SandboxEnv {
  spawn: () => SandboxPort;
  timers: Timers;
}

const browser: SandboxEnv = { spawn: spawnSandbox, timers: workerTimers };

export function sandboxes(terminal: Terminal, store: Store | null, env: SandboxEnv = browser): SandboxBridge {
  let b = bridges.get(terminal);
  if (b === undefined) {
    b = simBridge(terminal.sim, terminal.account, env, {
      code: async (name) => {
        if (store === null) return fail(Code.STORAGE_UNAVAILABLE, 'storage is not available here, and a written strategy is kept there');
        const r = await store.userStrategies.get(name);
        return r.ok ? { ok: true, code: r.row.code } : r;
      },
      saved: store === null ? undefined : (id) => store.strategyState(id),
    });
    bridges.set(terminal, b);
  }
  return b;
}

/**
 * A bridge over one sim: its external strategies' bars out, their answers
 * in as the strategy accounts' commands, a failure as the person's
 * `strategyFail` (all journaled). Where the code comes from (`code`) and where
 * a sandbox was (`saved`) are the caller's: the app's storage, or the
 * command line's file.
 */
export function simBridge(sim: Sim, person: string, env: SandboxEnv, from: Pick<BridgeDeps, 'code' | 'saved'>): SandboxBridge {
  return new SandboxBridge({
    spawn: env.spawn,
    timers: env.timers,
    drain: () => sim.drainStrategyBars(),
    account: (id) => sim.strategyAccount(id),
    info: (id) => sim.strategies().find((v) => v.id === id),
    code: from.code,
    saved: from.saved,
    lot: (symbol) => sim.markets.get(symbol)?.spec.lot ?? 1,
    send: (id, cmd) => sim.submit(`strat:${id}`, cmd),
    fail: (id, message, line) => {
      const cmd = line === undefined ? { op: 'strategyFail', id, message } : { op: 'strategyFail', id, message, line };
      void sim.submit(person, cmd as UserCommand);
    },
  });
}

/** Ends every sandbox of an engine that is being replaced. */
export function disposeSandboxes(terminal: Terminal): void {
  bridges.get(terminal)?.dispose();
  bridges.delete(terminal);
}
