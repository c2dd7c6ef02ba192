import { describe, expect, it } from 'vitest';
import { BarsSince, barsSince } from './barsSince';

describe('barsSince', () => {
  it('counts bars since the condition last held; NaN before it ever did', () => {
    const b = new BarsSince();
    expect(b.ready).toBe(false);
    expect([false, true, false, false, true].map((c) => b.update(c))).toEqual([NaN, 0, 1, 2, 0]);
    expect(b.ready).toBe(true);
    b.reset();
    expect([b.ready, b.value]).toEqual([false, NaN]);
  });

  it('batch form', () => {
    expect([...barsSince([0, 1, 0, 1, 1, 0])]).toEqual([NaN, 0, 1, 0, 0, 1]);
  });
});
