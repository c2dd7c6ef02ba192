import { pow10 } from '../core/exchange/decimal';
import { portfolioOf } from '../core/portfolio/valuation';
import type { Sim } from '../core/sim/sim';
import type { Restored } from '../protocol/results';
import type { BackupTables } from '../storage/backup';

export type { Restored };

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
