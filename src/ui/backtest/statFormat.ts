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

/**
 * Formatters made once per locale and kind: making an Intl.NumberFormat costs
 * far more than using one, and a sweep's table formats hundreds of figures a
 * frame.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, kind: 'fixed2' | 'money' | 'whole'): Intl.NumberFormat {
  const key = `${locale ?? ''}|${kind}`;
  let f = formatters.get(key);
  if (f === undefined) {
    const opts: Intl.NumberFormatOptions = kind === 'fixed2' ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : kind === 'money' ? { style: 'currency', currency: 'USD' } : { maximumFractionDigits: 0 };
    formatters.set(key, (f = new Intl.NumberFormat(locale, opts)));
  }
  return f;
}

export function formatStat(unit: StatUnit, value: number | null, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  switch (unit) {
    case 'pct':
      return numberFormat(locale, 'fixed2').format(value) + ' %';
    case 'ratio':
      return numberFormat(locale, 'fixed2').format(value);
    case 'money':
      return numberFormat(locale, 'money').format(value);
    case 'count':
      return numberFormat(locale, 'whole').format(value);
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
