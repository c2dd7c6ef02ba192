import type { Timeframe } from '../market/candles';
import type { ParamValue, StrategyError, StrategyStatus } from '../strategy/types';
import { equityDecimal, type StrategyHost } from './strategyBook';
import type { StrategyAgent } from './strategyAgent';

/** A strategy as its card shows it (decimals of the cash asset). */
export interface StrategyView {
  id: string;
  /** A built-in's name or `user:<name>`. */
  strategy: string;
  title: string;
  symbol: string;
  timeframe: Timeframe;
  params: Record<string, ParamValue>;
  status: StrategyStatus;
  error?: StrategyError;
  /** Its last order the venue or the spot rule refused, and why. */
  lastRefusal?: string;
  /** Its own account, `strat:S1`. */
  account: string;
  /** The person's account it was started from. */
  owner: string;
  budget: number;
  cash: number;
  equity: number;
  /** equity − budget. */
  pnl: number;
  trades: number;
  fees: number;
  startedAt: number;
  /** Whether its code runs in the sandbox (user code) rather than in the sim. */
  external: boolean;
  /** Its account was emptied back to its owner (a stop, or a stop after an error): nothing of it is left to return. */
  settled: boolean;
}

export function strategyView(a: StrategyAgent, host: Pick<StrategyHost, 'ex' | 'cfg' | 'positions'>): StrategyView {
  const who = a.who;
  const runner = a.runner;
  const ext = a.ext;
  const status = a.status;
  let cash: number;
  let equity: number;
  let trades: number;
  let fees: number;
  if (a.final !== null) {
    ({ cash, equity, trades, fees } = a.final);
  } else {
    cash = a.broker.cash();
    equity = equityDecimal(host, a.account);
    const pos = host.positions.get(a.account, a.env.spec.symbol);
    trades = pos?.trades ?? 0;
    fees = pos === undefined ? 0 : pos.fees / 10 ** a.env.inst.quote.dec;
  }
  const v: StrategyView = {
    id: who.id, strategy: who.strategy, title: who.title, symbol: a.env.spec.symbol, timeframe: who.timeframe,
    params: { ...(runner !== null ? (runner.pending ?? runner.params) : ext!.params) },
    status, account: a.account, owner: who.owner, budget: who.budget, cash, equity, pnl: round(equity - who.budget),
    trades, fees, startedAt: who.startedAt, external: runner === null, settled: a.final !== null,
  };
  const error = runner !== null ? runner.error : ext!.error;
  if (error !== null) v.error = { ...error };
  const refusal = runner !== null ? runner.lastRefusal : ext!.lastRefusal;
  if (refusal !== null) v.lastRefusal = refusal;
  return v;
}

/** Money in the view: cents-level noise of float subtraction removed. */
function round(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}
