import { Code, fail, type Result } from '../codes';
import type { ParamSpec, ParamSpecs, ParamValue, ParamValues } from './types';

/**
 * Parameters a person (a form, a file, the command line, the sandbox) gives a
 * strategy, checked against its declaration: every declared parameter gets a
 * value (its default when not given); an unknown name, a wrong type, a value
 * out of range or off the step is refused with a message that names the
 * parameter and what it accepts. Nothing of the input is kept but the checked
 * values (a null-prototype object: a name like `__proto__` is only a name).
 */
export function checkParams(specs: ParamSpecs, input: unknown, validate?: (p: ParamValues) => string | null): Result<{ values: ParamValues }> {
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    return fail(Code.INVALID_SETTING, 'Parameters should be an object of name: value.');
  }
  const given = (input ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(specs, name)) {
      const known = Object.keys(specs);
      return fail(Code.INVALID_SETTING, `Unknown parameter ${JSON.stringify(name)}; ${known.length === 0 ? 'this strategy takes none' : `it takes ${known.join(', ')}`}.`);
    }
  }
  const values = Object.create(null) as Record<string, ParamValue>;
  for (const [name, spec] of Object.entries(specs)) {
    const v = Object.hasOwn(given, name) && given[name] !== undefined ? given[name] : spec.default;
    const bad = checkValue(name, spec, v);
    if (bad !== null) return fail(Code.INVALID_SETTING, bad);
    values[name] = v as ParamValue;
  }
  if (validate !== undefined) {
    const bad = validate(values);
    if (bad !== null) return fail(Code.INVALID_SETTING, bad);
  }
  return { ok: true, values };
}

/** What a parameter accepts, in words: "a whole number from 2 to 200, in steps of 2". */
export function describeSpec(spec: ParamSpec): string {
  switch (spec.type) {
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${spec.options.map((o) => JSON.stringify(o)).join(', ')}`;
    default: {
      const what = spec.type === 'integer' ? 'a whole number' : 'a number';
      const lo = spec.min !== undefined ? ` from ${spec.min}` : '';
      const hi = spec.max !== undefined ? (spec.min !== undefined ? ` to ${spec.max}` : ` up to ${spec.max}`) : '';
      const step = spec.step !== undefined ? `, in steps of ${spec.step}` : '';
      return `${what}${lo}${hi}${step}`;
    }
  }
}

function checkValue(name: string, spec: ParamSpec, v: unknown): string | null {
  const refuse = (): string => `${name} must be ${describeSpec(spec)} (got ${shown(v)}).`;
  switch (spec.type) {
    case 'boolean':
      return typeof v === 'boolean' ? null : refuse();
    case 'choice':
      return typeof v === 'string' && spec.options.includes(v) ? null : refuse();
    default: {
      if (typeof v !== 'number' || !Number.isFinite(v)) return refuse();
      if (spec.type === 'integer' && !Number.isInteger(v)) return refuse();
      if (spec.min !== undefined && v < spec.min) return refuse();
      if (spec.max !== undefined && v > spec.max) return refuse();
      if (spec.step !== undefined && !onStep(v, spec.min ?? 0, spec.step)) return refuse();
      return null;
    }
  }
}

/** Whether v is base + k × step for a whole k, allowing for decimals that binary floats cannot hold (0.1 steps). */
function onStep(v: number, base: number, step: number): boolean {
  const k = (v - base) / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
}

function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'a list' : typeof v;
}

/**
 * Parameters written as text, `fast=10,slow=30,short=true` (the command line,
 * a URL): each value is read as its parameter's type, then checked as above.
 */
export function paramsFromText(specs: ParamSpecs, text: string, validate?: (p: ParamValues) => string | null): Result<{ values: ParamValues }> {
  const raw = Object.create(null) as Record<string, unknown>;
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return fail(Code.INVALID_SETTING, `Parameters are written name=value, separated by commas (got ${JSON.stringify(part)}).`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!Object.hasOwn(specs, name)) return checkParams(specs, { [name]: value }, validate);
    const spec = specs[name];
    raw[name] = spec.type === 'boolean' ? (value === 'true' ? true : value === 'false' ? false : value)
      : spec.type === 'choice' ? value
      : value === '' ? value : Number(value);
  }
  return checkParams(specs, raw, validate);
}

/**
 * Whether a declaration's parameters make sense (user code declares its own):
 * each of a known type, its default within its own range. Null when fine.
 */
export function checkSpecs(specs: unknown): string | null {
  if (typeof specs !== 'object' || specs === null || Array.isArray(specs)) return 'params should be an object of name: declaration.';
  for (const [name, s] of Object.entries(specs as Record<string, unknown>)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(name)) return `The parameter name ${JSON.stringify(name)} should be a short identifier.`;
    if (typeof s !== 'object' || s === null) return `The parameter ${name} should be declared as { type, default, … }.`;
    const spec = s as Record<string, unknown>;
    const type = spec.type;
    if (type !== 'number' && type !== 'integer' && type !== 'boolean' && type !== 'choice') {
      return `The parameter ${name} has type ${shown(type)}; use number, integer, boolean or choice.`;
    }
    for (const k of ['min', 'max', 'step'] as const) {
      if (spec[k] !== undefined && (typeof spec[k] !== 'number' || !Number.isFinite(spec[k]))) return `The parameter ${name} has a ${k} that is not a number.`;
    }
    if (typeof spec.step === 'number' && !(spec.step > 0)) return `The parameter ${name} needs a step above 0.`;
    if (type === 'choice' && (!Array.isArray(spec.options) || spec.options.length === 0 || !spec.options.every((o) => typeof o === 'string'))) {
      return `The parameter ${name} is a choice: it needs options, a list of strings.`;
    }
    const bad = checkValue(name, spec as ParamSpec, spec.default);
    if (bad !== null) return `The default of ${bad}`;
  }
  return null;
}
