import { Show, createMemo } from 'solid-js';
import { LineChart } from '../chart/LineChart';
import { fmtMoney } from '../format';
import type { EquitySeries } from '../../protocol';

/**
 * The account's equity over time: the chart's line with a time axis, a money
 * axis and the value under the pointer (LineChart), its range in words under
 * it. LineChart's accessible name summarises the line for screen readers.
 */
export function EquityCurve(props: { series: () => EquitySeries | null; height?: number }) {
  const data = createMemo(() => {
    const s = props.series();
    if (s === null || s.t.length < 2) return null;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of s.equity) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { line: { t: Array.from(s.t), v: Array.from(s.equity) }, lo, hi };
  });
  return (
    <Show when={data()} fallback={<p class="muted">The curve appears after a few minutes of trading.</p>}>
      {(d) => (
        <figure class="equity-curve">
          <LineChart data={() => d().line} label="Equity" unit="money" height={props.height ?? 160} testid="equity-chart" />
          <figcaption class="muted small">Low {fmtMoney(d().lo)} · High {fmtMoney(d().hi)}</figcaption>
        </figure>
      )}
    </Show>
  );
}
