import type { Series, StrategyDef } from '../types';

type Params = { window: number; entry: number; exit: number };

/** Mean reversion on the z-score of the close: buy far below the mean, sell back near it (the seeds' z-score strategy). */
export const zscoreReversion: StrategyDef<Params, { z: Series }> = {
  name: 'zscore-reversion',
  title: 'Z-score mean reversion',
  description:
    'Bets that the price comes back to its average. The z-score says how far the close is from its recent average, in ' +
    'standard deviations (how much it usually moves). When it falls below minus "entry" the price is unusually low: it buys ' +
    'with all its cash. When it climbs back above minus "exit" (close to the average), it sells. It only buys: selling short ' +
    'needs a margin account.',
  timeframe: '1m',
  params: {
    window: { type: 'integer', default: 20, min: 5, max: 500, label: 'Window (bars)' },
    entry: { type: 'number', default: 2, min: 0.5, max: 5, step: 0.1, label: 'Enter below −z' },
    exit: { type: 'number', default: 0.5, min: 0, max: 3, step: 0.1, label: 'Exit above −z' },
  },
  validate: (p) => (p.exit < p.entry ? null : `exit (${p.exit}) must be below entry (${p.entry}): it sells closer to the average than it buys.`),
  init: (ctx) => ({ z: ctx.ind.zscore(ctx.params.window) }),
  // An order method answers ok or why not; a refusal is already in the log and on the card, so onBar goes on either way.
  onBar(ctx) {
    const { z } = ctx.indicators;
    if (!z.ready || !Number.isFinite(z.value)) return;
    const held = ctx.position.units > 0;
    if (!held && z.value < -ctx.params.entry) void ctx.buy({ reason: `z ${z.value.toFixed(2)} below −${ctx.params.entry}` });
    else if (held && z.value > -ctx.params.exit) void ctx.close(`z ${z.value.toFixed(2)} back above −${ctx.params.exit}`);
  },
};
