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

/** A strategy's fill or signal: ▲ buy / ▼ sell at `price`, with why (shown on hover and read as text). */
export interface SignalMarker {
  /** Unix seconds. */
  t: number;
  price: number;
  side: 'buy' | 'sell';
  units: number;
  /** Who: the strategy's id (S1). */
  who: string;
  reason: string;
  kind: 'fill' | 'signal';
}

/** A line drawn over the candles (a strategy's indicator): one value per time, NaN while it warms up. */
export interface Overlay {
  /** What it is, as the readout names it: "S1 SMA 10". */
  name: string;
  /** Unix seconds, ascending. */
  t: readonly number[];
  v: readonly number[];
}
