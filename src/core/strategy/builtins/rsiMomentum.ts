import type { Series, StrategyDef } from '../types';

type Params = { period: number; oversold: number; overbought: number };

/** RSI extremes: buy when it is oversold, sell when it is overbought (the seeds' RSI strategy). */
export const rsiMomentum: StrategyDef<Params, { rsi: Series }> = {
  name: 'rsi-momentum',
  title: 'RSI oversold / overbought',
  description:
    'The RSI (relative strength index) scores from 0 to 100 how strongly the price rose against how strongly it fell over ' +
    'the last bars. Below "oversold" the selling looks overdone: it buys with all its cash. Above "overbought" the buying ' +
    'looks overdone: it sells everything it holds.',
  timeframe: '1m',
  params: {
    period: { type: 'integer', default: 14, min: 2, max: 100, label: 'RSI period (bars)' },
    oversold: { type: 'number', default: 30, min: 1, max: 49, step: 0.5, label: 'Oversold below' },
    overbought: { type: 'number', default: 70, min: 51, max: 99, step: 0.5, label: 'Overbought above' },
  },
  init: (ctx) => ({ rsi: ctx.ind.rsi(ctx.params.period) }),
  // An order method answers ok or why not; a refusal is already in the log and on the card, so onBar goes on either way.
  onBar(ctx) {
    const { rsi } = ctx.indicators;
    if (!rsi.ready) return;
    const held = ctx.position.units > 0;
    if (!held && rsi.value < ctx.params.oversold) void ctx.buy({ reason: `RSI ${rsi.value.toFixed(1)} below ${ctx.params.oversold}` });
    else if (held && rsi.value > ctx.params.overbought) void ctx.close(`RSI ${rsi.value.toFixed(1)} above ${ctx.params.overbought}`);
  },
};
