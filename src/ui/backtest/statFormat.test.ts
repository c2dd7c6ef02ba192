import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatStat } from './statFormat';

const DAY = 86_400_000;

describe('formatStat', () => {
  it('formats each unit through Intl in the given locale', () => {
    expect(formatStat('pct', 12.3456, 'en-US')).toBe('12.35 %');
    expect(formatStat('pct', -1234.5, 'de-DE')).toBe('-1.234,50 %');
    expect(formatStat('ratio', 0.5, 'en-US')).toBe('0.50');
    expect(formatStat('money', 10_123.456, 'en-US')).toBe('$10,123.46');
    expect(formatStat('count', 66, 'en-US')).toBe('66');
    expect(formatStat('duration', 3_000 * DAY, 'en-US')).toBe('3,000 days');
    expect(formatStat('time', Date.UTC(2004, 7, 19), 'en-US')).toBe('Aug 19, 2004');
  });

  it('shows a figure that cannot be computed as a dash', () => {
    for (const v of [null, NaN, Infinity, -Infinity]) expect(formatStat('ratio', v, 'en-US')).toBe('—');
  });
});

describe('durations and dates', () => {
  it('days (one decimal under ten) or hours under a day', () => {
    expect(formatDuration(2.5 * DAY, 'en-US')).toBe('2.5 days');
    expect(formatDuration(DAY, 'en-US')).toBe('1 day');
    expect(formatDuration(90 * 60_000, 'en-US')).toBe('1.5 hours');
  });

  it('a UTC date, with the time of day for intraday bars', () => {
    // At 00:00 UTC: the same date whatever the browser's zone.
    expect(formatDate(Date.UTC(2013, 2, 1), 'en-US')).toBe('Mar 1, 2013');
    expect(formatDate(Date.UTC(2013, 2, 1, 14, 30), 'en-GB')).toBe('1 Mar 2013, 14:30');
  });
});
