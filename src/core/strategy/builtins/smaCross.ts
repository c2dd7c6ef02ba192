import type { Series, StrategyDef } from '../types';

type Params = { fast: number; slow: number; short: boolean };
type Ind = { fast: Series; slow: Series };

/** One series crossed above another between the last bar and this one. */
export function crossedAbove(a: Series, b: Series): boolean {
  return a.prev(1) <= b.prev(1) && a.value > b.value;
}

/**
 * backtesting.py's classic SmaCross: a fast and a slow simple moving
 * average; when the fast one crosses above, close any short and buy with
 * all the cash; when it crosses below, close the long and, with `short`,
 * sell short (refused with its reason on a spot market).
 */
export const smaCross: StrategyDef<Params, Ind> = {
  name: 'sma-cross',
  title: 'Moving-average crossover',
  description:
    'Follows the trend with two moving averages of the closing price: a fast one (few bars) and a slow one (many bars). ' +
    'When the fast average rises above the slow one, prices are climbing: it buys with all its cash. When the fast one falls ' +
    'below, it sells everything. With "short" on, it also bets on the fall by selling short: a backtest allows that (as ' +
    'backtesting.py does); the simulator\'s spot markets refuse it (you need a margin account), and say so on its card.',
  timeframe: '1m',
  params: {
    fast: { type: 'integer', default: 10, min: 2, max: 200, label: 'Fast average (bars)' },
    slow: { type: 'integer', default: 20, min: 3, max: 500, label: 'Slow average (bars)' },
    short: { type: 'boolean', default: false, label: 'Sell short on a down-cross' },
  },
  validate: (p) => (p.fast < p.slow ? null : `The fast average must be shorter than the slow one (fast ${p.fast}, slow ${p.slow}).`),
  init: (ctx) => ({ fast: ctx.ind.sma(ctx.params.fast), slow: ctx.ind.sma(ctx.params.slow) }),
  // An order method answers ok or why not; a refusal is already in the log and on the card, so onBar goes on either way.
  onBar(ctx) {
    const { fast, slow } = ctx.indicators;
    if (!slow.ready) return;
    if (crossedAbove(fast, slow)) {
      if (ctx.position.units < 0) void ctx.close('cover: fast SMA crossed above slow');
      if (ctx.position.units <= 0) void ctx.buy({ reason: 'fast SMA crossed above slow' });
    } else if (crossedAbove(slow, fast)) {
      if (ctx.position.units > 0) void ctx.close('fast SMA crossed below slow');
      // After close() on this bar a default sell goes short with all the money, wherever the close fills (at once in
      // the sim, at the next open in a backtest): with short on, this is backtesting.py's own SmaCross.
      if (ctx.params.short) void ctx.sell({ reason: 'short: fast SMA crossed below slow' });
    }
  },
};
