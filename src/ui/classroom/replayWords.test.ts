import { describe, expect, it } from 'vitest';
import type { ReplayStep } from '../../core/classroom/sessionReplay';
import { fmtPrice, fmtTime } from '../format';
import { stepWords } from './replayWords';

const base: Omit<ReplayStep, 'action'> = { fromSeq: 1, toSeq: 1, now: Date.UTC(2030, 0, 7, 15, 3), fills: [], cash: 0, equity: 0, positions: [], orders: [] };
const step = (action: ReplayStep['action'], fills: ReplayStep['fills'] = []): ReplayStep => ({ ...base, action, fills });

describe('a replay step in words', () => {
  it('says a tick, an order, a fill, a cancel and a refusal as people would', () => {
    expect(stepWords(step({ k: 'prices', tick: 3 }))).toBe(`Prices at ${fmtTime(base.now)}`);
    const buy = { k: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 4, price: null, stopPrice: null, refused: null } as const;
    expect(stepWords(step(buy, [{ symbol: 'FUN', side: 'buy', qty: 4, price: 100.1 }]))).toBe(`Bought 4 FUN at market · filled: bought 4 FUN @ ${fmtPrice(100.1)}`);
    expect(stepWords(step(buy))).toBe('Market buy 4 FUN');
    expect(stepWords(step({ k: 'place', symbol: 'FUN', side: 'sell', type: 'limit', qty: 2, price: 101.2, stopPrice: null, refused: null })))
      .toBe(`Limit sell 2 FUN @ ${fmtPrice(101.2)}`);
    expect(stepWords(step({ ...buy, refused: 'Not enough cash.' }))).toBe('Market buy 4 FUN: refused (Not enough cash.)');
    const order = { id: '7', symbol: 'MEME', side: 'buy' as const, type: 'limit', qty: 1, price: 1, stopPrice: null };
    expect(stepWords(step({ k: 'cancel', id: '7', order, refused: null }))).toBe(`Cancelled order 7 (limit buy 1 MEME @ ${fmtPrice(1)})`);
    expect(stepWords(step({ k: 'cancel', id: '9', order: null, refused: 'No such order.' }))).toBe('Cancelled order 9: refused (No such order.)');
    expect(stepWords(step({ k: 'modify', id: '7', order, price: 2, stopPrice: null, qty: null, refused: null }))).toBe(`Changed order 7 (limit buy 1 MEME @ ${fmtPrice(1)}): price ${fmtPrice(2)}`);
    // A price step in which a resting order filled says so.
    expect(stepWords(step({ k: 'prices', tick: 9 }, [{ symbol: 'MEME', side: 'buy', qty: 1, price: 1 }]))).toBe(`Prices at ${fmtTime(base.now)} · filled: bought 1 MEME @ ${fmtPrice(1)}`);
  });
});
