import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultRelayUrl, joinLink, keepAdmin, keepSeat, keptAdmin, keptRelayUrl, keptSeat, keptTeacherRoom, keepTeacherRoom } from './keep';

const store = new Map<string, string>();
beforeEach(() => {
  store.clear();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k),
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('what the browser keeps of classroom mode', () => {
  it('keeps a seat and an admin token per room, and forgets them on request', () => {
    keepSeat('ABCDEF', { url: 'ws://h/ws', token: 'tok123456', name: 'Ada' });
    keepAdmin('ABCDEF', { url: 'ws://h/ws', token: 'admintok' });
    expect(keptSeat('ABCDEF')).toEqual({ url: 'ws://h/ws', token: 'tok123456', name: 'Ada' });
    expect(keptSeat('GHJKMN')).toBeNull();
    expect(keptAdmin('ABCDEF')).toEqual({ url: 'ws://h/ws', token: 'admintok' });
    keepSeat('ABCDEF', null);
    expect(keptSeat('ABCDEF')).toBeNull();
  });

  it('reads back only well-formed values (anything may have written there)', () => {
    store.set('bourse.class.seat.ABCDEF', '{"url":"ws://h/ws","token":42,"name":"Ada"}');
    store.set('bourse.class.admin.ABCDEF', 'not json');
    store.set('bourse.class.teaching', '"<img>"');
    store.set('bourse.class.relay', '"javascript:alert(1)"');
    expect(keptSeat('ABCDEF')).toBeNull();
    expect(keptAdmin('ABCDEF')).toBeNull();
    expect(keptTeacherRoom()).toBeNull();
    expect(keptRelayUrl({ protocol: 'http:', host: 'laptop:8787' })).toBe('ws://laptop:8787/ws');
    keepTeacherRoom('ABCDEF');
    expect(keptTeacherRoom()).toBe('ABCDEF');
  });

  it('forgets rather than fails where nothing can be stored', () => {
    vi.stubGlobal('localStorage', { getItem: () => { throw new Error('private'); }, setItem: () => { throw new Error('private'); }, removeItem: () => {} });
    expect(() => keepSeat('ABCDEF', { url: 'ws://h/ws', token: 't', name: 'A' })).not.toThrow();
    expect(keptSeat('ABCDEF')).toBeNull();
  });

  it('finds the relay at the page’s own origin, wss under https, and links a room to its join form', () => {
    expect(defaultRelayUrl({ protocol: 'http:', host: '192.168.1.20:8787' })).toBe('ws://192.168.1.20:8787/ws');
    expect(defaultRelayUrl({ protocol: 'https:', host: 'class.example' })).toBe('wss://class.example/ws');
    expect(joinLink({ origin: 'http://192.168.1.20:8787', pathname: '/' }, 'ABCDEF')).toBe('http://192.168.1.20:8787/#/class/ABCDEF');
  });
});
