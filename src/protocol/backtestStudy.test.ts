import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAT_KEYS } from './backtest';
import { packStats, parseMonteCarloJob, parsePortfolioJob, parseRanges, parseSweepSlice, parseWalkForwardJob, statsAt } from './backtestStudy';
import type { BacktestStats } from '../core/backtest/types';

const job = { strategy: 'sma-cross', params: {}, source: { kind: 'sample', name: 'GOOG' }, config: {} };

describe('the studies’ parsers', () => {
  it('packs statistics row after row and reads them back, NaN included', () => {
    const stat = fc.oneof(fc.double(), fc.constant(Number.NaN));
    const rows = fc.array(fc.tuple(...STAT_KEYS.map(() => stat)).map((vs) => Object.fromEntries(STAT_KEYS.map((k, i) => [k, vs[i]])) as unknown as BacktestStats), { maxLength: 5 });
    fc.assert(fc.property(rows, (rs) => {
      const packed = packStats(rs);
      expect(packed.length).toBe(rs.length * STAT_KEYS.length);
      rs.forEach((r, i) => expect(statsAt(packed, i)).toEqual(r));
    }));
  });

  it('reads a slice field by field and refuses what is not one', () => {
    const ok = parseSweepSlice({ job, start: 3, sets: [{ fast: 5, slow: 20 }], extra: 1 });
    expect(ok.ok && ok.value).toEqual({ job, start: 3, sets: [{ fast: 5, slow: 20 }] });
    expect(parseSweepSlice({ job, start: -1, sets: [{}] }).ok).toBe(false);
    expect(parseSweepSlice({ job, start: 0, sets: [] }).ok).toBe(false);
    expect(parseSweepSlice({ job, start: 0, sets: [{ fast: {} }] }).ok).toBe(false);
    expect(parseSweepSlice({ job: { ...job, source: { kind: 'sample', name: 'MSFT' } }, start: 0, sets: [{}] }).ok).toBe(false);
  });

  it('keeps parameter names from the page as keys of a Map (__proto__ is only a name)', () => {
    const r = parseRanges(JSON.parse('{"__proto__": {"from": 1, "to": 2, "step": 1}, "short": [true, false]}'));
    expect(r.ok && [...r.value.entries()]).toEqual([['__proto__', { from: 1, to: 2, step: 1 }], ['short', [true, false]]]);
    expect(parseRanges({ a: [] }).ok).toBe(false);
    expect(parseRanges({ a: [{}] }).ok).toBe(false);
    expect(parseRanges({ a: { from: 1, to: 'x', step: 1 } })).toMatchObject({ ok: false, message: expect.stringMatching(/^a: /) });
  });

  it('reads a walk-forward, a Monte Carlo and a portfolio, and refuses a bad statistic, method or series', () => {
    const wf = { job, ranges: { fast: { from: 5, to: 10, step: 5 } }, inSampleBars: 100, outOfSampleBars: 50, statKey: 'sqn', maximize: true };
    expect(parseWalkForwardJob(wf).ok).toBe(true);
    expect(parseWalkForwardJob({ ...wf, statKey: 'toString' }).ok).toBe(false);
    expect(parseMonteCarloJob({ returns: Float64Array.of(0.1), method: 'bootstrap', runs: 10, cash: 1, seed: 1 }).ok).toBe(true);
    expect(parseMonteCarloJob({ returns: [0.1], method: 'bootstrap', runs: 10, cash: 1, seed: 1 }).ok).toBe(false);
    expect(parseMonteCarloJob({ returns: Float64Array.of(0.1), method: 'magic', runs: 10, cash: 1, seed: 1 }).ok).toBe(false);
    const pf = parsePortfolioJob({ job, legs: [{ symbol: 'A', source: job.source }, { symbol: 'B', source: job.source }] });
    expect(pf.ok && pf.value.legs.map((l) => l.symbol)).toEqual(['A', 'B']);
    expect(parsePortfolioJob({ job, legs: [{ symbol: 'A', source: { kind: 'columns', name: 'x', data: {} } }] }).ok).toBe(false);
    expect(parsePortfolioJob({ job, legs: [] }).ok).toBe(false);
  });
});
