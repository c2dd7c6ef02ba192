import { describe, expect, it } from 'vitest';
import { qrModules, qrPath } from './qr';

describe('the join link as a QR code', () => {
  it('is a square of modules with the three finder patterns in its corners, the same for the same link', () => {
    const link = 'http://192.168.1.20:8787/#/class/KQ7XM';
    const m = qrModules(link);
    const n = m.length;
    expect(n).toBeGreaterThanOrEqual(21);
    expect((n - 17) % 4).toBe(0); // version v has 17 + 4v modules a side
    for (const row of m) expect(row).toHaveLength(n);
    // A finder pattern: a dark 7x7 ring, a light ring inside it, a dark 3x3 centre.
    const finder = (r0: number, c0: number) => {
      for (let r = 0; r < 7; r++) {
        for (let c = 0; c < 7; c++) {
          const ring = r === 0 || r === 6 || c === 0 || c === 6;
          const centre = r >= 2 && r <= 4 && c >= 2 && c <= 4;
          expect(m[r0 + r][c0 + c], `module ${r0 + r},${c0 + c}`).toBe(ring || centre);
        }
      }
    };
    finder(0, 0);
    finder(0, n - 7);
    finder(n - 7, 0);
    expect(qrModules(link)).toEqual(m);
    expect(qrModules(`${link}X`)).not.toEqual(m);
  });

  it('draws one unit square per dark module, inside a quiet zone of four', () => {
    const path = qrPath([[true, false], [false, true]]);
    expect(path).toBe('M4 4h1v1h-1zM5 5h1v1h-1z');
  });
});
