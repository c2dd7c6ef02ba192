// When a market is open. Crypto and the house tickers never close; stocks
// follow the NYSE: 09:30-16:00 America/New_York, Monday to Friday, minus
// holidays, with 13:00 early closes.
//
// Everything is plain arithmetic on UTC milliseconds, with the US daylight
// saving rule written out, rather than Intl time zones: the result must not
// depend on the ICU data a browser or Node happens to ship, and the core must
// run the same everywhere (worker, Node, replay).

export type Calendar = '24/7' | 'NYSE';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const OPEN_MIN = 9 * 60 + 30; // 09:30 ET
const CLOSE_MIN = 16 * 60; // 16:00 ET
const EARLY_CLOSE_MIN = 13 * 60; // 13:00 ET

// ---------- civil-date arithmetic (days since 1970-01-01, UTC) ----------

function dayOf(y: number, month0: number, d: number): number {
  return Date.UTC(y, month0, d) / DAY;
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function yearOfMs(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** n-th (1-based) given weekday of a month. */
function nthWeekday(y: number, month0: number, wd: number, n: number): number {
  const first = dayOf(y, month0, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(y: number, month0: number, wd: number): number {
  const last = dayOf(y, month0 + 1, 0);
  return last - ((weekday(last) - wd + 7) % 7);
}

// ---------- US Eastern time ----------

/**
 * DST interval in UTC ms for a year. Since 2007: second Sunday of March
 * 02:00 EST (07:00 UTC) to first Sunday of November 02:00 EDT (06:00 UTC).
 * 1987-2006: first Sunday of April to last Sunday of October (kept so that
 * backtests over older data get the right session times).
 */
function dstBounds(y: number): [number, number] {
  const start = y >= 2007 ? nthWeekday(y, 2, 0, 2) : nthWeekday(y, 3, 0, 1);
  const end = y >= 2007 ? nthWeekday(y, 10, 0, 1) : lastWeekday(y, 9, 0);
  return [start * DAY + 7 * HOUR, end * DAY + 6 * HOUR];
}

function etOffsetMs(utcMs: number): number {
  const [start, end] = dstBounds(yearOfMs(utcMs));
  return utcMs >= start && utcMs < end ? -4 * HOUR : -5 * HOUR;
}

/** UTC instant -> "local ms": ms since epoch as read on a New York wall clock. */
function toLocal(utcMs: number): number {
  return utcMs + etOffsetMs(utcMs);
}

/**
 * New York wall time -> UTC. Ambiguous only inside the 01:00-03:00 switch
 * hours, which no session boundary touches.
 */
function fromLocal(localMs: number): number {
  const asEdt = localMs + 4 * HOUR;
  return etOffsetMs(asEdt) === -4 * HOUR ? asEdt : localMs + 5 * HOUR;
}

// ---------- NYSE holidays ----------

interface HolidayEntry {
  day: number;
  name: string;
  earlyClose: boolean;
}

/** Easter Sunday (Gregorian), anonymous "Meeus/Jones/Butcher" computus. */
function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(y, month - 1, day);
}

/** Fixed-date holiday: Saturday is observed Friday, Sunday observed Monday. */
function observed(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
}

// Unscheduled closures the rules cannot predict (storms, national mourning).
const SPECIAL_CLOSURES: ReadonlyArray<[string, string]> = [
  ['2007-01-02', 'National Day of Mourning (Gerald Ford)'],
  ['2012-10-29', 'Hurricane Sandy'],
  ['2012-10-30', 'Hurricane Sandy'],
  ['2018-12-05', 'National Day of Mourning (George H. W. Bush)'],
  ['2025-01-09', 'National Day of Mourning (Jimmy Carter)'],
];

function computeHolidays(y: number): HolidayEntry[] {
  const out: HolidayEntry[] = [];
  const closed = (day: number, name: string) => out.push({ day, name, earlyClose: false });
  const early = (day: number, name: string) => out.push({ day, name, earlyClose: true });

  // New Year's Day on a Saturday is not moved to Dec 31 (NYSE Rule 7.2):
  // the year-end books must close on a trading day.
  const jan1 = dayOf(y, 0, 1);
  if (weekday(jan1) !== 6) closed(observed(jan1), "New Year's Day");
  if (y >= 1998) closed(nthWeekday(y, 0, 1, 3), 'Martin Luther King Jr. Day');
  closed(nthWeekday(y, 1, 1, 3), "Washington's Birthday");
  closed(easter(y) - 2, 'Good Friday');
  closed(lastWeekday(y, 4, 1), 'Memorial Day');
  if (y >= 2022) closed(observed(dayOf(y, 5, 19)), 'Juneteenth National Independence Day');
  closed(observed(dayOf(y, 6, 4)), 'Independence Day');
  closed(nthWeekday(y, 8, 1, 1), 'Labor Day');
  const thanksgiving = nthWeekday(y, 10, 4, 4);
  closed(thanksgiving, 'Thanksgiving Day');
  closed(observed(dayOf(y, 11, 25)), 'Christmas Day');

  // Early closes. July 3 only when it is Mon-Thu: then July 4 is a weekday
  // holiday later that week (a Friday July 3 is itself the observed holiday).
  const jul3 = dayOf(y, 6, 3);
  if (weekday(jul3) >= 1 && weekday(jul3) <= 4) early(jul3, 'Day before Independence Day');
  early(thanksgiving + 1, 'Day after Thanksgiving');
  // Christmas Eve Mon-Thu; a Friday Dec 24 is the observed Christmas.
  const dec24 = dayOf(y, 11, 24);
  if (weekday(dec24) >= 1 && weekday(dec24) <= 4) early(dec24, 'Christmas Eve');

  for (const [date, name] of SPECIAL_CLOSURES) {
    if (date.startsWith(String(y) + '-')) {
      const [yy, mm, dd] = date.split('-').map(Number);
      closed(dayOf(yy, mm - 1, dd), name);
    }
  }
  return out.sort((a, b) => a.day - b.day);
}

// Memoized per year: the rules are pure, and isOpen runs on every clock tick.
const holidayCache = new Map<number, Map<number, HolidayEntry>>();

function holidayOn(day: number): HolidayEntry | undefined {
  const y = yearOfMs(day * DAY);
  let byDay = holidayCache.get(y);
  if (!byDay) {
    byDay = new Map(computeHolidays(y).map((h) => [h.day, h]));
    holidayCache.set(y, byDay);
  }
  return byDay.get(day);
}

export function nyseHolidays(year: number): { date: string; name: string; earlyClose?: boolean }[] {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  return computeHolidays(year).map((h) =>
    h.earlyClose ? { date: isoDate(h.day), name: h.name, earlyClose: true } : { date: isoDate(h.day), name: h.name },
  );
}

// ---------- sessions ----------

type Session = { open: number; close: number } | { closedBecause: string };

/** The NYSE session of a New York calendar day, in minutes after midnight ET. */
function sessionOf(day: number): Session {
  const wd = weekday(day);
  if (wd === 0 || wd === 6) return { closedBecause: 'weekend' };
  const h = holidayOn(day);
  if (h && !h.earlyClose) return { closedBecause: h.name };
  return { open: OPEN_MIN, close: h ? EARLY_CLOSE_MIN : CLOSE_MIN };
}

function checkMs(utcMs: number): void {
  if (!Number.isFinite(utcMs)) throw new RangeError(`time must be finite ms, got ${utcMs}`);
}

// A run of closed days is at most a long weekend plus a special closure or
// two; a month is a generous bound that still guarantees termination.
const SEARCH_DAYS = 31;

export function isOpen(calendar: Calendar, utcMs: number): boolean {
  if (calendar === '24/7') return true;
  checkMs(utcMs);
  const local = toLocal(utcMs);
  const day = Math.floor(local / DAY);
  const s = sessionOf(day);
  if ('closedBecause' in s) return false;
  const t = local - day * DAY;
  return t >= s.open * MINUTE && t < s.close * MINUTE;
}

/** The next instant the market is open: utcMs itself if open now. */
export function nextOpen(calendar: Calendar, utcMs: number): number {
  if (calendar === '24/7' || isOpen(calendar, utcMs)) return utcMs;
  const local = toLocal(utcMs);
  const today = Math.floor(local / DAY);
  for (let day = today; day <= today + SEARCH_DAYS; day++) {
    const s = sessionOf(day);
    if ('closedBecause' in s) continue;
    const openLocal = day * DAY + s.open * MINUTE;
    if (openLocal > local) return fromLocal(openLocal);
  }
  throw new Error('no NYSE session found within a month'); // unreachable with real calendars
}

/**
 * The next session end strictly after utcMs: today's close when open (or
 * before today's open), otherwise the close of the next session.
 * Infinity for 24/7 markets.
 */
export function nextClose(calendar: Calendar, utcMs: number): number {
  if (calendar === '24/7') return Infinity;
  checkMs(utcMs);
  const local = toLocal(utcMs);
  const today = Math.floor(local / DAY);
  for (let day = today; day <= today + SEARCH_DAYS; day++) {
    const s = sessionOf(day);
    if ('closedBecause' in s) continue;
    const closeLocal = day * DAY + s.close * MINUTE;
    if (closeLocal > local) return fromLocal(closeLocal);
  }
  throw new Error('no NYSE session found within a month');
}

/** For the UI: open or not, why, and when that changes. */
export function marketStatus(
  calendar: Calendar,
  utcMs: number,
): { open: boolean; reason: string; nextChange: number } {
  if (calendar === '24/7') return { open: true, reason: 'Open', nextChange: Infinity };
  if (isOpen(calendar, utcMs)) return { open: true, reason: 'Open', nextChange: nextClose(calendar, utcMs) };
  const local = toLocal(utcMs);
  const day = Math.floor(local / DAY);
  const s = sessionOf(day);
  let reason: string;
  if ('closedBecause' in s) reason = `Closed: ${s.closedBecause}`;
  else reason = local - day * DAY < s.open * MINUTE ? 'Closed: pre-market' : 'Closed: after hours';
  return { open: false, reason, nextChange: nextOpen(calendar, utcMs) };
}
