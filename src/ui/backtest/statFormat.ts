/**
 * A statistic as a person reads it, by its unit (core's STAT_INFO says
 * which): percentages and ratios with two decimals, money in dollars, counts
 * whole, durations in days (hours below a day), times as UTC dates (daily
 * bars open at 00:00 UTC: a local date could show the day before). A figure
 * that cannot be computed (NaN, saved as null) is a dash. All through Intl,
 * in the browser's locale unless one is given (tests).
 */
import type { StatUnit } from '../../core/backtest/statInfo';

const DASH = '—';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function formatStat(unit: StatUnit, value: number | null, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  switch (unit) {
    case 'pct':
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value) + ' %';
    case 'ratio':
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    case 'money':
      return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(value);
    case 'count':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'duration':
      return formatDuration(value, locale);
    case 'time':
      return formatDate(value, locale);
  }
}

/** Days (whole, or with one decimal under ten), or hours under a day. */
export function formatDuration(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return DASH;
  if (Math.abs(ms) < DAY_MS) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'long', maximumFractionDigits: 1 }).format(ms / HOUR_MS);
  }
  const days = ms / DAY_MS;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: Math.abs(days) < 10 ? 1 : 0 }).format(days);
}

/** A bar's time as its UTC date (with the time of day when it is not midnight: intraday bars). */
export function formatDate(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return DASH;
  const midnight = ms % DAY_MS === 0;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', ...(midnight ? {} : { hour: '2-digit', minute: '2-digit' }),
  }).format(ms);
}
