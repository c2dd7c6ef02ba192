// uPlot drawing for the candle chart: candles and volume as path builders
// (uPlot caches their Path2D, so a redraw without new data does not rebuild
// them) and own fills as a draw hook. All coordinates are canvas pixels.

import uPlot from 'uplot';
import { COL, type CandleFill } from './series';
import { withAlpha, type ChartTheme } from './theme';
import type { Overlay } from './types';

type Col = uPlot.AlignedData[number];

/** Width of a candle body and of a wick in canvas pixels, for the current x scale; the difference is even so the wick centres. */
function candleWidths(u: uPlot, tfSeconds: number): [body: number, wick: number] {
  const x0 = u.scales.x.min ?? 0;
  const slot = Math.abs(u.valToPos(x0 + tfSeconds, 'x', true) - u.valToPos(x0, 'x', true));
  const wick = Math.max(1, Math.round(uPlot.pxRatio));
  let body = Math.max(wick, Math.min(Math.round(slot * 0.7), Math.round(24 * uPlot.pxRatio)));
  if ((body - wick) % 2 !== 0) body += 1;
  return [body, wick];
}

function isNum(x: number | null | undefined): x is number {
  return x != null && Number.isFinite(x);
}

/** Candles (bodies and wicks as filled rects, one path per colour) for the series at COL.c. */
export function candlePaths(tf: () => number, theme: () => ChartTheme): uPlot.Series.PathBuilder {
  return (u, _seriesIdx, idx0, idx1) => {
    const [t, o, h, l, c] = [COL.t, COL.o, COL.h, COL.l, COL.c].map((i) => u.data[i] as Col);
    const [body, wick] = candleWidths(u, tf());
    const up = new Path2D();
    const down = new Path2D();
    for (let i = idx0; i <= idx1; i++) {
      const oi = o[i];
      const hi = h[i];
      const li = l[i];
      const ci = c[i];
      if (!isNum(oi) || !isNum(hi) || !isNum(li) || !isNum(ci)) continue;
      const p = ci >= oi ? up : down;
      const cx = Math.round(u.valToPos(t[i] as number, 'x', true));
      const left = cx - Math.floor(body / 2); // whole pixels: crisp edges, wick centred
      const yH = Math.round(u.valToPos(hi, 'y', true));
      const yL = Math.round(u.valToPos(li, 'y', true));
      const yO = Math.round(u.valToPos(oi, 'y', true));
      const yC = Math.round(u.valToPos(ci, 'y', true));
      p.rect(left + (body - wick) / 2, yH, wick, Math.max(1, yL - yH));
      const top = Math.min(yO, yC);
      p.rect(left, top, body, Math.max(wick, Math.max(yO, yC) - top));
    }
    const th = theme();
    return { fill: new Map([[th.up, up], [th.down, down]]), stroke: null, clip: null };
  };
}

/** Volume bars on the 'vol' scale, coloured like their candle. */
export function volumePaths(tf: () => number, theme: () => ChartTheme): uPlot.Series.PathBuilder {
  return (u, _seriesIdx, idx0, idx1) => {
    const [t, o, c, v] = [COL.t, COL.o, COL.c, COL.v].map((i) => u.data[i] as Col);
    const [body] = candleWidths(u, tf());
    const y0 = Math.round(u.valToPos(0, 'vol', true));
    const up = new Path2D();
    const down = new Path2D();
    for (let i = idx0; i <= idx1; i++) {
      const vi = v[i];
      if (!isNum(vi) || vi <= 0) continue;
      const cx = Math.round(u.valToPos(t[i] as number, 'x', true));
      const y = Math.round(u.valToPos(vi, 'vol', true));
      ((c[i] ?? 0) >= (o[i] ?? 0) ? up : down).rect(cx - Math.floor(body / 2), y, body, Math.max(1, y0 - y));
    }
    const th = theme();
    return { fill: new Map([[th.up, up], [th.down, down]]), stroke: null, clip: null };
  };
}

/**
 * Own fills as triangles whose tip sits on the fill price: ▲ for a buy (the
 * triangle below the price), ▼ for a sell (above it), outlined in the
 * background colour so they stand out from the candles they cover.
 */
export function drawFills(u: uPlot, fills: readonly CandleFill[], theme: ChartTheme, style: 'own' | 'strategy' = 'own'): void {
  if (fills.length === 0) return;
  const t = u.data[COL.t] as Col;
  const [i0, i1] = u.series[0].idxs ?? [0, t.length - 1];
  const px = uPlot.pxRatio;
  // A strategy's markers are larger and outlined in the text colour, so they are told apart from the person's own.
  const half = (style === 'own' ? 5 : 6) * px;
  const tall = (style === 'own' ? 8 : 10) * px;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.lineWidth = 1.5 * px;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = style === 'own' ? theme.bg : theme.fg;
  for (const f of fills) {
    if (f.idx < i0 || f.idx > i1) continue;
    const x = Math.round(u.valToPos(t[f.idx] as number, 'x', true));
    const y = Math.round(u.valToPos(f.price, 'y', true));
    const dir = f.side === 'buy' ? 1 : -1; // the triangle grows downward for a buy
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + half, y + dir * tall);
    ctx.lineTo(x - half, y + dir * tall);
    ctx.closePath();
    ctx.fillStyle = f.side === 'buy' ? theme.buy : theme.sell;
    ctx.stroke();
    ctx.fill();
  }
  ctx.restore();
}

/**
 * Shades the part of the plot before `until` (Unix seconds) and names it: the
 * candles there are a simulated sample, not a market's past, and must not be
 * read as one.
 */
export function drawSampleShade(u: uPlot, until: number | null, theme: ChartTheme): void {
  if (until === null) return;
  const { ctx, bbox } = u;
  const right = Math.min(bbox.left + bbox.width, Math.round(u.valToPos(until, 'x', true)));
  if (right <= bbox.left) return;
  const px = uPlot.pxRatio;
  ctx.save();
  ctx.fillStyle = withAlpha(theme.axis, 0.1);
  ctx.fillRect(bbox.left, bbox.top, right - bbox.left, bbox.height);
  ctx.strokeStyle = theme.axis;
  ctx.setLineDash([4 * px, 4 * px]);
  ctx.lineWidth = px;
  ctx.beginPath();
  ctx.moveTo(right + 0.5, bbox.top);
  ctx.lineTo(right + 0.5, bbox.top + bbox.height);
  ctx.stroke();
  const label = 'Simulated sample';
  ctx.font = `${11 * px}px ${theme.font}`;
  const w = ctx.measureText(label).width;
  if (right - bbox.left > w + 12 * px) {
    // On a backing of the page's colour, so candles under it do not garble it.
    ctx.fillStyle = withAlpha(theme.bg, 0.85);
    ctx.fillRect(bbox.left + 3 * px, bbox.top + 3 * px, w + 6 * px, 17 * px);
    ctx.fillStyle = theme.axis;
    ctx.textBaseline = 'top';
    ctx.fillText(label, bbox.left + 6 * px, bbox.top + 6 * px);
  }
  ctx.restore();
}

/** Colours of overlay lines, in turn (an overlay's name in the readout has its colour); the chart's own SMA keeps its colour. */
export function overlayColour(theme: ChartTheme, i: number): string {
  const list = [theme.buy, theme.sell, theme.fg, theme.sma];
  return list[i % list.length];
}

/**
 * Strategies' indicators as lines over the candles, by time (an overlay may
 * run on another timeframe than the chart), broken where a value is NaN
 * (warming up); clipped to the plot.
 */
export function drawOverlays(u: uPlot, overlays: readonly Overlay[], theme: ChartTheme): void {
  if (overlays.length === 0) return;
  const { ctx, bbox } = u;
  const px = uPlot.pxRatio;
  const x0 = u.scales.x.min ?? -Infinity;
  const x1 = u.scales.x.max ?? Infinity;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.lineWidth = 1.5 * px;
  ctx.lineJoin = 'round';
  overlays.forEach((o, n) => {
    ctx.strokeStyle = overlayColour(theme, n);
    ctx.setLineDash(n % 2 === 1 ? [5 * px, 3 * px] : []);
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < o.t.length; i++) {
      const t = o.t[i];
      const v = o.v[i];
      // One point either side of the window, so the line reaches its edges.
      if (t < x0 && (o.t[i + 1] ?? Infinity) < x0) continue;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const x = u.valToPos(t, 'x', true);
      const y = u.valToPos(v, 'y', true);
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
      if (t > x1) break;
    }
    ctx.stroke();
  });
  ctx.restore();
}
