/**
 * The handler-table entries of the Trade page's "show me" mode (spread into
 * `HANDLERS` in ./handlers.ts): a resting order's queue position, a market's
 * bot settings, and a learner's change of them (learn.ts).
 */
import { args, parseBotChange, parseOrderId, parseSymbol } from '../protocol';
import type { HandlerContext } from './handlers';
import { botSettings, queueOf, setBotParams } from './learn';
import { mutate, read } from './table';

type C = HandlerContext;

export const LEARN_HANDLERS = {
  /** Where one of the person's resting orders stands in its price's queue; null for another's or one not resting. */
  queuePosition: read(args(parseOrderId), (c: C, [id]) => queueOf(c.terminal.sim, c.terminal.account, id)),
  /** One market's bots as they are now (null: unknown symbol). */
  botSettings: read(args(parseSymbol), (c: C, [symbol]) => botSettings(c.terminal.sim, symbol)),
  /** A learner's change of one market's bots: a journaled sim command, answered after the commit. */
  setBotParams: mutate(args(parseSymbol, parseBotChange), (c: C, [symbol, change]) => setBotParams(c.terminal.sim, c.terminal.account, symbol, change)),
};
