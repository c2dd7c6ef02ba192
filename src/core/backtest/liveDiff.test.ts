import { describe, expect, it } from 'vitest';
import { smaCross } from '../strategy/builtins/smaCross';
import type { StrategyDef, StrategyMarker } from '../strategy/types';
import { googColumns } from './backtest.testkit';
import { backtestLikeLive, compareLive } from './liveDiff';

const DAY = 86_400_000;
const def = smaCross as unknown as StrategyDef;

describe('why live differs from the backtest', () => {
  const candles = googColumns();
  const run = backtestLikeLive(def, { fast: 10, slow: 30, short: false }, candles, { budget: 10_000, feeRate: 0.001 });
  if (!run.ok) throw new Error(run.message);
  const bt = run.result;
  const fills = bt.markers.filter((m) => m.kind === 'fill');

  /** A live run that sent the backtest's orders, each filled just after its bar closed, `worse` per unit against it. */
  function liveFrom(worse: (k: number) => number, drop = -1): { markers: StrategyMarker[]; cost: number } {
    const markers: StrategyMarker[] = [];
    let cost = 0;
    fills.forEach((f, k) => {
      markers.push({ time: f.signalTime!, side: f.side, price: f.price, units: f.units, reason: f.reason, kind: 'signal' });
      if (k === drop) return;
      const price = f.side === 'buy' ? f.price + worse(k) : f.price - worse(k);
      cost += worse(k) * f.units;
      markers.push({ time: f.signalTime! + DAY - 1, side: f.side, price, units: f.units, reason: f.reason, kind: 'fill', fee: f.fee });
    });
    return { markers, cost };
  }

  it('is spot: no short, so every sell closes a long', () => {
    expect(fills.length).toBeGreaterThan(20);
    expect(bt.trades.every((t) => t.size > 0)).toBe(true);
  });

  it('the same fills give no difference: every signal matched, nothing from slippage or fees', () => {
    const { markers } = liveFrom(() => 0);
    const end = bt.equity[bt.equity.length - 1];
    const r = compareLive({ markers, startEquity: 10_000, endEquity: end }, bt, candles);
    if (!r.ok) throw new Error(r.message);
    const s = r.comparison.summary;
    expect(s.matched).toBe(fills.length);
    expect(s.missedLive + s.extraLive).toBe(0);
    expect(s.difference).toBeCloseTo(0, 9);
    expect(Math.abs(s.fromSlippage)).toBe(0);
    expect(Math.abs(s.fromFees)).toBe(0);
  });

  it('fills 5 cents worse per unit live: the whole difference is slippage, row by row', () => {
    const { markers, cost } = liveFrom(() => 0.05);
    const end = bt.equity[bt.equity.length - 1] - cost;
    const r = compareLive({ markers, startEquity: 10_000, endEquity: end }, bt, candles);
    if (!r.ok) throw new Error(r.message);
    const s = r.comparison.summary;
    expect(s.fromSlippage).toBeCloseTo(-cost, 9);
    expect(s.fromOther).toBeCloseTo(0, 9);
    for (const row of r.comparison.rows) expect(row.slippage).toBeCloseTo(0.05 * row.live!.units, 9);
  });

  it('a fill that did not happen live is its own row', () => {
    const { markers } = liveFrom(() => 0, 3);
    const r = compareLive({ markers, startEquity: 10_000, endEquity: 10_000 }, bt, candles);
    if (!r.ok) throw new Error(r.message);
    const missed = r.comparison.rows.filter((x) => x.kind === 'missed live');
    expect(missed).toHaveLength(1);
    expect(missed[0].signalTime).toBe(fills[3].signalTime);
    expect(missed[0].live).toBeNull();
  });
});
