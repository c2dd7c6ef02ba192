/**
 * A sweep's form: what a person typed for each parameter (numbers: from, to,
 * step; booleans and choices: the values ticked), grid or random (how many
 * sets, a seed), turned into the checked sets by core's `gridSets` /
 * `randomSets` — the strategy's own `validate` (fast < slow) decides which
 * combinations are skipped, and the first reason is said BEFORE anything
 * runs. Pure, so it is tested without a browser.
 */
import { axisValues, gridSets, randomSets, type SweepAxis, type SweepSets } from '../../core/backtest/sweep';
import type { ParamSpec, ParamSpecs, ParamValue } from '../../core/strategy/types';
import { valueOf } from '../strategyParams';
import type { RunStrategy } from './form';

/** A number's range as typed, or the values ticked of a boolean or a choice. */
export type AxisField = { kind: 'range'; from: string; to: string; step: string } | { kind: 'values'; picked: ParamValue[] };
export type AxisFields = Record<string, AxisField>;

export interface SweepFields {
  axes: AxisFields;
  mode: 'grid' | 'random';
  /** Random: how many sets, and the seed (text as typed). */
  n: string;
  seed: string;
}

/** A swept parameter's values (for the heatmap's axes and the pickers), in order. */
export interface PlannedAxis {
  name: string;
  label: string;
  values: ParamValue[];
}

export type SweepPlan =
  | ({ ok: true; axes: PlannedAxis[]; ranges: Map<string, SweepAxis> } & SweepSets)
  | { ok: false; message: string; field: string | null };

const round = (x: number) => Number(x.toPrecision(12));

/** A first sweep around each default: half to twice it for a number (about eight steps), the default alone for a flag or a choice. */
export function defaultAxis(spec: ParamSpec): AxisField {
  if (spec.type === 'boolean' || spec.type === 'choice') return { kind: 'values', picked: [spec.default] };
  const d = spec.default;
  const lo = Math.max(spec.min ?? -Infinity, d > 0 ? d / 2 : d * 2);
  const hi = Math.min(spec.max ?? Infinity, d > 0 ? d * 2 : d / 2);
  if (spec.type === 'integer') {
    const from = Math.ceil(lo);
    const to = Math.floor(hi);
    const step = Math.max(spec.step ?? 1, Math.round((to - from) / 8) || 1);
    return { kind: 'range', from: String(from), to: String(to), step: String(step) };
  }
  const step = spec.step ?? round((hi - lo) / 8 || 1);
  return { kind: 'range', from: String(round(lo)), to: String(round(hi)), step: String(step) };
}

export function defaultFields(specs: ParamSpecs): SweepFields {
  const axes: AxisFields = {};
  for (const [name, spec] of Object.entries(specs)) axes[name] = defaultAxis(spec);
  return { axes, mode: 'grid', n: '200', seed: '1' };
}

const numberIn = (spec: ParamSpec, text: string): number | null => {
  const v = valueOf(spec, text);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** The ranges as core takes them; a number that is not one names its field. */
export function rangesOf(specs: ParamSpecs, axes: AxisFields): { ok: true; ranges: Map<string, SweepAxis> } | { ok: false; message: string; field: string } {
  const ranges = new Map<string, SweepAxis>();
  for (const [name, spec] of Object.entries(specs)) {
    const a = axes[name] ?? defaultAxis(spec);
    const label = spec.label ?? name;
    if (a.kind === 'values') {
      if (a.picked.length === 0) return { ok: false, message: `${label}: tick at least one value.`, field: name };
      ranges.set(name, a.picked);
      continue;
    }
    const from = numberIn(spec, a.from);
    const to = numberIn(spec, a.to);
    const step = a.to.trim() === a.from.trim() && a.step.trim() === '' ? 1 : numberIn(spec, a.step);
    if (from === null || to === null || step === null) return { ok: false, message: `${label}: from, to and step must be numbers.`, field: name };
    ranges.set(name, { from, to, step });
  }
  return { ok: true, ranges };
}

/** The sets the sweep will run, checked by the strategy's own rules, with how many were skipped and why; or what is wrong. */
export function planSweep(def: RunStrategy, f: SweepFields): SweepPlan {
  const r = rangesOf(def.params, f.axes);
  if (!r.ok) return r;
  const axes: PlannedAxis[] = [];
  for (const [name, axis] of r.ranges) {
    const v = axisValues(name, def.params[name], axis);
    if (!v.ok) return { ok: false, message: v.message, field: name };
    axes.push({ name, label: def.params[name].label ?? name, values: v.values });
  }
  // The sets' check needs the declaration and the rule only (a person's strategy has no hooks on this side).
  const sdef = def as unknown as Parameters<typeof gridSets>[0];
  let sets;
  if (f.mode === 'grid') sets = gridSets(sdef, r.ranges);
  else {
    const n = Number(f.n.trim());
    const seed = Number(f.seed.trim());
    if (!Number.isInteger(seed) || f.seed.trim() === '') return { ok: false, message: 'The seed must be a whole number.', field: 'seed' };
    sets = randomSets(sdef, r.ranges, {}, n, seed);
    if (!sets.ok && !Number.isInteger(n)) return { ok: false, message: sets.message, field: 'n' };
  }
  if (!sets.ok) return { ok: false, message: sets.message, field: f.mode === 'random' && /random sweep takes/.test(sets.message) ? 'n' : null };
  return { ok: true, axes, ranges: r.ranges, sets: sets.sets, skipped: sets.skipped, firstSkip: sets.firstSkip, combinations: sets.combinations };
}

/** "64 sets to run; 36 of 100 combinations skipped: The fast average must be shorter…": said before running. */
export function planText(p: Extract<SweepPlan, { ok: true }>, locale?: string): string {
  const n = (x: number) => x.toLocaleString(locale);
  const runs = `${n(p.sets.length)} set${p.sets.length === 1 ? '' : 's'} to run`;
  if (p.skipped === 0) return `${runs}.`;
  return `${runs}; ${n(p.skipped)} skipped by the strategy's own rule (the first: ${p.firstSkip ?? ''})`;
}
