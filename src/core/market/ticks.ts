// Conversions between decimal prices and integer ticks.
//
// Inside the core, prices are integers (ticks) so that matching and
// accounting never meet floating-point drift; decimals exist only at the
// edges (catalogue, display, feeds). These helpers are the one place where
// the two meet, so rounding is done the same way everywhere.

const decimalsCache = new Map<number, number>();

/** Number of decimals a tick size has: 0.01 -> 2, 1e-8 -> 8, 0.5 -> 1, 5 -> 0. */
export function tickDecimals(tick: number): number {
  const cached = decimalsCache.get(tick);
  if (cached !== undefined) return cached;
  if (!(tick > 0) || !Number.isFinite(tick)) throw new RangeError(`tick must be > 0, got ${tick}`);
  let d = 0;
  // Relative tolerance: 1e-8 * 1e8 is 1.0000000000000002 in binary floats.
  while (d < 20) {
    const scaled = tick * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, scaled)) break;
    d++;
  }
  decimalsCache.set(tick, d);
  return d;
}

/** Decimal price -> nearest whole number of ticks. */
export function toTicks(price: number, tick: number): number {
  return Math.round(price / tick);
}

/** Whole ticks -> decimal price, rounded to the tick's decimals (no 0.30000000000000004). */
export function fromTicks(ticks: number, tick: number): number {
  return Number((ticks * tick).toFixed(tickDecimals(tick)));
}

/** Snap a decimal price to the nearest multiple of tick. */
export function roundToTick(price: number, tick: number): number {
  return fromTicks(toTicks(price, tick), tick);
}

/** True when price is (within float noise) a whole multiple of tick. */
export function isOnTick(price: number, tick: number): boolean {
  const n = price / tick;
  return Math.abs(n - Math.round(n)) <= 1e-6;
}
