// The person's working orders as lines across the price pane, each with a
// label at the left ("Buy 10 @ 50.02"): solid for a limit price, dashed for
// a stop. A line whose price is off the visible range is pinned to the edge
// with an arrow, so an order is never out of sight (and can be dragged back).

import type uPlot from 'uplot';
import { orderLineLabel, type OrderLine } from './orderLines';
import type { ChartTheme } from './theme';

/** A line as drawn: where it is (CSS pixels from the plot's top) and at what price (a dragged one's new price). */
export interface PlacedLine {
  line: OrderLine;
  price: number;
  /** CSS pixels from the top of the plot area, pinned inside the price pane. */
  y: number;
  /** Above or below the visible prices (pinned to that edge). */
  off: 'above' | 'below' | null;
  /** Being dragged, or sent and not yet confirmed. */
  moving: boolean;
}

/** Where each line goes: its price's height, pinned between the top of the plot and the bottom of the price pane. */
export function placeLines(
  lines: readonly OrderLine[],
  priceOf: (l: OrderLine) => number,
  movingOf: (l: OrderLine) => boolean,
  toY: (price: number) => number,
  bottomY: number,
): PlacedLine[] {
  const edge = 8;
  return lines.map((line) => {
    const price = priceOf(line);
    const raw = toY(price);
    const off = raw < edge ? 'above' : raw > bottomY - edge ? 'below' : null;
    const y = off === 'above' ? edge : off === 'below' ? bottomY - edge : raw;
    return { line, price, y, off, moving: movingOf(line) };
  });
}

export function drawOrderLines(u: uPlot, placed: readonly PlacedLine[], theme: ChartTheme, decimals: number, pxRatio: number): void {
  if (placed.length === 0) return;
  const { ctx, bbox } = u;
  const px = pxRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.font = `${11 * px}px ${theme.font}`;
  ctx.textBaseline = 'middle';
  for (const p of placed) {
    const colour = p.line.side === 'buy' ? theme.buy : theme.sell;
    const y = Math.round(bbox.top + p.y * px) + 0.5;
    ctx.strokeStyle = colour;
    ctx.lineWidth = (p.moving ? 2 : 1.25) * px;
    ctx.setLineDash(p.line.field === 'stopPrice' || p.off !== null ? [6 * px, 4 * px] : []);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    const arrow = p.off === 'above' ? '↑ ' : p.off === 'below' ? '↓ ' : '';
    const text = `${arrow}${orderLineLabel(p.line, p.price, decimals)} ⇕`;
    const w = ctx.measureText(text).width;
    const h = 16 * px;
    const x = bbox.left + 4 * px;
    // The page's colour on the side's colour: 4.5:1 or more in both schemes (the same pair the ticket's buttons use).
    ctx.fillStyle = colour;
    ctx.fillRect(x, y - h / 2, w + 10 * px, h);
    ctx.fillStyle = theme.bg;
    ctx.fillText(text, x + 5 * px, y);
  }
  ctx.restore();
}
