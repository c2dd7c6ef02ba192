// Two equity curves on one time axis (walk-forward: out-of-sample beside in-sample), one uPlot for the component's
// life as the page's other charts; a legend in HTML and a summary of both in the plot's aria-label.

import { createEffect, createMemo, on, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import '../chart/chart.css';
import { formatPrice, lineSummary, priceDecimals, timeAxisLabels } from '../chart/format';
import { axisWidth, bindPlot, hasData, initialWidth } from '../chart/host';
import { readTheme } from '../chart/theme';
import { alignCurves, type TimedCurve } from './curves';

export function CurvesChart(props: { a: TimedCurve; b: TimedCurve; labelA: string; labelB: string; height?: number; testid?: string }) {
  let host!: HTMLDivElement;
  // eslint-disable-next-line solid/reactivity -- read once: the chart is made at this height
  const height = props.height ?? 200;
  const aligned = createMemo(() => alignCurves(props.a, props.b));
  const summary = createMemo(() => `${lineSummary(props.labelA, Array.from(props.a.value))}; ${lineSummary(props.labelB, Array.from(props.b.value))}`);
  onMount(() => {
    let theme = readTheme(host);
    const themed = { stroke: () => theme.axis, font: `10px ${theme.font}` };
    const d = aligned();
    const u = new uPlot(
      {
        width: initialWidth(host),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        series: [
          {},
          { stroke: () => theme.buy, width: 1.5, points: { show: false }, spanGaps: false },
          { stroke: () => theme.sell, width: 1.5, dash: [6, 4], points: { show: false }, spanGaps: false },
        ],
        axes: [
          { ...themed, size: 36, space: 70, values: (uu, splits, _a, _s, incr) => (hasData(uu) ? timeAxisLabels(splits, incr) : splits.map(() => null)), grid: { stroke: () => theme.grid, width: 1 }, ticks: { show: false } },
          {
            ...themed, side: 1, space: 28, size: (_u, values) => axisWidth(values),
            values: (uu, splits) => splits.map((v) => (v == null || !hasData(uu) ? null : formatPrice(v, priceDecimals(v)))),
            grid: { stroke: () => theme.grid, width: 1 }, ticks: { show: false },
          },
        ],
      },
      [d.t, d.a, d.b],
      host,
    );
    createEffect(on(aligned, (x) => u.setData([x.t, x.a, x.b]), { defer: true }));
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
      <p class="bt-legend small">
        <span><span class="bt-key bt-key-a" aria-hidden="true" /> {props.labelA}</span>
        <span><span class="bt-key bt-key-b" aria-hidden="true" /> {props.labelB}</span>
      </p>
      <div class="chart-frame">
        <div ref={host} class="chart-plot" role="img" aria-label={summary()} data-testid={props.testid} style={{ height: `${height}px` }} />
      </div>
    </div>
  );
}
