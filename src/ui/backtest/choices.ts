/**
 * The strategies a backtest can run: the built-ins (core's registry, their
 * declarations as they are) and the person's own, saved in the editor, as
 * the sandbox declared them (`userStrategyCheck`: its title, description and
 * parameters; its own cross-parameter rule runs in the backtest worker, whose
 * refusal is the run's answer). A person's code that does not check is
 * listed with why, and cannot run.
 */
import { BUILTIN_STRATEGIES } from '../../core/strategy/registry';
import type { ParamSpecs, StrategyDef } from '../../core/strategy/types';

export interface StrategyChoice extends Pick<StrategyDef, 'name' | 'title' | 'description' | 'params' | 'validate'> {
  /** The person's code (a `user:` strategy); absent for a built-in. */
  code?: string;
  /** Why it cannot run (its code does not check), or null. */
  problem: string | null;
}

export const BUILTIN_CHOICES: readonly StrategyChoice[] = BUILTIN_STRATEGIES.map((d) => ({
  name: d.name, title: d.title, description: d.description, params: d.params, validate: d.validate, problem: null,
}));

/** What the engine's check answered for a saved strategy (the sandbox's summary, or its error). */
export type CheckedCode =
  | { ok: true; summary: { name: string; title: string; description: string; params: Record<string, unknown> } }
  | { ok: false; message: string; line?: number };

export function userChoice(name: string, code: string, check: CheckedCode): StrategyChoice {
  const id = `user:${name}`;
  if (!check.ok) {
    return { name: id, title: `${name} (yours)`, description: '', params: {}, code, problem: `Your code does not check: ${check.message}${check.line !== undefined ? ` (line ${check.line})` : ''}. Fix it in the editor.` };
  }
  const s = check.summary;
  return {
    name: id, title: `${s.title || name} (yours)`, description: s.description || 'Your own strategy, from the editor.',
    // The sandbox checked these specs (checkSpecs) before answering.
    params: s.params as ParamSpecs, code, problem: null,
  };
}
