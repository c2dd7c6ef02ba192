// Candlesticks with volume underneath, an optional SMA, and the person's own
// fills. One uPlot instance for the component's life: new data goes through
// setData, new markers or colours through redraw, nothing re-creates it.

import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';
import { candlePaths, drawFills, drawOverlays, drawSampleShade, overlayColour, volumePaths } from './draw';
import {
  candleSummary,
  formatCandleTime,
  formatPercent,
  formatPrice,
  formatQty,
  priceDecimals,
  stepDecimals,
  timeAxisLabels,
} from './format';
import { axisWidth, bindPlot, hasData, initialWidth } from './host';
import { COL, fillsToCandles, overlayAt, signalsInCandle, signalsToCandles, toUplotData, visibleWindow, type CandleFill } from './series';
import { readTheme } from './theme';
import type { CandleData, FillMarker, Overlay, SignalMarker } from './types';

export interface CandleChartProps {
  data: () => CandleData;
  markers?: () => FillMarker[];
  /** SMA period in candles; null (or absent) = off. */
  sma?: () => number | null;
  timeframeSeconds: () => number;
  /** The instrument, e.g. "FUN"; used in the accessible name. */
  label: string;
  /** Height of the plot and axes in CSS pixels (the readout line is extra). */
  height?: number;
  /** Candles opening before this (Unix seconds) are a simulated sample: shaded, named, and said so when read. */
  sampleUntil?: () => number | null;
  /** Strategies' fills and signals: larger outlined ▲/▼, their reasons in the readout of the hovered candle. */
  signals?: () => SignalMarker[];
  /** Strategies' indicators, drawn as lines over the candles and named (with their value) in the readout. */
  overlays?: () => Overlay[];
  /**
   * History to browse (a backtest's bars): show them all, drag across to
   * zoom in, double-click to see them all again. Default: follow the newest
   * candles, as a live chart does.
   */
  browse?: boolean;
}

/** Tick spacings for the time axis, in seconds; only those at least one candle apart are used. */
const TIME_INCRS = [
  1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10_800, 14_400, 21_600, 43_200, 86_400, 172_800, 604_800,
  1_209_600, 2_592_000, 7_776_000, 31_536_000,
];

/** Share of the plot height the price keeps above the volume bars. */
const PRICE_SHARE = 0.78;

export function CandleChart(props: CandleChartProps) {
  let host!: HTMLDivElement;
  // eslint-disable-next-line solid/reactivity -- read once: the chart is made at this height
  const height = props.height ?? 320;
  // eslint-disable-next-line solid/reactivity -- read once: a chart follows the newest candles or browses history for its life
  const browse = props.browse === true;
  const [hoverIdx, setHoverIdx] = createSignal<number | null>(null);

  const summary = createMemo(() => {
    const base = candleSummary(props.label, props.data(), props.timeframeSeconds());
    return (props.sampleUntil?.() ?? null) === null ? base : `${base}; the earliest are a simulated sample, not real prices`;
  });
  const smaPeriod = () => props.sma?.() ?? null;
  const plotData = createMemo(() => toUplotData(props.data(), smaPeriod()));

  /** The hovered candle, or the last one. */
  const readout = createMemo(() => {
    const d = props.data();
    const n = d.t.length;
    const i = hoverIdx() ?? n - 1;
    if (i < 0 || i >= n) return null;
    const until = props.sampleUntil?.() ?? null;
    const dec = priceDecimals(d.c[n - 1]);
    const p = (x: number) => formatPrice(x, dec);
    const smaAt = plotData()[COL.sma][i];
    return {
      time: formatCandleTime(d.t[i], props.timeframeSeconds()),
      o: p(d.o[i]),
      h: p(d.h[i]),
      l: p(d.l[i]),
      c: p(d.c[i]),
      v: formatQty(d.v[i]),
      change: d.o[i] !== 0 ? formatPercent(d.c[i] / d.o[i] - 1) : '—',
      up: d.c[i] >= d.o[i],
      sma: smaAt === null || smaAt === undefined ? null : p(smaAt),
      sample: until !== null && d.t[i] < until,
      overlays: (props.overlays?.() ?? []).map((o, n) => ({ name: o.name, n, value: p(overlayAt(o, d.t[i])) })),
      signals: signalsInCandle(d.t, props.timeframeSeconds(), props.signals?.() ?? [], i),
    };
  });
  const [colours, setColours] = createSignal<((n: number) => string) | null>(null);

  onMount(() => {
    let theme = readTheme(host);
    // The state the uPlot callbacks read; updated together with the data.
    let tf = 60;
    let decimals = 2;
    let priceFloor = -Infinity;
    let fills: CandleFill[] = [];
    let signals: CandleFill[] = [];
    let overlays: Overlay[] = [];

    const gridLines = (_u: uPlot, splits: number[]) => splits.map((v) => (v >= priceFloor ? v : null));
    const themed = { stroke: () => theme.axis, font: `11px ${theme.font}` };

    const opts: uPlot.Options = {
      width: initialWidth(host),
      height,
      legend: { show: false },
      cursor: { points: { show: false }, drag: browse ? { x: true, y: false, setScale: true } : { x: false, y: false, setScale: false } },
      scales: {
        x: {
          time: true,
          // Follow the newest candles: as many as fit, whatever the data's span (browsing: the span asked for).
          range: (u, min, max) => {
            if (browse) return [min ?? 0, max ?? 1];
            const t = u.data[0];
            if (t.length === 0) return [min ?? 0, max ?? 1];
            // From the full width less a typical price axis, not the plot's own
            // width: that moves with the axis labels and would shift the window.
            return visibleWindow(t[t.length - 1] as number, tf, u.width - 60);
          },
        },
        y: {
          // Room under the prices for the volume bars, a little above.
          range: (_u, min, max) => {
            if (min == null || max == null || !Number.isFinite(min)) return [0, 1];
            priceFloor = min;
            const span = max - min || Math.abs(max) * 0.01 || 1;
            const top = max + span * 0.06;
            const bottom = top - (top - min) / PRICE_SHARE;
            return [bottom, top];
          },
        },
        vol: { range: (_u, _min, max) => [0, max != null && max > 0 ? max / (1 - PRICE_SHARE - 0.04) : 1] },
      },
      series: [
        {},
        { label: 'Open', paths: () => null, points: { show: false } },
        { label: 'High', paths: () => null, points: { show: false } },
        { label: 'Low', paths: () => null, points: { show: false } },
        { label: 'Close', width: 0, paths: candlePaths(() => tf, () => theme), points: { show: false } },
        { label: 'Volume', scale: 'vol', width: 0, alpha: 0.45, paths: volumePaths(() => tf, () => theme), points: { show: false } },
        { label: 'SMA', stroke: () => theme.sma, width: 1.5, points: { show: false }, show: smaPeriod() !== null },
      ],
      axes: [
        {
          ...themed,
          size: 40,
          space: 64,
          gap: 4,
          incrs: () => TIME_INCRS.filter((s) => s >= tf),
          values: (u, splits, _ai, _space, incr) => (hasData(u) ? timeAxisLabels(splits, incr) : splits.map(() => null)),
          grid: { stroke: () => theme.grid, width: 1 },
          ticks: { stroke: () => theme.grid, width: 1, size: 4 },
        },
        {
          ...themed,
          side: 1,
          gap: 4,
          space: 36,
          size: (_u, values) => axisWidth(values),
          values: (u, splits, _ai, _space, incr) =>
            splits.map((v) => (v == null || !hasData(u) ? null : formatPrice(v, Math.max(decimals, stepDecimals(incr))))),
          filter: gridLines,
          grid: { stroke: () => theme.grid, width: 1, filter: gridLines },
          ticks: { stroke: () => theme.grid, width: 1, size: 4, filter: gridLines },
        },
      ],
      hooks: {
        draw: [
          // eslint-disable-next-line solid/reactivity -- uPlot calls it on each draw: it reads the props then, untracked on purpose
          (u) => {
            drawSampleShade(u, props.sampleUntil?.() ?? null, theme);
            drawOverlays(u, overlays, theme);
            drawFills(u, fills, theme);
            drawFills(u, signals, theme, 'strategy');
          },
        ],
        setCursor: [(u) => setHoverIdx(u.cursor.idx ?? null)],
      },
    };

    /** Brings the state the uPlot callbacks read in line with the props. */
    const sync = () => {
      tf = props.timeframeSeconds();
      const { t, c } = props.data();
      decimals = c.length > 0 ? priceDecimals(c[c.length - 1]) : 2;
      fills = fillsToCandles(t, tf, props.markers?.() ?? []);
      signals = signalsToCandles(t, tf, props.signals?.() ?? []);
      overlays = props.overlays?.() ?? [];
    };
    setColours(() => (n: number) => overlayColour(theme, n));
    sync();
    const u = new uPlot(opts, plotData() as uPlot.AlignedData, host);

    // New candles (a new one, or only the last one changed), SMA period or
    // timeframe: one setData; uPlot rebuilds only the visible candles' paths.
    createEffect(
      on(
        [plotData, props.timeframeSeconds],
        ([data]) => {
          sync();
          const show = smaPeriod() !== null;
          if (u.series[COL.sma].show !== show) u.setSeries(COL.sma, { show });
          u.setData(data as uPlot.AlignedData);
        },
        { defer: true },
      ),
    );

    // New fills or a new sample boundary alone: redraw with the cached candle paths.
    createEffect(
      on(
        () => [props.markers?.(), props.sampleUntil?.(), props.signals?.(), props.overlays?.()],
        () => {
          sync();
          u.redraw(false);
        },
        { defer: true },
      ),
    );

    const unbind = bindPlot(
      u,
      host,
      height,
      () => u.redraw(), // the visible window depends on the width
      (next) => {
        theme = next;
        setColours(() => (n: number) => overlayColour(theme, n));
        u.redraw(); // rebuild the paths: their colours are baked in
      },
    );

    onCleanup(() => {
      unbind();
      u.destroy();
    });
  });

  return (
    // data-candles: how many candles it draws (e2e tests read it).
    <div class="chart chart-candles" data-candles={props.data().t.length}>
      <div class="chart-readout">
        <Show when={readout()}>
          {(r) => (
            <>
              <span class="chart-muted">{r().time}</span>
              <Show when={r().sample}>
                <span class="chart-muted">simulated sample</span>
              </Show>
              <span>
                <abbr title="Open">O</abbr> {r().o}
              </span>
              <span>
                <abbr title="High">H</abbr> {r().h}
              </span>
              <span>
                <abbr title="Low">L</abbr> {r().l}
              </span>
              <span>
                <abbr title="Close">C</abbr> {r().c}
              </span>
              <span>
                <abbr title="Volume">V</abbr> {r().v}
              </span>
              <span classList={{ 'chart-up': r().up, 'chart-down': !r().up }}>{r().change}</span>
              <Show when={r().sma}>
                {(v) => (
                  <span class="chart-sma">
                    SMA {smaPeriod()} {v()}
                  </span>
                )}
              </Show>
              <For each={r().overlays}>
                {(o) => (
                  <span style={{ color: colours()?.(o.n) }} data-testid="chart-overlay">
                    {o.name} {o.value}
                  </span>
                )}
              </For>
              <For each={r().signals}>
                {(m) => (
                  <span class={m.side === 'buy' ? 'chart-up' : 'chart-down'} data-testid="chart-signal">
                    {m.who} {m.kind === 'fill' ? 'filled' : 'signal'} {m.side === 'buy' ? '▲ buy' : '▼ sell'} {formatQty(m.units)} @ {formatPrice(m.price, priceDecimals(m.price))}: {m.reason}
                  </span>
                )}
              </For>
            </>
          )}
        </Show>
      </div>
      {/* uPlot owns the host's children: Solid must not insert into it, so the empty state is a sibling. */}
      <div class="chart-frame">
        <div ref={host} class="chart-plot" role="img" aria-label={summary()} style={{ height: `${height}px` }} />
        <Show when={props.data().t.length === 0}>
          <div class="chart-empty">No trades yet</div>
        </Show>
      </div>
    </div>
  );
}
