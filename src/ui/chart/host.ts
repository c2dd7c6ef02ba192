// What both chart components do around their uPlot instance: follow the host
// element's width, follow the colour scheme, and undo both on unmount.

import type uPlot from 'uplot';
import { readTheme, watchTheme, type ChartTheme } from './theme';

/**
 * Resizes `u` to the host's content width (height fixed) and calls `onTheme`
 * with the new colours when they changed. Returns the cleanup.
 */
export function bindPlot(
  u: uPlot,
  host: HTMLElement,
  /** The plot's height, or how to read it (a chart that grows with its panes). */
  height: number | (() => number),
  onResize: () => void,
  onTheme: (theme: ChartTheme) => void,
): () => void {
  let width = u.width;
  let colours = JSON.stringify(readTheme(host));
  const ro = new ResizeObserver((entries) => {
    const w = Math.floor(entries[entries.length - 1].contentRect.width);
    // 0 while hidden (display: none, a background tab panel): keep the last size.
    if (w <= 0 || w === width) return;
    width = w;
    u.setSize({ width, height: typeof height === 'number' ? height : height() });
    onResize();
  });
  ro.observe(host);
  // The watch also fires for unrelated class or style changes on the document.
  const unwatch = watchTheme(() => {
    const theme = readTheme(host);
    const next = JSON.stringify(theme);
    if (next === colours) return;
    colours = next;
    onTheme(theme);
  });
  return () => {
    ro.disconnect();
    unwatch();
  };
}

/** The host's usable width now, or a phone's width if it is not laid out yet. */
export function initialWidth(host: HTMLElement): number {
  const w = Math.floor(host.getBoundingClientRect().width);
  return w > 0 ? w : 360;
}

/** Rough width of a y axis for these labels at the charts' 11 px font, so long prices are not clipped. */
export function axisWidth(values: readonly (string | number | null)[] | null | undefined): number {
  let longest = 0;
  for (const v of values ?? []) if (v != null) longest = Math.max(longest, String(v).length);
  return Math.max(36, Math.ceil(longest * 6.6) + 12);
}

/** Whether the plot has any points; axes label nothing when it has none. */
export function hasData(u: uPlot): boolean {
  return u.data[0].length > 0;
}
