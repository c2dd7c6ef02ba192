import { pow10 } from '../core/exchange/decimal';
import { portfolioOf } from '../core/portfolio/valuation';
import type { Sim } from '../core/sim/sim';
import type { BackupTables } from '../storage/backup';

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

/** Counted from the backup's tables and from its market as restored (verifyBackup's sim, after the journal's tail). */
export function restoredSummary(t: BackupTables, sim: Sim, account: string): Restored {
  const p = portfolioOf(sim.ex, sim.positions, account, sim.cfg.cashAsset);
  const f = pow10(p.dec);
  return {
    instruments: sim.markets.size,
    orders: t.orders.filter((o) => o.account === account).length,
    trades: t.trades.filter((x) => x.account === account).length,
    strategies: t.userStrategies?.length ?? 0,
    running: sim.strategies().filter((s) => s.status !== 'stopped').length,
    backtests: t.backtestRuns?.length ?? 0,
    series: t.series?.length ?? 0,
    cash: p.cash / f,
    equity: p.equity / f,
    cashAsset: sim.cfg.cashAsset,
  };
}
