// The data contracts between the worker's events and the chart components.
// The charts only render these; they never ask the engine for anything.

/** Candles, oldest first, prices as decimals, t in Unix seconds (candle open time): as the worker sends them. */
export type { CandleData } from '../../protocol';

/** One of the person's own fills. */
export interface FillMarker {
  /** Unix seconds. */
  t: number;
  price: number;
  side: 'buy' | 'sell';
  qty: number;
}

/** Depth, best first; cumulative sums are computed by the chart. */
export interface DepthData {
  bids: { price: number; qty: number }[];
  asks: { price: number; qty: number }[];
}
