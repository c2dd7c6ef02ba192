/**
 * Spans of time, half-open `[from, to)` in UTC milliseconds: what a kline
 * cache holds completely and what a history load still lacks. Like `Kline`
 * (candleData.ts) this is an edge type in wall-clock ms, shared by the feeds'
 * history loader and storage's kline cache, so it lives here rather than in
 * either of them. Pure arithmetic, no allocation beyond the answers.
 */

/** Half-open `[from, to)`, UTC ms. Empty when `to <= from`. */
export interface Span {
  from: number;
  to: number;
}

/** `ms` rounded up to a multiple of `step` (an interval's length in ms). */
export const alignUp = (ms: number, step: number): number => Math.ceil(ms / step) * step;

/** Sorted by `from`; overlapping or touching spans become one; empty ones go. The input is not changed. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** The parts of `want` that `have` (sorted, merged) does not cover, oldest first. */
export function missingSpans(want: Span, have: readonly Span[]): Span[] {
  const out: Span[] = [];
  let at = want.from;
  for (const s of have) {
    if (s.to <= at) continue;
    if (s.from >= want.to) break;
    if (s.from > at) out.push({ from: at, to: s.from });
    at = Math.max(at, s.to);
    if (at >= want.to) break;
  }
  if (at < want.to) out.push({ from: at, to: want.to });
  return out;
}
