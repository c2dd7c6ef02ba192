import { describe, expect, it } from 'vitest';
import { Activity } from './activity';
import type { FillView, OrderView } from '../protocol';

const order = (i: number, status: OrderView['status']): OrderView => ({
  id: `o${i}`, symbol: 'FUN', side: 'buy', type: 'limit', price: 1, stopPrice: null, qty: 1, filled: 0, tif: 'GTC', status,
  avgPrice: null, createdAt: i, updatedAt: i,
});
const fill = (i: number): FillView => ({
  seq: i, ts: i, symbol: 'FUN', side: 'buy', price: 1, qty: 1, fee: 0, feeAsset: 'USD', orderId: `o${i}`, liquidity: 'taker',
});

describe('Activity.trim', () => {
  it('keeps the newest fills and orders, and every open one, once storage has the rest', () => {
    const a = new Activity('you', () => undefined, () => false);
    const orders = Array.from({ length: 3_000 }, (_, i) => order(i, i % 100 === 0 ? 'open' : 'filled'));
    a.load(orders, Array.from({ length: 3_000 }, (_, i) => fill(i)));
    a.trim(1_000);
    expect(a.fills).toHaveLength(1_000);
    expect(a.fills[0].seq).toBe(2_000);
    expect(a.open()).toHaveLength(30);
    expect(a.orders.size).toBeLessThanOrEqual(1_000 + 30);
    expect(a.orders.has('o2999')).toBe(true);
  });
});
