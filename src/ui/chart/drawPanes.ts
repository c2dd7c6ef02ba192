// What a lower pane (RSI, MACD) needs besides its lines, drawn over the
// plot: a rule above it, its name with its parameters in the gap, and its
// reference levels (RSI's 30 and 70, MACD's zero) labelled at the right edge,
// since the pane has no axis of its own (the price axis is the only one).

import type uPlot from 'uplot';
import type { Band } from './panes';
import { withAlpha, type ChartTheme } from './theme';

export interface PaneDecor {
  /** The pane's name as drawn: "RSI 14". */
  name: string;
  scale: string;
  band: Band;
  /** Reference levels, each drawn dashed and labelled. */
  levels: number[];
}

const LEVEL_FMT = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function drawPanes(u: uPlot, panes: readonly PaneDecor[], theme: ChartTheme, pxRatio: number): void {
  if (panes.length === 0) return;
  const { ctx, bbox } = u;
  const px = pxRatio;
  const yAt = (f: number) => Math.round(bbox.top + (1 - f) * bbox.height);
  ctx.save();
  ctx.font = `${11 * px}px ${theme.font}`;
  ctx.textBaseline = 'bottom';
  for (const p of panes) {
    const top = yAt(p.band[1]);
    const bottom = yAt(p.band[0]);
    // The rule above the pane, the full width, and its name on the page's colour.
    ctx.strokeStyle = theme.axis;
    ctx.lineWidth = px;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, top + 0.5);
    ctx.lineTo(bbox.left + bbox.width, top + 0.5);
    ctx.stroke();
    ctx.fillStyle = theme.axis;
    ctx.fillText(p.name, bbox.left + 4 * px, top - 1 * px);
    ctx.setLineDash([3 * px, 3 * px]);
    ctx.strokeStyle = withAlpha(theme.axis, 0.7);
    for (const level of p.levels) {
      const y = Math.round(u.valToPos(level, p.scale, true));
      if (y < top || y > bottom) continue;
      ctx.beginPath();
      ctx.moveTo(bbox.left, y + 0.5);
      ctx.lineTo(bbox.left + bbox.width, y + 0.5);
      ctx.stroke();
      const text = LEVEL_FMT.format(level);
      const w = ctx.measureText(text).width;
      ctx.textBaseline = 'middle';
      ctx.fillStyle = withAlpha(theme.bg, 0.85);
      ctx.fillRect(bbox.left + bbox.width - w - 6 * px, y - 7 * px, w + 4 * px, 14 * px);
      ctx.fillStyle = theme.axis;
      ctx.fillText(text, bbox.left + bbox.width - w - 4 * px, y);
      ctx.textBaseline = 'bottom';
    }
  }
  ctx.restore();
}
