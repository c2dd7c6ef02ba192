import { Show, createMemo } from 'solid-js';
import { fmtMoney } from '../format';
import type { EquitySeries } from '../../protocol';

/** The equity curve as a light SVG line, with its range in words for screen readers. */
export function EquityCurve(props: { series: () => EquitySeries | null; height?: number }) {
  const W = 600;
  const H = () => props.height ?? 160;
  const shape = createMemo(() => {
    const s = props.series();
    if (s === null || s.t.length < 2) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of s.equity) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo || 1;
    const t0 = s.t[0];
    const tspan = s.t[s.t.length - 1] - t0 || 1;
    let d = '';
    for (let i = 0; i < s.t.length; i++) {
      const x = (((s.t[i] - t0) / tspan) * W).toFixed(1);
      const y = (H() - 4 - ((s.equity[i] - lo) / span) * (H() - 8)).toFixed(1);
      d += `${i === 0 ? 'M' : 'L'}${x},${y}`;
    }
    return { d, lo, hi, first: s.equity[0], last: s.equity[s.equity.length - 1] };
  });
  return (
    <Show when={shape()} fallback={<p class="muted">The curve appears after a few minutes of trading.</p>}>
      {(s) => (
        <figure class="equity-curve">
          <svg viewBox={`0 0 ${W} ${H()}`} preserveAspectRatio="none" role="img"
            aria-label={`Equity from ${fmtMoney(s().first)} to ${fmtMoney(s().last)}, between ${fmtMoney(s().lo)} and ${fmtMoney(s().hi)}`}>
            <path d={s().d} fill="none" stroke="currentColor" stroke-width="2" vector-effect="non-scaling-stroke" />
          </svg>
          <figcaption class="muted small">Low {fmtMoney(s().lo)} · High {fmtMoney(s().hi)}</figcaption>
        </figure>
      )}
    </Show>
  );
}
