/**
 * What the UI (and, later, the relay) asks the worker to do, as it is sent:
 * decimals, names, plain objects. Each of these is parsed field by field in
 * parse.ts before the worker acts on it.
 */
import type { Timeframe } from '../core/market/candles';
import type { RiskRules } from '../core/portfolio/risk';
import type { ParamValue } from '../core/strategy/types';
import type { OrderTypeName, OrderView, SideName, TifName } from './views';

export const SIDE_NAMES: readonly SideName[] = ['buy', 'sell'];
export const ORDER_TYPE_NAMES: readonly OrderTypeName[] = ['limit', 'market', 'stop', 'stop_limit'];
export const TIF_NAMES: readonly TifName[] = ['GTC', 'IOC', 'FOK'];

/** An order as the ticket sends it (decimals). */
export interface OrderTicket {
  symbol: string;
  side: SideName;
  type: OrderTypeName;
  qty: number;
  price?: number;
  stopPrice?: number;
  tif?: TifName;
  takeProfit?: number;
  stopLoss?: number;
}

/** What a modify may change on a working order (decimals); at least one of them. */
export interface OrderChange {
  price?: number;
  stopPrice?: number;
  qty?: number;
}

/** What the UI is looking at: the worker sends detail only for this. */
export interface View {
  symbol: string | null;
  timeframe: Timeframe;
  /** Book levels a side. */
  depth: number;
}

/** Sim speed for synthetic markets: 0 pauses. */
export type Speed = 0 | 1 | 10 | 60;
export const SPEED_VALUES: readonly Speed[] = [0, 1, 10, 60];

export interface Settings {
  speed: Speed;
  startingCash: number;
  risk: RiskRules;
}

/** The person's Alpaca paper-trading keys (null forgets them). */
export interface AlpacaKeys {
  key: string;
  secret: string;
}

/** A page of the person's trades, newest first (GET /trades). */
export interface TradePageQuery {
  symbol?: string;
  side?: SideName;
  limit?: number;
  /** Continue after this row (the last of the previous page). */
  before?: { ts: number; seq: number; n?: number };
}

/** A page of the person's orders, newest first (GET /orders). */
export interface OrderPageQuery {
  symbol?: string;
  status?: OrderView['status'];
  limit?: number;
  before?: { updatedAt: number; id: string };
}

/**
 * Start a strategy: a built-in by name (or `user:<name>` for the person's
 * code), on a market and timeframe, with its parameters (unknown or
 * out-of-range ones are refused by the core, naming the parameter) and a
 * budget moved from the person's cash to the strategy's own account.
 */
export interface StrategyStart {
  strategy: string;
  symbol: string;
  timeframe: Timeframe;
  params: Record<string, ParamValue>;
  budget: number;
}
