import { describe, expect, it } from 'vitest';
import { onFirstRead } from './onFirstRead';

describe('onFirstRead', () => {
  const lazy = () => {
    let made = 0;
    const o = { a: 1, list: [] as number[], b: 2 };
    onFirstRead(o, 'list', () => {
      made++;
      return [1, 2, 3];
    });
    return { o, made: () => made };
  };

  it('makes the value on the first read only, then keeps the same one', () => {
    const { o, made } = lazy();
    expect(made()).toBe(0);
    const first = o.list;
    expect(first).toEqual([1, 2, 3]);
    expect(o.list).toBe(first);
    expect(made()).toBe(1);
    expect(Object.getOwnPropertyDescriptor(o, 'list')).toMatchObject({ value: first, writable: true, enumerable: true });
  });

  it('reads as an ordinary property: keys in order, JSON, spread and structured clone', () => {
    expect(Object.keys(lazy().o)).toEqual(['a', 'list', 'b']);
    expect(JSON.stringify(lazy().o)).toBe('{"a":1,"list":[1,2,3],"b":2}');
    expect({ ...lazy().o }).toEqual({ a: 1, list: [1, 2, 3], b: 2 });
    const copy = structuredClone(lazy().o);
    expect(copy).toEqual({ a: 1, list: [1, 2, 3], b: 2 });
    expect(Object.getOwnPropertyDescriptor(copy, 'list')).toHaveProperty('value');
  });

  it('takes a value set before any read, without making one', () => {
    const { o, made } = lazy();
    o.list = [9];
    expect(o.list).toEqual([9]);
    expect(made()).toBe(0);
  });
});
