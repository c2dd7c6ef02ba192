/**
 * The person's strategies over the sim: the commands (each one a journaled
 * `sim.submit`, so a reload or a replay recreates every strategy and its
 * trades), the views the Strategies page and the Trade chart read, and the
 * list the frames carry. No rules here: the sim runs the strategies and
 * checks every command (parameters, budget, status); this only turns its
 * answers into the protocol's shapes (times in Unix seconds for charts).
 */
import { BUILTIN_STRATEGIES } from '../core/strategy/registry';
import type { ParamValue } from '../core/strategy/types';
import type { Sim } from '../core/sim/sim';
import type { ApiResult, StrategyDetail, StrategyInfo, StrategyStart, StrategyView, StrategyVsBacktest } from '../protocol';
import { strategyVsBacktest } from './liveDiff';

/** The list rides in a frame at most this often (wall ms), unless a command changed it. */
export const STRATEGIES_EVERY_MS = 1_000;

export class StrategyDesk {
  /** A command ran since the last frame: the next one carries the list at once. */
  private dirty = true;
  private sentAt = -Infinity;

  constructor(
    private readonly sim: Sim,
    private readonly account: string,
    private readonly wallNow: () => number,
  ) {}

  // ------------------------------------------------------------------ commands

  start(s: StrategyStart): ApiResult<{ id: string }> {
    // Field by field: the journal records exactly these.
    const r = this.sim.submit(this.account, {
      op: 'strategyStart', strategy: s.strategy, symbol: s.symbol, timeframe: s.timeframe, params: s.params, budget: s.budget,
    });
    if (!r.ok) return r;
    this.dirty = true;
    return { ok: true, id: r.id ?? '' };
  }

  pause(id: string): ApiResult {
    return this.changed(this.sim.submit(this.account, { op: 'strategyPause', id }));
  }

  resume(id: string): ApiResult {
    return this.changed(this.sim.submit(this.account, { op: 'strategyResume', id }));
  }

  stop(id: string): ApiResult {
    return this.changed(this.sim.submit(this.account, { op: 'strategyStop', id }));
  }

  setParams(id: string, params: Record<string, ParamValue>): ApiResult {
    return this.changed(this.sim.submit(this.account, { op: 'strategyParams', id, params }));
  }

  private changed(r: ApiResult<{ id?: string }>): ApiResult {
    if (!r.ok) return r;
    this.dirty = true;
    return { ok: true };
  }

  // ------------------------------------------------------------------ reads

  /** The built-ins the start form offers. */
  catalog(): StrategyInfo[] {
    return BUILTIN_STRATEGIES.map((d) => ({ name: d.name, title: d.title, description: d.description, timeframe: d.timeframe, params: d.params }));
  }

  list(): StrategyView[] {
    // The person's own (a relay's sim holds other people's too).
    return this.sim.strategies().filter((v) => v.owner === this.account).map((v) => {
      const out: StrategyView = {
        id: v.id, strategy: v.strategy, title: v.title, symbol: v.symbol, timeframe: v.timeframe, params: { ...v.params }, status: v.status,
        account: v.account, budget: v.budget, cash: v.cash, equity: v.equity, pnl: v.pnl, trades: v.trades, fees: v.fees, startedAt: v.startedAt,
        external: v.external,
        settled: v.settled,
      };
      if (v.error !== undefined) out.error = v.error.line === undefined ? { message: v.error.message } : { message: v.error.message, line: v.error.line };
      if (v.lastRefusal !== undefined) out.lastRefusal = v.lastRefusal;
      return out;
    });
  }

  /** A strategy's equity, markers, overlays and log (the sim keeps them bounded); null for an unknown id. */
  detail(id: string): StrategyDetail | null {
    if (!this.sim.strategies().some((v) => v.id === id && v.owner === this.account)) return null;
    const d = this.sim.strategyDetail(id);
    if (d === null) return null;
    const sec = (ms: number) => ms / 1000;
    return {
      id,
      equity: { t: d.equity.t.map(sec), v: [...d.equity.v] },
      markers: d.markers.map((m) => ({ t: sec(m.time), side: m.side, price: m.price, units: m.units, reason: m.reason, kind: m.kind })),
      overlays: d.overlays.map((o) => ({ name: o.name, t: o.t.map(sec), v: [...o.v] })),
      log: d.log.map((l) => ({ time: l.time, message: l.message })),
    };
  }

  /** Why its live run differs from a backtest of it over the same bars (liveDiff.ts). */
  vsBacktest(id: string): ApiResult<{ comparison: StrategyVsBacktest }> {
    return strategyVsBacktest(this.sim, this.account, id);
  }

  /** The list for this frame: when a command changed it, or once a second while there are strategies; else undefined. */
  forFrame(): StrategyView[] | undefined {
    const wall = this.wallNow();
    if (!this.dirty && wall - this.sentAt < STRATEGIES_EVERY_MS) return undefined;
    const list = this.list();
    if (!this.dirty && list.length === 0) return undefined;
    this.dirty = false;
    this.sentAt = wall;
    return list;
  }
}
