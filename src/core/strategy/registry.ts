import { bollingerReversion } from './builtins/bollingerReversion';
import { donchianBreakout } from './builtins/donchianBreakout';
import { macdCross } from './builtins/macdCross';
import { rsiMomentum } from './builtins/rsiMomentum';
import { smaCross } from './builtins/smaCross';
import { zscoreReversion } from './builtins/zscoreReversion';
import type { StrategyDef } from './types';

/** Every built-in strategy, in the order the app lists them. */
export const BUILTIN_STRATEGIES: readonly StrategyDef[] = [
  smaCross, rsiMomentum, zscoreReversion, macdCross, bollingerReversion, donchianBreakout,
] as unknown as readonly StrategyDef[];

const byName = new Map(BUILTIN_STRATEGIES.map((d) => [d.name, d]));

/** A built-in by its name (`sma-cross`), or undefined. */
export function builtinStrategy(name: string): StrategyDef | undefined {
  return byName.get(name);
}
