import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { googColumns } from '../../core/backtest/backtest.testkit';
import { Code } from '../../core/codes';
import type { BacktestJob, BacktestWorkerMessage } from '../../protocol';
import { answerTransfers, runJob } from './run';
import { importCsv } from '../../core/backtest/csv';

/** The sample as the worker reads it (the same file its `?raw` import bundles). */
const text = readFileSync(fileURLToPath(new URL('../../core/backtest/samples/GOOG.csv', import.meta.url)), 'utf8');
const load = async (name: string) => (name === 'GOOG' ? importCsv(text) : { ok: false as const, code: Code.INVALID_DATA, message: 'none' });

async function run(job: unknown): Promise<{ messages: BacktestWorkerMessage[]; transfers: Transferable[][] }> {
  const messages: BacktestWorkerMessage[] = [];
  const transfers: Transferable[][] = [];
  await runJob(job, load, (m, t) => {
    messages.push(m);
    transfers.push(t);
  });
  return { messages, transfers };
}

const smaCross: BacktestJob = { strategy: 'sma-cross', params: { fast: 10, slow: 30, short: true }, source: { kind: 'sample', name: 'GOOG' }, config: {} };

describe('the GOOG sample as the worker reads it', () => {
  it('is the same bars the engine is tested on', () => {
    const r = importCsv(text);
    expect(r.ok && r.data.length).toBe(2148);
    expect(r.ok && r.data).toEqual(googColumns());
  });
});

describe('a backtest job in the worker', () => {
  it("runs backtesting.py's SmaCross on GOOG: 66 trades, progress, then the answer with its arrays transferred", async () => {
    const { messages, transfers } = await run(smaCross);
    const done = messages.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done' || !done.answer.ok) throw new Error('no result');
    expect(done.answer.result.stats.trades).toBe(66);
    expect(done.answer.data.length).toBe(2148);
    expect(messages.slice(0, -1).every((m) => m.type === 'progress')).toBe(true);
    expect(messages.at(-2)).toEqual({ type: 'progress', done: 2148, total: 2148 });
    const buffers = transfers.at(-1)!;
    expect(buffers).toContain(done.answer.result.equity.buffer);
    expect(buffers).toContain(done.answer.data.close.buffer);
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('runs over the date range only, and the cached sample stays whole for the next run', async () => {
    const from = Date.UTC(2006, 0, 1);
    const to = Date.UTC(2007, 11, 31, 23, 59);
    const a = (await run({ ...smaCross, from, to })).messages.at(-1)!;
    if (a.type !== 'done' || !a.answer.ok) throw new Error('no result');
    expect(a.answer.data.time[0]).toBeGreaterThanOrEqual(from);
    expect(a.answer.data.time[a.answer.data.length - 1]).toBeLessThanOrEqual(to);
    expect(a.answer.data.length).toBe(502);
    // Transferring the answer's arrays (as postMessage does) must not take the sample's with them.
    structuredClone(a.answer, { transfer: answerTransfers(a.answer) });
    const b = (await run(smaCross)).messages.at(-1)!;
    expect(b.type === 'done' && b.answer.ok && b.answer.result.stats.trades).toBe(66);
  });

  it('runs columns the page sent (an imported series)', async () => {
    const data = googColumns();
    const b = (await run({ ...smaCross, source: { kind: 'columns', name: 'mine', data } })).messages.at(-1)!;
    expect(b.type === 'done' && b.answer.ok && b.answer.result.stats.trades).toBe(66);
  });

  it('answers a bad job with a result, naming what is wrong', async () => {
    const cases: [unknown, string][] = [
      [null, Code.INVALID_COMMAND],
      [{ ...smaCross, strategy: 'nope' }, Code.UNKNOWN_STRATEGY],
      [{ ...smaCross, params: { fast: 40, slow: 30 } }, Code.INVALID_SETTING],
      [{ ...smaCross, source: { kind: 'sample', name: 'AAPL' } }, Code.INVALID_DATA],
      [{ ...smaCross, source: { kind: 'columns', name: 'x', data: { time: [1, 2] } } }, Code.INVALID_DATA],
      [{ ...smaCross, config: { cash: -5 } }, Code.INVALID_COMMAND],
      [{ ...smaCross, config: { cash: '5' } }, Code.INVALID_COMMAND],
      [{ ...smaCross, from: Date.UTC(2030, 0, 1) }, Code.INVALID_DATA],
    ];
    for (const [job, code] of cases) {
      const { messages } = await run(job);
      expect(messages, JSON.stringify(job)).toEqual([{ type: 'done', answer: { ok: false, code, message: expect.any(String) } }]);
    }
  });
});
