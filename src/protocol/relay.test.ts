import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code } from '../core/codes';
import { cleanName, NAME_MAX, parseClientMessage, parseClientText, parseJournalEntry, parseRoomCommand, parseServerMessage,
  readServerFrame, type ServerMessage } from './relay';
import { classroomSimConfig, parseScenario, type Scenario } from './relayScenario';

const scenario: Scenario = {
  title: 'Period 3', instruments: ['FUN', 'AAPL'], startingCash: 10_000, roundMinutes: 30, speed: 10,
  makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit', 'market'],
};
const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);

describe('parseScenario', () => {
  it('reads a scenario field by field, trims the title, drops what it does not know', () => {
    const r = parseScenario({ ...scenario, title: '  Period 3 ', seed: 42, __proto__: { x: 1 } });
    expect(r).toEqual({ ok: true, value: scenario });
    expect(parseScenario({ ...scenario, title: undefined })).toEqual({ ok: true, value: { ...scenario, title: '' } });
  });

  it('refuses unknown symbols, duplicates, empty lists, out-of-range numbers and speeds', () => {
    for (const bad of [
      { instruments: ['NOPE'] }, { instruments: ['FUN', 'FUN'] }, { instruments: [] }, { instruments: 'FUN' },
      { instruments: Array(9).fill('FUN') }, { startingCash: 50 }, { startingCash: 1e9 }, { startingCash: 100.5 },
      { roundMinutes: 0 }, { roundMinutes: NaN }, { speed: 7 }, { speed: '10' }, { makerFeeBps: -1 }, { takerFeeBps: 101 },
      { orderTypes: [] }, { orderTypes: ['iceberg'] }, { title: 'x'.repeat(61) }, { title: 5 },
    ]) expect(code(parseScenario({ ...scenario, ...bad })), JSON.stringify(bad)).not.toBe('ok');
  });

  it('builds the sim every student runs: the room’s instruments and fees, one person, one step per tick', () => {
    const cfg = classroomSimConfig(scenario, { botSeed: 9, start: 1000, tickMs: 1000 });
    expect(cfg.instruments!.map((s) => [s.symbol, s.makerFeeBps, s.takerFeeBps])).toEqual([['FUN', 0, 5], ['AAPL', 0, 5]]);
    expect([cfg.users, cfg.startingCash, cfg.seed, cfg.start, cfg.stepMs]).toEqual([['you'], 10_000, 9, 1000, 1000]);
  });
});

describe('cleanName', () => {
  it('keeps one readable line of at most NAME_MAX characters', () => {
    expect(cleanName('  Ada \n\u202e Lovelace\u0007 ')).toEqual({ ok: true, value: 'Ada Lovelace' });
    expect(cleanName('é'.repeat(NAME_MAX)).ok).toBe(true);
    expect(cleanName('😀'.repeat(NAME_MAX)).ok).toBe(true);
    for (const bad of ['', '   ', '\u0000', 'x'.repeat(NAME_MAX + 1), 5, null, { name: 'x' }]) expect(cleanName(bad).ok).toBe(false);
  });
});

describe('parseRoomCommand', () => {
  it('reads the four ops, never an account', () => {
    const place = parseRoomCommand({ op: 'place', symbol: 'FUN', side: 'buy', type: 'limit', price: 10, qty: 1, account: 'bot:mm:FUN', id: 'o1' });
    expect(place).toEqual({ ok: true, value: { op: 'place', id: 'o1', symbol: 'FUN', side: 'buy', type: 'limit', price: 10, qty: 1 } });
    expect(parseRoomCommand({ op: 'cancel', id: 'o1', account: 'x' })).toEqual({ ok: true, value: { op: 'cancel', id: 'o1' } });
    expect(parseRoomCommand({ op: 'modify', id: 'o1', qty: 2 })).toEqual({ ok: true, value: { op: 'modify', id: 'o1', qty: 2 } });
    expect(parseRoomCommand({ op: 'setRisk', rules: { maxOpenOrders: 3 } })).toEqual({ ok: true, value: { op: 'setRisk', rules: { maxOpenOrders: 3 } } });
    for (const op of ['deposit', 'withdraw', 'reset', 'strategyStart', '__proto__', undefined]) expect(parseRoomCommand({ op, amount: 1e9 }).ok).toBe(false);
  });
});

describe('parseJournalEntry', () => {
  const good = { seq: 1, input: { t: 'refs', tick: 0, prices: [['FUN', 100]] }, now: 5, equity: 10_000 };
  it('reads an entry and its input', () => {
    expect(parseJournalEntry(good)).toEqual({ ok: true, value: good });
    expect(parseJournalEntry({ ...good, input: { t: 'step', dt: 1000 } }).ok).toBe(true);
  });
  it('refuses a bad seq, input, clock or equity', () => {
    for (const bad of [
      { seq: 0 }, { seq: 1.5 }, { now: -1 }, { equity: NaN }, { equity: '1' }, { input: { t: 'ref', symbol: 'FUN', price: 1 } },
      { input: { t: 'synthetic', symbol: 'FUN' } }, { input: { t: 'step', dt: 0 } }, { input: { t: 'refs', tick: 0, prices: [['FUN', -1]] } },
      { input: { t: 'refs', tick: 0, prices: [['FUN']] } }, { input: { t: 'cmd', cmd: { op: 'deposit', amount: 5 } } },
    ]) expect(parseJournalEntry({ ...good, ...bad }).ok, JSON.stringify(bad)).toBe(false);
  });
});

describe('parseClientMessage', () => {
  it('reads each message type, keeps a ref, drops unknown fields', () => {
    const cases: Record<string, unknown>[] = [
      { type: 'create', scenario },
      { type: 'join', code: 'ABCDEF', name: 'Ada' },
      { type: 'rejoin', code: 'ABCDEF', token: 't' },
      { type: 'admin', code: 'ABCDEF', token: 't' },
      { type: 'round', action: 'pause' },
      { type: 'entries', entries: [] },
      { type: 'export' },
    ];
    for (const c of cases) {
      const r = parseClientMessage({ v: 1, ...c, ref: 7, extra: 1 });
      expect(r, String(c.type)).toEqual({ ok: true, value: { v: 1, ...c, ref: 7 } });
    }
    expect(parseClientMessage({ v: 1, type: 'join', code: ' abcdef ', name: 'Ada' })).toMatchObject({ ok: true, value: { code: 'ABCDEF' } });
  });

  it('refuses another version, an unknown type, prototype names, a bad code, and text that is not JSON', () => {
    expect(code(parseClientMessage({ type: 'export' }))).toBe(Code.INVALID_COMMAND);
    expect(code(parseClientMessage({ v: 2, type: 'export' }))).toBe(Code.INVALID_COMMAND);
    for (const type of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(code(parseClientMessage({ v: 1, type }))).toBe(Code.INVALID_COMMAND);
    for (const c of ['ABCDE', 'ABCDEFG', 'ABCDE0', 'ABCDEI', 7]) expect(parseClientMessage({ v: 1, type: 'join', code: c, name: 'x' }).ok).toBe(false);
    expect(code(parseClientText('{'))).toBe(Code.INVALID_COMMAND);
    expect(parseClientMessage(JSON.parse('{"v":1,"type":"export","__proto__":{"polluted":1}}'))).toEqual({ ok: true, value: { v: 1, type: 'export' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (x) => {
      // Any answer will do: the property is that none throws, and a failure is a result.
      for (const m of [x, { v: 1, type: 'entries', entries: [x] }, { v: 1, type: 'create', scenario: x }]) {
        const r = parseClientMessage(m);
        if (!r.ok) expect(typeof r.message).toBe('string');
      }
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.string(), (s) => void parseClientText(s)));
  });
});

describe('parseServerMessage', () => {
  it('reads every message the relay sends', () => {
    const sim = { botSeed: 1, start: 0, tickMs: 1000 };
    const row = { rank: 1, playerId: 'p1', name: 'Ada', equity: 10.5, returnPct: null, trades: 0, drawdownPct: 0, connected: true, verifiedSeq: 0, flagged: false };
    const msgs: ServerMessage[] = [
      { v: 1, type: 'created', code: 'ABCDEF', adminToken: 't', scenario, sim },
      { v: 1, type: 'joined', code: 'ABCDEF', playerId: 'p1', token: 't', name: 'Ada', scenario, sim, nextSeq: 1 },
      { v: 1, type: 'adminJoined', code: 'ABCDEF', scenario, sim },
      { v: 1, type: 'round', round: { state: 'running', marketNow: 5, endsAt: 10, tick: -1 } },
      { v: 1, type: 'prices', ticks: [{ tick: 0, t: 0, prices: [['FUN', 100]] }] },
      { v: 1, type: 'ack', seq: 3 },
      { v: 1, type: 'refused', seq: 3, code: 'OUT_OF_ORDER', message: 'x', expected: 2 },
      { v: 1, type: 'board', rows: [row] },
      { v: 1, type: 'roster', players: [{ playerId: 'p1', name: 'Ada', connected: false, verifiedSeq: 0, lastSeen: 0 }], flags: [{ playerId: 'p1', name: 'Ada', seq: 2, code: 'BACKDATED', message: 'm', at: 1 }] },
      { v: 1, type: 'csv', text: 'a,b\r\n' },
      { v: 1, type: 'error', code: 'BAD_TOKEN', message: 'm', ref: 4 },
    ];
    for (const m of msgs) expect(parseServerMessage(JSON.parse(JSON.stringify(m))), m.type).toEqual({ ok: true, value: m });
    expect(parseServerMessage({ v: 1, type: 'board', rows: [{ ...row, equity: 'lots' }] }).ok).toBe(false);
    expect(parseServerMessage({ v: 1, type: 'create' }).ok).toBe(false);
  });

  it('a frame from the relay: JSON text of a valid message, else nothing (binary, bad JSON, a bad message)', () => {
    const ack = { v: 1, type: 'ack', seq: 3 };
    expect(readServerFrame(JSON.stringify(ack))).toEqual(ack);
    expect(readServerFrame(new Uint8Array([1, 2]))).toBeNull();
    expect(readServerFrame('{"v":1,')).toBeNull();
    expect(readServerFrame(JSON.stringify({ v: 1, type: 'ack', seq: 'three' }))).toBeNull();
  });
});

describe('replay messages', () => {
  const entry = (seq: number) => ({ seq, input: { t: 'step', dt: 1000 }, now: 1000 * seq, equity: 10_000 });
  const page = (over: Record<string, unknown> = {}) => ({ playerId: 'p2', name: 'Ada', after: 3, last: 6, entries: [entry(4), entry(5)], ...over });

  it('reads a replay request: a seat and a seq from 0, nothing else', () => {
    expect(parseClientMessage({ v: 1, type: 'replay', playerId: 'p2', after: 0, ref: 3, room: 'X' })).toEqual({ ok: true, value: { v: 1, type: 'replay', playerId: 'p2', after: 0, ref: 3 } });
    for (const bad of [{}, { playerId: 'p2' }, { playerId: 'p2', after: -1 }, { playerId: 'p2', after: 1.5 }, { playerId: 'p2', after: '3' },
      { playerId: 2, after: 0 }, { playerId: 'x'.repeat(65), after: 0 }]) {
      expect(code(parseClientMessage({ v: 1, type: 'replay', ...bad })), JSON.stringify(bad)).toBe(Code.INVALID_COMMAND);
    }
  });

  it('reads a page whose entries run on from `after` without a gap, up to `last` at most', () => {
    const r = parseServerMessage({ v: 1, type: 'replayPage', ref: 1, page: page({ extra: 1 }) });
    expect(r).toEqual({ ok: true, value: { v: 1, type: 'replayPage', ref: 1, page: page() } });
    expect(parseServerMessage({ v: 1, type: 'replayPage', page: page({ after: 6, entries: [] }) }).ok).toBe(true);
    for (const bad of [
      { entries: [entry(5)] }, { entries: [entry(4), entry(6)] }, { entries: [entry(4), entry(4)] }, { after: 7 }, { last: 4 },
      { entries: Array.from({ length: 201 }, (_, i) => entry(4 + i)), last: 300 }, { entries: [{ ...entry(4), equity: 'x' }] },
      { name: '' }, { name: 'x'.repeat(25) }, { playerId: null }, { last: -1 },
    ]) expect(parseServerMessage({ v: 1, type: 'replayPage', page: page(bad) }).ok, JSON.stringify(bad).slice(0, 80)).toBe(false);
    expect(parseServerMessage({ v: 1, type: 'replayPage' }).ok).toBe(false);
  });

  it('never throws on a page, whatever it holds', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), (entries, after) => {
      const r = parseServerMessage({ v: 1, type: 'replayPage', page: { playerId: 'p1', name: 'A', after, last: 10, entries } });
      return typeof r.ok === 'boolean';
    }));
  });
});
