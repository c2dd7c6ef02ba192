import { Code, fail, type Result } from '../../core/codes';
import { StrategyHistory } from '../../core/strategy/history';
import { StrategyRunner, type RunnerOptions } from '../../core/strategy/runner';
import { checkRunnerState, type RunnerState } from '../../core/strategy/runnerState';
import type { Broker, ParamValues, StrategyDef } from '../../core/strategy/types';
import { MAX_STATE_CHARS } from './messages';

/**
 * A sandbox runner's state as text, and back: what lets a user strategy go
 * on after a reload exactly where it was (its indicators, `ctx.state`, its
 * counters), as a built-in does from the sim's snapshot. The engine stores
 * the text with its commits and never parses it; only a sandbox reads it,
 * checked field by field (`checkRunnerState`), when it loads the code again.
 *
 * The histories are left out: the engine keeps the strategy's own (equity,
 * markers, log) in the sim, and the sandbox's copy would only make every
 * saved state ~100 kB.
 */

const NO_HISTORY = new StrategyHistory().save();

/** The runner's state as JSON text, or null when it cannot be stored (`ctx.state` not JSON, or too big). */
export function runnerText(runner: StrategyRunner): string | null {
  try {
    const s: RunnerState = { ...runner.state(), history: NO_HISTORY };
    const text = JSON.stringify(s);
    return text.length <= MAX_STATE_CHARS ? text : null;
  } catch {
    return null; // a BigInt or a cycle in ctx.state: JSON cannot hold it
  }
}

/**
 * A runner that goes on from `text` with `params` (the ones in force now: a
 * change made while it was away is taken from the next bar, as any change
 * is), or why it cannot: not JSON, not a running runner's state, not this
 * code's (another number of indicators after an edit, other parameters).
 */
export function runnerFromText(
  def: StrategyDef, params: ParamValues, broker: Broker, opts: RunnerOptions, text: string,
): Result<{ runner: StrategyRunner }> {
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch {
    return fail(Code.INVALID_SNAPSHOT, 'its saved state is not JSON');
  }
  const bad = checkRunnerState(x, def);
  if (bad !== null) return fail(Code.INVALID_SNAPSHOT, bad);
  const state = x as RunnerState;
  if (state.status !== 'running') return fail(Code.INVALID_SNAPSHOT, `its saved state is ${state.status}`);
  const r = StrategyRunner.restore(def, broker, opts, state);
  if (!r.ok) return fail(Code.INVALID_SNAPSHOT, r.message);
  if (!sameValues(state.pending ?? state.params, params)) r.runner.setParams(params);
  return r;
}

/** Same names and values, whatever their order. */
export function sameValues(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && Object.is(a[k], b[k]));
}
