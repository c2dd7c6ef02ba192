import { describe, expect, it } from 'vitest';
import { withAlpha } from './theme';

describe('withAlpha', () => {
  it('hex, short hex and rgb() become rgba()', () => {
    expect(withAlpha('#1a7f37', 0.25)).toBe('rgba(26, 127, 55, 0.25)');
    expect(withAlpha('#fff', 0.5)).toBe('rgba(255, 255, 255, 0.5)');
    expect(withAlpha(' rgb(1 2 3) ', 0.1)).toBe('rgba(1, 2, 3, 0.1)');
    expect(withAlpha('rgba(1, 2, 3, 0.9)', 0.1)).toBe('rgba(1, 2, 3, 0.1)');
  });
  it('anything else is returned as is', () => {
    expect(withAlpha('green', 0.5)).toBe('green');
  });
});
