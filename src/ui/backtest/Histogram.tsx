import { For } from 'solid-js';
import type { Distribution } from '../../core/backtest/distribution';
import { histogramBars } from './histogram';

/**
 * A distribution drawn: its histogram's bins as bars, its percentiles (5, 25,
 * 50, 75, 95) as marked lines, scaled to its box (SVG, so it fits a phone);
 * the values themselves are listed beside it, and summed up in its label.
 */
export function Histogram(props: { dist: Distribution; label: string; format: (v: number) => string; testid?: string }) {
  const W = 300;
  const H = 120;
  const shape = () => histogramBars(props.dist, W, H - 14);
  return (
    <figure class="bt-hist" data-testid={props.testid}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" preserveAspectRatio="none"
        aria-label={`${props.label}: ${props.dist.percentiles.map((p) => `${p.p}th percentile ${props.format(p.value)}`).join(', ')}`}>
        <For each={shape().bars}>{(b) => <rect class="bt-hist-bar" x={b.x} y={b.y} width={b.w} height={b.h} />}</For>
        <For each={shape().marks}>
          {(m) => (
            <g class={m.p === 50 ? 'bt-hist-mark bt-hist-median' : 'bt-hist-mark'}>
              <line x1={m.x} x2={m.x} y1={12} y2={H - 14} />
              <text x={m.x} y={10} text-anchor="middle">{m.p}</text>
            </g>
          )}
        </For>
        <line class="bt-hist-base" x1={0} x2={W} y1={H - 14} y2={H - 14} />
        <text x={0} y={H - 2} class="bt-hist-axis">{props.format(props.dist.min)}</text>
        <text x={W} y={H - 2} text-anchor="end" class="bt-hist-axis">{props.format(props.dist.max)}</text>
      </svg>
      <figcaption>
        <strong>{props.label}</strong>
        <dl class="bt-pcts">
          <For each={props.dist.percentiles}>{(p) => <><dt>{p.p}th</dt><dd data-testid={props.testid ? `${props.testid}-p${p.p}` : undefined}>{props.format(p.value)}</dd></>}</For>
        </dl>
      </figcaption>
    </figure>
  );
}
