/**
 * The dates a CSV of bars writes, read into UTC ms. Hand-written over char
 * codes rather than `Date.parse`, for two reasons: `Date.parse` is lenient
 * and differs between engines (it takes "2020-02-30" in some, reads
 * "01/02/2020" as local time in others), and it is slow enough to matter at
 * a million rows.
 *
 * Formats (a time of day may follow a date after a space, or a `T` for ISO):
 * - ISO: `2020-01-31`, `2020-01-31T14:30`, `2020-01-31 14:30:05.250`,
 *   with `Z` or an offset (`+02:00`, `-0500`); no zone means UTC.
 * - `YYYY/MM/DD`.
 * - `MM/DD/YYYY` (US, the default) or `DD/MM/YYYY` (`dayFirst`).
 * - `DD.MM.YYYY` (German and others).
 * - Epoch numbers, told apart by size: below 1e11 seconds (1e11 s is the
 *   year 5138), below 1e14 milliseconds, below 1e17 microseconds (Binance's
 *   data files since 2025), nanoseconds above (pandas). Milliseconds before
 *   1973-03-03 read as seconds: no real file has them.
 */

/** The formats, for messages. */
export const DATE_FORMATS = 'YYYY-MM-DD, an ISO date-time, MM/DD/YYYY (or DD/MM/YYYY), DD.MM.YYYY, or epoch seconds / ms';

const ZERO = 48;
const DAY_MS = 86_400_000;
const MAX_MS = 8.64e15;

/** The value of `len` digits at `at`, or -1 when one is not a digit. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Digits from `at` up to the first non-digit (at most `max`): the value and where it stopped; null when none. */
function run(s: string, at: number, max: number): { v: number; end: number } | null {
  let v = 0;
  let i = at;
  while (i < s.length && i - at < max) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    i++;
  }
  return i === at ? null : { v, end: i };
}

function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a calendar date (proleptic Gregorian), or NaN when
 * it is not one. Arithmetic (Howard Hinnant's days_from_civil) rather than
 * `Date.UTC`, which reads the years 0 to 99 as 1900 to 1999.
 */
function civil(y: number, m: number, d: number): number {
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return Number.NaN;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * `HH:MM[:SS[.fff]]` then an optional zone, from `at` to the end: ms into the
 * day minus the zone's offset; NaN when malformed. `zoned` allows `Z` and
 * offsets (ISO only).
 */
function timeOfDay(s: string, at: number, zoned: boolean): number {
  const hh = digits(s, at, 2);
  if (hh < 0 || hh > 23 || s.charCodeAt(at + 2) !== 58 /* : */) return Number.NaN;
  const mm = digits(s, at + 3, 2);
  if (mm < 0 || mm > 59) return Number.NaN;
  let i = at + 5;
  let ms = (hh * 60 + mm) * 60_000;
  if (s.charCodeAt(i) === 58) {
    const ss = digits(s, i + 1, 2);
    if (ss < 0 || ss > 59) return Number.NaN;
    ms += ss * 1000;
    i += 3;
    if (s.charCodeAt(i) === 46 /* . */) {
      const f = run(s, i + 1, 9);
      if (f === null) return Number.NaN;
      // Keep milliseconds; finer digits are truncated (a bar's time is in ms).
      ms += Math.floor(f.v / 10 ** (f.end - i - 1 - 3));
      i = f.end;
    }
  }
  if (i === s.length) return ms;
  if (!zoned) return Number.NaN;
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */ && i + 1 === s.length) return ms;
  if (z !== 43 /* + */ && z !== 45 /* - */) return Number.NaN;
  const oh = digits(s, i + 1, 2);
  const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = digits(s, i + 3 + colon, 2);
  if (oh < 0 || oh > 23 || om < 0 || om > 59 || i + 5 + colon !== s.length) return Number.NaN;
  const offset = (oh * 60 + om) * 60_000;
  return z === 43 ? ms - offset : ms + offset;
}

/** A date's days since the epoch plus its optional time of day after `at` (a space, or `T` when `iso`). */
function withTime(s: string, days: number, at: number, iso: boolean): number {
  if (Number.isNaN(days)) return Number.NaN;
  if (at === s.length) return days * DAY_MS;
  const sep = s.charCodeAt(at);
  if (sep !== 32 && !(iso && (sep === 84 /* T */ || sep === 116))) return Number.NaN;
  const t = timeOfDay(s, at + 1, iso);
  return Number.isNaN(t) ? Number.NaN : days * DAY_MS + t;
}

/** An epoch number (all digits, or seconds with a fraction) by its size; NaN when it is not one. */
function epoch(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < ZERO || c > ZERO + 9) && c !== 46) return Number.NaN;
  }
  const v = Number(s);
  if (!Number.isFinite(v)) return Number.NaN;
  const ms = v < 1e11 ? Math.round(v * 1000) : v < 1e14 ? Math.round(v) : v < 1e17 ? Math.round(v / 1000) : Math.round(v / 1e6);
  // Beyond what a Date holds (±8.64e15 ms, the year 275760) it is no time.
  return ms <= MAX_MS ? ms : Number.NaN;
}

/**
 * `s` (already trimmed of quotes and spaces) as UTC ms, or NaN when it is no
 * date in the formats above. `dayFirst` reads `01/02/2020` as 1 February.
 */
export function parseDate(s: string, dayFirst = false): number {
  const n = s.length;
  if (n < 8) return n > 0 ? epoch(s) : Number.NaN;
  const c4 = s.charCodeAt(4);
  if (c4 === 45 /* - */ || c4 === 47 /* / */) {
    // YYYY-MM-DD or YYYY/MM/DD, then a time.
    if (s.charCodeAt(7) !== c4) return Number.NaN;
    const y = digits(s, 0, 4);
    const m = digits(s, 5, 2);
    const d = digits(s, 8, 2);
    if (y < 0 || m < 0 || d < 0) return Number.NaN;
    return withTime(s, civil(y, m, d), 10, c4 === 45);
  }
  const c2 = s.charCodeAt(2);
  if (c2 === 47 || c2 === 46 /* . */ || s.charCodeAt(1) === 47 || s.charCodeAt(1) === 46) {
    // M/D/YYYY, D/M/YYYY or D.M.YYYY (one or two digits for day and month).
    const sep = c2 === 47 || s.charCodeAt(1) === 47 ? 47 : 46;
    const a = run(s, 0, 2);
    if (a === null || s.charCodeAt(a.end) !== sep) return Number.NaN;
    const b = run(s, a.end + 1, 2);
    if (b === null || s.charCodeAt(b.end) !== sep) return Number.NaN;
    const y = digits(s, b.end + 1, 4);
    if (y < 0) return Number.NaN;
    const first = sep === 46 || dayFirst;
    const days = first ? civil(y, b.v, a.v) : civil(y, a.v, b.v);
    return withTime(s, days, b.end + 5, false);
  }
  return epoch(s);
}
