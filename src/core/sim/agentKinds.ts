import { MAKER_KIND, MarketMaker, type MarketMakerState } from '../bots/marketMaker';
import { NOISE_KIND, NoiseTrader, type NoiseState } from '../bots/noiseTrader';
import type { Agent, AgentEnv, AgentKind } from './agent';
import { MAKER_PREFIX, NOISE_PREFIX } from './config';
import { makerState, noiseState } from './snapshotCheck';
import { strategyKind } from './strategyState';

/**
 * The registry of agent kinds: kind -> how to build one and how to restore
 * one from its state, so a snapshot can restore each agent by its kind. The
 * two built-in kinds are always there; a sim config adds its own
 * (`SimConfig.agentKinds`, e.g. strategies), which may not reuse a name.
 */

/** One market maker per market, on account `bot:mm:SYMBOL`, funded for its ladder at creation. */
export const makerKind: AgentKind = {
  kind: MAKER_KIND,
  create(env: AgentEnv): Agent {
    const mm = new MarketMaker(env.inst, `${MAKER_PREFIX}${env.spec.symbol}`, env.cfg.mm, env.desk);
    mm.fund(env.refTicks);
    return mm;
  },
  check: (state) => makerState(state),
  restore(env: AgentEnv, state: unknown): Agent {
    const mm = new MarketMaker(env.inst, `${MAKER_PREFIX}${env.spec.symbol}`, env.cfg.mm, env.desk);
    mm.setState(state as MarketMakerState);
    return mm;
  },
};

/** The noise accounts are shared by the noise traders of every market: `bot:noise:1` … `bot:noise:N`. */
function noiseAccounts(env: AgentEnv): string[] {
  return Array.from({ length: env.cfg.noiseAccounts }, (_, i) => `${NOISE_PREFIX}${i + 1}`);
}

export const noiseKind: AgentKind = {
  kind: NOISE_KIND,
  create(env: AgentEnv): Agent {
    const n = new NoiseTrader(env.inst, noiseAccounts(env), env.cfg.noiseParams, env.desk, env.rng('noise'));
    n.fund(env.refTicks);
    return n;
  },
  check: (state) => noiseState(state),
  restore(env: AgentEnv, state: unknown): Agent {
    const n = new NoiseTrader(env.inst, noiseAccounts(env), env.cfg.noiseParams, env.desk, env.rng('noise'));
    n.setState(state as NoiseState);
    return n;
  },
};

/** The strategies people start (strategyState.ts): built by the sim's `strategyStart`, restored from snapshots. */
export const BUILT_IN_KINDS: readonly AgentKind[] = [makerKind, noiseKind, strategyKind];

/** The built-in kinds and a config's own, by name; a name used twice is a programming error. */
export function agentRegistry(extra: readonly AgentKind[] = []): ReadonlyMap<string, AgentKind> {
  const kinds = new Map<string, AgentKind>();
  for (const k of [...BUILT_IN_KINDS, ...extra]) {
    if (kinds.has(k.kind)) throw new Error(`Agent kind ${k.kind} is registered twice.`);
    kinds.set(k.kind, k);
  }
  return kinds;
}
