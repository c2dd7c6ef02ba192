import { describe, expect, it } from 'vitest';
import { emptyList } from './emptyList';

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
});
