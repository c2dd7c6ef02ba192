/**
 * The SDK as the editor's help panel lists it: every field and method of the
 * context a strategy's hooks get (src/core/strategy/types.ts), in words. The
 * panel renders this list; a test holds it to the context's own keys, so a
 * new SDK function cannot be forgotten here.
 */
export interface HelpEntry {
  name: string;
  signature: string;
  text: string;
}

export const DECLARATION_HELP: readonly HelpEntry[] = [
  { name: 'name', signature: "name: 'my-strategy'", text: 'Its id: letters, digits and dashes.' },
  { name: 'title', signature: "title: 'My strategy'", text: 'What the Strategies page shows.' },
  { name: 'description', signature: "description: '…'", text: 'What it does, in plain words.' },
  { name: 'timeframe', signature: "timeframe: '1m'", text: 'Its bars: 1s, 1m, 5m, 15m, 1h or 1d.' },
  { name: 'params', signature: "params: { n: { type: 'integer', default: 20, min: 2, max: 200, step: 1 } }", text: "Typed parameters: 'number', 'integer', 'boolean' or 'choice' (with options). Out-of-range values are refused when it starts." },
  { name: 'validate', signature: 'validate(params)', text: 'Optional: a rule across parameters; return a message when they break it (e.g. fast must be below slow), else null.' },
  { name: 'init', signature: 'init(ctx)', text: 'Runs once: declare indicators (ctx.ind) and return them, e.g. return { fast: ctx.ind.sma(10) }.' },
  { name: 'onBar', signature: 'onBar(ctx)', text: 'Runs on every closed bar, after the indicators are updated: decide and send orders.' },
  { name: 'onFill', signature: 'onFill(ctx, fill)', text: 'Optional: one of its orders filled (side, units, price, fee, time).' },
  { name: 'onStop', signature: 'onStop(ctx)', text: 'Optional: the strategy is being stopped.' },
];

export const CONTEXT_HELP: readonly HelpEntry[] = [
  { name: 'params', signature: 'ctx.params', text: 'The checked parameter values.' },
  { name: 'symbol', signature: 'ctx.symbol', text: "The market it trades, e.g. 'FUN'." },
  { name: 'timeframe', signature: 'ctx.timeframe', text: 'The length of its bars.' },
  { name: 'bar', signature: 'ctx.bar', text: 'The bar that just closed: time (UTC ms), open, high, low, close, volume.' },
  { name: 'barIndex', signature: 'ctx.barIndex', text: 'How many bars it has seen (the first is 1).' },
  { name: 'position', signature: 'ctx.position', text: 'units held (negative: short, where allowed), avgPrice, pnl (unrealised).' },
  { name: 'cash', signature: 'ctx.cash', text: 'Cash not tied up in open orders.' },
  { name: 'equity', signature: 'ctx.equity', text: 'Cash plus the position at the last close.' },
  { name: 'openOrders', signature: 'ctx.openOrders', text: 'Its open orders: id, side, type, units, filledUnits, price, stopPrice, reason.' },
  { name: 'indicators', signature: 'ctx.indicators', text: 'What init returned: your indicators, updated before each onBar.' },
  { name: 'state', signature: 'ctx.state', text: 'Its own memory (plain data: numbers, text, lists), kept between bars.' },
  { name: 'ind', signature: 'ctx.ind.sma(period, source?)', text: "Indicators, declared in init: sma, ema, wma, rsi, stddev, zscore, highest, lowest (period, source = 'close'), macd(fast, slow, signal) → { line, signal, histogram }, bollinger(period, k) → { upper, middle, lower }, atr(period), vwap(period). Each has .value, .ready and .prev(n)." },
  { name: 'buy', signature: 'ctx.buy({ size, limit, stop, tp, sl, reason })', text: 'Buys. size: { units }, { cash } or { fraction } of equity (default: all cash). limit → a limit order, stop → a stop order, neither → market. tp/sl: take-profit and stop-loss prices. Answers { ok, id } or { ok: false, message }.' },
  { name: 'sell', signature: 'ctx.sell({ size, limit, stop, tp, sl, reason })', text: 'Sells (default: the whole position). The market is spot only: selling more than you hold is refused, with the reason on its card.' },
  { name: 'close', signature: 'ctx.close(reason?)', text: 'Cancels its open orders and closes the whole position at market.' },
  { name: 'cancel', signature: 'ctx.cancel(orderId)', text: 'Cancels one open order.' },
  { name: 'log', signature: 'ctx.log(message)', text: 'A line in its log.' },
];
