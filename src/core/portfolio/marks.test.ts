import { describe, expect, it } from 'vitest';
import { markOf, referencePrice, valueAt } from './marks';
import { Desk } from './testkit';

function desk(): Desk {
  const d = new Desk();
  d.list('FUN', 'FUN', 0.01, 1);
  expect(d.deposit('a', 'USD', 100000)).toMatchObject({ ok: true });
  expect(d.deposit('a', 'FUN', 1000)).toMatchObject({ ok: true });
  expect(d.deposit('b', 'USD', 100000)).toMatchObject({ ok: true });
  expect(d.deposit('b', 'FUN', 1000)).toMatchObject({ ok: true });
  return d;
}

describe('markOf', () => {
  it('is 0 before any trade or two-sided book', () => {
    const d = desk();
    const inst = d.ex.instruments.get('FUN')!;
    expect(markOf(inst)).toBe(0);
    expect(d.place('a', 'FUN', 'buy', 1, 99)).toMatchObject({ ok: true });
    expect(markOf(inst)).toBe(0); // one-sided, never traded
  });

  it('is the last trade when the book is one-sided or empty', () => {
    const d = desk();
    const inst = d.ex.instruments.get('FUN')!;
    expect(d.place('a', 'FUN', 'sell', 1, 100)).toMatchObject({ ok: true });
    expect(d.place('b', 'FUN', 'buy', 1, 100)).toMatchObject({ ok: true });
    expect(markOf(inst)).toBe(10000);
    expect(d.place('a', 'FUN', 'sell', 1, 105)).toMatchObject({ ok: true });
    expect(markOf(inst)).toBe(10000);
  });

  it('is the mid when the book is two-sided, half ticks included', () => {
    const d = desk();
    const inst = d.ex.instruments.get('FUN')!;
    expect(d.place('a', 'FUN', 'sell', 1, 100)).toMatchObject({ ok: true });
    expect(d.place('b', 'FUN', 'buy', 1, 100)).toMatchObject({ ok: true }); // last 100
    expect(d.place('a', 'FUN', 'sell', 1, 102)).toMatchObject({ ok: true });
    expect(d.place('b', 'FUN', 'buy', 1, 99.01)).toMatchObject({ ok: true });
    expect(markOf(inst)).toBe(10050.5);
  });
});

describe('referencePrice', () => {
  it('is the best opposite price, else the mark', () => {
    const d = desk();
    const inst = d.ex.instruments.get('FUN')!;
    expect(d.place('a', 'FUN', 'sell', 1, 100)).toMatchObject({ ok: true });
    expect(d.place('b', 'FUN', 'buy', 1, 100)).toMatchObject({ ok: true });
    expect(d.place('a', 'FUN', 'sell', 1, 103)).toMatchObject({ ok: true });
    expect(referencePrice(inst, 'buy')).toBe(10300);
    expect(referencePrice(inst, 'sell')).toBe(10000); // no bids: the mark (last)
    expect(d.place('b', 'FUN', 'buy', 1, 97)).toMatchObject({ ok: true });
    expect(referencePrice(inst, 'sell')).toBe(9700);
  });
});

describe('valueAt', () => {
  it('values base units at a price in quote minor units, rounding half away', () => {
    const d = desk();
    const inst = d.ex.instruments.get('FUN')!;
    expect(valueAt(inst, 10, 10000)).toBe(100000);
    expect(valueAt(inst, 3, 10050.5)).toBe(30152); // 30151.5 rounds up
  });
});
