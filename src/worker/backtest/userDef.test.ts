import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../core/backtest/csv';
import { Code } from '../../core/codes';
import type { BacktestAnswer, BacktestJob, BacktestWorkerMessage } from '../../protocol';
import { EXAMPLES } from '../../ui/editor/examples';
import { builtinOnly, runJob } from './run';
import { userStrategy } from './userDef';

/**
 * The person's own code in a backtest: compiled and declared as the sandbox
 * does it, then the same engine. The editor's SmaCross example (held to the
 * built-in by examples.test.ts) makes backtesting.py's 66 trades on GOOG.
 */
const text = readFileSync(fileURLToPath(new URL('../../core/backtest/samples/GOOG.csv', import.meta.url)), 'utf8');
const load = async () => importCsv(text);

async function answer(job: unknown, resolve = userStrategy): Promise<BacktestAnswer> {
  const messages: BacktestWorkerMessage[] = [];
  await runJob(job, load, (m) => messages.push(m), resolve);
  const done = messages.at(-1)!;
  if (done.type !== 'done') throw new Error('no answer');
  return done.answer;
}

const smaCode = EXAMPLES.find((e) => e.name === 'sma-cross')!.code;
const job: BacktestJob = { strategy: 'user:my-sma', code: smaCode, params: { fast: 10, slow: 30, short: true }, source: { kind: 'sample', name: 'GOOG' }, config: {} };

describe('a backtest of the person\'s own code', () => {
  it("runs the editor's SmaCross as the built-in runs: 66 trades on GOOG", async () => {
    const a = await answer(job);
    expect(a.ok && a.result.stats.trades).toBe(66);
  });

  it('says what is wrong with code that does not compile, throws, or declares no strategy', async () => {
    expect(await answer({ ...job, code: 'return {' })).toMatchObject({ ok: false, code: Code.INVALID_COMMAND, message: /does not compile/ });
    expect(await answer({ ...job, code: '\nthrow new Error("boom");' })).toMatchObject({ ok: false, message: /boom \(line 2\)/ });
    expect(await answer({ ...job, code: 'return 42;' })).toMatchObject({ ok: false, code: Code.INVALID_COMMAND });
    expect(await answer({ ...job, code: undefined })).toMatchObject({ ok: false, code: Code.UNKNOWN_STRATEGY });
  });

  it('a hook that throws ends the run with its message; the figures cover the bars before', async () => {
    const code = smaCode.replace(/onBar\(ctx\) \{/, 'onBar(ctx) {\n    if (ctx.barIndex === 100) throw new Error("stop here");');
    expect(code).not.toBe(smaCode);
    const a = await answer({ ...job, code });
    expect(a.ok && a.result.error?.message).toMatch(/stop here/);
    // The line of the person's own code, as the live sandbox reports it.
    const line = code.split('\n').findIndex((l) => l.includes('stop here')) + 1;
    expect(a.ok && a.result.error?.line).toBe(line);
    expect(a.ok && a.result.bars).toBeLessThan(2148);
  });

  it('the ordinary backtest worker never runs code', async () => {
    expect(await answer(job, builtinOnly)).toMatchObject({ ok: false, code: Code.UNKNOWN_STRATEGY, message: /sandboxed/ });
  });
});
