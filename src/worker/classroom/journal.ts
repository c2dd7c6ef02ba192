/**
 * A classroom seat's own sim and its journal: the very sim the relay replays
 * (`classroomSimConfig`), fed only through `record`, so every input the
 * student's market took is an entry with the clock and equity it reached.
 * The app's twin of `src/relay/student.ts` (the worker may not import the
 * relay's folder): the same inputs in the same order, or the relay flags it.
 */
import { equityOf, portfolioOf } from '../../core/portfolio/valuation';
import { Sim } from '../../core/sim/sim';
import type { UserCommand } from '../../core/sim/types';
import type { Result } from '../../core/codes';
import type { EntryInput, JournalEntry, PriceTick, RoomCommand } from '../../protocol/relay';
import { lots, ticks } from '../../core/exchange/format';
import { BUY } from '../../core/exchange/order';
import type { SeatHolding, SeatOrder } from '../../protocol/classroom';
import { CLASSROOM_ACCOUNT, classroomSimConfig, type RoomSim, type Scenario } from '../../protocol/relayScenario';

export class SeatJournal {
  readonly sim: Sim;
  readonly entries: JournalEntry[] = [];
  /** The next relay tick this sim takes. */
  nextTick = 0;
  /** The newest prices taken, by symbol (decimals). */
  readonly last = new Map<string, number>();

  constructor(readonly scenario: Scenario, readonly roomSim: RoomSim) {
    this.sim = new Sim(classroomSimConfig(scenario, roomSim));
  }

  /** A relay tick: a step to its time (when there is time to pass), then its prices. A tick out of turn is not taken. */
  take(tick: PriceTick): number {
    if (tick.tick !== this.nextTick) return 0;
    this.nextTick++;
    const before = this.entries.length;
    const dt = tick.t - this.sim.now;
    // A step and a price setting cannot be refused: their results carry nothing to act on.
    if (dt > 0) void this.record({ t: 'step', dt });
    void this.record({ t: 'refs', tick: tick.tick, prices: tick.prices });
    for (const [s, p] of tick.prices) this.last.set(s, p);
    return this.entries.length - before;
  }

  /**
   * An entry this seat journaled before (kept in the browser): applied again
   * as it was, so the sim reaches where it was when the page closed. False
   * when it does not reach the same clock and equity: then the kept journal
   * is not this room's sim, and the seat cannot go on from it.
   */
  restore(e: JournalEntry): boolean {
    if (e.seq !== this.entries.length + 1) return false;
    const input = e.input;
    if (input.t === 'refs') {
      if (input.tick !== this.nextTick) return false;
      this.nextTick++;
      for (const [sym, p] of input.prices) this.last.set(sym, p);
    }
    void this.record(input); // refused or not, as it was the first time
    const mine = this.entries[this.entries.length - 1];
    return mine.now === e.now && Math.abs(mine.equity - e.equity) < 0.005;
  }

  /** A person's command: journaled whatever the sim answers, since the relay replays that very answer. */
  command(cmd: RoomCommand): Result<{ id?: string }> {
    return this.record({ t: 'cmd', cmd });
  }

  dec(): number {
    return this.sim.cashDec();
  }

  equity(): number {
    return equityOf(this.sim.ex, CLASSROOM_ACCOUNT, this.sim.cfg.cashAsset) / 10 ** this.dec();
  }

  cash(): number {
    return portfolioOf(this.sim.ex, this.sim.positions, CLASSROOM_ACCOUNT, this.sim.cfg.cashAsset).cash / 10 ** this.dec();
  }

  holdings(): SeatHolding[] {
    const p = portfolioOf(this.sim.ex, this.sim.positions, CLASSROOM_ACCOUNT, this.sim.cfg.cashAsset);
    const d = 10 ** this.dec();
    return p.holdings.map((h) => ({ symbol: h.symbol, qty: h.qty, value: h.value / d }));
  }

  /** The seat's working orders, oldest first. */
  orders(): SeatOrder[] {
    const ex = this.sim.ex;
    const out: SeatOrder[] = [];
    for (const o of ex.live.values()) {
      if (o.account.id !== CLASSROOM_ACCOUNT) continue;
      const sym = o.inst.symbol;
      out.push({ id: o.id, symbol: sym, side: o.side === BUY ? 'buy' : 'sell', type: o.type, qty: lots(ex, sym, o.qty), price: o.price === 0 ? null : ticks(ex, sym, o.price) });
    }
    return out;
  }

  private record(input: EntryInput): Result<{ id?: string }> {
    let r: Result<{ id?: string }> = { ok: true };
    if (input.t === 'step') this.sim.step(input.dt);
    else if (input.t === 'refs') this.sim.setReferences(input.prices);
    else r = this.sim.submit(CLASSROOM_ACCOUNT, input.cmd as UserCommand);
    this.entries.push({ seq: this.entries.length + 1, input, now: this.sim.now, equity: this.equity() });
    return r;
  }
}
