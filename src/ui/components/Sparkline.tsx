import { createMemo } from 'solid-js';

/** A tiny line of recent closes; decorative (the change column says the same in words). */
export function Sparkline(props: { values: () => Float32Array | undefined; width?: number; height?: number }) {
  const w = () => props.width ?? 80;
  const h = () => props.height ?? 24;
  const shape = createMemo(() => {
    const v = props.values();
    if (v === undefined) return { d: '', up: true };
    let lo = Infinity;
    let hi = -Infinity;
    let first = NaN;
    let last = NaN;
    for (const x of v) {
      if (!Number.isFinite(x)) continue;
      if (Number.isNaN(first)) first = x;
      last = x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (!Number.isFinite(lo)) return { d: '', up: true };
    const span = hi - lo || 1;
    const step = w() / Math.max(1, v.length - 1);
    let d = '';
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) continue;
      const x = (i * step).toFixed(1);
      const y = (h() - 2 - ((v[i] - lo) / span) * (h() - 4)).toFixed(1);
      d += `${d === '' ? 'M' : 'L'}${x},${y}`;
    }
    return { d, up: last >= first };
  });
  return (
    <svg class="spark" classList={{ up: shape().up, down: !shape().up }} width={w()} height={h()} viewBox={`0 0 ${w()} ${h()}`} aria-hidden="true">
      <path d={shape().d} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}
