import { describe, expect, it } from 'vitest';
import { builtinStrategy } from '../../core/strategy/registry';
import { inputsOf } from '../strategyParams';
import { checkRun, dateText, dateValue, type RunFields } from './form';
import { GOOG_SAMPLE } from './sources';

const sma = builtinStrategy('sma-cross')!;
const fields = (over: Partial<RunFields> = {}): RunFields => ({
  params: inputsOf(sma.params), from: '', to: '', cash: '10000', commissionPct: '0.2', spreadBps: '5', ...over,
});

describe('checkRun', () => {
  it('builds the job and the inputs to save from good fields (empty dates: all the data)', () => {
    const r = checkRun(sma, GOOG_SAMPLE, fields({ params: { ...inputsOf(sma.params), fast: '10', slow: '30', short: true } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.job).toEqual({
      strategy: 'sma-cross', params: { fast: 10, slow: 30, short: true }, from: GOOG_SAMPLE.from, to: GOOG_SAMPLE.to + 86_400_000 - 1,
      config: { cash: 10_000, commission: { rate: 0.002, fixed: 0, perUnit: 0 }, spreadBps: 5 },
    });
    expect(r.inputs).toMatchObject({ strategy: 'sma-cross', title: sma.title, sourceId: 'sample:GOOG', cash: 10_000, commissionPct: 0.2, spreadBps: 5 });
  });

  it('reads decimals as typed in the browser (comma or point) and a date range', () => {
    const r = checkRun(sma, GOOG_SAMPLE, fields({ cash: '2 500,5', commissionPct: '0,1', from: '2005-01-03', to: '2006-12-29' }));
    expect(r.ok && r.job.config).toMatchObject({ cash: 2500.5, commission: { rate: 0.001 } });
    expect(r.ok && [r.job.from, r.job.to]).toEqual([Date.UTC(2005, 0, 3), Date.UTC(2006, 11, 30) - 1]);
  });

  it('names each bad field, and the rule across parameters', () => {
    const r = checkRun(sma, GOOG_SAMPLE, fields({ params: { ...inputsOf(sma.params), fast: '0' }, cash: '-5', commissionPct: 'x', spreadBps: '2000', from: '2005-02-30' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([...r.errors.params.keys()]).toEqual(['fast']);
    expect([...r.errors.fields.keys()].sort()).toEqual(['cash', 'commissionPct', 'from', 'spreadBps']);
    const cross = checkRun(sma, GOOG_SAMPLE, fields({ params: { ...inputsOf(sma.params), fast: '40', slow: '30' } }));
    expect(!cross.ok && cross.errors.fields.get('form')).toMatch(/fast average must be shorter/);
    const backwards = checkRun(sma, GOOG_SAMPLE, fields({ from: '2010-01-01', to: '2009-01-01' }));
    expect(!backwards.ok && backwards.errors.fields.get('to')).toMatch(/after the start/);
  });

  it('refuses, before any run, a range wholly outside the data, naming the data\'s span', () => {
    const after = checkRun(sma, GOOG_SAMPLE, fields({ from: '2015-01-01', to: '2016-01-01' }));
    expect(!after.ok && after.errors.fields.get('from')).toBe('No bars between these dates: the data runs from 2004-08-19 to 2013-03-01.');
    const before = checkRun(sma, GOOG_SAMPLE, fields({ from: '2001-01-01', to: '2004-08-18' }));
    expect(!before.ok && before.errors.fields.get('to')).toMatch(/^No bars between these dates/);
    // Its last day holds its first bar: a range ending on the first bar's day still has it; a source made on demand (no bars known yet) is not judged here.
    expect(checkRun(sma, GOOG_SAMPLE, fields({ from: '2001-01-01', to: '2004-08-19' })).ok).toBe(true);
    expect(checkRun(sma, { ...GOOG_SAMPLE, bars: 0 }, fields({ from: '2015-01-01', to: '2016-01-01' })).ok).toBe(true);
  });
});

describe('dates', () => {
  it('a date input value and back; no impossible dates', () => {
    expect(dateValue('2004-08-19')).toBe(Date.UTC(2004, 7, 19));
    expect(dateText(Date.UTC(2004, 7, 19))).toBe('2004-08-19');
    for (const s of ['2004-02-30', '19/08/2004', '', '2004-8-1']) expect(dateValue(s)).toBeNull();
  });
});
