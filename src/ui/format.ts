/** Numbers as people read them, in the browser's locale (Intl), cached per shape. */

const cache = new Map<string, Intl.NumberFormat>();

function nf(key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key);
  if (f === undefined) cache.set(key, (f = new Intl.NumberFormat(undefined, opts)));
  return f;
}

const DASH = '—';

/** A price with the instrument's decimals (at least 2). */
export function fmtPrice(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const d = Math.max(2, decimals);
  return nf(`p${d}`, { minimumFractionDigits: d, maximumFractionDigits: d }).format(x);
}

export function fmtQty(x: number | null | undefined, decimals = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return nf(`q${decimals}`, { minimumFractionDigits: 0, maximumFractionDigits: decimals }).format(x);
}

/** Money in the cash currency (USD). */
export function fmtMoney(x: number | null | undefined, currency = 'USD'): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return nf(`m${currency}`, { style: 'currency', currency }).format(x);
}

/** Signed money: +$1.00 / −$1.00. */
export function fmtSignedMoney(x: number, currency = 'USD'): string {
  if (!Number.isFinite(x)) return DASH;
  return nf(`sm${currency}`, { style: 'currency', currency, signDisplay: 'exceptZero' }).format(x);
}

/** A percentage from a ratio in percent units (12.3 → "+12.30%"). */
export function fmtPct(pct: number, signed = true): string {
  if (!Number.isFinite(pct)) return DASH;
  return nf(`pct${signed}`, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: signed ? 'exceptZero' : 'auto' })
    .format(pct / 100);
}

/** Large amounts in short form: 1.2M. */
export function fmtCompact(x: number): string {
  if (!Number.isFinite(x)) return DASH;
  return nf('c', { notation: 'compact', maximumFractionDigits: 1 }).format(x);
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function fmtTime(ms: number): string {
  return timeFmt.format(ms);
}

export function fmtDateTime(ms: number): string {
  return dateTimeFmt.format(ms);
}

/** "+" / "−" class for a change. */
export function tone(x: number): 'up' | 'down' | 'flat' {
  return x > 0 ? 'up' : x < 0 ? 'down' : 'flat';
}

/** The tone of a percentage as fmtPct shows it: a return of −0.001 % reads "0.00%", so it is flat, not red. */
export function pctTone(pct: number): 'up' | 'down' | 'flat' {
  // Rounded as Intl rounds (half away from zero), so −0.005 % shows "−0.01%" and is red.
  return Math.round(Math.abs(pct) * 100) === 0 ? 'flat' : tone(pct);
}
