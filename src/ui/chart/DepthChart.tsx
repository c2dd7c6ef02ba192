// Cumulative depth: bids stepping up to the left of the mid, asks to the
// right, as filled stepped areas on one price axis. One uPlot instance for the
// component's life, fed by setData.

import { Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';
import { depthSummary, formatPercent, formatPrice, formatQty, priceDecimals, stepDecimals } from './format';
import { axisWidth, bindPlot, hasData, initialWidth } from './host';
import { cumulativeDepth, depthAt, type CumulativeDepth } from './series';
import { readTheme, withAlpha } from './theme';
import type { DepthData } from './types';

export interface DepthChartProps {
  data: () => DepthData;
  /** The instrument, e.g. "FUN"; used in the accessible name. */
  label: string;
  /** Height of the plot and axes in CSS pixels (the readout line is extra). */
  height?: number;
}

function toUplot(d: CumulativeDepth): uPlot.AlignedData {
  return [d.price, d.bid, d.ask];
}

/** Draws the mid price as a dashed vertical line. */
function drawMid(u: uPlot, mid: number | null, color: string): void {
  if (mid === null) return;
  const x = Math.round(u.valToPos(mid, 'x', true));
  const { ctx, bbox } = u;
  if (x < bbox.left || x > bbox.left + bbox.width) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = uPlot.pxRatio;
  ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
  ctx.beginPath();
  ctx.moveTo(x + 0.5, bbox.top);
  ctx.lineTo(x + 0.5, bbox.top + bbox.height);
  ctx.stroke();
  ctx.restore();
}

export function DepthChart(props: DepthChartProps) {
  let host!: HTMLDivElement;
  // eslint-disable-next-line solid/reactivity -- read once: the chart is made at this height
  const height = props.height ?? 200;
  const depth = createMemo(() => cumulativeDepth(props.data()));
  const summary = createMemo(() => depthSummary(props.label, depth()));
  const decimals = createMemo(() => priceDecimals(depth().mid ?? depth().bestBid ?? depth().bestAsk ?? 1));
  const [hoverPrice, setHoverPrice] = createSignal<number | null>(null);

  const fmt = (x: number) => formatPrice(x, decimals());

  /** Under the cursor: the price and what the book holds out to it. */
  const hover = createMemo(() => {
    const at = hoverPrice();
    if (at === null) return null;
    const hit = depthAt(depth(), at);
    return { price: fmt(at), side: hit?.side ?? null, qty: hit ? formatQty(hit.qty) : '' };
  });

  /** Otherwise: the top of the book. */
  const top = createMemo(() => {
    const d = depth();
    const spread = d.bestBid !== null && d.bestAsk !== null ? d.bestAsk - d.bestBid : null;
    return {
      bid: d.bestBid === null ? '—' : fmt(d.bestBid),
      ask: d.bestAsk === null ? '—' : fmt(d.bestAsk),
      spread: spread === null || d.mid === null ? null : `${fmt(spread)} (${formatPercent(spread / d.mid, { signed: false })})`,
    };
  });

  onMount(() => {
    let theme = readTheme(host);
    let mid: number | null = null;
    let dec = 2;
    const themed = { stroke: () => theme.axis, font: `11px ${theme.font}` };
    const grid = { stroke: () => theme.grid, width: 1 };
    const ticks = { stroke: () => theme.grid, width: 1, size: 4 };

    const opts: uPlot.Options = {
      width: initialWidth(host),
      height,
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
      scales: {
        x: {
          time: false,
          // Centred on the mid so both sides get the same room.
          range: (_u, min, max) => {
            if (min == null || max == null) return [0, 1];
            if (mid === null) {
              const pad = (max - min) * 0.05 || Math.abs(max) * 0.01 || 1;
              return [min - pad, max + pad];
            }
            const half = Math.max(mid - min, max - mid) * 1.05 || Math.abs(mid) * 0.01 || 1;
            return [mid - half, mid + half];
          },
        },
        y: { range: (_u, _min, max) => [0, max != null && max > 0 ? max * 1.08 : 1] },
      },
      series: [
        {},
        {
          label: 'Bids',
          stroke: () => theme.bid,
          fill: () => withAlpha(theme.bid, 0.22),
          width: 1.5,
          paths: uPlot.paths.stepped!({ align: -1, extend: true }),
          points: { show: false },
        },
        {
          label: 'Asks',
          stroke: () => theme.ask,
          fill: () => withAlpha(theme.ask, 0.22),
          width: 1.5,
          paths: uPlot.paths.stepped!({ align: 1, extend: true }),
          points: { show: false },
        },
      ],
      axes: [
        {
          ...themed,
          size: 28,
          space: 70,
          gap: 4,
          values: (u, splits, _ai, _space, incr) =>
            splits.map((v) => (hasData(u) ? formatPrice(v, Math.max(dec, stepDecimals(incr))) : null)),
          grid,
          ticks,
        },
        {
          ...themed,
          side: 1,
          gap: 4,
          space: 30,
          size: (_u, values) => axisWidth(values),
          values: (u, splits) => splits.map((v) => (hasData(u) ? formatQty(v) : null)),
          grid,
          ticks,
        },
      ],
      hooks: {
        draw: [(u) => drawMid(u, mid, theme.axis)],
        setCursor: [
          (u) => {
            const left = u.cursor.left;
            setHoverPrice(left == null || left < 0 || u.data[0].length === 0 ? null : u.posToVal(left, 'x'));
          },
        ],
      },
    };

    const apply = (d: CumulativeDepth) => {
      mid = d.mid;
      dec = decimals();
    };
    apply(depth());
    const u = new uPlot(opts, toUplot(depth()), host);

    createEffect(
      on(
        depth,
        (d) => {
          apply(d);
          u.setData(toUplot(d));
        },
        { defer: true },
      ),
    );

    const unbind = bindPlot(
      u,
      host,
      height,
      () => {},
      (next) => {
        theme = next;
        u.redraw(false);
      },
    );
    onCleanup(() => {
      unbind();
      u.destroy();
    });
  });

  return (
    <div class="chart chart-depth">
      <div class="chart-readout">
        <Show
          when={hover()}
          fallback={
            <>
              <span>
                <span class="chart-muted">Bid</span> <span class="chart-bid">{top().bid}</span>
              </span>
              <span>
                <span class="chart-muted">Ask</span> <span class="chart-ask">{top().ask}</span>
              </span>
              <Show when={top().spread}>
                {(spread) => (
                  <span>
                    <span class="chart-muted">Spread</span> {spread()}
                  </span>
                )}
              </Show>
            </>
          }
        >
          {(h) => (
            <>
              <span class="chart-muted">at {h().price}</span>
              <Show when={h().side} fallback={<span class="chart-muted">inside the spread</span>}>
                <span class={h().side === 'bid' ? 'chart-bid' : 'chart-ask'}>
                  {h().side === 'bid' ? 'bids' : 'asks'} to here {h().qty}
                </span>
              </Show>
            </>
          )}
        </Show>
      </div>
      {/* uPlot owns the host's children: Solid must not insert into it, so the empty state is a sibling. */}
      <div class="chart-frame">
        <div ref={host} class="chart-plot" role="img" aria-label={summary()} style={{ height: `${height}px` }} />
        <Show when={depth().price.length === 0}>
          <div class="chart-empty">The book is empty</div>
        </Show>
      </div>
    </div>
  );
}
