/**
 * The built-in strategies as readable JavaScript a person can copy and
 * change: the same declarations as `src/core/strategy/builtins` (which are
 * TypeScript, and minified in the app), written as editor code with a
 * shorter description. `examples.test.ts` holds each one to its built-in:
 * the same name, parameters and timeframe, and the same orders on the same
 * bars.
 */
export interface Example {
  /** The built-in's name. */
  name: string;
  title: string;
  code: string;
}

const SMA_CROSS = `// backtesting.py's classic SmaCross, as the built-in 'sma-cross'.
function crossedAbove(a, b) {
  return a.prev(1) <= b.prev(1) && a.value > b.value;
}

return {
  name: 'sma-cross',
  title: 'Moving-average crossover',
  description: 'Buys when a fast moving average crosses above a slow one; sells when it crosses below.',
  timeframe: '1m',
  params: {
    fast: { type: 'integer', default: 10, min: 2, max: 200, label: 'Fast average (bars)' },
    slow: { type: 'integer', default: 20, min: 3, max: 500, label: 'Slow average (bars)' },
    short: { type: 'boolean', default: false, label: 'Sell short on a down-cross' },
  },
  validate(p) {
    return p.fast < p.slow ? null : 'The fast average must be shorter than the slow one.';
  },
  init(ctx) {
    return { fast: ctx.ind.sma(ctx.params.fast), slow: ctx.ind.sma(ctx.params.slow) };
  },
  onBar(ctx) {
    const { fast, slow } = ctx.indicators;
    if (!slow.ready) return;
    if (crossedAbove(fast, slow)) {
      if (ctx.position.units < 0) ctx.close('cover: fast SMA crossed above slow');
      ctx.buy({ reason: 'fast SMA crossed above slow' });
    } else if (crossedAbove(slow, fast)) {
      if (ctx.position.units > 0) ctx.close('fast SMA crossed below slow');
      // A spot market refuses this (no margin account): the reason shows on the card.
      if (ctx.params.short) ctx.sell({ reason: 'short: fast SMA crossed below slow' });
    }
  },
};
`;

const RSI_MOMENTUM = `// The built-in 'rsi-momentum': buy oversold, sell overbought.
return {
  name: 'rsi-momentum',
  title: 'RSI oversold / overbought',
  description: 'Buys when the RSI is below "oversold"; sells everything when it is above "overbought".',
  timeframe: '1m',
  params: {
    period: { type: 'integer', default: 14, min: 2, max: 100, label: 'RSI period (bars)' },
    oversold: { type: 'number', default: 30, min: 1, max: 49, step: 0.5, label: 'Oversold below' },
    overbought: { type: 'number', default: 70, min: 51, max: 99, step: 0.5, label: 'Overbought above' },
  },
  init(ctx) {
    return { rsi: ctx.ind.rsi(ctx.params.period) };
  },
  onBar(ctx) {
    const { rsi } = ctx.indicators;
    if (!rsi.ready) return;
    const held = ctx.position.units > 0;
    if (!held && rsi.value < ctx.params.oversold) {
      ctx.buy({ reason: \`RSI \${rsi.value.toFixed(1)} below \${ctx.params.oversold}\` });
    } else if (held && rsi.value > ctx.params.overbought) {
      ctx.close(\`RSI \${rsi.value.toFixed(1)} above \${ctx.params.overbought}\`);
    }
  },
};
`;

const ZSCORE_REVERSION = `// The built-in 'zscore-reversion': buy far below the mean, sell back near it.
return {
  name: 'zscore-reversion',
  title: 'Z-score mean reversion',
  description: 'Buys when the close is more than "entry" standard deviations below its average; sells when it is back above −"exit".',
  timeframe: '1m',
  params: {
    window: { type: 'integer', default: 20, min: 5, max: 500, label: 'Window (bars)' },
    entry: { type: 'number', default: 2, min: 0.5, max: 5, step: 0.1, label: 'Enter below −z' },
    exit: { type: 'number', default: 0.5, min: 0, max: 3, step: 0.1, label: 'Exit above −z' },
  },
  validate(p) {
    return p.exit < p.entry ? null : 'exit must be below entry.';
  },
  init(ctx) {
    return { z: ctx.ind.zscore(ctx.params.window) };
  },
  onBar(ctx) {
    const { z } = ctx.indicators;
    if (!z.ready || !Number.isFinite(z.value)) return;
    const held = ctx.position.units > 0;
    if (!held && z.value < -ctx.params.entry) {
      ctx.buy({ reason: \`z \${z.value.toFixed(2)} below −\${ctx.params.entry}\` });
    } else if (held && z.value > -ctx.params.exit) {
      ctx.close(\`z \${z.value.toFixed(2)} back above −\${ctx.params.exit}\`);
    }
  },
};
`;

const MACD_CROSS = `// The built-in 'macd-cross': the MACD line against its signal line.
function crossedAbove(a, b) {
  return a.prev(1) <= b.prev(1) && a.value > b.value;
}

return {
  name: 'macd-cross',
  title: 'MACD crossover',
  description: 'Buys when the MACD line crosses above its signal line; sells everything when it crosses below.',
  timeframe: '1m',
  params: {
    fast: { type: 'integer', default: 12, min: 2, max: 100, label: 'Fast EMA (bars)' },
    slow: { type: 'integer', default: 26, min: 3, max: 300, label: 'Slow EMA (bars)' },
    signal: { type: 'integer', default: 9, min: 2, max: 100, label: 'Signal EMA (bars)' },
  },
  validate(p) {
    return p.fast < p.slow ? null : 'The fast EMA must be shorter than the slow one.';
  },
  init(ctx) {
    // { line, signal, histogram }
    return ctx.ind.macd(ctx.params.fast, ctx.params.slow, ctx.params.signal);
  },
  onBar(ctx) {
    const { line, signal } = ctx.indicators;
    if (Number.isNaN(signal.prev(1)) || Number.isNaN(signal.value)) return;
    const held = ctx.position.units > 0;
    if (!held && crossedAbove(line, signal)) ctx.buy({ reason: 'MACD crossed above its signal' });
    else if (held && crossedAbove(signal, line)) ctx.close('MACD crossed below its signal');
  },
};
`;

const BOLLINGER_REVERSION = `// The built-in 'bollinger-reversion': buy below the lower band, sell at the middle.
return {
  name: 'bollinger-reversion',
  title: 'Bollinger band bounce',
  description: 'Buys a close below the lower Bollinger band; sells everything once the close is back at the middle line.',
  timeframe: '1m',
  params: {
    period: { type: 'integer', default: 20, min: 5, max: 500, label: 'Average (bars)' },
    width: { type: 'number', default: 2, min: 0.5, max: 4, step: 0.1, label: 'Band width (standard deviations)' },
  },
  init(ctx) {
    // { upper, middle, lower }
    return ctx.ind.bollinger(ctx.params.period, ctx.params.width);
  },
  onBar(ctx) {
    const { middle, lower } = ctx.indicators;
    if (!middle.ready) return;
    const close = ctx.bar.close;
    const held = ctx.position.units > 0;
    if (!held && close < lower.value) {
      ctx.buy({ reason: \`close \${close} below the lower band \${lower.value.toFixed(2)}\` });
    } else if (held && close >= middle.value) {
      ctx.close(\`close \${close} back at the middle band \${middle.value.toFixed(2)}\`);
    }
  },
};
`;

const DONCHIAN_BREAKOUT = `// The built-in 'donchian-breakout': the Turtles' channel breakout.
return {
  name: 'donchian-breakout',
  title: 'Donchian channel breakout',
  description: 'Buys a close above the highest high of the last "entry" bars; sells below the lowest low of the last "exit" bars.',
  timeframe: '1m',
  params: {
    entry: { type: 'integer', default: 20, min: 2, max: 500, label: 'Breakout channel (bars)' },
    exit: { type: 'integer', default: 10, min: 2, max: 500, label: 'Exit channel (bars)' },
  },
  init(ctx) {
    return { high: ctx.ind.highest(ctx.params.entry, 'high'), low: ctx.ind.lowest(ctx.params.exit, 'low') };
  },
  onBar(ctx) {
    const { high, low } = ctx.indicators;
    // The channel of the bars before this one: this bar's own high is in this bar's value.
    const top = high.prev(1);
    const bottom = low.prev(1);
    if (Number.isNaN(top) || Number.isNaN(bottom)) return;
    const close = ctx.bar.close;
    const held = ctx.position.units > 0;
    if (!held && close > top) ctx.buy({ reason: \`close \${close} broke above \${top}\` });
    else if (held && close < bottom) ctx.close(\`close \${close} broke below \${bottom}\`);
  },
};
`;

export const EXAMPLES: readonly Example[] = [
  { name: 'sma-cross', title: 'Moving-average crossover', code: SMA_CROSS },
  { name: 'rsi-momentum', title: 'RSI oversold / overbought', code: RSI_MOMENTUM },
  { name: 'zscore-reversion', title: 'Z-score mean reversion', code: ZSCORE_REVERSION },
  { name: 'macd-cross', title: 'MACD crossover', code: MACD_CROSS },
  { name: 'bollinger-reversion', title: 'Bollinger band bounce', code: BOLLINGER_REVERSION },
  { name: 'donchian-breakout', title: 'Donchian channel breakout', code: DONCHIAN_BREAKOUT },
];
