/**
 * The strategy forms' fields (start, change parameters): what a person types,
 * turned into the values the engine checks, and the engine's own check of
 * each field (core's checkParams, the function the sim applies) so a refused
 * value is named beside its field before anything is sent. Pure, so it is
 * tested without a browser; the engine checks again and has the last word.
 */
import { checkParams } from '../core/strategy/params';
import type { ParamSpec, ParamSpecs, ParamValue } from '../core/strategy/types';
import { parseDecimal } from './ticket';

/** A field as typed: text for numbers (what the person sees), a flag, or a choice. */
export type ParamInput = string | boolean;
export type ParamInputs = Record<string, ParamInput>;

/** The fields as a spec's defaults, or as given values (a running strategy's, to change them). */
export function inputsOf(specs: ParamSpecs, values?: Readonly<Record<string, ParamValue>>): ParamInputs {
  const out: ParamInputs = {};
  for (const [name, spec] of Object.entries(specs)) {
    const v = values?.[name] ?? spec.default;
    out[name] = spec.type === 'boolean' ? v === true : String(v);
  }
  return out;
}

/** One field's value as sent: a number typed "1,5" or "1.5" is 1.5; text that is no number stays text, for the check to name. */
export function valueOf(spec: ParamSpec, input: ParamInput): ParamValue {
  if (spec.type === 'boolean') return input === true;
  if (spec.type === 'choice') return String(input);
  const n = parseDecimal(String(input).replace(/^-/, ''));
  if (Number.isNaN(n)) return String(input);
  return String(input).trim().startsWith('-') ? -n : n;
}

export function valuesOf(specs: ParamSpecs, inputs: ParamInputs): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = valueOf(spec, inputs[name] ?? '');
  return out;
}

/** What the engine would say of each field, by name (empty: all good): core's check, one parameter at a time. */
export function fieldErrors(specs: ParamSpecs, inputs: ParamInputs): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    const r = checkParams({ [name]: spec }, { [name]: valueOf(spec, inputs[name] ?? '') });
    if (!r.ok) out.set(name, r.message);
  }
  return out;
}

/** The parameter a message from the engine is about (named in it), so it is shown beside that field; null if none. */
export function fieldNamed(message: string, names: readonly string[]): string | null {
  let best: string | null = null;
  for (const n of names) {
    const at = new RegExp(`(^|[^\\w-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(message);
    if (at && (best === null || n.length > best.length)) best = n;
  }
  return best;
}

/** The budget as typed: a positive amount no larger than the cash the person has free; the message when not. */
export function checkBudget(text: string, available: number): { ok: true; value: number } | { ok: false; message: string } {
  const v = parseDecimal(text);
  if (!Number.isFinite(v) || v <= 0) return { ok: false, message: 'Enter a budget: the cash the strategy trades with.' };
  if (v > available) return { ok: false, message: `You have ${available.toLocaleString(undefined, { style: 'currency', currency: 'USD' })} free; the budget cannot be more.` };
  return { ok: true, value: v };
}

/** "10", "0.5", "on"/"off" or the choice: a running strategy's parameters in one line. */
export function paramsLine(params: Readonly<Record<string, ParamValue>>, specs?: ParamSpecs): string {
  return Object.entries(params)
    .map(([k, v]) => `${specs?.[k]?.label ?? k} ${typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v)}`)
    .join(' · ');
}
