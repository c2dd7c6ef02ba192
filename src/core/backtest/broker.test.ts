import { describe, expect, it } from 'vitest';
import type { OrderRequest, StrategyContext, StrategyDef } from '../strategy/types';
import { columnsOf } from './columns';
import { runBacktest } from './engine';
import type { BacktestConfig } from './types';

type Ohlc = [open: number, high: number, low: number, close: number];

/** Sends `order` (a buy or sell) on the first bar it is called (bar 1), then waits; the run over `bars`. */
function once(side: 'buy' | 'sell', order: OrderRequest, bars: Ohlc[], config: Partial<BacktestConfig> = {}) {
  const def: StrategyDef = {
    name: 'once', title: '', description: '', params: {}, timeframe: '1d', init: () => ({}),
    onBar(ctx: StrategyContext) {
      if (ctx.barIndex === 2) void (side === 'buy' ? ctx.buy(order) : ctx.sell(order));
    },
  };
  const data = columnsOf(bars.map(([open, high, low, close], i) => ({ time: i * 86_400_000, open, high, low, close, volume: 1 })));
  const r = runBacktest(def, {}, data, { finalizeTrades: false, ...config });
  if (!r.ok) throw new Error(r.message);
  return r.result;
}

const flat: Ohlc = [100, 101, 99, 100];

describe('fills inside a bar (backtesting.py\'s rules)', () => {
  it('a market order fills at the next open; with tradeOnClose at this close, on this bar', () => {
    expect(once('buy', { size: { units: 1 } }, [flat, flat, [103, 104, 102, 103], flat]).markers[0]).toMatchObject({ price: 103, time: 2 * 86_400_000 });
    const onClose = once('buy', { size: { units: 1 } }, [flat, [100, 101, 99, 100.5], [103, 104, 102, 103], flat], { tradeOnClose: true });
    expect(onClose.markers[0]).toMatchObject({ price: 100.5, time: 86_400_000 });
  });

  it('a buy limit fills at the limit, or at the open when the bar opens below it', () => {
    expect(once('buy', { limit: 98, size: { units: 1 } }, [flat, flat, flat, [99, 100, 97, 99]]).markers[0].price).toBe(98);
    expect(once('buy', { limit: 98, size: { units: 1 } }, [flat, flat, [95, 96, 94, 95]]).markers[0].price).toBe(95);
    expect(once('buy', { limit: 90, size: { units: 1 } }, [flat, flat, flat]).markers).toHaveLength(0);
  });

  it('a sell stop triggers when the low reaches it and fills at the stop, or at the open below it', () => {
    expect(once('sell', { stop: 98, size: { units: 1 } }, [flat, flat, [99, 100, 97, 98]]).markers[0].price).toBe(98);
    expect(once('sell', { stop: 98, size: { units: 1 } }, [flat, flat, [94, 95, 93, 94]]).markers[0].price).toBe(94);
  });

  it('when one bar reaches both the stop-loss and the take-profit, the stop-loss is taken', () => {
    const r = once('buy', { size: { units: 1 }, sl: 95, tp: 105 }, [flat, flat, flat, [100, 106, 94, 100], flat]);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ exitReason: 'stop-loss', exitPrice: 95, sl: 95, tp: 105 });
  });

  it('exits of a market entry are tried on its own bar', () => {
    const r = once('buy', { size: { units: 1 }, tp: 102 }, [flat, flat, [100, 103, 99, 101], flat]);
    expect(r.trades[0]).toMatchObject({ entryBar: 2, exitBar: 2, exitPrice: 102, exitReason: 'take-profit' });
  });

  it('a stop-loss gapped through fills at the open, and keeps its price on the record', () => {
    const r = once('buy', { size: { units: 1 }, sl: 95 }, [flat, flat, flat, [90, 91, 89, 90], flat]);
    expect(r.trades[0]).toMatchObject({ exitPrice: 90, sl: 95 });
  });

  it('refuses a long whose stop-loss is above its entry, and says why', () => {
    const r = once('buy', { size: { units: 1 }, sl: 120 }, [flat, flat, flat]);
    expect(r.trades).toHaveLength(0);
    expect(r.log.some((l) => l.message.includes('stop-loss < entry < take-profit'))).toBe(true);
  });

  it('cancels an order the money cannot pay for, with a line in the log', () => {
    const r = once('buy', { size: { units: 1000 } }, [flat, flat, flat], { cash: 1000 });
    expect(r.trades).toHaveLength(0);
    expect(r.markers).toHaveLength(0);
    expect(r.log.some((l) => l.message.startsWith('Not filled'))).toBe(true);
  });

  it('sizes a default buy at the fill: whole units of all the money, after the spread and commission', () => {
    const r = once('buy', {}, [flat, flat, [100, 101, 99, 100], flat], { cash: 1000, spreadBps: 100, commission: { rate: 0.01, fixed: 0, perUnit: 0 }, finalizeTrades: true });
    // 1000 / (100 × 1.01 + 1) = 9.8… → 9 units.
    expect(r.trades[0].size).toBe(9);
    const fr = once('buy', {}, [flat, flat, [100, 101, 99, 100], flat], { cash: 1000, fractional: true, finalizeTrades: true });
    expect(fr.trades[0].size).toBeCloseTo(10, 9);
  });
});

describe('orders made from the ones the queue is done with', () => {
  it('keep nothing of the order they were: a market order after a filled limit with exits fills at the open, with no exits', () => {
    const sent: OrderRequest[] = [
      { limit: 99.5, size: { units: 2 }, sl: 90, tp: 120, reason: 'limit in' }, // fills on bar 2 (low 99), exits queued
      {}, // nothing
      { size: { units: 1 }, reason: 'market more' }, // a plain market buy: fills at bar 4's open, no exits of its own
    ];
    const def: StrategyDef = {
      name: 'reuse', title: '', description: '', params: {}, timeframe: '1d', init: () => ({}),
      onBar(ctx: StrategyContext) {
        const o = sent[ctx.barIndex - 2];
        if (o !== undefined && Object.keys(o).length > 0) void ctx.buy(o);
      },
    };
    const bars: Ohlc[] = [flat, flat, flat, flat, [104, 105, 103, 104], [110, 112, 108, 111], flat];
    const data = columnsOf(bars.map(([open, high, low, close], i) => ({ time: i * 86_400_000, open, high, low, close, volume: 1 })));
    const r = runBacktest(def, {}, data, { finalizeTrades: true });
    if (!r.ok) throw new Error(r.message);
    expect(r.result.markers.map((m) => [m.side, m.price, m.units, m.reason])).toEqual([
      ['buy', 99.5, 2, 'limit in'],
      ['buy', 104, 1, 'market more'],
      ['sell', 100, 2, 'end of data'],
      ['sell', 100, 1, 'end of data'],
    ]);
    expect(r.result.trades.map((t) => [t.size, t.sl, t.tp])).toEqual([[2, 90, 120], [1, null, null]]);
  });
});
