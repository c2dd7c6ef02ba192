import { describe, expect, it } from 'vitest';
import { parseBotChange } from './learn';

describe('parseBotChange', () => {
  it('reads the four numbers it knows into a fresh object and drops the rest', () => {
    const r = parseBotChange({ spreadBps: 20, levels: 3, levelNotional: 500, noiseRate: 1, account: 'bot:mm:FUN', op: 'reset' });
    expect(r).toEqual({ ok: true, value: { spreadBps: 20, levels: 3, levelNotional: 500, noiseRate: 1 } });
    expect(parseBotChange({ noiseRate: 0 })).toEqual({ ok: true, value: { noiseRate: 0 } });
    const proto = parseBotChange(JSON.parse('{"__proto__":{"spreadBps":1},"levels":2}'));
    expect(proto).toEqual({ ok: true, value: { levels: 2 } });
    if (proto.ok) expect(Object.getPrototypeOf(proto.value)).toBe(Object.prototype);
  });

  it('refuses what is not an object, and a field that is not a finite number, naming it', () => {
    for (const bad of [null, 'wide', [], 3]) expect(parseBotChange(bad).ok).toBe(false);
    for (const [k, v] of [['spreadBps', '20'], ['levels', NaN], ['levelNotional', Infinity], ['noiseRate', null]] as const) {
      const r = parseBotChange({ [k]: v });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('INVALID_SETTING');
    }
  });
});
