// A small line over time (a strategy's equity): one uPlot instance for the
// component's life, new points through setData, colours through redraw.

import { Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
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

/** How values read on the axis and under the cursor: money (an account's equity) or a percentage (a drawdown). */
export type LineUnit = 'money' | 'pct' | 'plain';

const MONEY_AXIS = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const MONEY_READ = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const PCT_READ = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function axisText(unit: LineUnit, v: number): string {
  if (unit === 'money') return MONEY_AXIS.format(v);
  if (unit === 'pct') return `${PCT_READ.format(v).replace(/[.,]00$/, '')} %`;
  return formatPrice(v, priceDecimals(v));
}

function readText(unit: LineUnit, v: number): string {
  if (unit === 'money') return MONEY_READ.format(v);
  if (unit === 'pct') return `${PCT_READ.format(v)} %`;
  return formatPrice(v, priceDecimals(v));
}

/**
 * A line over time with a read-out under it: the value and time where the
 * pointer is (drag across to zoom in, double-click to zoom back out).
 */
export function LineChart(props: { data: () => LineData; label: string; height?: number; testid?: string; unit?: LineUnit }) {
  let host!: HTMLDivElement;
  // eslint-disable-next-line solid/reactivity -- read once: the chart is made at this height
  const height = props.height ?? 120;
  // eslint-disable-next-line solid/reactivity -- read once: the chart is made with this unit
  const unit: LineUnit = props.unit ?? 'plain';
  const [readout, setReadout] = createSignal('');
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
        cursor: { y: false, points: { show: true } },
        hooks: {
          setCursor: [
            (uu) => {
              const i = uu.cursor.idx;
              const t = i == null ? undefined : uu.data[0][i];
              const v = i == null ? undefined : uu.data[1][i];
              setReadout(t == null || v == null ? '' : `${WHEN.format(new Date(t * 1000))} UTC: ${readText(unit, v)}`);
            },
          ],
        },
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
            values: (uu, splits) => splits.map((v) => (v == null || !hasData(uu) ? null : axisText(unit, v))),
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
      <p class="chart-readout muted small" data-testid={props.testid === undefined ? undefined : `${props.testid}-readout`}>
        {readout() || '\u00a0'}
      </p>
    </div>
  );
}

