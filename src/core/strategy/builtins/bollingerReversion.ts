import type { Series, StrategyDef } from '../types';

type Params = { period: number; width: number };
type Ind = { upper: Series; middle: Series; lower: Series };

/** Bollinger bands: buy a close below the lower band, sell when the close is back at the middle. */
export const bollingerReversion: StrategyDef<Params, Ind> = {
  name: 'bollinger-reversion',
  title: 'Bollinger band bounce',
  description:
    'Bollinger bands are drawn a few standard deviations above and below a moving average: most closes fall between them. ' +
    'A close below the lower band is unusually low: it buys with all its cash, and sells everything once the close is back ' +
    'at the middle line (the average).',
  timeframe: '1m',
  params: {
    period: { type: 'integer', default: 20, min: 5, max: 500, label: 'Average (bars)' },
    width: { type: 'number', default: 2, min: 0.5, max: 4, step: 0.1, label: 'Band width (standard deviations)' },
  },
  init: (ctx) => ctx.ind.bollinger(ctx.params.period, ctx.params.width),
  // An order method answers ok or why not; a refusal is already in the log and on the card, so onBar goes on either way.
  onBar(ctx) {
    const { middle, lower } = ctx.indicators;
    if (!middle.ready) return;
    const close = ctx.bar.close;
    const held = ctx.position.units > 0;
    if (!held && close < lower.value) void ctx.buy({ reason: `close ${close} below the lower band ${lower.value.toFixed(2)}` });
    else if (held && close >= middle.value) void ctx.close(`close ${close} back at the middle band ${middle.value.toFixed(2)}`);
  },
};
