import { DEFAULT_MM, type MarketMakerParams } from '../bots/marketMaker';
import { DEFAULT_NOISE, type NoiseParams } from '../bots/noiseTrader';
import { defaultCatalogue, type InstrumentSpec } from '../market/instruments';
import type { RiskRules } from '../portfolio/risk';
import type { AgentKind } from './agent';

/** One more agent for a new sim: its kind (built-in or in `agentKinds`), its market and the kind's own params. */
export interface AgentSpec {
  kind: string;
  symbol: string;
  params?: unknown;
}

export interface SimConfig {
  seed: number | string;
  /** Sim clock at the start, UTC ms. */
  start: number;
  /** What is listed; default: the whole catalogue. */
  instruments?: InstrumentSpec[];
  /** The one cash asset: every quote (USD, USDT) is settled in it. */
  cashAsset?: string;
  /** The people trading (named accounts); default ['you']. */
  users?: string[];
  startingCash?: number;
  risk?: RiskRules;
  makers?: boolean;
  noise?: boolean;
  mm?: Partial<MarketMakerParams>;
  noiseParams?: Partial<NoiseParams>;
  noiseAccounts?: number;
  /**
   * Agents beyond the built-in maker and noise trader (which `makers` and
   * `noise` switch), built when a new sim lists their market, after those two.
   * A restored sim takes its agents from the snapshot instead.
   */
  agents?: AgentSpec[];
  /** Agent kinds beyond the built-in ones, so their agents can be built and restored (agentKinds.ts). */
  agentKinds?: readonly AgentKind[];
  /** Granularity of the sim's clock: references, bots and hours move in steps of at most this. */
  stepMs?: number;
  /** How often equity is recorded for every trading account. */
  equityEveryMs?: number;
}

export type ResolvedConfig = Required<Omit<SimConfig, 'mm' | 'noiseParams' | 'risk'>> & {
  mm: MarketMakerParams;
  noiseParams: NoiseParams;
  risk: RiskRules;
};

/** Fills in the defaults. USDT quotes map onto the cash asset: Bourse keeps one cash balance. */
export function resolveConfig(c: SimConfig): ResolvedConfig {
  const cashAsset = c.cashAsset ?? 'USD';
  const instruments = (c.instruments ?? defaultCatalogue()).map((s) => ({
    ...s,
    quote: s.quote === 'USDT' ? cashAsset : s.quote,
  }));
  return {
    seed: c.seed,
    start: c.start,
    instruments,
    cashAsset,
    users: c.users ?? ['you'],
    startingCash: c.startingCash ?? 100_000,
    risk: c.risk ?? {},
    makers: c.makers ?? true,
    noise: c.noise ?? true,
    mm: { ...DEFAULT_MM, ...c.mm },
    noiseParams: { ...DEFAULT_NOISE, ...c.noiseParams },
    noiseAccounts: c.noiseAccounts ?? 8,
    agents: c.agents ?? [],
    agentKinds: c.agentKinds ?? [],
    stepMs: c.stepMs ?? 1000,
    equityEveryMs: c.equityEveryMs ?? 60_000,
  };
}

/** Bot accounts are named so that a person's name can never collide with one. */
export const MAKER_PREFIX = 'bot:mm:';
export const NOISE_PREFIX = 'bot:noise:';

export function isBotAccount(account: string): boolean {
  return account.startsWith('bot:');
}
