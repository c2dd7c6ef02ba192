import { describe, expect, it } from 'vitest';
import { Exchange } from '../core/exchange/exchange';
import type { ExchangeEvent } from '../core/exchange/events';
import { MIX, generateWorkload, type Workload } from './workload';
import { SYMBOL, engineCommand, engineSetup, prepareEngine, prepareEngineJournal, preparePeer, unitOp } from './peer';
import { snapshot } from '../core/exchange/snapshot';

const small = (seed = 42): Workload => generateWorkload({ n: 1_000, ops: 50_000, seed });

describe('workload generator', () => {
  it('is deterministic by seed', () => {
    const a = generateWorkload({ n: 1_000, ops: 20_000, seed: 7 });
    const b = generateWorkload({ n: 1_000, ops: 20_000, seed: 7 });
    const c = generateWorkload({ n: 1_000, ops: 20_000, seed: 8 });
    expect(b.prefill).toEqual(a.prefill);
    expect(b.ops).toEqual(a.ops);
    expect(b.stats).toEqual(a.stats);
    expect(c.ops).not.toEqual(a.ops);
  });

  it('has the standard mix within ±1.5 points', () => {
    const w = small();
    const total = w.ops.length;
    const count = (k: string): number => w.ops.filter((o) => o.k === k).length;
    const limits = count('limit');
    const crossing = w.ops.filter((o) => o.k === 'limit' && o.crossing).length;
    expect(Math.abs((100 * limits) / total - 100 * MIX.limit)).toBeLessThanOrEqual(1.5);
    expect(Math.abs((100 * count('market')) / total - 100 * MIX.market)).toBeLessThanOrEqual(1.5);
    expect(Math.abs((100 * count('cancel')) / total - 100 * MIX.cancel)).toBeLessThanOrEqual(1.5);
    expect(Math.abs((100 * crossing) / limits - 100 * MIX.crossingOfLimits)).toBeLessThanOrEqual(1.5);
  });

  it('uses prices on the 0.01 grid, integer lots, unique order ids', () => {
    const w = small();
    const ids = new Set<string>();
    const bad: string[] = [];
    for (const o of [...w.prefill, ...w.ops]) {
      if (o.k !== 'market' && (!(o.price > 0) || Math.abs(o.price * 100 - Math.round(o.price * 100)) > 1e-9)) bad.push(`price ${o.id}`);
      if (!Number.isInteger(o.qty) || o.qty <= 0) bad.push(`qty ${o.id}`);
      if (o.k === 'cancel') {
        if (o.target !== o.id) bad.push(`target ${o.id}`);
      } else {
        if (ids.has(o.id)) bad.push(`duplicate ${o.id}`);
        ids.add(o.id);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps a 100,000 book near its size', () => {
    const w = generateWorkload({ n: 100_000, ops: 30_000 });
    expect(w.stats.restingAfterPrefill).toBe(100_000);
    expect(w.stats.minResting).toBeGreaterThan(70_000);
    expect(w.stats.maxResting).toBeLessThan(130_000);
  });
});

describe('workload in the real engine', () => {
  it('cancels only live orders and keeps the book near N', () => {
    const w = small();
    let unknown = 0;
    let rejected = 0;
    let trades = 0;
    const ex = new Exchange((e: ExchangeEvent) => {
      if (e.ev === 'rejected') {
        rejected++;
        if (e.reason === 'UNKNOWN_ORDER') unknown++;
      } else if (e.ev === 'trade') trades++;
    });
    for (const c of engineSetup(w)) expect(ex.apply(c)).toMatchObject({ ok: true });
    expect(rejected).toBe(0);
    expect(ex.live.size).toBe(1_000);
    trades = 0;
    for (const op of w.ops) expect(ex.apply(engineCommand(op))).toMatchObject({ ok: true });
    expect(unknown).toBe(0);
    expect(rejected).toBe(0);
    expect(ex.live.size).toBeGreaterThanOrEqual(700);
    expect(ex.live.size).toBeLessThanOrEqual(1_300);
    // The generator's own book model agrees with the engine exactly.
    expect(ex.live.size).toBe(w.stats.restingAtEnd);
    expect(trades).toBe(w.stats.trades);
    expect(w.stats.stpCancels).toBeGreaterThan(0);
  });

  it('feeds the same ops to every adapter with the same outcome', () => {
    const w = generateWorkload({ n: 1_000, ops: 20_000, seed: 3 });
    const mine = prepareEngine(w).run();
    const journal = prepareEngineJournal(w).run();
    const peer = preparePeer(w).run();
    expect({ ...journal, seconds: 0 }).toEqual({ ...mine, seconds: 0 });
    expect(mine.unknownOrder).toBe(0);
    expect(mine.rejected).toBe(0);
    expect(peer.ops).toBe(mine.ops);
    expect(peer.trades).toBe(mine.trades);
    expect(peer.resting).toBe(mine.resting);
    expect(mine.trades).toBe(w.stats.trades);
    expect(mine.resting).toBe(w.stats.restingAtEnd);
  });

  it('the units API with reused events does exactly what the journal\'s commands do with fresh ones: every event, every balance', () => {
    const w = generateWorkload({ n: 1_000, ops: 30_000, seed: 11 });
    const run = (units: boolean): { events: string[]; state: unknown } => {
      const events: string[] = [];
      // A sink that keeps events must copy them when they are reused; JSON is a copy.
      const ex = new Exchange((e: ExchangeEvent) => events.push(JSON.stringify(e)), { reuseEvents: units });
      for (const c of engineSetup(w)) expect(ex.apply(c)).toMatchObject({ ok: true });
      const inst = ex.instruments.get(SYMBOL)!;
      for (const op of w.ops) {
        if (!units) {
          expect(ex.apply(engineCommand(op))).toMatchObject({ ok: true });
          continue;
        }
        const u = unitOp(op, w.accounts);
        if (u.k === 2) expect(ex.cancel(u)).toMatchObject({ ok: true });
        else expect(ex.placeFor(ex.ledger.account(u.account), u.id, inst, u.side, u.k === 0 ? 'limit' : 'market', u.price, u.qty)).toMatchObject({ ok: true });
      }
      // Everything but the ids ever used, which the units API leaves to its caller.
      const { usedIds, ...state } = snapshot(ex);
      expect(usedIds.length).toBe(w.prefill.length + (units ? 0 : w.ops.filter((o) => o.k !== 'cancel').length));
      return { events, state };
    };
    const journal = run(false);
    const units = run(true);
    expect(units.events.length).toBeGreaterThan(30_000);
    expect(units.events).toEqual(journal.events);
    expect(units.state).toEqual(journal.state);
  });
});
