/**
 * A classroom round's scenario, as a teacher sets it and every student's sim
 * builds from it: the parser (untrusted input, field by field) and the one
 * function that turns a scenario into a sim config. The app and the relay both
 * call `classroomSimConfig`, so the sim a student runs and the sim the relay
 * replays them with are built from the same code.
 */
import { Code, fail } from '../core/codes';
import { findInstrument, type InstrumentSpec } from '../core/market/instruments';
import type { SimConfig } from '../core/sim/config';
import { finite, oneOf, optional, record, shown, text, type Parsed, type Parser } from './parse';

/** Order types a teacher may allow (the ticket's names). */
export const ROOM_ORDER_TYPES = ['limit', 'market', 'stop', 'stop_limit'] as const;
export type RoomOrderType = (typeof ROOM_ORDER_TYPES)[number];

/** How fast the market runs: market milliseconds per wall millisecond. */
export const ROOM_SPEEDS = [1, 2, 5, 10, 30, 60] as const;

export const SCENARIO_LIMITS = {
  maxInstruments: 8,
  minCash: 100,
  maxCash: 10_000_000,
  /** Market minutes in a round. */
  maxRoundMinutes: 24 * 60,
  maxFeeBps: 100,
  maxTitle: 60,
} as const;

/** What a teacher chooses (decimals; instruments by catalogue symbol). */
export interface Scenario {
  title: string;
  instruments: string[];
  startingCash: number;
  /** Length of the round in market minutes. */
  roundMinutes: number;
  speed: (typeof ROOM_SPEEDS)[number];
  makerFeeBps: number;
  takerFeeBps: number;
  orderTypes: RoomOrderType[];
}

/**
 * What a student's app needs besides the scenario to build the very sim the
 * relay replays: the bots' seed (public: the bots are each student's own,
 * the MARKET's seed stays on the relay), the market clock's start and the
 * price tick's length. Every student's account in their own sim is `you`.
 */
export interface RoomSim {
  botSeed: number;
  /** Market time of tick 0, UTC ms. */
  start: number;
  /** Market ms between two published price ticks. */
  tickMs: number;
}

export const CLASSROOM_ACCOUNT = 'you';

const n = (what: string) => finite(Code.INVALID_SETTING, `${what} must be a number.`);

function within(p: Parser<number>, lo: number, hi: number, what: string, integer = false): Parser<number> {
  return (x) => {
    const r = p(x);
    if (!r.ok) return r;
    if (r.value < lo || r.value > hi || (integer && !Number.isInteger(r.value))) {
      return fail(Code.INVALID_SETTING, `${what} must be ${integer ? 'a whole number ' : ''}from ${lo} to ${hi}, not ${shown(x)}.`);
    }
    return r;
  };
}

/** A list read item by item, with a length bound; a non-list or a bad item refuses the whole. */
export function listOf<T>(item: Parser<T>, max: number, what: string): Parser<T[]> {
  return (x) => {
    if (!Array.isArray(x)) return fail(Code.INVALID_SETTING, `${what} must be a list.`);
    if (x.length > max) return fail(Code.INVALID_SETTING, `${what}: at most ${max}.`);
    const out: T[] = [];
    for (let i = 0; i < x.length; i++) {
      const r = item(x[i]);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  };
}

const symbol: Parser<string> = (x) => {
  if (typeof x !== 'string' || x.length > 20) return fail(Code.UNKNOWN_SYMBOL, `Unknown instrument ${shown(x)}.`);
  const spec = findInstrument(x);
  return spec === undefined ? fail(Code.UNKNOWN_SYMBOL, `Unknown instrument ${shown(x)}.`) : { ok: true, value: spec.symbol };
};

const shape = record<Scenario>(
  {
    title: optional(text(Code.INVALID_SETTING, 'A title must be text.')) as Parser<string>,
    instruments: listOf(symbol, SCENARIO_LIMITS.maxInstruments, 'Instruments'),
    startingCash: within(n('Starting cash'), SCENARIO_LIMITS.minCash, SCENARIO_LIMITS.maxCash, 'Starting cash', true),
    roundMinutes: within(n('Round length'), 1, SCENARIO_LIMITS.maxRoundMinutes, 'Round length (minutes)', true),
    speed: oneOf(ROOM_SPEEDS, Code.INVALID_SETTING, (x) => `Speed must be one of ${ROOM_SPEEDS.join(', ')}, not ${shown(x)}.`),
    makerFeeBps: within(n('Maker fee'), 0, SCENARIO_LIMITS.maxFeeBps, 'Maker fee (bps)'),
    takerFeeBps: within(n('Taker fee'), 0, SCENARIO_LIMITS.maxFeeBps, 'Taker fee (bps)'),
    orderTypes: listOf(
      oneOf(ROOM_ORDER_TYPES, Code.INVALID_SETTING, (x) => `Unknown order type ${shown(x)}.`),
      ROOM_ORDER_TYPES.length,
      'Order types',
    ),
  },
  Code.INVALID_SETTING,
  'A scenario must be an object.',
);

/** A scenario from untrusted input: shape, ranges, known symbols, no duplicates, at least one order type. */
export function parseScenario(x: unknown): Parsed<Scenario> {
  const r = shape(x);
  if (!r.ok) return r;
  const s = r.value;
  const title = (s.title ?? '').trim();
  if (title.length > SCENARIO_LIMITS.maxTitle) return fail(Code.INVALID_SETTING, `A title has at most ${SCENARIO_LIMITS.maxTitle} characters.`);
  if (s.instruments.length === 0) return fail(Code.INVALID_SETTING, 'A scenario needs at least one instrument.');
  if (new Set(s.instruments).size !== s.instruments.length) return fail(Code.INVALID_SETTING, 'An instrument is listed twice.');
  if (s.orderTypes.length === 0) return fail(Code.INVALID_SETTING, 'Allow at least one order type.');
  return { ok: true, value: { ...s, title, orderTypes: [...new Set(s.orderTypes)] } };
}

/** The scenario's instruments as the sim lists them: the catalogue's, with the room's fees. */
export function scenarioInstruments(s: Scenario): InstrumentSpec[] {
  return s.instruments.map((sym) => ({ ...findInstrument(sym)!, makerFeeBps: s.makerFeeBps, takerFeeBps: s.takerFeeBps }));
}

/**
 * The sim every student of a room runs, and the relay replays: one person
 * (`you`), the room's instruments and cash, the bots seeded with the room's
 * public bot seed, one sim step per price tick.
 */
export function classroomSimConfig(s: Scenario, sim: RoomSim): SimConfig {
  return {
    seed: sim.botSeed,
    start: sim.start,
    instruments: scenarioInstruments(s),
    users: [CLASSROOM_ACCOUNT],
    startingCash: s.startingCash,
    stepMs: sim.tickMs,
    // Fewer noise accounts than the app's default: the relay replays a sim per student.
    noiseAccounts: 4,
  };
}
