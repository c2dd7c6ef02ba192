import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRelayUrl, parseRoomCode, parseSeatEntry } from './parse';

describe('classroom arguments from the page', () => {
  it('takes ws: and wss: relay addresses only, without credentials', () => {
    expect(parseRelayUrl('ws://192.168.1.20:8787/ws')).toEqual({ ok: true, value: 'ws://192.168.1.20:8787/ws' });
    expect(parseRelayUrl('wss://class.example/ws').ok).toBe(true);
    for (const bad of ['http://x/ws', 'javascript:alert(1)', 'ws://u:p@x/ws', '', 42, null, 'x'.repeat(400)]) expect(parseRelayUrl(bad).ok).toBe(false);
  });

  it('reads a room code case-insensitively, in the relay’s alphabet only', () => {
    expect(parseRoomCode(' abcdef ')).toEqual({ ok: true, value: 'ABCDEF' });
    for (const bad of ['ABCDE', 'ABCDEFG', 'ABCDE1', 'ABCDEI', 7]) expect(parseRoomCode(bad).ok).toBe(false);
  });

  it('takes a seat by name (cleaned, length-limited) or by token, and never reads other fields', () => {
    expect(parseSeatEntry({ url: 'ws://h/ws', code: 'abcdef', name: '  Ada\u202e  ', admin: true })).toEqual({ ok: true, value: { url: 'ws://h/ws', code: 'ABCDEF', name: 'Ada' } });
    expect(parseSeatEntry({ url: 'ws://h/ws', code: 'ABCDEF', token: 'abcDEF123_-xyz' })).toEqual({ ok: true, value: { url: 'ws://h/ws', code: 'ABCDEF', token: 'abcDEF123_-xyz' } });
    expect(parseSeatEntry({ url: 'ws://h/ws', code: 'ABCDEF', name: 'x'.repeat(25) }).ok).toBe(false);
    expect(parseSeatEntry({ url: 'ws://h/ws', code: 'ABCDEF', token: 'a b' }).ok).toBe(false);
    expect(parseSeatEntry(Object.create({ url: 'ws://h/ws', code: 'ABCDEF', name: 'Ada' })).ok).toBe(false);
  });

  it('answers any input with a result, never a throw', () => {
    fc.assert(fc.property(fc.anything(), (x) => {
      const r = parseSeatEntry(x);
      expect(typeof r.ok).toBe('boolean');
    }));
  });
});
