import type { Series, StrategyDef } from '../types';
import { crossedAbove } from './smaCross';

type Params = { fast: number; slow: number; signal: number };
type Ind = { line: Series; signal: Series; histogram: Series };

/** MACD line against its signal line: buy on the cross up, sell on the cross down. */
export const macdCross: StrategyDef<Params, Ind> = {
  name: 'macd-cross',
  title: 'MACD crossover',
  description:
    'The MACD line is the gap between a fast and a slow exponential average of the close: positive and growing when the ' +
    'price speeds up. Its signal line is a smoothed copy. When the MACD line crosses above its signal, momentum turns up: ' +
    'it buys with all its cash. When it crosses below, it sells everything.',
  timeframe: '1m',
  params: {
    fast: { type: 'integer', default: 12, min: 2, max: 100, label: 'Fast EMA (bars)' },
    slow: { type: 'integer', default: 26, min: 3, max: 300, label: 'Slow EMA (bars)' },
    signal: { type: 'integer', default: 9, min: 2, max: 100, label: 'Signal EMA (bars)' },
  },
  validate: (p) => (p.fast < p.slow ? null : `The fast EMA must be shorter than the slow one (fast ${p.fast}, slow ${p.slow}).`),
  init: (ctx) => ctx.ind.macd(ctx.params.fast, ctx.params.slow, ctx.params.signal),
  // An order method answers ok or why not; a refusal is already in the log and on the card, so onBar goes on either way.
  onBar(ctx) {
    const { line, signal } = ctx.indicators;
    if (Number.isNaN(signal.prev(1)) || Number.isNaN(signal.value)) return;
    const held = ctx.position.units > 0;
    if (!held && crossedAbove(line, signal)) void ctx.buy({ reason: 'MACD crossed above its signal' });
    else if (held && crossedAbove(signal, line)) void ctx.close('MACD crossed below its signal');
  },
};
