import type { CancelReason, Code } from '../codes';
import type { OrderType, Tif } from './order';

/**
 * The exchange's event union. Inside the engine numbers are integers (price in
 * ticks, qty in lots, amounts and fees in minor units of their asset);
 * `format.ts` turns them into the journal's decimals at the edge.
 */
export type ExchangeEvent =
  | { ev: 'listed'; symbol: string }
  /** An asset's scale grew: every amount of it held outside the engine must be multiplied by `factor`. */
  | { ev: 'rescaled'; asset: string; dec: number; factor: number }
  | { ev: 'deposit'; account: string; asset: string; amount: number }
  | { ev: 'withdrawal'; account: string; asset: string; amount: number }
  | {
      ev: 'accepted';
      id: string;
      account: string;
      symbol: string;
      side: 'buy' | 'sell';
      type: OrderType;
      price: number;
      stopPrice: number;
      qty: number;
      tif: Tif;
      /** Set on a bracket's take-profit or stop-loss leg: the entry's id. */
      parent?: string;
    }
  | {
      ev: 'trade';
      seq: number;
      symbol: string;
      price: number;
      qty: number;
      taker: string;
      maker: string;
      buyer: string;
      seller: string;
      takerSide: 'buy' | 'sell';
      takerFee: number;
      makerFee: number;
    }
  | { ev: 'filled'; id: string; account: string; symbol: string }
  | { ev: 'cancelled'; id: string; account: string; symbol: string; reason: CancelReason; qty: number }
  | { ev: 'rejected'; id?: string; line?: number; op?: string; reason: Code; message: string }
  | { ev: 'triggered'; id: string; account: string; symbol: string }
  | {
      ev: 'modified';
      id: string;
      account: string;
      symbol: string;
      price: number;
      stopPrice: number;
      qty: number;
      priority: 'kept' | 'lost';
    };

export type EventSink = (e: ExchangeEvent) => void;

export type AcceptedEvent = Extract<ExchangeEvent, { ev: 'accepted' }>;
export type TradeEvent = Extract<ExchangeEvent, { ev: 'trade' }>;
export type FilledEvent = Extract<ExchangeEvent, { ev: 'filled' }>;
export type CancelledEvent = Extract<ExchangeEvent, { ev: 'cancelled' }>;

/** Blank events of the frequent kinds, laid out as the engine fills them: fresh ones and reused ones share one shape. */
export const newAccepted = (): AcceptedEvent => ({ ev: 'accepted', id: '', account: '', symbol: '', side: 'buy', type: 'limit', price: 0, stopPrice: 0, qty: 0, tif: 'GTC' });
export const newTrade = (): TradeEvent => ({
  ev: 'trade', seq: 0, symbol: '', price: 0, qty: 0, taker: '', maker: '', buyer: '', seller: '', takerSide: 'buy', takerFee: 0, makerFee: 0,
});
export const newFilled = (): FilledEvent => ({ ev: 'filled', id: '', account: '', symbol: '' });
export const newCancelled = (): CancelledEvent => ({ ev: 'cancelled', id: '', account: '', symbol: '', reason: 'USER', qty: 0 });

/**
 * The events an order's life emits most, one object each, overwritten for
 * every event of its kind: what an Exchange built with `reuseEvents` hands
 * its sink, so that the hot path allocates no event. Such a sink reads an
 * event during the call and keeps nothing of it but copies (`{ ...e }`).
 */
export class EventScratch {
  readonly accepted = newAccepted();
  readonly trade = newTrade();
  readonly filled = newFilled();
  readonly cancelled = newCancelled();
}
