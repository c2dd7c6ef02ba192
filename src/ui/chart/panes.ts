// The candle chart's panes in one uPlot plot: prices (with the volume bars at
// the bottom of their pane) on top, then RSI and MACD each in a band of their
// own below. One plot, not three, so the panes share the x axis, the cursor
// and the readout by construction. A band is a stretch of the plot's height,
// given as fractions from the bottom (0) to the top (1); each scale's range is
// chosen so that its values land inside its band.

/** Height each lower pane adds to the chart, in CSS pixels (its gap above included). */
export const PANE_PX = 96;
/** The gap above a lower pane, in CSS pixels: the pane's name sits there. */
export const PANE_GAP_PX = 14;
/** Share of the price pane the prices keep above the volume bars (with volume shown). */
export const PRICE_SHARE = 0.78;
/** Share of the price pane the volume bars may fill, from its bottom. */
export const VOLUME_SHARE = 1 - PRICE_SHARE - 0.04;

export type Band = [bottom: number, top: number];

export interface Layout {
  price: Band;
  /** Lower panes in the order given, top to bottom. */
  panes: Band[];
}

/** The total height for `base` pixels of prices and axis plus `panes` lower panes. */
export function chartHeight(base: number, panes: number): number {
  return base + panes * PANE_PX;
}

/**
 * The bands for a plot area `plotPx` CSS pixels tall with `panes` lower
 * panes: each lower pane gets PANE_PX less its gap (stacked from the bottom),
 * the prices get the rest.
 */
export function layoutBands(plotPx: number, panes: number): Layout {
  const h = Math.max(1, plotPx);
  const pane = Math.min(PANE_PX / h, 0.9 / Math.max(1, panes));
  const gap = Math.min(PANE_GAP_PX / h, pane / 3);
  const out: Band[] = [];
  for (let i = 0; i < panes; i++) {
    const bottom = (panes - 1 - i) * pane;
    out.push([bottom, bottom + pane - gap]);
  }
  return { price: [panes * pane, 1], panes: out };
}

/**
 * A scale's range such that `lo` is drawn at fraction `f0` and `hi` at `f1`
 * of the plot's height (f0 < f1): how a value is put into a band.
 */
export function fitBand(lo: number, hi: number, f0: number, f1: number): [number, number] {
  const span = hi - lo || Math.abs(hi) * 0.01 || 1;
  const unit = span / (f1 - f0);
  const min = lo - f0 * unit;
  return [min, min + unit];
}

/**
 * The price scale: the prices in the top of their band (all of it without
 * volume, PRICE_SHARE of it with), with 6 % of their span above the highest.
 */
export function priceRange(min: number, max: number, band: Band, withVolume: boolean): [number, number] {
  const span = max - min || Math.abs(max) * 0.01 || 1;
  const top = max + span * 0.06;
  const [b0, b1] = band;
  const share = withVolume ? PRICE_SHARE : 0.94;
  return fitBand(min, top, b1 - share * (b1 - b0), b1);
}

/** The volume scale: 0 at the bottom of the price band, the highest bar VOLUME_SHARE of the band up. */
export function volumeRange(max: number, band: Band): [number, number] {
  const [b0, b1] = band;
  return fitBand(0, max > 0 ? max : 1, b0, b0 + VOLUME_SHARE * (b1 - b0));
}

/** A lower pane's scale for values between lo and hi, with 8 % of the band free above and below. */
export function paneRange(lo: number, hi: number, band: Band): [number, number] {
  const [b0, b1] = band;
  const pad = (b1 - b0) * 0.08;
  return fitBand(lo, hi, b0 + pad, b1 - pad);
}
