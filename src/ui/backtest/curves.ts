/**
 * Two equity curves on one time axis, for one uPlot chart: walk-forward's
 * out-of-sample curve beside its in-sample one, whose times differ (the
 * in-sample curve starts a window earlier and may leave gaps). The times
 * merged (UTC ms to Unix seconds), each curve null where it has no point.
 */
export interface TimedCurve {
  /** UTC ms, ascending. */
  time: ArrayLike<number>;
  value: ArrayLike<number>;
}

export function alignCurves(a: TimedCurve, b: TimedCurve): { t: number[]; a: (number | null)[]; b: (number | null)[] } {
  const t: number[] = [];
  const va: (number | null)[] = [];
  const vb: (number | null)[] = [];
  let i = 0;
  let j = 0;
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  while (i < a.time.length || j < b.time.length) {
    const ta = i < a.time.length ? a.time[i] : Infinity;
    const tb = j < b.time.length ? b.time[j] : Infinity;
    const at = Math.min(ta, tb);
    t.push(at / 1000);
    va.push(ta === at ? fin(a.value[i++]) : null);
    vb.push(tb === at ? fin(b.value[j++]) : null);
  }
  return { t, a: va, b: vb };
}
