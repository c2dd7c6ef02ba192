import { describe, expect, it } from 'vitest';
import { BUILTIN_CHOICES } from './choices';
import { GOOG_SAMPLE } from './sources';
import { studyBaseOf } from './studyBase';

const sma = BUILTIN_CHOICES.find((c) => c.name === 'sma-cross')!;
const fields = { params: { fast: '40', slow: '30', short: false }, from: '', to: '', cash: '5000', commissionPct: '0.1', spreadBps: '' };

describe('studyBaseOf', () => {
  it("takes the form's data, dates and costs, and the strategy's defaults for a sweep (the form's parameters may be half typed)", () => {
    const r = studyBaseOf(sma, GOOG_SAMPLE, fields, false);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.job.params).toEqual({ fast: 10, slow: 20, short: false });
    expect(r.job.config).toEqual({ cash: 5000, commission: { rate: 0.001, fixed: 0, perUnit: 0 }, spreadBps: 0 });
    expect([r.job.from, r.cash, r.source.id, r.typedRange]).toEqual([GOOG_SAMPLE.from, 5000, 'sample:GOOG', false]);
    const typed = studyBaseOf(sma, GOOG_SAMPLE, { ...fields, from: '2010-01-04' }, false);
    expect(typed.ok && [typed.job.from, typed.typedRange]).toEqual([Date.UTC(2010, 0, 4), true]);
  });
  it("runs the form's own parameters for a portfolio, and says the form's first refusal", () => {
    expect(studyBaseOf(sma, GOOG_SAMPLE, fields, true)).toEqual({ ok: false, message: expect.stringMatching(/^Fix the form above first: The fast average must be shorter/) });
    expect(studyBaseOf(sma, GOOG_SAMPLE, { ...fields, cash: '-1' }, false)).toEqual({ ok: false, message: expect.stringMatching(/starting cash/) });
    const ok = studyBaseOf(sma, GOOG_SAMPLE, { ...fields, params: { fast: '5', slow: '30', short: true } }, true);
    expect(ok.ok && ok.job.params).toEqual({ fast: 5, slow: 30, short: true });
  });
});
