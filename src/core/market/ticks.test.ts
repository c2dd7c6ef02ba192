import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fromTicks, isOnTick, roundToTick, tickDecimals, toTicks } from './ticks';

describe('ticks', () => {
  it('counts decimals of tick sizes', () => {
    expect(tickDecimals(1)).toBe(0);
    expect(tickDecimals(5)).toBe(0);
    expect(tickDecimals(0.5)).toBe(1);
    expect(tickDecimals(0.01)).toBe(2);
    expect(tickDecimals(0.00001)).toBe(5);
    expect(tickDecimals(1e-8)).toBe(8);
    expect(() => tickDecimals(0)).toThrow(RangeError);
  });

  it('converts without float noise', () => {
    expect(toTicks(0.29, 0.01)).toBe(29);
    expect(fromTicks(3, 0.1)).toBe(0.3);
    expect(fromTicks(880, 1e-8)).toBe(0.0000088);
    expect(roundToTick(12.3456, 0.01)).toBe(12.35);
    expect(isOnTick(0.3, 0.1)).toBe(true);
    expect(isOnTick(0.35, 0.1)).toBe(false);
  });

  it('fromTicks and toTicks round-trip (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.constantFrom(1e-8, 1e-6, 0.00001, 0.0001, 0.001, 0.01, 0.1, 1),
        (n, tick) => {
          const p = fromTicks(n, tick);
          expect(toTicks(p, tick)).toBe(n);
          expect(isOnTick(p, tick)).toBe(true);
        },
      ),
    );
  });
});
