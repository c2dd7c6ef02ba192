import { Code, fail, type Result } from '../codes';
import type { MarketMakerParams } from './marketMaker';
import type { NoiseParams } from './noiseTrader';

/**
 * The bots' parameters a learner may change from the Trade page ("show me"):
 * the market maker's spread, its depth (quotes per side, and the size of
 * each) and how busy the noise traders are. A change is a journaled sim
 * command (`botParams`), so a replay gives the same market; it is judged
 * here, field by field, before anything changes.
 */
export interface BotSettings {
  /** The maker's full quoted spread, basis points. */
  spreadBps: number;
  /** The maker's quotes per side. */
  levels: number;
  /** Quote currency per maker quote (decimal amount). */
  levelNotional: number;
  /** Noise orders per second, on average. */
  noiseRate: number;
}

export type BotChange = Partial<BotSettings>;

/** Each field's bounds: wide enough to see a market change, narrow enough that the sim stays fast and sane. */
export const BOT_LIMITS: Readonly<Record<keyof BotSettings, { min: number; max: number; integer: boolean; what: string }>> = {
  spreadBps: { min: 1, max: 500, integer: true, what: 'The market maker’s spread (basis points)' },
  levels: { min: 1, max: 20, integer: true, what: 'The market maker’s quotes per side' },
  levelNotional: { min: 100, max: 200_000, integer: false, what: 'The size of each maker quote' },
  noiseRate: { min: 0, max: 5, integer: false, what: 'The noise traders’ orders per second' },
};

export const BOT_FIELDS = Object.keys(BOT_LIMITS) as (keyof BotSettings)[];

/**
 * A change as given (from a command, a journal, a page): only the known
 * fields are read, each must be a finite number within its bounds (integers
 * where it counts things), and at least one must be there. A bad field
 * refuses the whole change, naming it.
 */
export function checkBotChange(x: Record<string, unknown>): Result<{ change: BotChange }> {
  const change: BotChange = {};
  for (const k of BOT_FIELDS) {
    const v = x[k];
    if (v === undefined) continue;
    const lim = BOT_LIMITS[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lim.min || v > lim.max || (lim.integer && !Number.isInteger(v))) {
      const kind = lim.integer ? 'a whole number' : 'a number';
      return fail(Code.INVALID_SETTING, `${lim.what} must be ${kind} from ${lim.min} to ${lim.max}.`);
    }
    change[k] = v;
  }
  if (Object.keys(change).length === 0) return fail(Code.INVALID_SETTING, 'Nothing to change: give a spread, a depth, a quote size or a noise rate.');
  return { ok: true, change };
}

/** The maker's parameters with a change applied (a new object: the config's defaults are shared by every market). */
export function withMakerChange(p: MarketMakerParams, c: BotChange): MarketMakerParams {
  return { ...p, spreadBps: c.spreadBps ?? p.spreadBps, levels: c.levels ?? p.levels, levelNotional: c.levelNotional ?? p.levelNotional };
}

/** The noise trader's parameters with a change applied (a new object). */
export function withNoiseChange(p: NoiseParams, c: BotChange): NoiseParams {
  return { ...p, rate: c.noiseRate ?? p.rate };
}
