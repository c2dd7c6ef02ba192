// Number and time formatting for the charts' axes, readouts and labels. Pure
// (Intl only); `locale` and `timeZone` are parameters so tests pin them, and
// the components leave them undefined (the browser's own).

/**
 * Decimals worth showing for a price of this magnitude: 2 from 1 up, then
 * enough for about 4 significant digits below 1 (0.5 → 4, 0.0123 → 5), at
 * most 10.
 */
export function priceDecimals(ref: number): number {
  const x = Math.abs(ref);
  if (!Number.isFinite(x) || x === 0 || x >= 1) return 2;
  return Math.min(10, Math.max(2, 3 - Math.floor(Math.log10(x))));
}

/** Decimals needed to write a step exactly (0.25 → 2, 5 → 0, 1e-7 → 7), at most 10. */
export function stepDecimals(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  const s = step.toFixed(10).replace(/0+$/, '');
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Cached Intl.NumberFormat: building one costs far more than using it. */
function numberFormat(locale: string | undefined, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(opts)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    numberFormats.set(key, f);
  }
  return f;
}

/** A price with a fixed number of decimals, grouped. */
export function formatPrice(x: number, decimals: number, locale?: string): string {
  if (!Number.isFinite(x)) return '—';
  return numberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x);
}

/** A quantity, compact from 10,000 up (12.3K, 4.5M); up to 4 decimals below. */
export function formatQty(x: number, locale?: string): string {
  if (!Number.isFinite(x)) return '—';
  const opts: Intl.NumberFormatOptions =
    Math.abs(x) >= 10_000 ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 4 };
  return numberFormat(locale, opts).format(x);
}

/** A percentage with 2 decimals, signed unless `signed` is false: +1.23%, -0.50% (locale spacing). */
export function formatPercent(fraction: number, opts: { signed?: boolean; locale?: string } = {}): string {
  if (!Number.isFinite(fraction)) return '—';
  return numberFormat(opts.locale, {
    style: 'percent',
    signDisplay: opts.signed === false ? 'auto' : 'exceptZero',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(fraction);
}

/** "1s", "5m", "1h", "1d": the timeframe as traders write it. */
export function timeframeLabel(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
  ];
  for (const [size, unit] of units) if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string | undefined, timeZone: string | undefined, opts: Intl.DateTimeFormatOptions) {
  const key = `${locale ?? ''}|${timeZone ?? ''}|${JSON.stringify(opts)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone });
    dateFormats.set(key, f);
  }
  return f;
}

const HM: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const HMS: Intl.DateTimeFormatOptions = { ...HM, second: '2-digit' };
const MD: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
const MDY: Intl.DateTimeFormatOptions = { ...MD, year: 'numeric' };
const MY: Intl.DateTimeFormatOptions = { month: 'short', year: 'numeric' };

/** A candle's open time, as precise as its timeframe: seconds for 1s, minutes up to 1h, the date for 1d. */
export function formatCandleTime(t: number, tfSeconds: number, locale?: string, timeZone?: string): string {
  const d = new Date(t * 1000);
  if (tfSeconds >= 86_400) return dateFormat(locale, timeZone, MDY).format(d);
  return dateFormat(locale, timeZone, { ...MD, ...(tfSeconds < 60 ? HMS : HM) }).format(d);
}

function dayKey(t: number, timeZone?: string): string {
  return dateFormat('en-CA', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t * 1000));
}

/**
 * Time-axis tick labels for ticks `incr` seconds apart: clock times (with
 * seconds under a minute) and the date under the first tick of each day;
 * dates from a day apart, months from a month apart.
 */
export function timeAxisLabels(splits: number[], incr: number, locale?: string, timeZone?: string): string[] {
  if (incr >= 28 * 86_400) return splits.map((t) => dateFormat(locale, timeZone, MY).format(new Date(t * 1000)));
  if (incr >= 86_400) return splits.map((t) => dateFormat(locale, timeZone, MD).format(new Date(t * 1000)));
  const clock = dateFormat(locale, timeZone, incr < 60 ? HMS : HM);
  const date = dateFormat(locale, timeZone, MD);
  let prevDay = '';
  return splits.map((t) => {
    const d = new Date(t * 1000);
    const day = dayKey(t, timeZone);
    const label = day !== prevDay ? `${clock.format(d)}\n${date.format(d)}` : clock.format(d);
    prevDay = day;
    return label;
  });
}

/** The candle chart's accessible name: what, which timeframe, the last close and the change over the data. */
export function candleSummary(
  label: string,
  d: { t: Float64Array; o: Float64Array; c: Float64Array },
  tfSeconds: number,
  locale?: string,
  timeZone?: string,
): string {
  const head = `${label}, ${timeframeLabel(tfSeconds)} candles`;
  const n = d.t.length;
  if (n === 0) return `${head}: no trades yet`;
  const last = d.c[n - 1];
  const first = d.o[0];
  const dec = priceDecimals(last);
  const change = first !== 0 ? formatPercent(last / first - 1, { locale }) : '—';
  const since = formatCandleTime(d.t[0], tfSeconds, locale, timeZone);
  return `${head}: last ${formatPrice(last, dec, locale)}, ${change} since ${since} (${n} ${n === 1 ? 'candle' : 'candles'})`;
}

/** The depth chart's accessible name: best prices, spread and the quantity on each side. */
export function depthSummary(
  label: string,
  d: { bestBid: number | null; bestAsk: number | null; totalBid: number; totalAsk: number },
  locale?: string,
): string {
  const head = `${label} order book depth`;
  if (d.bestBid === null && d.bestAsk === null) return `${head}: empty`;
  const dec = priceDecimals(d.bestBid ?? d.bestAsk ?? 1);
  const parts = [
    d.bestBid === null ? 'no bids' : `best bid ${formatPrice(d.bestBid, dec, locale)}`,
    d.bestAsk === null ? 'no asks' : `best ask ${formatPrice(d.bestAsk, dec, locale)}`,
  ];
  if (d.bestBid !== null && d.bestAsk !== null) parts.push(`spread ${formatPrice(d.bestAsk - d.bestBid, dec, locale)}`);
  parts.push(`${formatQty(d.totalBid, locale)} bid, ${formatQty(d.totalAsk, locale)} offered`);
  return `${head}: ${parts.join(', ')}`;
}

/** A line chart's accessible summary: first and last value, low and high ("Equity: from $1,000.00 to $1,012.50, low …"). */
export function lineSummary(label: string, values: readonly number[], locale?: string): string {
  const xs = values.filter((x) => Number.isFinite(x));
  if (xs.length === 0) return `${label}: no points yet`;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const d = priceDecimals(Math.abs(xs[xs.length - 1]) || 1);
  const f = (x: number) => formatPrice(x, d, locale);
  return `${label}: from ${f(xs[0])} to ${f(xs[xs.length - 1])}, low ${f(lo)}, high ${f(hi)}, ${xs.length} points`;
}

/**
 * An indicator's output as a person reads it: `BB(20, 2).upper` (the SDK's
 * series name, which code keys on) shows as "BB(20, 2) upper".
 */
export function seriesLabel(name: string): string {
  return name.replace(/\)\.([A-Za-z]+)$/, ') $1');
}
