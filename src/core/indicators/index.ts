/** The indicators, one import for the strategy SDK, the chart and the backtester. */
export { runSeries, runBars, checkPeriod, MAX_PERIOD, type Indicator, type BarIndicator, type BarColumns } from './indicator';
export { encodeNumber, decodeNumber, StateReader, type Saveable, type LoadResult, type SavedNumber } from './state';
export { Sma, sma } from './sma';
export { Ema } from './ema';
export { Wma } from './wma';
export { Rsi } from './rsi';
export { Macd } from './macd';
export { StdDev } from './stddev';
export { Bollinger } from './bollinger';
export { ZScore } from './zscore';
export { Atr } from './atr';
export { Vwap } from './vwap';
export { Highest, Lowest } from './extremes';
export { BarsSince, barsSince } from './barsSince';
export { crossover, crossunder, crossedOver, crossedUnder, crossovers, crossunders, type SeriesLike } from './cross';
