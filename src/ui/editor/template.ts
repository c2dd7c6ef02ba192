/**
 * What a new strategy starts as: a small, working strategy that shows every
 * part of a declaration (parameters, indicators in init, decisions in onBar,
 * the log), commented for someone who has not written one before.
 */
export const TEMPLATE = `// A strategy is a function body that returns its declaration.
// It runs in a sandbox: no network, no storage, at most 1 second per call.
// Open "SDK reference" below for everything ctx offers.
return {
  name: 'my-strategy',
  title: 'My strategy',
  description: 'Buys when the price closes above its moving average, sells when it closes below.',
  timeframe: '1m',
  params: {
    period: { type: 'integer', default: 20, min: 2, max: 200, label: 'Average of (bars)' },
  },

  // Declare indicators once and return them; they are updated before every onBar.
  init(ctx) {
    return { avg: ctx.ind.sma(ctx.params.period) };
  },

  // Decide on each closed bar.
  onBar(ctx) {
    const { avg } = ctx.indicators; // what init returned
    if (!avg.ready) return; // NaN until it has seen enough bars
    const above = ctx.bar.close > avg.value;
    if (above && ctx.position.units === 0) {
      ctx.buy({ size: { fraction: 0.5 }, reason: 'close above the average' });
    } else if (!above && ctx.position.units > 0) {
      ctx.close('close below the average');
    }
  },
};
`;
