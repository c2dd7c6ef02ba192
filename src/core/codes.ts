/**
 * The one enum of result codes. The journal's reasons come first (JOURNAL.md);
 * the rest are Bourse's own (risk, trading hours, modify, brackets, snapshots).
 */
export const Code = {
  INVALID_COMMAND: 'INVALID_COMMAND',
  INVALID_ORDER: 'INVALID_ORDER',
  DUPLICATE_ID: 'DUPLICATE_ID',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  NOT_OWNER: 'NOT_OWNER',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  MARKET_CLOSED: 'MARKET_CLOSED',
  RISK_ORDER_NOTIONAL: 'RISK_ORDER_NOTIONAL',
  RISK_POSITION_NOTIONAL: 'RISK_POSITION_NOTIONAL',
  RISK_OPEN_ORDERS: 'RISK_OPEN_ORDERS',
  RISK_DRAWDOWN: 'RISK_DRAWDOWN',
  INVALID_SETTING: 'INVALID_SETTING',
  INVALID_SNAPSHOT: 'INVALID_SNAPSHOT',
  /** The browser's storage for the site is full (quota). */
  STORAGE_FULL: 'STORAGE_FULL',
  /** IndexedDB cannot be used here (private mode, disabled, closed, a newer schema). */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  /** Storage refused a write for another reason (a bug, usually): nothing of it was saved. */
  STORAGE_FAILED: 'STORAGE_FAILED',
  INVALID_BACKUP: 'INVALID_BACKUP',
  /** A strategy name, or a running strategy's id, that is not known. */
  UNKNOWN_STRATEGY: 'UNKNOWN_STRATEGY',
  /** A sell beyond what is held, on a spot venue (no margin account yet). */
  SHORT_NOT_ALLOWED: 'SHORT_NOT_ALLOWED',
  /** Data a backtest cannot run on (a bad CSV line, unsorted bars, a price below zero). */
  INVALID_DATA: 'INVALID_DATA',
  /** A long run (a backtest, a sweep, an import) stopped because the person cancelled it. */
  CANCELLED: 'CANCELLED',
} as const;
export type Code = (typeof Code)[keyof typeof Code];

/** Why an order's rest will not trade. */
export type CancelReason =
  | 'USER'
  | 'IOC'
  | 'FOK'
  | 'STP'
  | 'NO_LIQUIDITY'
  | 'INSUFFICIENT_FUNDS'
  | 'OCO'
  | 'RESET';

export interface Failure {
  ok: false;
  code: Code;
  message: string;
}
export type Result<T extends object = object> = ({ ok: true } & T) | Failure;

export function fail(code: Code, message: string): Failure {
  return { ok: false, code, message };
}
