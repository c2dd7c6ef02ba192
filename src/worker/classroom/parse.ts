/** The classroom handlers' arguments, from the page (untrusted like any): a relay address and how to take a seat. */
import { Code, fail } from '../../core/codes';
import { cleanName, parseJournalEntry, parseRoomSim, ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, type JournalEntry } from '../../protocol/relay';
import type { Parser } from '../../protocol/parse';
import { listOf, parseScenario, SCENARIO_LIMITS, type RoomSim, type Scenario } from '../../protocol/relayScenario';
import type { SeatEntry } from './session';

const CODE_RE = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

/** A relay's socket address: ws: or wss:, nothing else (no credentials, no other scheme). */
export const parseRelayUrl: Parser<string> = (x) => {
  if (typeof x !== 'string' || x.length > 300) return fail(Code.INVALID_SETTING, 'The relay address must be text.');
  let u: URL;
  try { u = new URL(x); } catch { return fail(Code.INVALID_SETTING, 'The relay address is not a web address.'); }
  if ((u.protocol !== 'ws:' && u.protocol !== 'wss:') || u.username !== '' || u.password !== '') {
    return fail(Code.INVALID_SETTING, 'The relay address must start with ws:// or wss://.');
  }
  return { ok: true, value: u.href };
};

export const parseRoomCode: Parser<string> = (x) => {
  const code = typeof x === 'string' ? x.trim().toUpperCase() : '';
  return CODE_RE.test(code) ? { ok: true, value: code } : fail(Code.INVALID_SETTING, `A room code is ${ROOM_CODE_LENGTH} letters.`);
};

/** `{ url, code, name }` for a new seat or `{ url, code, token }` for this browser's own; read field by field. */
export const parseSeatEntry: Parser<SeatEntry> = (x) => {
  if (typeof x !== 'object' || x === null) return fail(Code.INVALID_SETTING, 'A seat must be an object.');
  const o = x as Record<string, unknown>;
  const url = parseRelayUrl(Object.hasOwn(o, 'url') ? o.url : undefined);
  if (!url.ok) return url;
  const code = parseRoomCode(Object.hasOwn(o, 'code') ? o.code : undefined);
  if (!code.ok) return code;
  if (Object.hasOwn(o, 'token')) {
    const t = o.token;
    if (typeof t !== 'string' || !/^[A-Za-z0-9_-]{8,100}$/.test(t)) return fail(Code.INVALID_SETTING, 'A player token is not valid.');
    return { ok: true, value: { url: url.value, code: code.value, token: t } };
  }
  const name = cleanName(Object.hasOwn(o, 'name') ? o.name : undefined);
  return name.ok ? { ok: true, value: { url: url.value, code: code.value, name: name.value } } : name;
};

/** A seat of the room, by the relay's id (`p1`, `p2`, …). */
export const parseSeatId: Parser<string> = (x) =>
  typeof x === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(x) ? { ok: true, value: x } : fail(Code.INVALID_COMMAND, 'A seat id is a short word.');

/** Where a replay page starts: after this entry (0: from the start). */
export const parseAfter: Parser<number> = (x) =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? { ok: true, value: x } : fail(Code.INVALID_COMMAND, 'A replay starts after a whole number of entries, from 0.');

/** The room a replay builds its sim from: the scenario and the public sim settings. */
export const parseReplayRoom: Parser<{ scenario: Scenario; sim: RoomSim }> = (x) => {
  if (typeof x !== 'object' || x === null) return fail(Code.INVALID_COMMAND, 'A replay needs the room.');
  const o = x as Record<string, unknown>;
  const scenario = parseScenario(Object.hasOwn(o, 'scenario') ? o.scenario : undefined);
  if (!scenario.ok) return scenario;
  const sim = parseRoomSim(Object.hasOwn(o, 'sim') ? o.sim : undefined);
  return sim.ok ? { ok: true, value: { scenario: scenario.value, sim: sim.value } } : sim;
};

/**
 * The entries of a session, each read as the relay's parser reads it: at most
 * a round's worth (a tick a second for the longest round, a step and prices
 * each, and as many commands again).
 */
export const MAX_REPLAY_ENTRIES = SCENARIO_LIMITS.maxRoundMinutes * 60 * 4;
export const parseReplayEntries: Parser<JournalEntry[]> = listOf(parseJournalEntry, MAX_REPLAY_ENTRIES, 'A session\'s entries');
