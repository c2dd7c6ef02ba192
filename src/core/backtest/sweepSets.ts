/**
 * The parameter sets of a sweep: every combination of the ranges (a grid), or
 * a seeded random sample of them without repeats. Each set is checked as a
 * single run's parameters are (`checkParams` with the strategy's own
 * `validate`, e.g. fast < slow); the sets it refuses are skipped and counted,
 * with the first reason, so that a sweep whose every set is refused says why.
 */
import { Code, fail, type Result } from '../codes';
import { createRng, type Rng } from '../market/prng';
import { checkParams } from '../strategy/params';
import type { ParamSpec, ParamValue, ParamValues, StrategyDef } from '../strategy/types';

/** A numeric parameter's values from `from` to `to` (inclusive, when on a step) every `step`. */
export interface SweepRange {
  from: number;
  to: number;
  step: number;
}

/** What a swept parameter takes: a range (numbers), or a list of values (any type: booleans and choices are lists). */
export type SweepAxis = SweepRange | readonly ParamValue[];

/** The swept parameters by name; a parameter not named keeps its `fixed` value or its default. */
export type SweepRanges = ReadonlyMap<string, SweepAxis> | Readonly<Record<string, SweepAxis>>;

export interface SweepSets {
  /** Checked sets, in grid order (the last declared parameter varies fastest) or in the order drawn. */
  sets: ParamValues[];
  /** Combinations the strategy refused (fast ≥ slow, off a parameter's step, …). */
  skipped: number;
  /** Why the first skipped one was refused; null when none was. */
  firstSkip: string | null;
  /** Combinations in the grid, before any was refused. */
  combinations: number;
}

/** More sets than this is more than a sweep can run in a sitting: narrow the ranges instead. */
export const MAX_SWEEP_SETS = 100_000;
/** The random sample draws from a grid up to this size (the draw's indexes are 32-bit). */
const MAX_RANDOM_GRID = 2 ** 32;

/** One axis: its parameter's name and its values, in order. */
interface Axis {
  name: string;
  values: ParamValue[];
}

/** Every combination of the ranges, each checked; refused ones skipped and counted. */
export function gridSets(def: StrategyDef, ranges: SweepRanges, fixed: Readonly<Record<string, ParamValue>> = {}): Result<SweepSets> {
  const plan = planSweep(def, ranges, fixed);
  if (!plan.ok) return plan;
  if (plan.combinations > MAX_SWEEP_SETS) {
    return fail(Code.INVALID_SETTING, `That grid has ${plan.combinations.toLocaleString('en-US')} combinations, more than ${MAX_SWEEP_SETS.toLocaleString('en-US')}: use wider steps, fewer values, or a random sample.`);
  }
  const pick = new Checker(def, plan.base);
  for (let i = 0; i < plan.combinations; i++) pick.add(plan.axes, i);
  return { ok: true, ...pick.answer(plan.combinations) };
}

/**
 * Up to `n` distinct combinations drawn at random (seeded: the same seed, the
 * same sets in the same order), each checked; refused draws are skipped and
 * counted, and drawing goes on until `n` pass or the grid is used up.
 */
export function randomSets(
  def: StrategyDef, ranges: SweepRanges, fixed: Readonly<Record<string, ParamValue>>, n: number, seed: number | Rng,
): Result<SweepSets> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SWEEP_SETS) {
    return fail(Code.INVALID_SETTING, `A random sweep takes from 1 to ${MAX_SWEEP_SETS.toLocaleString('en-US')} sets (got ${String(n)}).`);
  }
  const plan = planSweep(def, ranges, fixed);
  if (!plan.ok) return plan;
  const total = plan.combinations;
  if (total > MAX_RANDOM_GRID) return fail(Code.INVALID_SETTING, `That grid has ${total.toExponential(2)} combinations, more than a random sample draws from (2^32): narrow the ranges.`);
  const rng = typeof seed === 'number' ? createRng(seed) : seed;
  const pick = new Checker(def, plan.base);
  // A Fisher-Yates shuffle of 0..total-1 done lazily: only the swapped slots are kept, so a draw of n costs O(n), not O(total).
  const swapped = new Map<number, number>();
  const at = (k: number): number => swapped.get(k) ?? k;
  for (let i = 0; i < total && pick.sets.length < n; i++) {
    const j = i + rng.nextInt(total - i);
    const drawn = at(j);
    swapped.set(j, at(i));
    pick.add(plan.axes, drawn);
  }
  return { ok: true, ...pick.answer(total) };
}

/** Sets checked one by one: kept, or counted as skipped with the first reason. */
class Checker {
  readonly sets: ParamValues[] = [];
  private skipped = 0;
  private firstSkip: string | null = null;

  constructor(private readonly def: StrategyDef, private readonly base: Record<string, ParamValue>) {}

  /** The combination at `index` of the grid (mixed radix, the last axis fastest). */
  add(axes: readonly Axis[], index: number): void {
    const input = Object.assign(Object.create(null) as Record<string, ParamValue>, this.base);
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const { name, values } = axes[a];
      input[name] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    const checked = checkParams(this.def.params, input, this.def.validate);
    if (checked.ok) this.sets.push(checked.values);
    else {
      this.skipped++;
      this.firstSkip ??= checked.message;
    }
  }

  answer(combinations: number): SweepSets {
    return { sets: this.sets, skipped: this.skipped, firstSkip: this.firstSkip, combinations };
  }
}

/** The axes in the strategy's own parameter order, the fixed values, and the grid's size; or why the ranges cannot be swept. */
function planSweep(
  def: StrategyDef, ranges: SweepRanges, fixed: Readonly<Record<string, ParamValue>>,
): Result<{ axes: Axis[]; base: Record<string, ParamValue>; combinations: number }> {
  const byName = ranges instanceof Map ? (ranges as ReadonlyMap<string, SweepAxis>) : new Map(Object.entries(ranges as Record<string, SweepAxis>));
  const known = Object.keys(def.params);
  for (const name of [...byName.keys(), ...Object.keys(fixed)]) {
    if (!Object.hasOwn(def.params, name)) {
      return fail(Code.INVALID_SETTING, `Unknown parameter ${JSON.stringify(name)}; ${def.name} takes ${known.length === 0 ? 'none' : known.join(', ')}.`);
    }
  }
  if (byName.size === 0) return fail(Code.INVALID_SETTING, 'A sweep needs at least one parameter with a range or a list of values.');
  const base = Object.create(null) as Record<string, ParamValue>;
  const axes: Axis[] = [];
  let combinations = 1;
  for (const name of known) {
    const axis = byName.get(name);
    if (axis === undefined) {
      if (Object.hasOwn(fixed, name)) base[name] = fixed[name];
      continue;
    }
    if (Object.hasOwn(fixed, name)) return fail(Code.INVALID_SETTING, `${name} is both swept and fixed: give it one or the other.`);
    const values = axisValues(name, def.params[name], axis);
    if (!values.ok) return values;
    axes.push({ name, values: values.values });
    combinations *= values.values.length;
  }
  return { ok: true, axes, base, combinations };
}

/** A range's values counted from its start (from + i × step, never summed step by step), or a list's, as given. */
export function axisValues(name: string, spec: ParamSpec, axis: SweepAxis): Result<{ values: ParamValue[] }> {
  if (Array.isArray(axis)) {
    const list = axis as readonly unknown[];
    if (list.length === 0) return fail(Code.INVALID_SETTING, `${name}: the list of values is empty.`);
    if (list.length > MAX_SWEEP_SETS) return fail(Code.INVALID_SETTING, `${name}: more than ${MAX_SWEEP_SETS} values.`);
    for (const v of list) {
      if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') return fail(Code.INVALID_SETTING, `${name}: a value of the list is not a number, true/false or a word.`);
    }
    return { ok: true, values: [...new Set(list as ParamValue[])] };
  }
  const { from, to, step } = axis as SweepRange;
  if (spec.type !== 'number' && spec.type !== 'integer') {
    return fail(Code.INVALID_SETTING, `${name} is ${spec.type === 'boolean' ? 'true or false' : 'a choice'}: sweep it with a list of values, not a range.`);
  }
  if (![from, to, step].every((x) => typeof x === 'number' && Number.isFinite(x))) return fail(Code.INVALID_SETTING, `${name}: from, to and step must be numbers.`);
  if (!(step > 0)) return fail(Code.INVALID_SETTING, `${name}: the step must be above 0 (got ${step}).`);
  if (from > to) return fail(Code.INVALID_SETTING, `${name}: from (${from}) is above to (${to}).`);
  if (spec.type === 'integer' && ![from, to, step].every(Number.isInteger)) return fail(Code.INVALID_SETTING, `${name} is a whole number: from, to and step must be whole numbers.`);
  // The tolerance lets 0.1:0.3:0.1 reach 0.3, which (0.3 - 0.1) / 0.1 = 1.9999999999999998 would miss.
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_SWEEP_SETS) return fail(Code.INVALID_SETTING, `${name}: ${from} to ${to} in steps of ${step} is ${count.toLocaleString('en-US')} values, more than ${MAX_SWEEP_SETS.toLocaleString('en-US')}.`);
  const df = decimals(from);
  const ds = decimals(step);
  const places = df === null || ds === null ? null : Math.max(df, ds);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = from + i * step;
    // Rounded to the decimals the person wrote: 0.1 + 2 × 0.1 is 0.30000000000000004 in binary, and 0.3 is what they meant.
    const v = places === null ? x : Number(x.toFixed(places));
    values.push(v === 0 ? 0 : v); // never -0 (a step from -0.5 lands on "-0.00"), which a person would see as "-0"
  }
  return { ok: true, values };
}

/** Digits after the point of a number as written (0.25 → 2), or null when it is written with an exponent. */
function decimals(x: number): number | null {
  const s = String(x);
  if (/e/i.test(s)) return null;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(15, s.length - dot - 1);
}
