import type { Fill, OrderSide, StrategyMarker } from '../strategy/types';

/** A fill as the backtester reports it: the SDK's, and when its order was sent. */
export interface BacktestFill extends Fill {
  readonly reason: string;
  readonly signalTime: number;
}

/**
 * A fill, which is also its own marker on the chart (a `StrategyMarker` of
 * kind 'fill'). The broker makes one per fill for the strategy's `onFill`;
 * the run keeps its numbers (records.ts' FillLog) and makes the markers at
 * the end.
 */
export class FillRecord implements BacktestFill, StrategyMarker {
  readonly kind = 'fill';
  constructor(
    readonly orderId: string,
    readonly side: OrderSide,
    readonly units: number,
    readonly price: number,
    readonly fee: number,
    readonly time: number,
    readonly reason: string,
    readonly signalTime: number,
  ) {}
}
