import type { Series, StrategyDef } from '../types';

type Params = { entry: number; exit: number };
type Ind = { high: Series; low: Series };

/** The turtles' channel breakout: buy a close above the highest high of the last bars, sell below the lowest low of fewer. */
export const donchianBreakout: StrategyDef<Params, Ind> = {
  name: 'donchian-breakout',
  title: 'Donchian channel breakout',
  description:
    'Buys when the price breaks out: a close above the highest high of the last "entry" bars, with all its cash. Sells ' +
    'everything when the close falls below the lowest low of the last "exit" bars. The rule the Turtle traders made famous.',
  timeframe: '1m',
  params: {
    entry: { type: 'integer', default: 20, min: 2, max: 500, label: 'Breakout channel (bars)' },
    exit: { type: 'integer', default: 10, min: 2, max: 500, label: 'Exit channel (bars)' },
  },
  init: (ctx) => ({ high: ctx.ind.highest(ctx.params.entry, 'high'), low: ctx.ind.lowest(ctx.params.exit, 'low') }),
  // An order method answers ok or why not; a refusal is already in the log and on the card, so onBar goes on either way.
  onBar(ctx) {
    const { high, low } = ctx.indicators;
    // The channel of the bars before this one: this bar's own high is in this bar's value.
    const top = high.prev(1);
    const bottom = low.prev(1);
    if (Number.isNaN(top) || Number.isNaN(bottom)) return;
    const close = ctx.bar.close;
    const held = ctx.position.units > 0;
    if (!held && close > top) void ctx.buy({ reason: `close ${close} broke above ${top}` });
    else if (held && close < bottom) void ctx.close(`close ${close} broke below ${bottom}`);
  },
};
