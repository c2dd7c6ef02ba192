import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PANE_PX, PRICE_SHARE, chartHeight, fitBand, layoutBands, paneRange, priceRange, volumeRange } from './panes';

/** Where value v lands in a scale's range, as a fraction of the plot from the bottom. */
const frac = ([min, max]: [number, number], v: number) => (v - min) / (max - min);

describe('fitBand', () => {
  it('puts lo at f0 and hi at f1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 0.8, noNaN: true }),
        fc.double({ min: 0.05, max: 0.2, noNaN: true }),
        (lo, span, f0, width) => {
          const r = fitBand(lo, lo + span, f0, f0 + width);
          expect(frac(r, lo)).toBeCloseTo(f0, 6);
          expect(frac(r, lo + span)).toBeCloseTo(f0 + width, 6);
        },
      ),
    );
  });
});

describe('priceRange / volumeRange', () => {
  it('with no pane: the ranges the chart had (prices in the top 78 %, 6 % room above; volume up to 18 %)', () => {
    const [min, max] = [100, 110];
    const top = max + 10 * 0.06;
    const [lo, hi] = priceRange(min, max, [0, 1], true);
    expect(hi).toBeCloseTo(top, 9);
    expect(lo).toBeCloseTo(top - (top - min) / PRICE_SHARE, 9);
    const [v0, v1] = volumeRange(500, [0, 1]);
    expect(v0).toBeCloseTo(0, 9);
    expect(v1).toBeCloseTo(500 / (1 - PRICE_SHARE - 0.04), 6);
  });
  it('with panes below, prices stay inside the price band, over the volume', () => {
    const { price } = layoutBands(400, 2);
    const r = priceRange(100, 110, price, true);
    expect(frac(r, 100)).toBeGreaterThan(price[0]);
    expect(frac(r, 110)).toBeLessThan(price[1]);
    const v = volumeRange(500, price);
    expect(frac(v, 0)).toBeCloseTo(price[0], 9);
    expect(frac(v, 500)).toBeLessThan(frac(r, 100));
  });
});

describe('layoutBands', () => {
  it('no pane: prices have it all', () => {
    expect(layoutBands(300, 0)).toEqual({ price: [0, 1], panes: [] });
  });
  it('panes stack from the bottom, top to bottom in order, apart from each other and from the prices', () => {
    const { price, panes } = layoutBands(500, 2);
    expect(panes).toHaveLength(2);
    expect(panes[1][0]).toBe(0);
    expect(panes[0][0]).toBeGreaterThan(panes[1][1]);
    expect(price[0]).toBeGreaterThan(panes[0][1]);
    // Each pane is its pixels less the gap: near PANE_PX of the 500.
    expect((panes[0][1] - panes[0][0]) * 500).toBeGreaterThan(PANE_PX * 0.8);
  });
  it('a tiny plot still leaves room for the prices', () => {
    const { price } = layoutBands(50, 2);
    expect(price[1] - price[0]).toBeGreaterThanOrEqual(0.1 - 1e-9);
  });
  it('chartHeight adds a pane height per pane', () => {
    expect(chartHeight(320, 0)).toBe(320);
    expect(chartHeight(320, 2)).toBe(320 + 2 * PANE_PX);
  });
});

describe('paneRange', () => {
  it('RSI 0..100 inside its band, with room at both ends', () => {
    const band: [number, number] = [0.1, 0.3];
    const r = paneRange(0, 100, band);
    expect(frac(r, 0)).toBeGreaterThan(0.1);
    expect(frac(r, 100)).toBeLessThan(0.3);
  });
});
