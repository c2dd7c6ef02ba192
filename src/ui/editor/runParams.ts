/**
 * The parameters a written strategy is run with: the fields come from what
 * its code declares (the sandbox's check answers the declaration), filled
 * with the defaults or what the person typed before, and are checked with
 * core's `checkParams` (as the Strategies page's start form does) before
 * anything is started. Pure, so it is tested without a browser; the
 * sandbox checks them again when it loads the code (and its `validate`).
 */
import { checkParams, checkSpecs } from '../../core/strategy/params';
import type { ParamSpecs, ParamValues } from '../../core/strategy/types';
import { fieldErrors, fieldNamed, inputsOf, valuesOf, type ParamInputs } from '../strategyParams';

/** What a check answered as `params`, as specs the fields can show; null when it declares none that make sense. */
export function declaredSpecs(params: unknown): ParamSpecs | null {
  if (params === undefined || checkSpecs(params) !== null) return null;
  return params as ParamSpecs;
}

/**
 * The fields for `specs`: the defaults, except where the person typed a
 * value for a parameter of that name and kind before (a check after each
 * edit must not wipe what they typed).
 */
export function carriedInputs(specs: ParamSpecs, before: ParamInputs): ParamInputs {
  const out = inputsOf(specs);
  for (const name of Object.keys(out)) {
    const old = before[name];
    if (old !== undefined && typeof old === typeof out[name]) out[name] = old;
  }
  return out;
}

export type RunParams = { ok: true; values: ParamValues } | { ok: false; errors: Map<string, string>; message: string };

/** The values to start with, or what is wrong, by field where a field is named. */
export function runParams(specs: ParamSpecs, inputs: ParamInputs): RunParams {
  const errors = fieldErrors(specs, inputs);
  if (errors.size > 0) return { ok: false, errors, message: 'Nothing was started: correct the parameters marked below.' };
  const r = checkParams(specs, valuesOf(specs, inputs));
  if (r.ok) return { ok: true, values: r.values };
  const field = fieldNamed(r.message, Object.keys(specs));
  return { ok: false, errors: field === null ? new Map() : new Map([[field, r.message]]), message: r.message };
}
