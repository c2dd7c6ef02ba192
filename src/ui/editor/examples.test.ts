import { describe, expect, it } from 'vitest';
import { loadGoog } from '../../core/indicators/indicators.testkit';
import { checkParams } from '../../core/strategy/params';
import { BUILTIN_STRATEGIES, builtinStrategy } from '../../core/strategy/registry';
import { StrategyRunner } from '../../core/strategy/runner';
import type { Broker, OpenOrder, ParamValues, Position, StrategyDef } from '../../core/strategy/types';
import { compile } from '../../worker/sandbox/compile';
import { readDeclaration } from '../../worker/sandbox/declaration';
import { EXAMPLES } from './examples';
import { TEMPLATE } from './template';

/**
 * Each example's JavaScript behaves as its built-in: compiled as the sandbox
 * compiles it, then both run with the SDK's runner on GOOG's daily bars over
 * the same simple venue (market orders filled at the close, shorts allowed so
 * sma-cross's `short` is exercised), and they must send the same orders.
 */

class CloseBroker implements Broker {
  readonly allowsShort = true;
  units = 0;
  cashLeft = 100_000;
  close = NaN;
  readonly orders: string[] = [];
  private n = 0;
  position(): Position {
    return { units: this.units, avgPrice: NaN, pnl: 0 };
  }
  cash() {
    return this.cashLeft;
  }
  equity() {
    return this.cashLeft + this.units * (Number.isNaN(this.close) ? 0 : this.close);
  }
  openOrders(): readonly OpenOrder[] {
    return [];
  }
  submit(side: 'buy' | 'sell', type: string, units: number, _p: number | undefined, _s: number | undefined, reason: string | undefined) {
    this.orders.push(`${side} ${type} ${units} ${reason ?? ''}`);
    const signed = side === 'buy' ? units : -units;
    this.units += signed;
    this.cashLeft -= signed * this.close;
    return { ok: true as const, id: `o${++this.n}` };
  }
  cancel() {
    return { ok: true as const, id: '' };
  }
  roundUnits(units: number) {
    return Math.floor(units + 1e-9);
  }
}

function declared(code: string): StrategyDef {
  const c = compile(code);
  if (!c.ok) throw new Error(c.message);
  const d = readDeclaration(c.evaluate());
  if (!d.ok) throw new Error(d.message);
  return d.def;
}

function ordersOf(def: StrategyDef, params: ParamValues): string[] {
  const goog = loadGoog();
  const broker = new CloseBroker();
  const runner = new StrategyRunner(def, params, broker, { symbol: 'GOOG', timeframe: '1d' });
  expect(runner.start()).toBe(true);
  for (let i = 0; i < goog.close.length; i++) {
    broker.close = goog.close[i];
    runner.onBar({ time: i * 86_400_000, open: goog.close[i], high: goog.high[i], low: goog.low[i], close: goog.close[i], volume: goog.volume[i] });
  }
  expect(runner.error).toBeNull();
  return broker.orders;
}

describe('the editor\'s examples', () => {
  it('there is one per built-in', () => {
    expect(EXAMPLES.map((e) => e.name)).toEqual(BUILTIN_STRATEGIES.map((d) => d.name));
  });

  for (const ex of EXAMPLES) {
    it(`${ex.name}: the same declaration and the same orders as the built-in`, () => {
      const builtin = builtinStrategy(ex.name)!;
      const mine = declared(ex.code);
      expect(mine.name).toBe(builtin.name);
      expect(mine.title).toBe(builtin.title);
      expect(mine.timeframe).toBe(builtin.timeframe);
      expect(mine.params).toEqual(builtin.params);
      const variants: Record<string, unknown>[] = [{}];
      if (ex.name === 'sma-cross') variants.push({ short: true }, { fast: 5, slow: 30 });
      for (const given of variants) {
        const p = checkParams(builtin.params, given, builtin.validate);
        if (!p.ok) throw new Error(p.message);
        const theirs = ordersOf(builtin, p.values);
        expect(theirs.length, `${ex.name} ${JSON.stringify(given)} trades on GOOG`).toBeGreaterThan(2);
        expect(ordersOf(mine, p.values)).toEqual(theirs);
      }
      if (builtin.validate !== undefined) {
        // The cross-parameter rule holds in the example too.
        const bad = ex.name === 'zscore-reversion' ? { entry: 1, exit: 2 } : { fast: 50, slow: 20 };
        expect(checkParams(mine.params, bad, mine.validate).ok).toBe(false);
      }
    });
  }

  it('the template declares a working strategy that trades', () => {
    const def = declared(TEMPLATE);
    expect(def.name).toBe('my-strategy');
    const p = checkParams(def.params, {});
    if (!p.ok) throw new Error(p.message);
    expect(ordersOf(def, p.values).length).toBeGreaterThan(2);
  });
});
