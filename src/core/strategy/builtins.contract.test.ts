import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkParams } from './params';
import { BUILTIN_STRATEGIES, builtinStrategy } from './registry';
import { StrategyRunner } from './runner';
import { TestBroker, csvBars, runOnBars } from './testkit';
import type { StrategyDef } from './types';

/** GOOG daily bars, 2004–2013 (the seeds' data set). */
const GOOG = csvBars(readFileSync(new URL('../../../../shared/data/GOOG.csv', import.meta.url), 'utf8'));

/**
 * The contract every built-in keeps: a plain-words declaration, parameters
 * whose defaults pass their own checks, and on real data (GOOG, ~2,150 bars)
 * it trades, never throws, never tries a short on spot unless asked, stays
 * solvent, and resumes exactly from a saved state at any bar.
 */
describe.each(BUILTIN_STRATEGIES.map((d) => [d.name, d] as const))('%s', (name, def) => {
  const params = (): ReturnType<typeof checkParams> => checkParams(def.params, {}, def.validate);

  it('declares itself for a beginner: name, title, a description of some length, typed parameters', () => {
    expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(builtinStrategy(name)).toBe(def);
    expect(def.title.length).toBeGreaterThan(5);
    expect(def.description.length).toBeGreaterThan(120);
    expect(Object.keys(def.params).length).toBeGreaterThan(0);
    expect(params().ok).toBe(true);
  });

  it('trades on GOOG with its defaults, never throws, and stays solvent on a spot broker', () => {
    const p = params();
    if (!p.ok) throw new Error(p.message);
    const { runner, broker, fills } = runOnBars(def, p.values, GOOG, new TestBroker(100_000, false, 0.001));
    expect(runner.error).toBeNull();
    expect(runner.status).toBe('running');
    expect(fills.filter((f) => f.side === 'buy').length).toBeGreaterThan(2);
    expect(fills.filter((f) => f.side === 'sell').length).toBeGreaterThan(2);
    expect(broker.units).toBeGreaterThanOrEqual(0);
    expect(broker.cashHeld).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(broker.equity())).toBe(true);
    expect(runner.lastRefusal).toBeNull(); // nothing it asks of a spot venue is refused
    const d = runner.detail();
    expect(d.equity.t).toHaveLength(GOOG.length > 2000 ? 2000 : GOOG.length);
    expect(d.markers.length).toBeGreaterThan(0);
    expect(d.markers.every((m) => m.reason.length > 0)).toBe(true);
  });

  it('resumes exactly from its state saved at any bar', () => {
    const p = params();
    if (!p.ok) throw new Error(p.message);
    const whole = runOnBars(def, p.values, GOOG);
    for (const cut of [1, 250, 1333]) {
      const first = runOnBars(def, p.values, GOOG.slice(0, cut));
      const saved = JSON.parse(JSON.stringify(first.runner.state())) as ReturnType<StrategyRunner['state']>;
      const broker = Object.assign(new TestBroker(0), JSON.parse(JSON.stringify(first.broker)) as object);
      broker.mark = first.broker.mark;
      const r = StrategyRunner.restore(def, broker, { symbol: 'TEST', timeframe: '1d' }, saved);
      if (!r.ok) throw new Error(r.message);
      for (const bar of GOOG.slice(cut)) {
        for (const f of broker.settle(bar)) r.runner.onFill(f);
        r.runner.onBar(bar);
      }
      expect(JSON.stringify(r.runner.state()), `cut at ${cut}`).toBe(JSON.stringify(whole.runner.state()));
    }
  });
});

describe('the registry', () => {
  it('has the issue’s built-ins and no unknown name', () => {
    expect(BUILTIN_STRATEGIES.map((d: StrategyDef) => d.name)).toEqual(
      expect.arrayContaining(['sma-cross', 'rsi-momentum', 'zscore-reversion', 'macd-cross', 'bollinger-reversion', 'donchian-breakout']),
    );
    expect(builtinStrategy('nope')).toBeUndefined();
    expect(builtinStrategy('__proto__')).toBeUndefined();
  });
});
