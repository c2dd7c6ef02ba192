// A small line over time (a strategy's equity): one uPlot instance for the
// component's life, new points through setData, colours through redraw.

import { Show, createEffect, createMemo, on, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';
import { formatPrice, lineSummary, priceDecimals, timeAxisLabels } from './format';
import { axisWidth, bindPlot, hasData, initialWidth } from './host';
import { flatRange } from './series';
import { readTheme } from './theme';

export interface LineData {
  /** Unix seconds, ascending. */
  t: number[];
  v: number[];
}

export function LineChart(props: { data: () => LineData; label: string; height?: number; testid?: string }) {
  let host!: HTMLDivElement;
  // eslint-disable-next-line solid/reactivity -- read once: the chart is made at this height
  const height = props.height ?? 120;
  const summary = createMemo(() => lineSummary(props.label, props.data().v));
  const aligned = createMemo(() => [props.data().t, props.data().v.map((x) => (Number.isFinite(x) ? x : null))] as uPlot.AlignedData);

  onMount(() => {
    let theme = readTheme(host);
    const themed = { stroke: () => theme.axis, font: `10px ${theme.font}` };
    const u = new uPlot(
      {
        width: initialWidth(host),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: true },
          // A flat line (a strategy waiting for its first signal) sits mid-plot within ±0.5 %, not on a 0-based axis.
          y: { range: (_u, min, max) => (min == null || max == null ? [0, 1] : flatRange(min, max)) },
        },
        series: [{}, { stroke: () => theme.buy, width: 1.5, points: { show: false } }],
        axes: [
          { ...themed, size: 36, space: 70, values: (uu, splits, _a, _s, incr) => (hasData(uu) ? timeAxisLabels(splits, incr) : splits.map(() => null)), grid: { stroke: () => theme.grid, width: 1 }, ticks: { show: false } },
          {
            ...themed, side: 1, space: 28, size: (_u, values) => axisWidth(values),
            values: (uu, splits) => splits.map((v) => (v == null || !hasData(uu) ? null : formatPrice(v, priceDecimals(v)))),
            grid: { stroke: () => theme.grid, width: 1 }, ticks: { show: false },
          },
        ],
      },
      aligned(),
      host,
    );
    createEffect(on(aligned, (d) => u.setData(d), { defer: true }));
    const unbind = bindPlot(u, host, height, () => u.redraw(), (next) => {
      theme = next;
      u.redraw();
    });
    onCleanup(() => {
      unbind();
      u.destroy();
    });
  });

  return (
    <div class="chart chart-line">
      <div class="chart-frame">
        <div ref={host} class="chart-plot" role="img" aria-label={summary()} data-testid={props.testid} style={{ height: `${height}px` }} />
        <Show when={props.data().t.length < 2}>
          <div class="chart-empty">The curve starts after its first bars</div>
        </Show>
      </div>
    </div>
  );
}

