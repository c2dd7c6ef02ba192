/**
 * The person's own strategy as a backtest runs it: their code compiled and
 * declared as the sandbox does it (`../sandbox`: strict mode, the blocked
 * globals bound to `undefined`, the declaration checked field by field, its
 * parameter specs checked), so the same code that runs live runs here. Only
 * the sandboxed backtest worker (`sandbox.worker.ts`) calls it, after
 * locking its global down.
 */
import { Code, fail } from '../../core/codes';
import { checkSpecs } from '../../core/strategy/params';
import type { BacktestJob } from '../../protocol';
import { compile, messageOf, userLine } from '../sandbox/compile';
import { readDeclaration } from '../sandbox/declaration';
import type { Resolve } from './run';

export const userStrategy: Resolve = (job: BacktestJob) => {
  if (job.code === undefined || !job.strategy.startsWith('user:')) return fail(Code.UNKNOWN_STRATEGY, 'This worker runs your own strategies only (user:<name> with its code).');
  const c = compile(job.code);
  if (!c.ok) return fail(Code.INVALID_COMMAND, `Your code does not compile: ${c.message}${c.line !== undefined ? ` (line ${c.line})` : ''}`);
  let value: unknown;
  try {
    value = c.evaluate();
  } catch (e) {
    const line = userLine(e);
    return fail(Code.INVALID_COMMAND, `Your code threw before returning its strategy: ${messageOf(e)}${line !== undefined ? ` (line ${line})` : ''}`);
  }
  const d = readDeclaration(value);
  if (!d.ok) return fail(Code.INVALID_COMMAND, d.message);
  const bad = checkSpecs(d.def.params);
  return bad === null ? { ok: true, def: d.def, lineOf: userLine } : fail(Code.INVALID_COMMAND, bad);
};
