/**
 * A session replayed for watching: steps a tick at a time, the person's
 * actions with their fills, what the account held after each, and the very
 * figures the relay's verifier reaches. Sessions are made with the relay's
 * own student and prices (a test may use another layer's kit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalEntry, RoomCommand } from '../../protocol/relay';
import { CLASSROOM_ACCOUNT, classroomSimConfig, type RoomSim, type Scenario } from '../../protocol/relayScenario';
import { RoomPrices } from '../../relay/prices';
import { SimStudent } from '../../relay/student';
import { PlayerVerifier } from '../../relay/verify';
import { isAction, replaySession, SessionReplayer } from './sessionReplay';

const scenario: Scenario = {
  title: 'Test', instruments: ['FUN', 'MEME'], startingCash: 10_000, roundMinutes: 10, speed: 60,
  makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit', 'market', 'stop'],
};
const roomSim: RoomSim = { botSeed: 7, start: Date.UTC(2030, 0, 7, 14, 30), tickMs: 1000 };
const cfg = classroomSimConfig(scenario, roomSim);

/** A session of `ticks` ticks with the commands at the ticks given. */
function session(ticks: number, commands: Map<number, RoomCommand[]>): { entries: JournalEntry[]; student: SimStudent; prices: RoomPrices } {
  const prices = new RoomPrices('secret', scenario, roomSim);
  const student = new SimStudent(scenario, roomSim);
  const entries: JournalEntry[] = [];
  for (let k = 0; k < ticks; k++) {
    entries.push(...student.take(prices.at(k)));
    for (const c of commands.get(k) ?? []) entries.push(student.command(c));
  }
  return { entries, student, prices };
}

/** The relay's verifier over the same entries: its equity, decimals. */
function verified(entries: JournalEntry[], prices: RoomPrices): number {
  const v = new PlayerVerifier(scenario, roomSim, prices);
  for (const e of entries) v.restore(e);
  return v.decimals(v.equity());
}

describe('SessionReplayer', () => {
  it('makes a step of each tick and of each command, with fills, positions, orders, cash and equity after it', () => {
    const { entries, student, prices } = session(12, new Map([
      [4, [{ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 4 } as RoomCommand]],
      [6, [{ op: 'place', symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1 } as RoomCommand]],
      [8, [{ op: 'cancel', id: 'nope' } as RoomCommand]],
    ]));
    const r = replaySession(cfg, CLASSROOM_ACCOUNT, entries);
    if (!r.ok) throw new Error(r.message);
    const steps = r.steps;
    // 12 ticks (tick 0 is prices only: the sim starts at its time) and three commands.
    expect(steps.length).toBe(15);
    expect(steps.filter((s) => s.action.k === 'prices').map((s) => (s.action as { tick: number }).tick)).toEqual([...Array(12).keys()]);
    expect(steps[0]).toMatchObject({ fromSeq: 1, toSeq: 1, now: roomSim.start, cash: 10_000, equity: 10_000, positions: [], orders: [] });
    expect(steps[1]).toMatchObject({ fromSeq: 2, toSeq: 3, now: roomSim.start + 1000 });

    const buy = steps.find((s) => s.action.k === 'place' && s.action.symbol === 'FUN')!;
    expect(buy.action).toEqual({ k: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 4, price: null, stopPrice: null, refused: null });
    expect(buy.fills.reduce((q, f) => q + f.qty, 0)).toBe(4);
    expect(buy.fills.every((f) => f.symbol === 'FUN' && f.side === 'buy' && f.price > 0)).toBe(true);
    expect(buy.positions).toEqual([expect.objectContaining({ symbol: 'FUN', qty: 4 })]);
    expect(buy.cash).toBeLessThan(10_000);

    const limit = steps.find((s) => s.action.k === 'place' && s.action.symbol === 'MEME')!;
    expect(limit.fills).toEqual([]);
    expect(limit.orders).toEqual([expect.objectContaining({ symbol: 'MEME', side: 'buy', type: 'limit', qty: 2, price: 1, stopPrice: null })]);
    const cancel = steps.find((s) => s.action.k === 'cancel')!;
    expect(cancel.action).toMatchObject({ k: 'cancel', id: 'nope', order: null });
    expect((cancel.action as { refused: string | null }).refused).toMatch(/./);
    // The working order stays in every later step, one array shared while it does not change.
    const after = steps.slice(steps.indexOf(limit));
    expect(after.every((s) => s.orders === limit.orders)).toBe(true);

    expect(steps.filter(isAction).map((s) => s.action.k)).toEqual(['place', 'place', 'cancel']);
    const last = steps[steps.length - 1];
    expect(last.toSeq).toBe(entries.length);
    expect(last.equity).toBe(student.equity());
    expect(last.equity).toBe(verified(entries, prices));
  });

  it('shows the order a cancel took away, and a command the sim refused as refused', () => {
    const place = { op: 'place', id: 'A1', symbol: 'FUN', side: 'sell', type: 'limit', qty: 1, price: 9_999 } as RoomCommand;
    const { entries } = session(6, new Map([[2, [place]], [3, [{ op: 'cancel', id: 'A1' } as RoomCommand]]]));
    const r = replaySession(cfg, CLASSROOM_ACCOUNT, entries);
    if (!r.ok) throw new Error(r.message);
    const placed = r.steps.find((s) => s.action.k === 'place')!;
    // Selling what the account does not hold: the sim refuses it, in the student's sim as in the replay.
    expect((placed.action as { refused: string | null }).refused).toMatch(/./);
    const cancel = r.steps.find((s) => s.action.k === 'cancel')!;
    expect(cancel.action).toMatchObject({ id: 'A1', order: null });

    const buyThenCancel = session(6, new Map([
      [2, [{ op: 'place', id: 'B1', symbol: 'FUN', side: 'buy', type: 'limit', qty: 1, price: 1 } as RoomCommand]],
      [3, [{ op: 'cancel', id: 'B1' } as RoomCommand]],
    ]));
    const r2 = replaySession(cfg, CLASSROOM_ACCOUNT, buyThenCancel.entries);
    if (!r2.ok) throw new Error(r2.message);
    const c2 = r2.steps.find((s) => s.action.k === 'cancel')!;
    expect(c2.action).toMatchObject({ k: 'cancel', id: 'B1', refused: null, order: { id: 'B1', symbol: 'FUN', side: 'buy', qty: 1, price: 1 } });
    expect(c2.orders).toEqual([]);
  });

  it('refuses a session that does not replay: a gap, another clock, another equity', () => {
    const { entries } = session(5, new Map([[2, [{ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 3 } as RoomCommand]]]));
    const tampered = (i: number, e: Partial<JournalEntry>) => entries.map((x, j) => (j === i ? { ...x, ...e } : x));
    expect(replaySession(cfg, CLASSROOM_ACCOUNT, entries.slice(1))).toMatchObject({ ok: false, message: 'Entry 1 is expected next, not 2.' });
    expect(replaySession(cfg, CLASSROOM_ACCOUNT, tampered(2, { now: 1 }))).toMatchObject({ ok: false, message: expect.stringContaining('Entry 3 replays to market time') });
    expect(replaySession(cfg, CLASSROOM_ACCOUNT, tampered(5, { equity: 1e6 }))).toMatchObject({ ok: false, message: expect.stringContaining('Entry 6 replays to equity') });
    // Pushed one by one, the replayer stops where the session went wrong and keeps the steps before it.
    const r = new SessionReplayer(cfg, CLASSROOM_ACCOUNT);
    const bad = tampered(5, { equity: 1e6 });
    let i = 0;
    while (i < bad.length && r.push(bad[i]).ok) i++;
    expect(i).toBe(5);
    expect(r.steps[r.steps.length - 1].toSeq).toBe(5);
  });

  it('property: any session of market and limit orders replays to the verifier’s equity, a step per tick and per command', () => {
    const cmd = fc.oneof(
      fc.record({ op: fc.constant('place'), symbol: fc.constantFrom('FUN', 'MEME'), side: fc.constantFrom('buy', 'sell'), type: fc.constant('market'), qty: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ op: fc.constant('place'), symbol: fc.constantFrom('FUN', 'MEME'), side: fc.constantFrom('buy', 'sell'), type: fc.constant('limit'), qty: fc.integer({ min: 1, max: 6 }), price: fc.integer({ min: 1, max: 300 }) }),
    ) as fc.Arbitrary<RoomCommand>;
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 14 }), cmd), { maxLength: 6 }), (cmds) => {
      const byTick = new Map<number, RoomCommand[]>();
      for (const [k, c] of cmds) byTick.set(k, [...(byTick.get(k) ?? []), c]);
      const { entries, prices } = session(15, byTick);
      const r = replaySession(cfg, CLASSROOM_ACCOUNT, entries);
      if (!r.ok) return false;
      return r.steps.length === 15 + cmds.length && r.steps[r.steps.length - 1].equity === verified(entries, prices);
    }), { numRuns: 15 });
  });
});
