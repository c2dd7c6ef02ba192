import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isOpen, marketStatus, nextClose, nextOpen, nyseHolidays } from './hours';

const utc = (iso: string) => Date.parse(iso.endsWith('Z') ? iso : iso + 'Z');
const MIN = 60_000;

function closures(year: number): string[] {
  return nyseHolidays(year).filter((h) => !h.earlyClose).map((h) => h.date);
}
function earlyCloses(year: number): string[] {
  return nyseHolidays(year).filter((h) => h.earlyClose).map((h) => h.date);
}

describe('nyseHolidays', () => {
  it('matches the published 2025 calendar', () => {
    expect(closures(2025)).toEqual([
      '2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26',
      '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25',
    ]);
    expect(earlyCloses(2025)).toEqual(['2025-07-03', '2025-11-28', '2025-12-24']);
  });

  it('matches the published 2026 calendar (July 4 on a Saturday)', () => {
    expect(closures(2026)).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25',
      '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25',
    ]);
    expect(earlyCloses(2026)).toEqual(['2026-11-27', '2026-12-24']);
  });

  it('moves Saturday/Sunday holidays, except New Year on a Saturday', () => {
    // 2027: Juneteenth Sat -> Fri 18, July 4 Sun -> Mon 5, Christmas Sat -> Fri 24.
    expect(closures(2027)).toEqual([
      '2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31',
      '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24',
    ]);
    expect(earlyCloses(2027)).toEqual(['2027-11-26']);
    expect(closures(2022)).not.toContain('2021-12-31');
    expect(closures(2022)[0]).toBe('2022-01-17'); // Jan 1 2022 was a Saturday: not observed
    expect(closures(2022)).toContain('2022-06-20'); // first Juneteenth, Sunday -> Monday
    expect(closures(2021)).not.toContain('2021-06-18'); // before Juneteenth was an NYSE holiday
    expect(closures(2023)[0]).toBe('2023-01-02');
  });

  it('labels entries', () => {
    const h = nyseHolidays(2025);
    expect(h.find((x) => x.date === '2025-11-27')?.name).toBe('Thanksgiving Day');
    expect(h.find((x) => x.date === '2025-04-18')?.name).toBe('Good Friday');
    expect(h.find((x) => x.date === '2025-11-28')).toMatchObject({ earlyClose: true });
    expect(h.find((x) => x.date === '2025-12-25')).not.toHaveProperty('earlyClose');
  });
});

describe('NYSE sessions', () => {
  it('is closed on Independence Day 2025 and Good Friday 2026', () => {
    expect(isOpen('NYSE', utc('2025-07-04T15:00'))).toBe(false);
    expect(marketStatus('NYSE', utc('2025-07-04T15:00')).reason).toBe('Closed: Independence Day');
    expect(isOpen('NYSE', utc('2026-04-03T15:00'))).toBe(false);
    expect(marketStatus('NYSE', utc('2026-04-03T15:00')).reason).toBe('Closed: Good Friday');
  });

  it('closes at 13:00 ET on the day after Thanksgiving 2025 (18:00 UTC)', () => {
    expect(isOpen('NYSE', utc('2025-11-28T17:59:59.999'))).toBe(true);
    expect(isOpen('NYSE', utc('2025-11-28T18:00'))).toBe(false);
    expect(nextClose('NYSE', utc('2025-11-28T15:00'))).toBe(utc('2025-11-28T18:00'));
    expect(marketStatus('NYSE', utc('2025-11-28T18:30')).reason).toBe('Closed: after hours');
  });

  it('closes at 13:00 EDT on July 3 2025 (17:00 UTC) and reopens Monday', () => {
    expect(nextClose('NYSE', utc('2025-07-03T14:00'))).toBe(utc('2025-07-03T17:00'));
    expect(nextOpen('NYSE', utc('2025-07-03T17:00'))).toBe(utc('2025-07-07T13:30'));
  });

  it('opens at 13:30 UTC in summer and 14:30 UTC in winter, across both DST switches', () => {
    // 2025-03-09 is the spring-forward Sunday.
    expect(nextOpen('NYSE', utc('2025-03-07T00:00'))).toBe(utc('2025-03-07T14:30'));
    expect(nextClose('NYSE', utc('2025-03-07T15:00'))).toBe(utc('2025-03-07T21:00'));
    expect(nextOpen('NYSE', utc('2025-03-07T22:00'))).toBe(utc('2025-03-10T13:30'));
    expect(nextClose('NYSE', utc('2025-03-10T15:00'))).toBe(utc('2025-03-10T20:00'));
    // 2025-11-02 is the fall-back Sunday.
    expect(nextOpen('NYSE', utc('2025-10-31T22:00'))).toBe(utc('2025-11-03T14:30'));
    expect(isOpen('NYSE', utc('2025-10-31T13:30'))).toBe(true);
    expect(isOpen('NYSE', utc('2025-11-03T13:30'))).toBe(false);
    expect(isOpen('NYSE', utc('2025-11-03T14:30'))).toBe(true);
  });

  it('uses the pre-2007 DST rule for old dates', () => {
    // 2006: DST began April 2; March 20 2006 was still EST.
    expect(nextOpen('NYSE', utc('2006-03-20T00:00'))).toBe(utc('2006-03-20T14:30'));
    expect(nextOpen('NYSE', utc('2006-04-03T00:00'))).toBe(utc('2006-04-03T13:30'));
  });

  it('explains why it is closed and when that changes', () => {
    expect(marketStatus('NYSE', utc('2025-07-05T15:00'))).toEqual({
      open: false, reason: 'Closed: weekend', nextChange: utc('2025-07-07T13:30'),
    });
    expect(marketStatus('NYSE', utc('2025-07-07T12:00'))).toEqual({
      open: false, reason: 'Closed: pre-market', nextChange: utc('2025-07-07T13:30'),
    });
    expect(marketStatus('NYSE', utc('2025-07-07T14:00'))).toEqual({
      open: true, reason: 'Open', nextChange: utc('2025-07-07T20:00'),
    });
    expect(marketStatus('NYSE', utc('2025-11-26T21:00'))).toEqual({
      open: false, reason: 'Closed: after hours', nextChange: utc('2025-11-28T14:30'),
    });
    expect(marketStatus('NYSE', utc('2025-11-27T15:00')).reason).toBe('Closed: Thanksgiving Day');
  });

  it('nextOpen returns the instant itself when open; nextClose of a closed day is the next session\'s', () => {
    const t = utc('2025-07-07T15:00');
    expect(nextOpen('NYSE', t)).toBe(t);
    expect(nextClose('NYSE', utc('2025-07-05T12:00'))).toBe(utc('2025-07-07T20:00'));
  });

  it('boundaries are consistent (property)', () => {
    const span = fc.integer({ min: utc('2000-01-01T00:00'), max: utc('2040-12-31T00:00') });
    fc.assert(
      fc.property(span, (t) => {
        const o = nextOpen('NYSE', t);
        expect(o).toBeGreaterThanOrEqual(t);
        expect(isOpen('NYSE', o)).toBe(true);
        if (o > t) expect(isOpen('NYSE', o - 1)).toBe(false);
        expect(o - t).toBeLessThan(6 * 86_400_000); // never more than a long weekend plus a holiday
        const c = nextClose('NYSE', t);
        expect(c).toBeGreaterThan(t);
        expect(isOpen('NYSE', c - 1)).toBe(true);
        expect(isOpen('NYSE', c)).toBe(false);
        expect(marketStatus('NYSE', t).open).toBe(isOpen('NYSE', t));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the platform time-zone database (property)', () => {
    // The implementation avoids Intl on purpose; the test uses it as an oracle.
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York', hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit',
    });
    const oracle = (t: number): boolean => {
      const p = Object.fromEntries(fmt.formatToParts(t).map((x) => [x.type, x.value]));
      if (p.weekday === 'Sat' || p.weekday === 'Sun') return false;
      const date = `${p.year}-${p.month}-${p.day}`;
      const h = nyseHolidays(Number(p.year)).find((x) => x.date === date);
      if (h && !h.earlyClose) return false;
      const m = Number(p.hour) * 60 + Number(p.minute);
      return m >= 570 && m < (h ? 780 : 960);
    };
    const span = fc.integer({ min: utc('2007-01-01T00:00'), max: utc('2037-12-31T00:00') });
    fc.assert(
      fc.property(span, (t) => {
        expect(isOpen('NYSE', t)).toBe(oracle(t));
      }),
      { numRuns: 2000 },
    );
    // Every half hour of 2025: every session edge, holiday and early close.
    let mismatches = 0;
    for (let t = utc('2025-01-01T00:00'); t < utc('2026-01-01T00:00'); t += 30 * MIN) {
      if (isOpen('NYSE', t) !== oracle(t)) mismatches++;
    }
    expect(mismatches).toBe(0);
    // And densely around the 2025 switches, at 1-minute resolution around each session edge.
    for (const day of ['2025-03-07', '2025-03-10', '2025-10-31', '2025-11-03']) {
      for (let t = utc(day + 'T13:00'); t < utc(day + 'T15:00'); t += MIN) expect(isOpen('NYSE', t)).toBe(oracle(t));
    }
  });
});

describe('24/7', () => {
  it('is always open and never closes', () => {
    const t = utc('2025-12-25T12:00');
    expect(isOpen('24/7', t)).toBe(true);
    expect(nextOpen('24/7', t)).toBe(t);
    expect(nextClose('24/7', t)).toBe(Infinity);
    expect(marketStatus('24/7', t)).toEqual({ open: true, reason: 'Open', nextChange: Infinity });
  });
});
