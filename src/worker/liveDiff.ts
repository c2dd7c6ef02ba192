/**
 * `strategyVsBacktest(id)`: why one of the person's strategies did live what
 * its backtest would not. The sim reads the run (`Sim.strategyRun`) and core
 * compares (`liveVsBacktest`); this checks the strategy is the person's and
 * turns the answer into the protocol's shape (times in Unix seconds).
 */
import { Code } from '../core/codes';
import type { Execution } from '../core/backtest/liveDiff';
import { liveVsBacktest } from '../core/sim/liveVsBacktest';
import type { Sim } from '../core/sim/sim';
import type { ApiResult, LiveDiffFill, StrategyVsBacktest } from '../protocol';

const sec = (ms: number): number => ms / 1000;
const fillOf = (e: Execution | null): LiveDiffFill | null => (e === null ? null : { t: sec(e.time), units: e.units, price: e.price, fee: e.fee });

export function strategyVsBacktest(sim: Sim, account: string, id: string): ApiResult<{ comparison: StrategyVsBacktest }> {
  // Another person's strategy is as unknown as one that does not exist (a relay's sim holds other people's).
  if (!sim.strategies().some((v) => v.id === id && v.owner === account)) return { ok: false, code: Code.UNKNOWN_STRATEGY, message: `No strategy ${JSON.stringify(id)}.` };
  const run = sim.strategyRun(id);
  if (!run.ok) return run;
  const r = liveVsBacktest(run.run);
  if (!r.ok) return r;
  const a = r.answer;
  const s = a.comparison.summary;
  return {
    ok: true,
    comparison: {
      id: a.id, title: a.title, symbol: a.symbol, timeframe: a.timeframe, params: { ...a.params }, startEquity: a.startEquity, feeRate: a.feeRate,
      bars: a.bars, from: sec(a.from), to: sec(a.to), barsRun: a.barsRun, partial: a.partial, notes: [...a.notes],
      summary: {
        livePnl: s.livePnl, backtestPnl: s.backtestPnl, difference: s.difference, fromSlippage: s.fromSlippage, fromFees: s.fromFees,
        fromOther: s.fromOther, matched: s.matched, missedLive: s.missedLive, extraLive: s.extraLive,
      },
      rows: a.comparison.rows.map((x) => ({
        t: sec(x.signalTime), side: x.side, reason: x.reason, live: fillOf(x.live), backtest: fillOf(x.backtest), slippage: x.slippage, fees: x.fees, kind: x.kind,
      })),
    },
  };
}
