// Our symbols stay ours. Crypto instruments are Binance-style USDT pairs
// (BTCUSDT: base BTC, quote USDT); each venue names the same market its own
// way, and some venues quote the base in US dollars rather than in USDT.
//
// Choice: Binance gives the USDT pair itself. Coinbase Exchange and Kraken are
// read in USD (BTC-USD, BTC/USD) by default: that is where their volume and
// their listings are (many bases have no USDT market there). USDT trades
// within a fraction of a percent of the dollar, so the USD price is used as the
// USDT reference: a basis well under 1 % that the simulated market absorbs.
// Both adapters take `quote: 'USDT'` to read the USDT markets instead.

export type QuoteChoice = 'USD' | 'USDT';

/** BTCUSDT → BTC; undefined for anything that is not one of our USDT pairs (stocks, house tickers). */
export function usdtBase(symbol: string): string | undefined {
  if (!/^[A-Z0-9]+USDT$/.test(symbol) || symbol.length <= 4) return undefined;
  return symbol.slice(0, -4);
}

/**
 * A venue's name for one of our pairs, from an explicit override (a venue that
 * renames a base) or from a rule on the base.
 */
export function mapped(
  symbol: string,
  overrides: Readonly<Record<string, string>> | undefined,
  rule: (base: string) => string | undefined,
): string | undefined {
  if (overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides, symbol)) return overrides[symbol];
  const base = usdtBase(symbol);
  return base === undefined ? undefined : rule(base);
}
