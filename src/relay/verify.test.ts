import { describe, expect, it } from 'vitest';
import { FlagCode, type JournalEntry } from '../protocol/relay';
import type { RoomSim, Scenario } from '../protocol/relayScenario';
import { RoomPrices } from './prices';
import { SimStudent } from './student';
import { PlayerVerifier, type VerifyContext } from './verify';

const scenario: Scenario = {
  title: 'Test', instruments: ['FUN', 'MEME'], startingCash: 10_000, roundMinutes: 10, speed: 60,
  makerFeeBps: 0, takerFeeBps: 5, orderTypes: ['limit', 'market'],
};
const roomSim: RoomSim = { botSeed: 7, start: Date.UTC(2026, 0, 5, 15), tickMs: 1000 };
const TOL = 2000;

/** A student who takes `ticks` ticks and buys FUN at market after the third, with the relay's context for each entry. */
function session(ticks: number) {
  const prices = new RoomPrices('secret', scenario, roomSim);
  const student = new SimStudent(scenario, roomSim);
  const sent: { entry: JournalEntry; ctx: VerifyContext }[] = [];
  for (let k = 0; k < ticks; k++) {
    const tick = prices.at(k);
    const ctx = { published: k, known: tick.t, toleranceMs: TOL };
    for (const entry of student.take(tick)) sent.push({ entry, ctx });
    if (k === 3) sent.push({ entry: student.command({ op: 'place', symbol: 'FUN', side: 'buy', type: 'market', qty: 5 }), ctx });
  }
  return { prices, student, sent, verifier: new PlayerVerifier(scenario, roomSim, prices) };
}

describe('PlayerVerifier', () => {
  it('verifies an honest student entry by entry, and reaches their equity and trades', () => {
    const { sent, verifier, student } = session(20);
    for (const { entry, ctx } of sent) expect(verifier.verify(entry, ctx)).toEqual({ ok: true, duplicate: false });
    expect(verifier.seq).toBe(sent.length);
    expect(verifier.decimals(verifier.equity())).toBe(student.equity());
    expect(verifier.trades).toBeGreaterThan(0);
    expect(verifier.broken).toBeNull();
  });

  it('acks an entry sent twice, and asks for the next one when one is skipped (no flag)', () => {
    const { sent, verifier } = session(5);
    expect(verifier.verify(sent[0].entry, sent[0].ctx).ok).toBe(true);
    expect(verifier.verify(sent[0].entry, sent[0].ctx)).toEqual({ ok: true, duplicate: true });
    const r = verifier.verify(sent[2].entry, sent[2].ctx);
    expect(r).toMatchObject({ ok: false, kind: 'order', expected: 2 });
    expect(verifier.broken).toBeNull();
  });

  it('catches a tampered journal: an entry edited after its claims were written does not replay', () => {
    const { sent, verifier } = session(12);
    const i = sent.findIndex((s) => s.entry.input.t === 'cmd');
    const forged = structuredClone(sent[i].entry);
    if (forged.input.t === 'cmd' && forged.input.cmd.op === 'place') forged.input.cmd.qty = 50;
    for (let j = 0; j < i; j++) expect(verifier.verify(sent[j].entry, sent[j].ctx).ok).toBe(true);
    expect(verifier.verify(forged, sent[i].ctx)).toMatchObject({ ok: false, kind: 'flag', code: FlagCode.EQUITY_MISMATCH });
    // Nothing after it is verified any more.
    expect(verifier.verify(sent[i + 1].entry, sent[i + 1].ctx)).toMatchObject({ ok: false, kind: 'flag' });
    expect(verifier.seq).toBe(i);
  });

  it('catches a tampered journal: an entry already verified, sent again with other content', () => {
    const { sent, verifier } = session(6);
    for (const { entry, ctx } of sent) expect(verifier.verify(entry, ctx).ok).toBe(true);
    const again = { ...sent[1].entry, now: sent[1].entry.now + 1 };
    expect(verifier.verify(again, sent[1].ctx)).toMatchObject({ ok: false, code: FlagCode.TAMPERED });
    expect(verifier.broken?.code).toBe(FlagCode.TAMPERED);
  });

  it('catches a backdated order: placed at a market time before prices the student had been sent', () => {
    const prices = new RoomPrices('secret', scenario, roomSim);
    const student = new SimStudent(scenario, roomSim);
    const verifier = new PlayerVerifier(scenario, roomSim, prices);
    // The student's sim stops at tick 2 while the relay goes on sending ticks up to 10: then it buys, "at" tick 2.
    for (let k = 0; k <= 2; k++) for (const e of student.take(prices.at(k))) expect(verifier.verify(e, { published: k, known: prices.at(k).t, toleranceMs: TOL }).ok).toBe(true);
    const late = student.command({ op: 'place', symbol: 'MEME', side: 'buy', type: 'market', qty: 3 });
    const r = verifier.verify(late, { published: 10, known: prices.at(10).t, toleranceMs: TOL });
    expect(r).toMatchObject({ ok: false, kind: 'flag', code: FlagCode.BACKDATED });
    expect(verifier.seq).toBe(late.seq - 1);
  });

  it('takes an order that lags what was sent by less than the tolerance (the app’s latency)', () => {
    const prices = new RoomPrices('secret', scenario, roomSim);
    const student = new SimStudent(scenario, roomSim);
    const verifier = new PlayerVerifier(scenario, roomSim, prices);
    for (let k = 0; k <= 2; k++) for (const e of student.take(prices.at(k))) expect(verifier.verify(e, { published: k, known: prices.at(k).t, toleranceMs: TOL }).ok).toBe(true);
    const order = student.command({ op: 'place', symbol: 'MEME', side: 'buy', type: 'market', qty: 3 });
    expect(verifier.verify(order, { published: 4, known: prices.at(4).t, toleranceMs: TOL }).ok).toBe(true);
  });

  it('catches a forged equity', () => {
    const { sent, verifier } = session(8);
    for (let j = 0; j < 4; j++) expect(verifier.verify(sent[j].entry, sent[j].ctx).ok).toBe(true);
    const forged = { ...sent[4].entry, equity: sent[4].entry.equity + 1000 };
    expect(verifier.verify(forged, sent[4].ctx)).toMatchObject({ ok: false, code: FlagCode.EQUITY_MISMATCH });
    expect(verifier.broken).toMatchObject({ seq: 5, code: FlagCode.EQUITY_MISMATCH });
  });

  it('refuses prices that are not the relay’s, a tick not yet published, a step past a tick, a clock that does not replay', () => {
    const { sent, verifier } = session(3);
    const refs = sent.find((s) => s.entry.input.t === 'refs')!;
    const wrong = structuredClone(refs.entry);
    if (wrong.input.t === 'refs') wrong.input.prices[0][1] += 0.01;
    expect(session(3).verifier.verify(wrong, refs.ctx)).toMatchObject({ code: FlagCode.WRONG_PRICES });
    expect(verifier.verify(refs.entry, { ...refs.ctx, published: -1 })).toMatchObject({ code: FlagCode.WRONG_PRICES });
    const v2 = session(3).verifier;
    expect(v2.verify({ seq: 1, input: { t: 'step', dt: 5000 }, now: roomSim.start + 5000, equity: 10_000 }, refs.ctx)).toMatchObject({ code: FlagCode.CLOCK_AHEAD });
    const v3 = session(3).verifier;
    expect(v3.verify({ ...refs.entry, now: refs.entry.now + 1 }, refs.ctx)).toMatchObject({ code: FlagCode.DOES_NOT_REPLAY });
  });

  it('refuses an order type the room does not allow', () => {
    const { verifier } = session(1);
    const e: JournalEntry = { seq: 1, input: { t: 'cmd', cmd: { op: 'place', symbol: 'FUN', side: 'buy', type: 'stop', stopPrice: 101, qty: 1 } }, now: roomSim.start, equity: 10_000 };
    expect(verifier.verify(e, { published: 0, known: roomSim.start, toleranceMs: TOL })).toMatchObject({ code: FlagCode.ORDER_TYPE });
  });

  it('restores a verified run from its entries to the same state', () => {
    const { sent, verifier, prices } = session(15);
    for (const { entry, ctx } of sent) expect(verifier.verify(entry, ctx).ok).toBe(true);
    const again = new PlayerVerifier(scenario, roomSim, prices);
    for (const { entry } of sent) again.restore(entry);
    expect([again.seq, again.equity(), again.trades, again.lastTick, again.maxDrawdownPct]).toEqual([verifier.seq, verifier.equity(), verifier.trades, verifier.lastTick, verifier.maxDrawdownPct]);
  });
});
