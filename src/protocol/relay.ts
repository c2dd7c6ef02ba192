/**
 * The classroom relay's protocol, version 1: every message between the app
 * (a teacher's or a student's) and the relay, as JSON text over one
 * WebSocket, and a parser per message for each side (both sides read the
 * other's messages as untrusted). Every message has `v: 1` and a `type`; a
 * client may add `ref` (a number) to a request, and the answer to it, an
 * error included, carries the same `ref`.
 *
 * Decimals and names only: engine units never cross. A student's entries are
 * their sim's inputs (src/core/sim: `step`, the relay's price ticks `refs`,
 * their commands `cmd`), each with what the student's sim says it reached
 * after it (`now`, `equity`): the relay replays the inputs and believes the
 * claims only when its own replay reaches the same. src/relay/README.md has
 * the exchange of messages in order.
 */
import { Code, fail, type Failure } from '../core/codes';
import type { RiskRules } from '../core/portfolio/risk';
import type { OrderTicket } from './commands';
import { finite, nullable, oneOf, optional, parseOrderChange, parseOrderTicket, parseRiskRules, record, shown, text, type Parsed, type Parser } from './parse';
import { listOf, parseScenario, type RoomSim, type Scenario } from './relayScenario';

export const RELAY_VERSION = 1;

/**
 * The relay's own refusals, beside the engine's codes (a malformed message is
 * the engine's INVALID_COMMAND, with a message that says which field).
 */
export const RelayCode = {
  UNKNOWN_ROOM: 'UNKNOWN_ROOM',
  BAD_TOKEN: 'BAD_TOKEN',
  NOT_ALLOWED: 'NOT_ALLOWED',
  NAME_TAKEN: 'NAME_TAKEN',
  ROOM_FULL: 'ROOM_FULL',
  RATE_LIMITED: 'RATE_LIMITED',
  ROUND_STATE: 'ROUND_STATE',
  /** An entry was not verified: the student is flagged (entryFlag says why). */
  REFUSED: 'REFUSED',
  /** Entries out of order: resend from `expected`. Not a flag (a network hiccup). */
  OUT_OF_ORDER: 'OUT_OF_ORDER',
  /** A replay asked for a seat the room does not have. */
  UNKNOWN_SEAT: 'UNKNOWN_SEAT',
} as const;
export type RelayCode = (typeof RelayCode)[keyof typeof RelayCode] | Code;

/**
 * Why a student's entry was refused and the student flagged (the teacher's
 * view shows it). Everything after the refused entry is left unverified: the
 * student's own sim has gone where the relay's cannot follow.
 */
export const FlagCode = {
  /** An entry already verified came again with other content. */
  TAMPERED: 'TAMPERED',
  /** Replayed, the entry does not reach the clock the student's sim says it reached. */
  DOES_NOT_REPLAY: 'DOES_NOT_REPLAY',
  /** Replayed, the entry does not leave the equity the student claims. */
  EQUITY_MISMATCH: 'EQUITY_MISMATCH',
  /** A command at a market time earlier than what the student had already been sent, beyond the tolerance. */
  BACKDATED: 'BACKDATED',
  /** An order type the room does not allow. */
  ORDER_TYPE: 'ORDER_TYPE',
  /** A price tick out of order, not yet published, at the wrong time, or with other prices than the relay's. */
  WRONG_PRICES: 'WRONG_PRICES',
  /** A step past a price tick the sim has not taken. */
  CLOCK_AHEAD: 'CLOCK_AHEAD',
} as const;
export type FlagCode = (typeof FlagCode)[keyof typeof FlagCode];

export const NAME_MAX = 24;
export const ROOM_CODE_LENGTH = 6;
/** Letters that cannot be read as another (no I, L, O, 0, 1, U/V pairs): a code read aloud in a classroom. */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ';
export const MAX_ENTRIES_PER_MESSAGE = 200;
export const MAX_PRICES_PER_TICK = 8;
/**
 * A replay page holds at most this many entries and this many bytes of them
 * (the relay's own 16 KiB frame limit, with room for the envelope): a
 * session is a few thousand entries, so it comes in pages the app asks for
 * one after the other, and no message is huge.
 */
export const REPLAY_PAGE_ENTRIES = 200;
export const REPLAY_PAGE_BYTES = 12 * 1024;

export type RoundAction = 'start' | 'pause' | 'resume' | 'end';
export const ROUND_ACTIONS: readonly RoundAction[] = ['start', 'pause', 'resume', 'end'];
export type RoundState = 'lobby' | 'running' | 'paused' | 'ended';
export const ROUND_STATES: readonly RoundState[] = ['lobby', 'running', 'paused', 'ended'];

// ------------------------------------------------------------------ a student's entries

/** A student's command in their own sim (the account is their seat's, never a field). */
export type RoomCommand =
  | ({ op: 'place'; id?: string } & OrderTicket)
  | { op: 'cancel'; id: string }
  | { op: 'modify'; id: string; price?: number; stopPrice?: number; qty?: number }
  | { op: 'setRisk'; rules: RiskRules };

export type EntryInput =
  | { t: 'step'; dt: number }
  | { t: 'refs'; tick: number; prices: [symbol: string, price: number][] }
  | { t: 'cmd'; cmd: RoomCommand };

export interface JournalEntry {
  /** 1, 2, 3, … per student, no gaps. */
  seq: number;
  input: EntryInput;
  /** The student's sim clock after the input, UTC ms. */
  now: number;
  /** The student's equity after the input, decimals of the cash asset. */
  equity: number;
}

/** A price tick the relay publishes: tick k is the market at `t` = start + k × tickMs. */
export interface PriceTick {
  tick: number;
  t: number;
  prices: [symbol: string, price: number][];
}

// ------------------------------------------------------------------ client → relay

export type ClientMessage = { v: 1; ref?: number } & (
  | { type: 'create'; scenario: Scenario }
  | { type: 'join'; code: string; name: string }
  | { type: 'rejoin'; code: string; token: string }
  | { type: 'admin'; code: string; token: string }
  | { type: 'round'; action: RoundAction }
  | { type: 'entries'; entries: JournalEntry[] }
  | { type: 'export' }
  /** After the round: a seat's verified entries after `after` (0: from the start), one page. */
  | { type: 'replay'; playerId: string; after: number }
);

// ------------------------------------------------------------------ relay → client

export interface RoundView {
  state: RoundState;
  /** Market time now, UTC ms (the round's clock). */
  marketNow: number;
  /** Market time the round ends at. */
  endsAt: number;
  /** Newest tick published. -1 before the start. */
  tick: number;
}

export interface BoardRow {
  rank: number;
  playerId: string;
  name: string;
  /** Decimals of the cash asset: the last verified equity. */
  equity: number;
  /** On net deposits; null when there is no base to measure one on. */
  returnPct: number | null;
  trades: number;
  /** Largest fall from a peak of verified equity, %. */
  drawdownPct: number;
  connected: boolean;
  verifiedSeq: number;
  flagged: boolean;
}

export interface RosterRow {
  playerId: string;
  name: string;
  connected: boolean;
  verifiedSeq: number;
  /** Relay wall clock of the last message from this student, UTC ms (0: never). */
  lastSeen: number;
}

export interface FlagView {
  playerId: string;
  name: string;
  seq: number;
  code: string;
  message: string;
  /** Relay wall clock, UTC ms. */
  at: number;
}

export type ServerMessage = { v: 1; ref?: number } & (
  | { type: 'created'; code: string; adminToken: string; scenario: Scenario; sim: RoomSim }
  | { type: 'joined'; code: string; playerId: string; token: string; name: string; scenario: Scenario; sim: RoomSim; nextSeq: number }
  | { type: 'adminJoined'; code: string; scenario: Scenario; sim: RoomSim }
  | { type: 'round'; round: RoundView }
  | { type: 'prices'; ticks: PriceTick[] }
  | { type: 'ack'; seq: number }
  | { type: 'refused'; seq: number; code: string; message: string; expected?: number }
  | { type: 'board'; rows: BoardRow[] }
  | { type: 'roster'; players: RosterRow[]; flags: FlagView[] }
  | { type: 'csv'; text: string }
  | { type: 'replayPage'; page: ReplayPage }
  | { type: 'error'; code: string; message: string }
);

/**
 * One page of a seat's session for a replay: only entries the relay verified,
 * in order, from `after + 1`. `last` is the seat's last verified entry: the
 * app asks again from the page's last seq until it has reached it.
 */
export interface ReplayPage {
  playerId: string;
  name: string;
  after: number;
  last: number;
  entries: JournalEntry[];
}

// ------------------------------------------------------------------ parsers: building blocks

const bad = (message: string): Failure => fail(Code.INVALID_COMMAND, message);
const str = (what: string, max: number): Parser<string> => (x) =>
  typeof x === 'string' && x.length <= max ? { ok: true, value: x } : bad(`${what} must be text of at most ${max} characters.`);
const int = (what: string, lo: number, hi = Number.MAX_SAFE_INTEGER): Parser<number> => (x) =>
  typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi ? { ok: true, value: x } : bad(`${what} must be a whole number from ${lo}, not ${shown(x)}.`);
const num = (what: string): Parser<number> => finite(Code.INVALID_COMMAND, `${what} must be a finite number.`);
const flag = (what: string): Parser<boolean> => (x) => (typeof x === 'boolean' ? { ok: true, value: x } : bad(`${what} must be true or false.`));
const rec = <T extends object>(schema: Parameters<typeof record<T>>[0], what: string): Parser<T> => record<T>(schema, Code.INVALID_COMMAND, `${what} must be an object.`);

/** Own fields of a plain object, or null (the type and version are read before the body). */
function ownField(x: unknown, k: string): unknown {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || !Object.hasOwn(x, k)) return undefined;
  return (x as Record<string, unknown>)[k];
}

/** A price pair `[symbol, price]`. */
const pricePair: Parser<[string, number]> = (x) => {
  if (!Array.isArray(x) || x.length !== 2) return bad('A price is a [symbol, price] pair.');
  const s = str('A symbol', 20)(x[0]);
  if (!s.ok) return s;
  const p = num('A price')(x[1]);
  if (!p.ok) return p;
  if (!(p.value > 0)) return bad('A price must be above zero.');
  return { ok: true, value: [s.value, p.value] };
};
const prices = listOf(pricePair, MAX_PRICES_PER_TICK, 'Prices') as Parser<[string, number][]>;

// ------------------------------------------------------------------ parsers: entries

const orderId = optional(str('An order id', 64));
const placeFields = (x: unknown): Parsed<RoomCommand> => {
  const t = parseOrderTicket(x);
  if (!t.ok) return t;
  const id = orderId(ownField(x, 'id'));
  if (!id.ok) return id;
  return { ok: true, value: id.value === undefined ? { op: 'place', ...t.value } : { op: 'place', id: id.value, ...t.value } };
};

/** A student's command: one of four ops, each read field by field (an `account` is never read). */
export const parseRoomCommand: Parser<RoomCommand> = (x) => {
  const op = ownField(x, 'op');
  switch (op) {
    case 'place':
      return placeFields(x);
    case 'cancel': {
      const id = str('An order id', 64)(ownField(x, 'id'));
      return id.ok ? { ok: true, value: { op, id: id.value } } : id;
    }
    case 'modify': {
      const id = str('An order id', 64)(ownField(x, 'id'));
      if (!id.ok) return id;
      const ch = parseOrderChange(x);
      return ch.ok ? { ok: true, value: { op, id: id.value, ...ch.value } } : ch;
    }
    case 'setRisk': {
      const rules = parseRiskRules(ownField(x, 'rules'));
      return rules.ok ? { ok: true, value: { op, rules: rules.value } } : rules;
    }
    default:
      return bad(`A command's op must be place, cancel, modify or setRisk, not ${shown(op ?? null)}.`);
  }
};

export const parseEntryInput: Parser<EntryInput> = (x) => {
  const t = ownField(x, 't');
  if (t === 'step') {
    const dt = int('A step', 1, 3_600_000)(ownField(x, 'dt'));
    return dt.ok ? { ok: true, value: { t, dt: dt.value } } : dt;
  }
  if (t === 'refs') {
    const tick = int('A tick', 0)(ownField(x, 'tick'));
    if (!tick.ok) return tick;
    const p = prices(ownField(x, 'prices'));
    return p.ok ? { ok: true, value: { t, tick: tick.value, prices: p.value } } : p;
  }
  if (t === 'cmd') {
    const c = parseRoomCommand(ownField(x, 'cmd'));
    return c.ok ? { ok: true, value: { t, cmd: c.value } } : c;
  }
  return bad(`An entry's input is a step, refs or cmd, not ${shown(t ?? null)}.`);
};

export const parseJournalEntry: Parser<JournalEntry> = rec<JournalEntry>(
  { seq: int('seq', 1), input: parseEntryInput, now: int('now', 0), equity: num('equity') },
  'An entry',
);

// ------------------------------------------------------------------ parsers: client messages

const code = (x: unknown): Parsed<string> => {
  if (typeof x !== 'string') return bad('A room code must be text.');
  const c = x.trim().toUpperCase();
  if (c.length !== ROOM_CODE_LENGTH || [...c].some((ch) => !ROOM_CODE_ALPHABET.includes(ch))) return bad(`A room code is ${ROOM_CODE_LENGTH} letters.`);
  return { ok: true, value: c };
};
const token = str('A token', 128);

/**
 * A display name: trimmed, control characters and line breaks out, at most
 * NAME_MAX characters (code points), not empty. The app renders it as text;
 * this only keeps it one readable line.
 */
export function cleanName(x: unknown): Parsed<string> {
  if (typeof x !== 'string' || x.length > 4 * NAME_MAX) return bad(`A name must be text of at most ${NAME_MAX} characters.`);
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const name = x.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  if (name === '') return bad('A name cannot be empty.');
  if ([...name].length > NAME_MAX) return bad(`A name has at most ${NAME_MAX} characters.`);
  return { ok: true, value: name };
}

const CLIENT: Record<ClientMessage['type'], Parser<object>> = {
  create: rec({ scenario: parseScenario }, 'A create'),
  join: rec({ code, name: cleanName }, 'A join'),
  rejoin: rec({ code, token }, 'A rejoin'),
  admin: rec({ code, token }, 'An admin'),
  round: rec({ action: oneOf(ROUND_ACTIONS, Code.INVALID_COMMAND, (x) => `A round action is start, pause, resume or end, not ${shown(x)}.`) }, 'A round'),
  entries: rec({ entries: listOf(parseJournalEntry, MAX_ENTRIES_PER_MESSAGE, 'Entries') }, 'Entries'),
  export: rec({}, 'An export'),
  replay: rec({ playerId: str('A seat id', 64), after: int('after', 0) }, 'A replay'),
};

/** The `ref` of a request, if it has a usable one: an error about the message can still carry it. */
export function refOf(x: unknown): number | undefined {
  const r = ownField(x, 'ref');
  return typeof r === 'number' && Number.isSafeInteger(r) ? r : undefined;
}

function envelope<T extends { type: string }>(x: unknown, table: Record<string, Parser<object>>, side: string): Parsed<T> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return bad(`A ${side} message must be a JSON object.`);
  const v = ownField(x, 'v');
  if (v !== RELAY_VERSION) return bad(`Protocol version ${shown(v ?? null)} is not spoken here (version ${RELAY_VERSION}).`);
  const type = ownField(x, 'type');
  const p = typeof type === 'string' && Object.hasOwn(table, type) ? table[type] : undefined;
  if (p === undefined) return bad(`Unknown ${side} message type ${shown(type ?? null)}.`);
  const body = p(x);
  if (!body.ok) return body;
  const ref = refOf(x);
  const out = { v: RELAY_VERSION, type, ...body.value } as unknown as T & { ref?: number };
  if (ref !== undefined) out.ref = ref;
  return { ok: true, value: out };
}

/** A message from an app, as the relay reads it. */
export function parseClientMessage(x: unknown): Parsed<ClientMessage> {
  return envelope<ClientMessage>(x, CLIENT, 'client');
}

/** Text off the socket: JSON, then the message. Never throws. */
export function parseClientText(raw: string): Parsed<ClientMessage> {
  let x: unknown;
  try {
    x = JSON.parse(raw);
  } catch {
    return bad('A message must be JSON.');
  }
  return parseClientMessage(x);
}

// ------------------------------------------------------------------ parsers: relay messages (the app's side)

/** A room's public sim settings (the relay's `created` / `joined`), read field by field. */
export const parseRoomSim = rec<RoomSim>({ botSeed: int('botSeed', 0), start: int('start', 0), tickMs: int('tickMs', 1) }, 'A room sim');
const scenario: Parser<Scenario> = parseScenario;
const priceTick = rec<PriceTick>({ tick: int('tick', 0), t: int('t', 0), prices }, 'A price tick');
const roundView = rec<RoundView>(
  {
    state: oneOf(ROUND_STATES, Code.INVALID_COMMAND, (x) => `Unknown round state ${shown(x)}.`),
    marketNow: int('marketNow', 0), endsAt: int('endsAt', 0), tick: int('tick', -1),
  },
  'A round',
);
const boardRow = rec<BoardRow>(
  {
    rank: int('rank', 1), playerId: str('playerId', 64), name: cleanName, equity: num('equity'),
    returnPct: nullable(num('returnPct')), trades: int('trades', 0), drawdownPct: num('drawdownPct'),
    connected: flag('connected'), verifiedSeq: int('verifiedSeq', 0), flagged: flag('flagged'),
  },
  'A board row',
);
const rosterRow = rec<RosterRow>(
  { playerId: str('playerId', 64), name: cleanName, connected: flag('connected'), verifiedSeq: int('verifiedSeq', 0), lastSeen: int('lastSeen', 0) },
  'A roster row',
);
const flagView = rec<FlagView>(
  { playerId: str('playerId', 64), name: cleanName, seq: int('seq', 0), code: str('code', 40), message: str('message', 500), at: int('at', 0) },
  'A flag',
);
const many = <T>(p: Parser<T>, what: string) => listOf(p, 100_000, what) as Parser<T[]>;
/** A replay page: its entries run on from `after` without a gap, and end at `last` at most. */
const replayPage: Parser<ReplayPage> = (x) => {
  const p = rec<ReplayPage>(
    { playerId: str('playerId', 64), name: cleanName, after: int('after', 0), last: int('last', 0), entries: listOf(parseJournalEntry, REPLAY_PAGE_ENTRIES, 'Entries') as Parser<JournalEntry[]> },
    'A replay page',
  )(x);
  if (!p.ok) return p;
  const { after, last, entries } = p.value;
  if (after > last) return bad(`A replay page starts after entry ${after}, past the seat's last (${last}).`);
  for (let i = 0; i < entries.length; i++) {
    if (entries[i].seq !== after + 1 + i) return bad(`A replay page's entries must run on from ${after + 1} without a gap.`);
  }
  if (after + entries.length > last) return bad(`A replay page runs past the seat's last entry (${last}).`);
  return p;
};

const SERVER: Record<ServerMessage['type'], Parser<object>> = {
  created: rec({ code, adminToken: token, scenario, sim: parseRoomSim }, 'A created'),
  joined: rec({ code, playerId: str('playerId', 64), token, name: cleanName, scenario, sim: parseRoomSim, nextSeq: int('nextSeq', 1) }, 'A joined'),
  adminJoined: rec({ code, scenario, sim: parseRoomSim }, 'An adminJoined'),
  round: rec({ round: roundView }, 'A round'),
  prices: rec({ ticks: many(priceTick, 'Ticks') }, 'Prices'),
  ack: rec({ seq: int('seq', 0) }, 'An ack'),
  refused: rec({ seq: int('seq', 0), code: str('code', 40), message: str('message', 500), expected: optional(int('expected', 1)) }, 'A refusal'),
  board: rec({ rows: many(boardRow, 'Rows') }, 'A board'),
  roster: rec({ players: many(rosterRow, 'Players'), flags: many(flagView, 'Flags') }, 'A roster'),
  csv: rec({ text: text(Code.INVALID_COMMAND, 'A CSV must be text.') }, 'A CSV'),
  replayPage: rec({ page: replayPage }, 'A replay page'),
  error: rec({ code: str('code', 40), message: str('message', 500) }, 'An error'),
};

/** A message from the relay, as the app reads it. */
export function parseServerMessage(x: unknown): Parsed<ServerMessage> {
  return envelope<ServerMessage>(x, SERVER, 'relay');
}

/**
 * What the app needs of a WebSocket to the relay: the browser's, or `ws`'s in
 * tests. `never` parameters: the socket calls these with its own event
 * types, of which the app reads only `data`.
 */
export interface RelaySocket {
  readonly readyState: number;
  send(text: string): void;
  close(): void;
  onopen: ((e: never) => void) | null;
  onmessage: ((e: never) => void) | null;
  onclose: ((e: never) => void) | null;
  onerror: ((e: never) => void) | null;
}

/**
 * A WebSocket frame from the relay as the app takes it: text holding JSON of
 * a valid message, or null (a binary frame, bad JSON or a bad message is
 * dropped: the relay answers every request, and a client waits for that).
 */
export function readServerFrame(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  const m = parseServerMessage(raw);
  return m.ok ? m.value : null;
}
