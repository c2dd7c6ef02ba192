import { describe, expect, it } from 'vitest';
import { googColumns } from '../../core/backtest/backtest.testkit';
import { barsBetween } from '../../core/backtest/columns';
import { monteCarlo } from '../../core/backtest/monteCarlo';
import { runPortfolio } from '../../core/backtest/portfolio';
import { walkForward } from '../../core/backtest/walkForward';
import { Code } from '../../core/codes';
import { builtinStrategy } from '../../core/strategy/registry';
import { runStudy, type StudyEnv } from './studies';

const DATA = barsBetween(googColumns(), 0, 600);
const load: StudyEnv['load'] = async (name) => (name === 'GOOG' ? { ok: true, data: DATA } : { ok: false, code: Code.INVALID_DATA, message: 'none' });
const job = { strategy: 'sma-cross', params: {}, source: { kind: 'sample', name: 'GOOG' }, config: {} };
const sma = builtinStrategy('sma-cross')!;

async function study(type: string, raw: unknown) {
  const out: { type: string; answer?: { ok: boolean } & Record<string, unknown> }[] = [];
  const transfers: Transferable[][] = [];
  await runStudy(type, raw, { load, post: (m, t) => { out.push(m as never); transfers.push(t); } });
  const done = out.at(-1)!;
  expect(done.type).toBe('done');
  return { answer: done.answer!, messages: out, transfer: transfers.at(-1)! };
}

describe('the backtest worker’s studies', () => {
  it("answers walk-forward as core's, with progress, the curves' arrays transferred", async () => {
    const ranges = { fast: { from: 5, to: 15, step: 5 }, slow: { from: 20, to: 40, step: 10 } };
    const { answer, messages, transfer } = await study('walkForward', { job, ranges, inSampleBars: 250, outOfSampleBars: 100, statKey: 'returnPct', maximize: true });
    const core = walkForward(sma, DATA, { inSampleBars: 250, outOfSampleBars: 100, ranges, statKey: 'returnPct', maximize: true, config: {} });
    expect(answer).toEqual(core);
    expect(messages.some((m) => m.type === 'progress')).toBe(true);
    expect(transfer.length).toBeGreaterThanOrEqual(4);
  });

  it("answers Monte Carlo and a portfolio as core's", async () => {
    const returns = Float64Array.of(0.1, -0.05, 0.2, -0.1);
    const mc = await study('monteCarlo', { returns, method: 'bootstrap', runs: 200, cash: 1000, seed: 9 });
    expect(mc.answer).toEqual(monteCarlo(Array.from(returns), { method: 'bootstrap', runs: 200, cash: 1000, seed: 9, bins: 24 }));
    const half = { ...DATA, close: DATA.close.map((x) => x / 2), open: DATA.open.map((x) => x / 2), high: DATA.high.map((x) => x / 2), low: DATA.low.map((x) => x / 2) };
    const pf = await study('portfolio', { job: { ...job, params: { fast: 10, slow: 30 } }, legs: [{ symbol: 'GOOG', source: job.source }, { symbol: 'HALF', source: { kind: 'columns', name: 'half', data: half } }] });
    const core = runPortfolio(sma, { fast: 10, slow: 30 }, [{ symbol: 'GOOG', data: DATA }, { symbol: 'HALF', data: half }]);
    expect(pf.answer.ok && core.ok).toBe(true);
    if (!pf.answer.ok || !core.ok) return;
    const r = pf.answer.result as { stats: unknown; legs: { symbol: string; pnl: number; trades: number }[]; tradeCount: number };
    expect(r.stats).toEqual(core.result.stats);
    expect(r.legs.map((l) => [l.symbol, l.pnl, l.trades])).toEqual(core.result.legs.map((l) => [l.symbol, l.pnl, l.trades.length]));
    expect(r.tradeCount).toBe(core.result.trades.length);
  });

  it('answers an unknown study, a bad message and a failing sample with a result, never a throw', async () => {
    expect((await study('nope', {})).answer).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect((await study('sweep', { job, start: 0 })).answer.ok).toBe(false);
    expect((await study('portfolio', { job, legs: [{ symbol: 'X', source: { kind: 'columns', name: 'x', data: { ...DATA, length: 1, time: DATA.time.subarray(0, 1), open: DATA.open.subarray(0, 1), high: DATA.high.subarray(0, 1), low: DATA.low.subarray(0, 1), close: DATA.close.subarray(0, 1), volume: DATA.volume.subarray(0, 1) } } }] })).answer)
      .toMatchObject({ ok: false, message: expect.stringMatching(/^X: /) });
  });
});
