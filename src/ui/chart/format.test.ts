import { describe, expect, it } from 'vitest';
import {
  candleSummary,
  depthSummary,
  formatCandleTime,
  formatPercent,
  formatPrice,
  formatQty,
  priceDecimals,
  seriesLabel,
  stepDecimals,
  timeAxisLabels,
  timeframeLabel,
} from './format';

describe('priceDecimals', () => {
  it('2 from 1 up, about 4 significant digits below, 2..10', () => {
    expect(priceDecimals(65_000)).toBe(2);
    expect(priceDecimals(1)).toBe(2);
    expect(priceDecimals(0.5)).toBe(4);
    expect(priceDecimals(0.0123)).toBe(5);
    expect(priceDecimals(0.00001234)).toBe(8);
    expect(priceDecimals(1e-15)).toBe(10);
  });
  it('zero, negative and non-finite references fall back sensibly', () => {
    expect(priceDecimals(0)).toBe(2);
    expect(priceDecimals(NaN)).toBe(2);
    expect(priceDecimals(-0.5)).toBe(4);
  });
});

describe('stepDecimals', () => {
  it('counts the decimals a step needs', () => {
    expect(stepDecimals(5)).toBe(0);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(0.1 + 0.2)).toBe(1);
    expect(stepDecimals(1e-7)).toBe(7);
    expect(stepDecimals(0)).toBe(0);
  });
});

describe('number formats', () => {
  it('prices with fixed decimals, grouped', () => {
    expect(formatPrice(1234.5, 2, 'en-US')).toBe('1,234.50');
    expect(formatPrice(0.000123, 7, 'en-US')).toBe('0.0001230');
    expect(formatPrice(NaN, 2, 'en-US')).toBe('—');
  });
  it('quantities compact from 10,000', () => {
    expect(formatQty(9999, 'en-US')).toBe('9,999');
    expect(formatQty(12_345, 'en-US')).toBe('12.3K');
    expect(formatQty(0.12345, 'en-US')).toBe('0.1235');
  });
  it('percentages carry their sign', () => {
    expect(formatPercent(0.0123, { locale: 'en-US' })).toBe('+1.23%');
    expect(formatPercent(-0.005, { locale: 'en-US' })).toBe('-0.50%');
    expect(formatPercent(0, { locale: 'en-US' })).toBe('0.00%');
    expect(formatPercent(0.0002, { locale: 'en-US', signed: false })).toBe('0.02%');
  });
});

describe('timeframeLabel', () => {
  it('names the usual timeframes', () => {
    expect([1, 60, 300, 900, 3600, 86_400, 90].map(timeframeLabel)).toEqual(['1s', '1m', '5m', '15m', '1h', '1d', '90s']);
  });
});

describe('times', () => {
  const t = Date.UTC(2024, 2, 5, 14, 7, 9) / 1000;
  it('a candle time is as precise as its timeframe', () => {
    expect(formatCandleTime(t, 1, 'en-US', 'UTC')).toBe('Mar 5, 14:07:09');
    expect(formatCandleTime(t, 60, 'en-US', 'UTC')).toBe('Mar 5, 14:07');
    expect(formatCandleTime(t, 86_400, 'en-US', 'UTC')).toBe('Mar 5, 2024');
  });
  it('axis labels: clock times, the date under the first tick of each day', () => {
    const day = Date.UTC(2024, 2, 5) / 1000;
    const splits = [day - 3600, day, day + 3600];
    expect(timeAxisLabels(splits, 3600, 'en-US', 'UTC')).toEqual(['23:00\nMar 4', '00:00\nMar 5', '01:00']);
    expect(timeAxisLabels([day, day + 15], 15, 'en-US', 'UTC')).toEqual(['00:00:00\nMar 5', '00:00:15']);
  });
  it('axis labels: dates for daily ticks, months for monthly', () => {
    const day = Date.UTC(2024, 2, 5) / 1000;
    expect(timeAxisLabels([day], 86_400, 'en-US', 'UTC')).toEqual(['Mar 5']);
    expect(timeAxisLabels([day], 30 * 86_400, 'en-US', 'UTC')).toEqual(['Mar 2024']);
  });
  it('no splits, no labels', () => {
    expect(timeAxisLabels([], 60)).toEqual([]);
  });
});

describe('summaries', () => {
  const f64 = (xs: number[]) => Float64Array.from(xs);
  it('candles: last close, change since the first candle', () => {
    const t0 = Date.UTC(2024, 2, 5, 14, 0) / 1000;
    const d = { t: f64([t0, t0 + 60]), o: f64([100, 101]), c: f64([101, 102]) };
    expect(candleSummary('FUN', d, 60, 'en-US', 'UTC')).toBe('FUN, 1m candles: last 102.00, +2.00% since Mar 5, 14:00 (2 candles)');
  });
  it('candles: empty', () => {
    const e = new Float64Array(0);
    expect(candleSummary('FUN', { t: e, o: e, c: e }, 3600)).toBe('FUN, 1h candles: no trades yet');
  });
  it('depth: both sides, one side, none', () => {
    const both = { bestBid: 99.5, bestAsk: 100.5, totalBid: 12, totalAsk: 20_000 };
    expect(depthSummary('FUN', both, 'en-US')).toBe(
      'FUN order book depth: best bid 99.50, best ask 100.50, spread 1.00, 12 bid, 20K offered',
    );
    expect(depthSummary('FUN', { ...both, bestAsk: null, totalAsk: 0 }, 'en-US')).toBe(
      'FUN order book depth: best bid 99.50, no asks, 12 bid, 0 offered',
    );
    expect(depthSummary('FUN', { bestBid: null, bestAsk: null, totalBid: 0, totalAsk: 0 })).toBe('FUN order book depth: empty');
  });
});

describe('seriesLabel', () => {
  it("shows an output of a several-output indicator with a space, and leaves other names alone", () => {
    expect(seriesLabel('BB(20, 2).upper')).toBe('BB(20, 2) upper');
    expect(seriesLabel('MACD(12, 26, 9).signal')).toBe('MACD(12, 26, 9) signal');
    expect(seriesLabel('SMA(20)')).toBe('SMA(20)');
    expect(seriesLabel('EMA(10, hl2)')).toBe('EMA(10, hl2)');
  });
});
