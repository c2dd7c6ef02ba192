/**
 * Decimals live only at the edges. These helpers turn journal decimals into the
 * engine's integers (ticks, lots, minor units) and back, exactly.
 */

export const MAX_DECIMALS = 12;
const POW10: number[] = Array.from({ length: 19 }, (_, i) => 10 ** i);

export function pow10(d: number): number {
  return POW10[d] ?? 10 ** d;
}

/** How many decimals the shortest representation of x needs (1e-8 → 8, 0.05 → 2). */
export function decimalsOf(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const s = String(Math.abs(x));
  const e = s.indexOf('e');
  if (e >= 0) {
    const mant = s.slice(0, e);
    const exp = Number(s.slice(e + 1));
    const dot = mant.indexOf('.');
    const mantDec = dot >= 0 ? mant.length - dot - 1 : 0;
    return Math.max(0, mantDec - exp);
  }
  const dot = s.indexOf('.');
  return dot >= 0 ? s.length - dot - 1 : 0;
}

/**
 * x / step as an integer when x is a multiple of step within a relative
 * tolerance of 1e-9 (JOURNAL.md); NaN otherwise. Step must be positive.
 */
export function multipleOf(x: number, step: number): number {
  const q = x / step;
  if (!Number.isFinite(q)) return Number.NaN;
  const r = Math.round(q);
  if (Math.abs(q - r) > 1e-9 * Math.max(1, Math.abs(q))) return Number.NaN;
  return r;
}

/** A decimal value with `dec` decimals as the nearest double, e.g. for output. */
export function fromUnits(units: number, dec: number): number {
  if (dec === 0) return units;
  return Number((units / pow10(dec)).toFixed(dec));
}

/** Mantissa of a step at `dec` decimals: 0.05 at 2 → 5. */
export function mantissa(step: number, dec: number): number {
  return Math.round(step * pow10(dec));
}
