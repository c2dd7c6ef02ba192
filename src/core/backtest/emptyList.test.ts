import { describe, expect, it } from 'vitest';
import { emptyList, emptyNumbers } from './emptyList';

describe('emptyList', () => {
  it('is a new, empty, ordinary array each time', () => {
    const a = emptyList<string>();
    const b = emptyList<string>();
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
    expect(Array.isArray(a)).toBe(true);
    a.push('x', 'y');
    expect(a).toEqual(['x', 'y']);
    expect(b).toHaveLength(0);
  });

  it('gives numbers a new, empty, ordinary array each time', () => {
    const a = emptyNumbers();
    const b = emptyNumbers();
    expect(a).toEqual([]);
    expect(a).not.toBe(b);
    a.push(1, 2.5, Number.NaN);
    expect(a).toEqual([1, 2.5, Number.NaN]);
    expect(b).toHaveLength(0);
  });
});
