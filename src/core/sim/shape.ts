import { validateRules } from '../portfolio/risk';

/**
 * Small checks for JSON read from storage or a file (snapshots, agent
 * states). A check answers null when the value is fine, else where and what
 * is wrong ("[3].qty should be …"); paths are built only on failure, so
 * checking a large value stays cheap.
 */
export type Check = (x: unknown) => string | null;

export const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export const int: Check = (x) => (Number.isSafeInteger(x) ? null : ' should be an integer');
export const nat: Check = (x) => (Number.isSafeInteger(x) && (x as number) >= 0 ? null : ' should be a whole number ≥ 0');
export const num: Check = (x) => (typeof x === 'number' && Number.isFinite(x) ? null : ' should be a finite number');
export const pos: Check = (x) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? null : ' should be a positive number');
export const str: Check = (x) => (typeof x === 'string' ? null : ' should be a string');
export const bool: Check = (x) => (typeof x === 'boolean' ? null : ' should be true or false');
export const bit: Check = (x) => (x === 0 || x === 1 ? null : ' should be 0 or 1');

export function lit(...values: unknown[]): Check {
  return (x) => (values.includes(x) ? null : ` should be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

/** A field that may be left out (absent, not null): a later addition that older states do not have. */
export function optional(c: Check): Check {
  return (x) => (x === undefined ? null : c(x));
}

export function nullable(c: Check): Check {
  return (x) => (x === null ? null : c(x));
}

export function arr(c: Check): Check {
  return (x) => {
    if (!Array.isArray(x)) return ' should be a list';
    for (let i = 0; i < x.length; i++) {
      const e = c(x[i]);
      if (e !== null) return `[${i}]${e}`;
    }
    return null;
  };
}

export function tuple(...cs: Check[]): Check {
  return (x) => {
    if (!Array.isArray(x) || x.length !== cs.length) return ` should be a list of ${cs.length}`;
    for (let i = 0; i < cs.length; i++) {
      const e = cs[i](x[i]);
      if (e !== null) return `[${i}]${e}`;
    }
    return null;
  };
}

/** Exactly these fields: an unknown one is as wrong as a missing one (it would not survive the restore). */
export function obj(shape: Record<string, Check>): Check {
  const keys = Object.keys(shape);
  return (x) => {
    if (!isObj(x)) return ' should be an object';
    for (const k of keys) {
      const e = shape[k](x[k]);
      if (e !== null) return `.${k}${e}`;
    }
    for (const k of Object.keys(x)) if (!Object.prototype.hasOwnProperty.call(shape, k)) return `.${k} is not a field of a snapshot`;
    return null;
  };
}

export const rules: Check = (x) => {
  const bad = validateRules(x);
  return bad === null ? null : `: ${bad.message}`;
};

export const uint32: Check = (x) => (nat(x) === null && (x as number) < 2 ** 32 ? null : ' should be a 32-bit word');
/** prng.ts: four words, whether a normal is cached, and the cached normal. */
export const rngState = tuple(uint32, uint32, uint32, uint32, bit, num);
