import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS, scenarioOf } from './scenarioForm';

describe('the teacher’s scenario form', () => {
  it('turns the default fields into a scenario the relay takes', () => {
    expect(scenarioOf(DEFAULT_FIELDS)).toEqual({
      ok: true,
      value: { title: '', instruments: ['FUN', 'MEME'], startingCash: 10_000, roundMinutes: 30, speed: 10, makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['market', 'limit'] },
    });
    expect(scenarioOf({ ...DEFAULT_FIELDS, startingCash: '25,000' })).toMatchObject({ ok: true, value: { startingCash: 25_000 } });
  });

  it('refuses what the relay would, with the reason', () => {
    expect(scenarioOf({ ...DEFAULT_FIELDS, instruments: [] })).toMatchObject({ ok: false, message: expect.stringContaining('instrument') });
    expect(scenarioOf({ ...DEFAULT_FIELDS, orderTypes: [] })).toMatchObject({ ok: false, message: expect.stringContaining('order type') });
    expect(scenarioOf({ ...DEFAULT_FIELDS, startingCash: '' })).toMatchObject({ ok: false });
    expect(scenarioOf({ ...DEFAULT_FIELDS, startingCash: '50' })).toMatchObject({ ok: false, message: expect.stringContaining('100') });
    expect(scenarioOf({ ...DEFAULT_FIELDS, speed: '7' })).toMatchObject({ ok: false, message: expect.stringContaining('Speed') });
    expect(scenarioOf({ ...DEFAULT_FIELDS, takerFeeBps: '101' })).toMatchObject({ ok: false });
  });
});
