/** What the worker answers: a result value for anything a person can get wrong, and its health. */
import type { Code } from '../core/codes';

/** `saved: false`: done, but there is no storage (told at start), so it will not survive the tab. */
export type ApiResult<T = object> = ({ ok: true; saved?: false } & T) | { ok: false; code: Code; message: string };

export interface Health {
  ok: true;
  /** 'leader' runs the engine; a 'follower' tab forwards to the leader. */
  role: 'leader' | 'follower' | 'starting';
  now: number;
  instruments: number;
  openOrders: number;
  stateHash: string;
  /** Whether state is being saved (false: in memory only). */
  persistent: boolean;
}

/** What an imported backup brought back, to tell the person (issue 13: an import used to succeed silently). */
export interface Restored {
  /** Instruments listed in the restored market. */
  instruments: number;
  /** The person's orders and trades in the history. */
  orders: number;
  trades: number;
  /** Strategies the person wrote (the editor's), and strategies running in the market. */
  strategies: number;
  running: number;
  /** Backtests saved, and series imported for them. */
  backtests: number;
  series: number;
  /** The person's cash and equity, decimals of the cash asset. */
  cash: number;
  equity: number;
  cashAsset: string;
}
