import { describe, expect, it } from 'vitest';
import type { Frame, StrategyView } from '../../protocol';
import { createStrategiesStore } from './strategies';

const view = (id: string, symbol = 'FUN'): StrategyView => ({
  id, strategy: 'sma-cross', title: 'SMA crossover', symbol, timeframe: '1m', params: { fast: 10, slow: 30, short: false }, status: 'running',
  account: `strat:${id}`, budget: 1000, cash: 1000, equity: 1000, pnl: 0, trades: 0, fees: 0, startedAt: 0, external: false, settled: false,
});
const frame = (strategies?: StrategyView[]) => (strategies === undefined ? {} : { strategies }) as Frame;

describe('the strategies store', () => {
  it('keeps the last list a frame carried; a frame without one changes nothing', () => {
    const [store, feed] = createStrategiesStore();
    expect(store.list()).toBeNull();
    feed.applyFrame(frame([view('S1'), view('S2', 'MEME')]));
    feed.applyFrame(frame());
    expect(store.list()?.map((s) => s.id)).toEqual(['S1', 'S2']);
    expect(store.onSymbol('MEME').map((s) => s.id)).toEqual(['S2']);
    expect(store.byId('S1')?.account).toBe('strat:S1');
    expect(store.byId('S9')).toBeUndefined();
    feed.applyFrame(frame([]));
    expect(store.list()).toEqual([]);
  });

  it('takes an answer asked for before any newer frame list, and drops one overtaken by a frame', async () => {
    const [store, feed] = createStrategiesStore();
    await store.load(Promise.resolve([view('S1')]));
    expect(store.list()?.map((s) => s.id)).toEqual(['S1']);
    let answer!: (xs: StrategyView[]) => void;
    const late = store.load(new Promise((r) => (answer = r)));
    feed.applyFrame(frame([view('S1'), view('S2')]));
    answer([view('S1')]);
    await late;
    expect(store.list()?.map((s) => s.id)).toEqual(['S1', 'S2']);
  });
});
