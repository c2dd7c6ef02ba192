// Candlesticks with volume underneath, the indicators chosen for the chart
// (SMA, EMA, Bollinger over the prices; RSI and MACD in panes below), the
// person's own fills and working orders (lines a pointer drags to a new
// price). One uPlot instance for the component's life: new data goes through
// setData, new markers or colours through redraw, a pane more through
// setSize; nothing re-creates it.

import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';
import { candlePaths, drawFills, drawOverlays, drawSampleShade, overlayColour, volumePaths } from './draw';
import { drawOrderLines, placeLines, type PlacedLine } from './drawOrders';
import { drawPanes, type PaneDecor } from './drawPanes';
import { NO_INDICATORS, lowerPanes, type IndicatorChoice } from './indicatorChoice';
import { IndicatorRunner } from './indicatorSeries';
import { readIndicatorTheme } from './indicatorTheme';
import { lineAt, orderLineLabel, snapToTick, toOrderLines, type OrderLine } from './orderLines';
import { chartHeight, layoutBands, paneRange, priceRange, volumeRange, type Layout } from './panes';
import {
  candleSummary,
  formatCandleTime,
  formatPercent,
  formatPrice,
  formatQty,
  priceDecimals,
  seriesLabel,
  stepDecimals,
  timeAxisLabels,
} from './format';
import { axisWidth, bindPlot, hasData, initialWidth } from './host';
import { COL, candleUplotData, fillsToCandles, overlayAt, signalsInCandle, signalsToCandles, visibleWindow, type CandleFill } from './series';
import { readTheme, withAlpha } from './theme';
import type { CandleData, FillMarker, Overlay, SignalMarker } from './types';
import type { OrderView } from '../../protocol';

/** What moving an order answers: done, or why not (the line goes back). */
export type MoveResult = { ok: true } | { ok: false; message: string };

export interface CandleChartProps {
  data: () => CandleData;
  markers?: () => FillMarker[];
  /** The indicators to draw, with their parameters (absent: none, volume shown). */
  indicators?: () => IndicatorChoice;
  /** The person's working orders on this instrument: a line each (two for a waiting stop-limit). */
  orders?: () => readonly OrderView[];
  /** The instrument's price step and decimals: a dragged line snaps to the step. */
  tick?: number;
  priceDecimals?: number;
  /** Sends a dragged line's new price; without it the lines are drawn but cannot be dragged. */
  onMoveOrder?: (id: string, change: { price?: number; stopPrice?: number }) => Promise<MoveResult>;
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

/** How near (CSS pixels) a press must be to an order's line to grab it. */
const GRAB_PX = 7;

const lineKey = (l: Pick<OrderLine, 'id' | 'field'>) => `${l.id}|${l.field}`;

export function CandleChart(props: CandleChartProps) {
  let host!: HTMLDivElement;
  // eslint-disable-next-line solid/reactivity -- read once: the chart is made at this height (more for each lower pane)
  const baseHeight = props.height ?? 320;
  // eslint-disable-next-line solid/reactivity -- read once: a chart follows the newest candles or browses history for its life
  const browse = props.browse === true;
  const [hoverIdx, setHoverIdx] = createSignal<number | null>(null);

  const orderLines = createMemo(() => toOrderLines(props.orders?.() ?? []));
  const summary = createMemo(() => {
    const base = candleSummary(props.label, props.data(), props.timeframeSeconds());
    const sampled = (props.sampleUntil?.() ?? null) === null ? base : `${base}; the earliest are a simulated sample, not real prices`;
    // The lines are drawn on a canvas: their labels are said here too.
    const lines = orderLines();
    const c = props.data().c;
    const dec = props.priceDecimals ?? (c.length > 0 ? priceDecimals(c[c.length - 1]) : 2);
    return lines.length === 0 ? sampled : `${sampled}; your orders: ${lines.map((l) => orderLineLabel(l, l.price, dec)).join(', ')}`;
  });
  const choice = () => props.indicators?.() ?? NO_INDICATORS;
  const panes = createMemo(() => lowerPanes(choice()), undefined, { equals: (a, b) => a.join() === b.join() });
  const height = () => chartHeight(baseHeight, panes().length);
  // One runner for the chart's life: a frame that changes the last candle or appends one costs those candles only.
  const runner = new IndicatorRunner();
  const plotData = createMemo(() => candleUplotData(props.data(), runner.run(props.data(), choice())));
  /** What the last drag came to, said to screen readers too. */
  const [moveMsg, setMoveMsg] = createSignal<{ ok: boolean; text: string } | null>(null);

  /** The hovered candle, or the last one. */
  const readout = createMemo(() => {
    const d = props.data();
    const n = d.t.length;
    const i = hoverIdx() ?? n - 1;
    if (i < 0 || i >= n) return null;
    const until = props.sampleUntil?.() ?? null;
    const dec = priceDecimals(d.c[n - 1]);
    const p = (x: number) => formatPrice(x, dec);
    const data = plotData();
    const at = (col: number) => {
      const x = data[col][i];
      return x === null || x === undefined || !Number.isFinite(x) ? null : x;
    };
    const ch = choice();
    const f = (x: number | null) => (x === null ? '—' : p(x));
    const plain = (x: number | null) => (x === null ? '—' : formatPrice(x, 2));
    const indicators: { name: string; value: string; cls: string }[] = [];
    if (ch.sma.on && at(COL.sma) !== null) indicators.push({ name: `SMA ${ch.sma.period}`, value: f(at(COL.sma)), cls: 'chart-sma' });
    if (ch.ema.on) indicators.push({ name: `EMA ${ch.ema.period}`, value: f(at(COL.ema)), cls: 'chart-ema' });
    if (ch.bollinger.on) {
      indicators.push({ name: `BB ${ch.bollinger.period} ${formatPrice(ch.bollinger.k, 1)}`, value: `${f(at(COL.bbUpper))} / ${f(at(COL.bbMiddle))} / ${f(at(COL.bbLower))}`, cls: 'chart-bb' });
    }
    if (ch.rsi.on) indicators.push({ name: `RSI ${ch.rsi.period}`, value: plain(at(COL.rsi)), cls: 'chart-rsi' });
    if (ch.macd.on) {
      // MACD is in price units: the price's decimals, and at least 2 for a small difference.
      const m = (x: number | null) => (x === null ? '—' : formatPrice(x, Math.max(2, dec + 1)));
      indicators.push({ name: `MACD ${ch.macd.fast} ${ch.macd.slow} ${ch.macd.signal}`, value: `${m(at(COL.macd))} / ${m(at(COL.macdSignal))} / ${m(at(COL.macdHist))}`, cls: 'chart-macd' });
    }
    return {
      time: formatCandleTime(d.t[i], props.timeframeSeconds()),
      o: p(d.o[i]),
      h: p(d.h[i]),
      l: p(d.l[i]),
      c: p(d.c[i]),
      v: formatQty(d.v[i]),
      change: d.o[i] !== 0 ? formatPercent(d.c[i] / d.o[i] - 1) : '—',
      up: d.c[i] >= d.o[i],
      indicators,
      sample: until !== null && d.t[i] < until,
      overlays: (props.overlays?.() ?? []).map((o, n) => ({ name: seriesLabel(o.name), n, value: p(overlayAt(o, d.t[i])) })),
      signals: signalsInCandle(d.t, props.timeframeSeconds(), props.signals?.() ?? [], i),
    };
  });
  const [colours, setColours] = createSignal<((n: number) => string) | null>(null);

  onMount(() => {
    let theme = readTheme(host);
    let lineTheme = readIndicatorTheme(host);
    // The state the uPlot callbacks read; updated together with the data.
    let tf = 60;
    let decimals = 2;
    let priceFloor = -Infinity;
    let fills: CandleFill[] = [];
    let signals: CandleFill[] = [];
    let overlays: Overlay[] = [];
    let layout: Layout = layoutBands(height() - 50, panes().length);
    let withVolume = choice().volume.on;
    let paneDecor: PaneDecor[] = [];
    let lines: OrderLine[] = [];
    /** The line being dragged and the price under the pointer. */
    let drag: { line: OrderLine; price: number; pointer: number } | null = null;
    /** Prices sent and not yet seen back in the orders (the line stays where it was dropped meanwhile). */
    const sent = new Map<string, { price: number; confirmed: boolean }>();
    let placed: PlacedLine[] = [];

    const gridLines = (_u: uPlot, splits: number[]) => splits.map((v) => (v >= priceFloor ? v : null));
    const themed = { stroke: () => theme.axis, font: `11px ${theme.font}` };

    const opts: uPlot.Options = {
      width: initialWidth(host),
      height: height(),
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
        // Each scale's values land in their band (panes.ts); the bands follow the plot's height.
        y: {
          range: (_u, min, max) => {
            if (min == null || max == null || !Number.isFinite(min)) return [0, 1];
            priceFloor = min;
            return priceRange(min, max, layout.price, withVolume);
          },
        },
        vol: { range: (_u, _min, max) => volumeRange(max ?? 0, layout.price) },
        rsi: { range: () => paneRange(0, 100, layout.panes[panes().indexOf('rsi')] ?? [0, 0.1]) },
        macd: {
          range: (_u, min, max) => {
            const band = layout.panes[panes().indexOf('macd')] ?? [0, 0.1];
            if (min == null || max == null || !Number.isFinite(min)) return paneRange(-1, 1, band);
            // Zero is in view always: the line crossing it is what MACD is read for.
            return paneRange(Math.min(0, min), Math.max(0, max), band);
          },
        },
      },
      series: [
        {},
        { label: 'Open', paths: () => null, points: { show: false } },
        { label: 'High', paths: () => null, points: { show: false } },
        { label: 'Low', paths: () => null, points: { show: false } },
        { label: 'Close', width: 0, paths: candlePaths(() => tf, () => theme), points: { show: false } },
        { label: 'Volume', scale: 'vol', width: 0, alpha: 0.45, paths: volumePaths(() => tf, () => theme), points: { show: false }, show: choice().volume.on },
        // The indicators, in COL's order; the ones that are off are hidden (their columns are all null).
        { label: 'SMA', stroke: () => theme.sma, width: 1.5, points: { show: false }, show: choice().sma.on },
        { label: 'EMA', stroke: () => lineTheme.ema, width: 1.5, points: { show: false }, show: choice().ema.on },
        { label: 'BB upper', stroke: () => lineTheme.bb, width: 1, dash: [4, 3], points: { show: false }, show: choice().bollinger.on },
        { label: 'BB middle', stroke: () => lineTheme.bb, width: 1.25, points: { show: false }, show: choice().bollinger.on },
        { label: 'BB lower', stroke: () => lineTheme.bb, width: 1, dash: [4, 3], points: { show: false }, show: choice().bollinger.on },
        { label: 'RSI', scale: 'rsi', stroke: () => lineTheme.rsi, width: 1.5, points: { show: false }, show: choice().rsi.on },
        { label: 'MACD', scale: 'macd', stroke: () => theme.buy, width: 1.5, points: { show: false }, show: choice().macd.on },
        { label: 'Signal', scale: 'macd', stroke: () => theme.sell, width: 1.25, points: { show: false }, show: choice().macd.on },
        {
          label: 'Histogram', scale: 'macd', width: 0, fill: () => withAlpha(theme.axis, 0.45), points: { show: false }, show: choice().macd.on,
          paths: uPlot.paths.bars?.({ size: [0.6, 24], align: 0 }),
        },
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
            drawPanes(u, paneDecor, theme, uPlot.pxRatio);
            placed = placeLines(
              lines,
              (l) => (drag !== null && lineKey(drag.line) === lineKey(l) ? drag.price : (sent.get(lineKey(l))?.price ?? l.price)),
              (l) => (drag !== null && lineKey(drag.line) === lineKey(l)) || sent.has(lineKey(l)),
              (price) => u.valToPos(price, 'y'),
              (1 - layout.price[0]) * (u.bbox.height / uPlot.pxRatio),
            );
            drawOrderLines(u, placed, theme, decimals, uPlot.pxRatio);
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
      const ch = choice();
      withVolume = ch.volume.on;
      paneDecor = panes().map((name, i) => ({
        name: name === 'rsi' ? `RSI ${ch.rsi.period}` : `MACD ${ch.macd.fast} ${ch.macd.slow} ${ch.macd.signal}`,
        scale: name,
        band: layout.panes[i],
        levels: name === 'rsi' ? [30, 70] : [0],
      }));
      lines = orderLines();
      // A sent price seen back (or its order gone) needs holding no more; nor does a confirmed one after the next update.
      for (const [key, s] of sent) {
        const l = lines.find((x) => lineKey(x) === key);
        if (l === undefined || l.price === s.price || s.confirmed) sent.delete(key);
      }
    };
    /** The bands for the plot's height now (its CSS pixels less the time axis). */
    const relayout = (u: uPlot) => {
      const plotPx = u.bbox.height > 0 ? u.bbox.height / uPlot.pxRatio : height() - 50;
      layout = layoutBands(plotPx, panes().length);
    };
    setColours(() => (n: number) => overlayColour(theme, n));
    sync();
    const u = new uPlot({ ...opts, height: height() }, plotData() as uPlot.AlignedData, host);
    relayout(u);
    sync();
    u.redraw();

    // New candles (a new one, or only the last one changed), SMA period or
    // timeframe: one setData; uPlot rebuilds only the visible candles' paths.
    createEffect(
      on(
        [plotData, props.timeframeSeconds],
        ([data]) => {
          const ch = choice();
          const shown: [number, boolean][] = [
            [COL.v, ch.volume.on],
            [COL.sma, ch.sma.on],
            [COL.ema, ch.ema.on],
            [COL.bbUpper, ch.bollinger.on],
            [COL.bbMiddle, ch.bollinger.on],
            [COL.bbLower, ch.bollinger.on],
            [COL.rsi, ch.rsi.on],
            [COL.macd, ch.macd.on],
            [COL.macdSignal, ch.macd.on],
            [COL.macdHist, ch.macd.on],
          ];
          u.batch(() => {
            for (const [i, show] of shown) if (u.series[i].show !== show) u.setSeries(i, { show });
          });
          sync();
          u.setData(data as uPlot.AlignedData);
        },
        { defer: true },
      ),
    );

    // A lower pane more or less: the chart grows or shrinks by its height, and the bands follow.
    createEffect(
      on(
        panes,
        () => {
          host.style.height = `${height()}px`;
          u.setSize({ width: u.width, height: height() });
          relayout(u);
          sync();
          u.redraw();
        },
        { defer: true },
      ),
    );

    // New fills or a new sample boundary alone: redraw with the cached candle paths.
    createEffect(
      on(
        () => [props.markers?.(), props.sampleUntil?.(), props.signals?.(), props.overlays?.(), orderLines()],
        () => {
          sync();
          u.redraw(false);
        },
        { defer: true },
      ),
    );

    // Dragging an order's line: press on it (or its label), move, release to send the new price; Escape puts it back.
    const over = u.over;
    const yIn = (e: PointerEvent) => e.clientY - over.getBoundingClientRect().top;
    const grab = (e: PointerEvent): OrderLine | null => {
      const i = lineAt(placed.map((p) => p.y), yIn(e), GRAB_PX);
      return i === null ? null : placed[i].line;
    };
    const onDown = (e: PointerEvent) => {
      if (props.onMoveOrder === undefined || e.button !== 0) return;
      const line = grab(e);
      if (line === null) return;
      // Ours, not uPlot's: no compatibility mousedown reaches its cursor drag.
      e.preventDefault();
      e.stopPropagation();
      over.setPointerCapture(e.pointerId);
      drag = { line, price: sent.get(lineKey(line))?.price ?? line.price, pointer: e.pointerId };
      setMoveMsg(null);
      u.redraw(false);
    };
    const onMove = (e: PointerEvent) => {
      if (drag === null) {
        if (props.onMoveOrder !== undefined) over.style.cursor = grab(e) !== null ? 'ns-resize' : '';
        return;
      }
      const bottom = (1 - layout.price[0]) * (u.bbox.height / uPlot.pxRatio);
      const y = Math.min(Math.max(yIn(e), 0), bottom);
      const price = snapToTick(u.posToVal(y, 'y'), props.tick ?? 0.01, props.priceDecimals ?? decimals);
      if (Number.isFinite(price) && price !== drag.price) {
        drag.price = price;
        u.redraw(false);
      }
    };
    const cancelDrag = () => {
      if (drag === null) return;
      if (over.hasPointerCapture(drag.pointer)) over.releasePointerCapture(drag.pointer);
      drag = null;
      u.redraw(false);
    };
    const onUp = async () => {
      if (drag === null || props.onMoveOrder === undefined) return;
      const { line, price, pointer } = drag;
      if (over.hasPointerCapture(pointer)) over.releasePointerCapture(pointer);
      drag = null;
      const key = lineKey(line);
      const was = sent.get(key)?.price ?? line.price;
      if (price === was) return u.redraw(false);
      sent.set(key, { price, confirmed: false });
      u.redraw(false);
      const dec = props.priceDecimals ?? decimals;
      const r = await props.onMoveOrder(line.id, line.field === 'price' ? { price } : { stopPrice: price });
      if (r.ok) {
        const held = sent.get(key);
        if (held !== undefined && held.price === price) held.confirmed = true;
        setMoveMsg({ ok: true, text: `Order ${line.id}: ${orderLineLabel(line, price, dec)}.` });
      } else {
        sent.delete(key);
        setMoveMsg({ ok: false, text: `Order ${line.id} not moved: ${r.message}` });
        u.redraw(false);
      }
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelDrag();
    };
    over.addEventListener('pointerdown', onDown);
    over.addEventListener('pointermove', onMove);
    over.addEventListener('pointerup', () => void onUp());
    over.addEventListener('pointercancel', cancelDrag);
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));

    const unbind = bindPlot(
      u,
      host,
      height, // read on each resize; the panes' effect resizes for a pane more
      // eslint-disable-next-line solid/reactivity -- called by the ResizeObserver: it reads the props then, untracked on purpose
      () => {
        relayout(u);
        sync();
        u.redraw(); // the visible window depends on the width
      },
      (next) => {
        theme = next;
        lineTheme = readIndicatorTheme(host);
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
              <For each={r().indicators}>
                {(x) => (
                  <span class={x.cls} data-testid="chart-indicator">
                    {x.name} {x.value}
                  </span>
                )}
              </For>
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
        <div ref={host} class="chart-plot" role="img" aria-label={summary()} style={{ height: `${height()}px` }} data-testid="candle-plot" />
        <Show when={props.data().t.length === 0}>
          <div class="chart-empty">No trades yet</div>
        </Show>
      </div>
      <Show when={moveMsg()}>
        {(m) => (
          <p role={m().ok ? 'status' : 'alert'} class={`chart-move ${m().ok ? 'chart-muted' : 'chart-error'}`} data-testid="chart-move-msg">
            {m().text}
          </p>
        )}
      </Show>
    </div>
  );
}
