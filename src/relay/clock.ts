/**
 * A round's clock: the relay's, never a student's. Market time runs at the
 * room's speed while the round runs, stands still while it is paused, and
 * stops at the round's length. Plain data in and out (`ClockState`), so the
 * store can keep it and a restarted relay go on from it: wall time is passed
 * in, never read here.
 */
import type { RoundAction, RoundState } from '../protocol/relay';

export interface ClockState {
  state: RoundState;
  /** Market ms since the round's start, as of `wallAt`. */
  elapsed: number;
  /** Relay wall clock (UTC ms) at which `elapsed` was read. */
  wallAt: number;
}

export const LOBBY: ClockState = { state: 'lobby', elapsed: 0, wallAt: 0 };

/** Market ms elapsed at wall time `now`, never past the round's length. */
export function elapsedAt(c: ClockState, now: number, speed: number, lengthMs: number): number {
  const e = c.state === 'running' ? c.elapsed + Math.max(0, now - c.wallAt) * speed : c.elapsed;
  return Math.min(Math.floor(e), lengthMs);
}

/**
 * The clock after an action, or a sentence saying why it cannot be taken now
 * (start only from the lobby, pause only while running, resume only while
 * paused, end unless already ended).
 */
export function act(c: ClockState, action: RoundAction, now: number, speed: number, lengthMs: number): ClockState | string {
  const elapsed = elapsedAt(c, now, speed, lengthMs);
  switch (action) {
    case 'start':
      return c.state === 'lobby' ? { state: 'running', elapsed: 0, wallAt: now } : 'The round has already started.';
    case 'pause':
      return c.state === 'running' ? { state: 'paused', elapsed, wallAt: now } : 'Only a running round can be paused.';
    case 'resume':
      return c.state === 'paused' ? { state: 'running', elapsed, wallAt: now } : 'Only a paused round can be resumed.';
    case 'end':
      return c.state === 'ended' ? 'The round has already ended.' : { state: 'ended', elapsed, wallAt: now };
  }
}
