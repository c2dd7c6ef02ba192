/**
 * The journal's commands as they arrive (JSON, decimals). Every field is
 * checked at the boundary (validate.ts) before the engine touches state.
 */
export interface InstrumentCommand {
  op: 'instrument';
  symbol: string;
  base: string;
  quote: string;
  tick: number;
  lot: number;
  makerFeeBps?: number;
  takerFeeBps?: number;
}

export interface DepositCommand {
  op: 'deposit' | 'withdraw';
  account: string;
  asset: string;
  amount: number;
}

export interface PlaceCommand {
  op: 'place';
  id: string;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market' | 'stop' | 'stop_limit';
  price?: number;
  stopPrice?: number;
  qty: number;
  tif?: 'GTC' | 'IOC' | 'FOK';
  /** Bracket legs, placed when the entry is done: a limit at takeProfit and a stop at stopLoss, one cancelling the other. */
  takeProfit?: number;
  stopLoss?: number;
}

export interface CancelCommand {
  op: 'cancel';
  id: string;
  account: string;
}

/** qty is the order's new total quantity (filled + open), as exchanges define amend. */
export interface ModifyCommand {
  op: 'modify';
  id: string;
  account: string;
  price?: number;
  stopPrice?: number;
  qty?: number;
}

export type Command = InstrumentCommand | DepositCommand | PlaceCommand | CancelCommand | ModifyCommand;
