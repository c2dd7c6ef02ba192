import { describe, expect, it } from 'vitest';
import { markOf } from './marks';
import { Desk } from './testkit';
import { portfolioOf } from './valuation';
import { unrealizedAt, unrealizedOf } from './unrealized';

describe('unrealizedAt / unrealizedOf', () => {
  it('is (mark − average cost) × lots in minor units, and 0 when flat', () => {
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    const inst = d.ex.instruments.get('FUN')!;
    const nu = inst.notionalUnit;
    expect(unrealizedAt(inst, 10, 1000, 1050)).toBe(500 * nu);
    expect(unrealizedAt(inst, 10, 1000, 950)).toBe(-500 * nu);
    expect(unrealizedAt(inst, 0, 1000, 5000)).toBe(0);
    expect(unrealizedAt(inst, 2, 1000, 1000.5)).toBe(1 * nu); // a mid on a half tick
  });

  it('at the mark, agrees with portfolioOf for a position bought on the exchange', () => {
    const d = new Desk();
    d.list('FUN', 'FUN', 0.01, 1);
    expect(d.deposit('alice', 'USD', 10_000)).toMatchObject({ ok: true });
    expect(d.deposit('bob', 'FUN', 100)).toMatchObject({ ok: true });
    expect(d.deposit('carol', 'USD', 10_000)).toMatchObject({ ok: true });
    expect(d.place('bob', 'FUN', 'sell', 10, 10).ok).toBe(true);
    expect(d.place('alice', 'FUN', 'buy', 10).ok).toBe(true); // alice holds 10 @ 10
    expect(d.place('bob', 'FUN', 'sell', 5, 12).ok).toBe(true);
    expect(d.place('carol', 'FUN', 'buy', 5, 11).ok).toBe(true); // quotes 11 / 12: mark 11.5
    const inst = d.ex.instruments.get('FUN')!;
    expect(markOf(inst)).toBe(1150);
    const pos = d.positions.list('alice')[0];
    const u = unrealizedOf(inst, pos.qty, pos.avgPrice);
    expect(u).toBe(150 * 10 * inst.notionalUnit);
    expect(u).toBe(portfolioOf(d.ex, d.positions, 'alice').holdings[0].unrealized);
  });
});
