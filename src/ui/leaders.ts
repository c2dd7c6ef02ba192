import type { LeaderRow } from '../protocol';

/**
 * What the Leaderboard page shows of the worker's ranking (issue 13): people
 * and strategies, the bots only when the person asks for them, and the top
 * `limit`. The rank is the place among the rows shown, so a person is 1st of
 * the people, not 57th behind market makers they never chose to compete with.
 */

export const TOP = 50;
const BOTS_KEY = 'bourse.leaderboard.bots';

export interface ShownLeader extends LeaderRow {
  rank: number;
}

export function isBot(r: LeaderRow): boolean {
  return r.kind === 'maker' || r.kind === 'noise';
}

/** The rows to show, in the worker's order, ranked among themselves; `total` is how many there are before the limit. */
export function shownLeaders(rows: readonly LeaderRow[], opts: { bots: boolean; limit: number }): { rows: ShownLeader[]; total: number } {
  const kept = opts.bots ? rows : rows.filter((r) => !isBot(r));
  return { rows: kept.slice(0, Math.max(0, opts.limit)).map((r, i) => ({ ...r, rank: i + 1 })), total: kept.length };
}

/** The "show bots" choice, remembered on this device (a display preference: it lives with the page, like the theme). */
export function readShowBots(): boolean {
  try {
    return localStorage.getItem(BOTS_KEY) === '1';
  } catch {
    return false;
  }
}

export function saveShowBots(on: boolean): void {
  try {
    localStorage.setItem(BOTS_KEY, on ? '1' : '0');
  } catch {
    // Private mode: the choice lasts for this visit.
  }
}
