import { describe, expect, it } from 'vitest';
import { StrategyRunner } from '../../core/strategy/runner';
import type { Broker, StrategyDef } from '../../core/strategy/types';
import { CONTEXT_HELP, DECLARATION_HELP } from './help';

describe('the editor\'s SDK reference', () => {
  it('lists every field and method of the context, and nothing it lacks', () => {
    const def: StrategyDef = { name: 'x', title: 'x', description: '', params: {}, timeframe: '1m', init: () => ({}), onBar: () => {} };
    const broker = {} as Broker; // the context's getters are not read here
    const ctx = new StrategyRunner(def, {}, broker, { symbol: 'FUN', timeframe: '1m' }).ctx;
    // Its own fields (the order methods, symbol, bar…) and its class's getters (params, position, cash…).
    const names = [...Object.keys(ctx), ...Object.getOwnPropertyNames(Object.getPrototypeOf(ctx)).filter((k) => k !== 'constructor')];
    expect(CONTEXT_HELP.map((e) => e.name).sort()).toEqual(names.sort());
  });

  it('lists the declaration\'s parts', () => {
    expect(DECLARATION_HELP.map((e) => e.name)).toEqual(['name', 'title', 'description', 'timeframe', 'params', 'validate', 'init', 'onBar', 'onFill', 'onStop']);
    for (const e of [...CONTEXT_HELP, ...DECLARATION_HELP]) expect(e.text.length, e.name).toBeGreaterThan(10);
  });
});
