import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { smaCross } from './builtins/smaCross';
import { StrategyRunner } from './runner';
import { checkRunnerState, type RunnerState } from './runnerState';
import { TestBroker, csvBars, runOnBars } from './testkit';
import type { Series, StrategyDef } from './types';

const GOOG = csvBars(readFileSync(new URL('../../../../shared/data/GOOG.csv', import.meta.url), 'utf8')).slice(0, 400);

/** Declares every indicator the SDK offers, and trades on a few of them. */
const everything: StrategyDef = {
  name: 'everything', title: 'Every indicator', description: 'Test', timeframe: '1d', params: {},
  init: (ctx) => ({
    sma: ctx.ind.sma(5, 'hl2'), ema: ctx.ind.ema(8), wma: ctx.ind.wma(6, 'ohlc4'), rsi: ctx.ind.rsi(9), sd: ctx.ind.stddev(10, 'hlc3'),
    z: ctx.ind.zscore(12), hi: ctx.ind.highest(7), lo: ctx.ind.lowest(7), vol: ctx.ind.sma(3, 'volume'), macd: ctx.ind.macd(4, 9, 3),
    bb: ctx.ind.bollinger(10, 1.5, 'open'), atr: ctx.ind.atr(5), vwap: ctx.ind.vwap(10),
  }),
  onBar(ctx) {
    const i = ctx.indicators as { ema: Series; atr: Series; rsi: Series };
    ctx.state.n = ((ctx.state.n as number | undefined) ?? 0) + 1;
    if (!i.atr.ready) return;
    if (ctx.position.units === 0 && i.rsi.value < 45) void ctx.buy({ size: { fraction: 0.5 }, tp: ctx.bar.close + 2 * i.atr.value, sl: ctx.bar.close - 2 * i.atr.value, reason: 'dip' });
  },
};

describe('a runner declaring every indicator', () => {
  it('feeds them all, draws the price-scale ones, and resumes exactly from any cut', () => {
    const whole = runOnBars(everything, {}, GOOG);
    expect(whole.runner.error).toBeNull();
    const names = whole.runner.detail().overlays.map((o) => o.name);
    expect(names).toEqual(['SMA(5, hl2)', 'EMA(8)', 'WMA(6, ohlc4)', 'Highest(7)', 'Lowest(7)', 'BB(10, 1.5, open).upper', 'BB(10, 1.5, open).middle', 'BB(10, 1.5, open).lower', 'VWAP(10)']);
    expect(whole.fills.some((f) => f.side === 'sell')).toBe(true);
    for (const cut of [3, 57, 211]) {
      const first = runOnBars(everything, {}, GOOG.slice(0, cut));
      const saved = JSON.parse(JSON.stringify(first.runner.state())) as RunnerState;
      expect(checkRunnerState(saved, everything)).toBeNull();
      const broker = Object.assign(new TestBroker(0), JSON.parse(JSON.stringify(first.broker)) as object);
      broker.mark = first.broker.mark;
      broker.avg = first.broker.avg;
      const r = StrategyRunner.restore(everything, broker, { symbol: 'TEST', timeframe: '1d' }, saved);
      if (!r.ok) throw new Error(r.message);
      for (const bar of GOOG.slice(cut)) {
        for (const f of broker.settle(bar)) r.runner.onFill(f);
        r.runner.onBar(bar);
      }
      expect(JSON.stringify(r.runner.state())).toBe(JSON.stringify(whole.runner.state()));
    }
  });
});

describe('a saved runner state from storage or a file', () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(runOnBars(smaCross as unknown as StrategyDef, { fast: 3, slow: 8, short: false }, GOOG.slice(0, 60)).runner.state())) as Record<string, unknown>;
  const def = smaCross as unknown as StrategyDef;

  it('is read field by field: anything malformed is refused with where it is wrong', () => {
    const cases: [(s: Record<string, unknown>) => void, RegExp][] = [
      [(s) => (s.extra = 1), /runner.extra is not a field/],
      [(s) => (s.v = 2), /runner.v should be 1/],
      [(s) => (s.status = 'asleep'), /runner.status/],
      [(s) => (s.error = { line: 3 }), /runner.error/],
      [(s) => (s.lastRefusal = 5), /runner.lastRefusal/],
      [(s) => (s.barIndex = 1.5), /runner.barIndex/],
      [(s) => (s.params = { fast: 50, slow: 8, short: false }), /runner.params: The fast average must be shorter/],
      [(s) => (s.pending = { fast: 0 }), /runner.pending: fast must be/],
      [(s) => (s.mem = []), /runner.mem/],
      [(s) => (s.bar = [1, 2]), /runner.bar/],
      [(s) => (s.feeds = {}), /runner.feeds/],
      [(s) => ((s.history as Record<string, unknown>).equity = [[1], []]), /history.equity/],
      [(s) => ((s.history as Record<string, unknown>).markers = [{ side: 'up' }]), /history.markers/],
      [(s) => ((s.history as Record<string, unknown>).overlays = [['x', [1], ['a']]]), /history.overlays/],
      [(s) => ((s.history as Record<string, unknown>).log = [{ time: 'now' }]), /history.log/],
      [(s) => (s.history = null), /history should be an object/],
      [(s) => (s.reasons = [['a']]), /runner.reasons/],
      [(s) => (s.exits = [['a', 'buy', -1, null, 0]]), /runner.exits/],
      [(s) => (s.legs = [[1, 2]]), /runner.legs/],
    ];
    expect(checkRunnerState(good(), def)).toBeNull();
    expect(checkRunnerState(null, def)).toMatch(/should be an object/);
    for (const [spoil, want] of cases) {
      const s = good();
      spoil(s);
      expect(checkRunnerState(s, def), String(want)).toMatch(want);
    }
  });

  it('refuses indicator states that do not fit what init declares', () => {
    const s = good() as unknown as RunnerState;
    const wrongCount = { ...s, feeds: s.feeds.slice(1) };
    const r1 = StrategyRunner.restore(def, new TestBroker(0), { symbol: 'T', timeframe: '1d' }, wrongCount);
    expect(r1.ok ? '' : r1.message).toMatch(/declares 2 indicators, the saved state has 1/);
    const swapped = { ...s, feeds: [s.feeds[1], s.feeds[0]] };
    const r2 = StrategyRunner.restore(def, new TestBroker(0), { symbol: 'T', timeframe: '1d' }, swapped);
    expect(r2.ok ? '' : r2.message).toMatch(/cannot be loaded into SMA\(3\)/);
    const badInd = { ...s, feeds: [{ ...s.feeds[0], ind: { kind: 'nope' } }, s.feeds[1]] };
    expect(StrategyRunner.restore(def, new TestBroker(0), { symbol: 'T', timeframe: '1d' }, badInd).ok).toBe(false);
    const badHist = { ...s, feeds: [{ ...s.feeds[0], hist: [[1]] }, s.feeds[1]] };
    expect(StrategyRunner.restore(def, new TestBroker(0), { symbol: 'T', timeframe: '1d' }, badHist).ok).toBe(false);
    const stopped = { ...s, status: 'stopped' as const, feeds: [] };
    expect(StrategyRunner.restore(def, new TestBroker(0), { symbol: 'T', timeframe: '1d' }, stopped).ok).toBe(true); // runs nothing more: declares nothing
  });
});
