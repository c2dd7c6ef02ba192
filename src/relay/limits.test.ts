import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bucket, IpTable, DEFAULT_LIMITS } from './limits';
import { newRoomCode, newToken, tokenHash, tokenMatches } from './tokens';
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from '../protocol/relay';

describe('Bucket', () => {
  it('lets a burst through, then the rate', () => {
    const b = new Bucket(10, 5, 0);
    let n = 0;
    for (let i = 0; i < 20; i++) if (b.take(0)) n++;
    expect(n).toBe(5);
    expect(b.take(50)).toBe(false);
    expect(b.take(100)).toBe(true);
  });

  it('never lets more through than burst + rate × time, whatever the arrival times', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 300 }), (gaps) => {
      const b = new Bucket(20, 10, 0);
      let now = 0;
      let taken = 0;
      for (const g of gaps) {
        now += g;
        if (b.take(now)) taken++;
      }
      expect(taken).toBeLessThanOrEqual(10 + (now / 1000) * 20 + 1e-9);
    }));
  });
});

describe('IpTable', () => {
  it('caps the sockets of one address, and frees a seat when one closes', () => {
    const t = new IpTable({ ...DEFAULT_LIMITS, socketsPerIp: 2 });
    expect([t.open('a', 0), t.open('a', 0), t.open('a', 0), t.open('b', 0)]).toEqual([true, true, false, true]);
    t.close('a');
    expect(t.open('a', 0)).toBe(true);
  });

  it('shares one bucket among an address’s sockets', () => {
    const t = new IpTable({ ...DEFAULT_LIMITS, perIp: { perSecond: 1, burst: 3 } });
    t.open('a', 0);
    t.open('a', 0);
    expect([t.take('a', 0), t.take('a', 0), t.take('a', 0), t.take('a', 0)]).toEqual([true, true, true, false]);
    expect(t.take('unknown', 0)).toBe(false);
  });
});

describe('tokens', () => {
  it('room codes are six letters of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const c = newRoomCode();
      expect(c).toHaveLength(ROOM_CODE_LENGTH);
      for (const ch of c) expect(ROOM_CODE_ALPHABET).toContain(ch);
    }
  });

  it('a token matches its hash and nothing else', () => {
    const t = newToken();
    expect(t.length).toBeGreaterThanOrEqual(22);
    expect(newToken()).not.toBe(t);
    const h = tokenHash(t);
    expect(tokenMatches(t, h)).toBe(true);
    expect(tokenMatches(t + 'x', h)).toBe(false);
    expect(tokenMatches('', h)).toBe(false);
    expect(tokenMatches(t, 'zz')).toBe(false);
  });
});
