import { Code, fail, type Result } from '../codes';
import { MarketMaker } from '../bots/marketMaker';
import { NoiseTrader } from '../bots/noiseTrader';
import { checkBotChange, withMakerChange, withNoiseChange, type BotSettings } from '../bots/settings';
import type { Market } from './sim';

/**
 * The sim's side of a learner's `botParams` command: the change is checked
 * field by field (bots/settings.ts) and applied to the one market's maker and
 * noise trader, which save their new parameters in their states from then on
 * (so a snapshot restores them). Nothing changes when any field is refused.
 */
export function applyBotParams(m: Market | undefined, symbol: unknown, fields: Record<string, unknown>): Result {
  if (m === undefined) return fail(Code.UNKNOWN_SYMBOL, `Unknown symbol ${JSON.stringify(symbol ?? null)}.`);
  const checked = checkBotChange(fields);
  if (!checked.ok) return checked;
  const { maker, noise } = botsOf(m);
  if (maker === undefined && noise === undefined) return fail(Code.INVALID_SETTING, `${m.spec.symbol} has no bots to change.`);
  const c = checked.change;
  const makerField = c.spreadBps !== undefined || c.levels !== undefined || c.levelNotional !== undefined;
  if (makerField && maker === undefined) return fail(Code.INVALID_SETTING, `${m.spec.symbol} has no market maker.`);
  if (c.noiseRate !== undefined && noise === undefined) return fail(Code.INVALID_SETTING, `${m.spec.symbol} has no noise traders.`);
  if (makerField) maker!.setParams(withMakerChange(maker!.params, c));
  if (c.noiseRate !== undefined) noise!.setParams(withNoiseChange(noise!.params, c));
  return { ok: true };
}

/** A market's bot settings as they are now; null for a field whose bot the market does not have. */
export type BotSettingsView = { [K in keyof BotSettings]: number | null };

export function botSettingsOf(m: Market): BotSettingsView {
  const { maker, noise } = botsOf(m);
  return {
    spreadBps: maker?.params.spreadBps ?? null,
    levels: maker?.params.levels ?? null,
    levelNotional: maker?.params.levelNotional ?? null,
    noiseRate: noise?.params.rate ?? null,
  };
}

/**
 * The maker's own best bid and ask in ticks (null when it does not quote):
 * the book's touch may be inside them, where noise traders' limits improve
 * on a wide spread, as other traders do on a real exchange.
 */
export function makerTouchOf(m: Market): { bid: number; ask: number } | null {
  const t = botsOf(m).maker?.touch;
  return t === undefined || t.bid < 0 || t.ask < 0 ? null : t;
}

function botsOf(m: Market): { maker?: MarketMaker; noise?: NoiseTrader } {
  let maker: MarketMaker | undefined;
  let noise: NoiseTrader | undefined;
  for (const a of m.agents) {
    if (maker === undefined && a instanceof MarketMaker) maker = a;
    else if (noise === undefined && a instanceof NoiseTrader) noise = a;
  }
  return { maker, noise };
}
