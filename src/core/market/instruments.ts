// The catalogue: every instrument the simulator can trade, with the static
// facts the exchange (tick, lot, fees), the GBM (start price, volatility) and
// the clock (calendar) need. Decimal values here are edge data: the core
// converts them to integer ticks and lots once, when an instrument is loaded.

import { roundToTick } from './ticks';

export type MarketGroup = 'exchange' | 'stock' | 'crypto';

export interface InstrumentSpec {
  symbol: string;
  name: string;
  group: MarketGroup;
  base: string;
  quote: string;
  /** Price increment, decimal. */
  tick: number;
  /** Quantity increment (Binance's "step size"), decimal. */
  lot: number;
  makerFeeBps: number;
  takerFeeBps: number;
  /** On tick. */
  startPrice: number;
  /** Annualized, for the GBM. */
  volatility: number;
  calendar: '24/7' | 'NYSE';
}

/** The in-house tickers: fictional, 24/7, the bots make the price. */
function house(symbol: string, name: string, startPrice: number, volatility: number): InstrumentSpec {
  return {
    symbol, name, group: 'exchange', base: symbol, quote: 'USD', tick: 0.01, lot: 1,
    makerFeeBps: 0, takerFeeBps: 5, startPrice, volatility, calendar: '24/7',
  };
}

export const EXCHANGE_TICKERS: InstrumentSpec[] = [
  house('FUN', 'Fun Industries', 100, 0.3),
  house('MEME', 'Meme Holdings', 50, 0.9),
  house('YOLO', 'YOLO Ventures', 25, 1.2),
  house('HODL', 'HODL Trust', 150, 0.5),
  house('PUMP', 'Pump & Co.', 10, 1.0),
];

/** US large caps; the exchange charges like a zero-commission broker with a small taker fee. */
function stock(symbol: string, name: string, startPrice: number, volatility: number): InstrumentSpec {
  return {
    symbol, name, group: 'stock', base: symbol, quote: 'USD', tick: 0.01, lot: 1,
    makerFeeBps: 0, takerFeeBps: 5, startPrice, volatility, calendar: 'NYSE',
  };
}

// Start prices: roughly where these traded in late 2025.
export const STOCKS: InstrumentSpec[] = [
  stock('AAPL', 'Apple Inc.', 278.85, 0.25),
  stock('MSFT', 'Microsoft Corp.', 483.16, 0.24),
  stock('GOOG', 'Alphabet Inc. (Class C)', 315.12, 0.3),
  stock('AMZN', 'Amazon.com Inc.', 229.53, 0.32),
  stock('NVDA', 'NVIDIA Corp.', 180.93, 0.5),
  stock('META', 'Meta Platforms Inc.', 640.87, 0.38),
  stock('TSLA', 'Tesla Inc.', 430.14, 0.6),
  stock('JPM', 'JPMorgan Chase & Co.', 311.42, 0.22),
  stock('V', 'Visa Inc.', 334.27, 0.2),
  stock('JNJ', 'Johnson & Johnson', 206.5, 0.2),
  stock('WMT', 'Walmart Inc.', 112.73, 0.2),
  stock('XOM', 'Exxon Mobil Corp.', 117.84, 0.25),
];

/** A Binance-style USDT spot pair; Binance's default 0.1% fee for maker and taker. */
function pair(
  base: string, name: string, tick: number, lot: number, startPrice: number, volatility: number,
): InstrumentSpec {
  return {
    symbol: base + 'USDT', name, group: 'crypto', base, quote: 'USDT', tick, lot,
    makerFeeBps: 10, takerFeeBps: 10, startPrice, volatility, calendar: '24/7',
  };
}

// Most traded USDT pairs, roughly by volume. Tick and lot follow Binance's
// PRICE_FILTER / LOT_SIZE filters as of late 2025; start prices are late-2025
// levels. When a live feed is up, these only matter until its first price.
export const CRYPTO: InstrumentSpec[] = [
  pair('BTC', 'Bitcoin', 0.01, 0.00001, 91500.0, 0.5),
  pair('ETH', 'Ethereum', 0.01, 0.0001, 3050.0, 0.65),
  pair('BNB', 'BNB', 0.01, 0.001, 890.0, 0.55),
  pair('SOL', 'Solana', 0.01, 0.001, 138.5, 0.8),
  pair('XRP', 'XRP', 0.0001, 0.1, 2.15, 0.75),
  pair('DOGE', 'Dogecoin', 0.00001, 1, 0.15, 0.95),
  pair('ADA', 'Cardano', 0.0001, 0.1, 0.43, 0.85),
  pair('TRX', 'TRON', 0.0001, 0.1, 0.28, 0.5),
  pair('LINK', 'Chainlink', 0.01, 0.01, 13.5, 0.85),
  pair('AVAX', 'Avalanche', 0.01, 0.01, 14.2, 0.9),
  pair('SUI', 'Sui', 0.0001, 0.1, 1.7, 1.0),
  pair('XLM', 'Stellar', 0.0001, 1, 0.25, 0.8),
  pair('HBAR', 'Hedera', 0.00001, 1, 0.145, 0.9),
  pair('BCH', 'Bitcoin Cash', 0.1, 0.001, 560.0, 0.75),
  pair('LTC', 'Litecoin', 0.01, 0.001, 85.0, 0.75),
  pair('DOT', 'Polkadot', 0.001, 0.01, 2.35, 0.9),
  pair('TON', 'Toncoin', 0.001, 0.01, 1.65, 0.8),
  pair('SHIB', 'Shiba Inu', 0.00000001, 1, 0.0000088, 1.0),
  pair('PEPE', 'Pepe', 0.00000001, 1, 0.0000046, 1.15),
  pair('UNI', 'Uniswap', 0.001, 0.01, 6.2, 0.95),
  pair('NEAR', 'NEAR Protocol', 0.001, 0.1, 1.95, 1.0),
  pair('APT', 'Aptos', 0.001, 0.01, 2.2, 1.0),
  pair('ICP', 'Internet Computer', 0.001, 0.01, 4.1, 1.0),
  pair('ETC', 'Ethereum Classic', 0.01, 0.01, 13.8, 0.85),
  pair('AAVE', 'Aave', 0.01, 0.001, 185.0, 0.9),
  pair('TAO', 'Bittensor', 0.1, 0.0001, 290.0, 1.05),
  pair('FET', 'Artificial Superintelligence Alliance', 0.0001, 0.1, 0.26, 1.1),
  pair('RENDER', 'Render', 0.001, 0.01, 1.7, 1.1),
  pair('ARB', 'Arbitrum', 0.0001, 0.1, 0.22, 1.0),
  pair('OP', 'Optimism', 0.001, 0.01, 0.32, 1.0),
  pair('FIL', 'Filecoin', 0.001, 0.01, 1.55, 0.95),
  pair('ATOM', 'Cosmos', 0.001, 0.01, 2.45, 0.9),
  pair('INJ', 'Injective', 0.001, 0.01, 5.8, 1.05),
  pair('WLD', 'Worldcoin', 0.001, 0.1, 0.62, 1.1),
  pair('ENA', 'Ethena', 0.0001, 0.01, 0.28, 1.1),
  pair('SEI', 'Sei', 0.0001, 0.1, 0.14, 1.1),
  pair('TIA', 'Celestia', 0.001, 0.01, 0.65, 1.1),
  pair('ONDO', 'Ondo', 0.0001, 0.1, 0.48, 1.0),
  pair('JUP', 'Jupiter', 0.0001, 0.1, 0.25, 1.05),
  pair('WIF', 'dogwifhat', 0.001, 0.01, 0.39, 1.2),
  pair('BONK', 'Bonk', 0.00000001, 1, 0.0000098, 1.2),
  pair('FLOKI', 'FLOKI', 0.00000001, 1, 0.000048, 1.15),
  pair('TRUMP', 'Official Trump', 0.01, 0.001, 6.2, 1.2),
  pair('PENGU', 'Pudgy Penguins', 0.000001, 1, 0.0115, 1.2),
  pair('ALGO', 'Algorand', 0.0001, 1, 0.14, 0.9),
  pair('VET', 'VeChain', 0.00001, 0.1, 0.0135, 0.9),
  pair('GRT', 'The Graph', 0.00001, 1, 0.048, 1.0),
  pair('SAND', 'The Sandbox', 0.0001, 1, 0.16, 1.0),
  pair('MANA', 'Decentraland', 0.0001, 1, 0.17, 1.0),
  pair('AXS', 'Axie Infinity', 0.001, 0.01, 1.05, 1.0),
  pair('GALA', 'Gala', 0.00001, 1, 0.0075, 1.1),
  pair('IMX', 'Immutable', 0.0001, 0.01, 0.3, 1.05),
  pair('LDO', 'Lido DAO', 0.001, 0.01, 0.65, 1.0),
  pair('CRV', 'Curve DAO', 0.001, 0.1, 0.42, 1.0),
  pair('QNT', 'Quant', 0.1, 0.001, 78.0, 0.85),
  pair('EGLD', 'MultiversX', 0.01, 0.01, 7.5, 0.95),
  pair('THETA', 'Theta Network', 0.001, 0.1, 0.36, 1.0),
  pair('S', 'Sonic', 0.0001, 0.1, 0.12, 1.1),
  pair('XTZ', 'Tezos', 0.001, 0.1, 0.52, 0.9),
  pair('NEO', 'Neo', 0.01, 0.01, 4.2, 0.9),
  pair('ZEC', 'Zcash', 0.01, 0.001, 420.0, 1.1),
  pair('DASH', 'Dash', 0.01, 0.001, 48.0, 1.0),
  pair('CAKE', 'PancakeSwap', 0.001, 0.01, 2.3, 0.95),
  pair('RUNE', 'THORChain', 0.001, 0.1, 0.68, 1.05),
  pair('COMP', 'Compound', 0.01, 0.001, 30.0, 0.95),
  pair('ENS', 'Ethereum Name Service', 0.01, 0.01, 10.5, 1.0),
  pair('PENDLE', 'Pendle', 0.001, 0.01, 2.6, 1.1),
  pair('JTO', 'Jito', 0.001, 0.01, 0.56, 1.1),
  pair('PYTH', 'Pyth Network', 0.0001, 0.1, 0.072, 1.1),
  pair('STX', 'Stacks', 0.0001, 0.1, 0.31, 1.05),
  pair('ORDI', 'ORDI', 0.001, 0.01, 4.5, 1.2),
  pair('CHZ', 'Chiliz', 0.00001, 1, 0.036, 1.0),
  pair('APE', 'ApeCoin', 0.0001, 0.01, 0.31, 1.05),
  pair('DYDX', 'dYdX', 0.0001, 0.01, 0.23, 1.1),
  pair('ZRO', 'LayerZero', 0.001, 0.01, 1.45, 1.05),
  pair('STRK', 'Starknet', 0.0001, 0.1, 0.125, 1.1),
  pair('EIGEN', 'EigenCloud', 0.0001, 0.01, 0.48, 1.15),
  pair('ETHFI', 'ether.fi', 0.001, 0.01, 0.78, 1.1),
  pair('ARKM', 'Arkham', 0.0001, 0.1, 0.23, 1.15),
  pair('NOT', 'Notcoin', 0.000001, 1, 0.00062, 1.2),
  pair('PEOPLE', 'ConstitutionDAO', 0.00001, 1, 0.0125, 1.2),
  pair('BOME', 'BOOK OF MEME', 0.000001, 1, 0.00095, 1.2),
  pair('POL', 'Polygon', 0.0001, 0.1, 0.135, 0.95),
  pair('IOTA', 'IOTA', 0.0001, 1, 0.115, 0.95),
  pair('KSM', 'Kusama', 0.01, 0.001, 9.5, 1.0),
  pair('JASMY', 'JasmyCoin', 0.000001, 1, 0.0082, 1.1),
  pair('CFX', 'Conflux', 0.00001, 1, 0.08, 1.1),
  pair('LUNC', 'Terra Classic', 0.00000001, 1, 0.000042, 1.2),
  pair('SNX', 'Synthetix', 0.001, 0.1, 0.55, 1.05),
  pair('1INCH', '1inch', 0.0001, 0.1, 0.18, 1.05),
  pair('BLUR', 'Blur', 0.0001, 0.1, 0.045, 1.15),
  pair('W', 'Wormhole', 0.0001, 0.1, 0.045, 1.15),
];

export type InstrumentOverrides = Record<string, Partial<Pick<InstrumentSpec, 'startPrice' | 'volatility'>>>;

/**
 * All three groups, as fresh copies (callers may mutate them freely), with a
 * scenario's overrides applied. An override's start price is snapped to the
 * tick and never below one tick. Overrides for unknown symbols are ignored:
 * a scenario written for a larger catalogue still loads. Non-finite or
 * negative values throw: the boundary that reads a scenario validates first.
 */
export function defaultCatalogue(opts?: { overrides?: InstrumentOverrides }): InstrumentSpec[] {
  const overrides = opts?.overrides ?? {};
  return [...EXCHANGE_TICKERS, ...STOCKS, ...CRYPTO].map((spec) => {
    const copy = { ...spec };
    const o = Object.prototype.hasOwnProperty.call(overrides, spec.symbol) ? overrides[spec.symbol] : undefined;
    if (o?.startPrice !== undefined) {
      if (!(o.startPrice > 0) || !Number.isFinite(o.startPrice)) {
        throw new RangeError(`${spec.symbol}: startPrice must be > 0, got ${o.startPrice}`);
      }
      copy.startPrice = Math.max(roundToTick(o.startPrice, spec.tick), roundToTick(spec.tick, spec.tick));
    }
    if (o?.volatility !== undefined) {
      if (!(o.volatility >= 0) || !Number.isFinite(o.volatility)) {
        throw new RangeError(`${spec.symbol}: volatility must be >= 0, got ${o.volatility}`);
      }
      copy.volatility = o.volatility;
    }
    return copy;
  });
}

let bySymbol: Map<string, InstrumentSpec> | undefined;

/**
 * Look up a default instrument by symbol (case-insensitive); undefined if
 * unknown. Returns a copy so that no caller can alter the shared catalogue.
 */
export function findInstrument(symbol: string): InstrumentSpec | undefined {
  if (!bySymbol) {
    bySymbol = new Map();
    for (const spec of [...EXCHANGE_TICKERS, ...STOCKS, ...CRYPTO]) bySymbol.set(spec.symbol, spec);
  }
  const spec = bySymbol.get(symbol) ?? bySymbol.get(symbol.toUpperCase());
  return spec ? { ...spec } : undefined;
}
