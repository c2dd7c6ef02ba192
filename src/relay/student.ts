/**
 * A student's side of a room, without the app: a sim built from the room's
 * scenario (the same `classroomSimConfig` the relay replays with) that takes
 * the relay's price ticks and a person's commands, and writes each as a
 * journal entry with the clock and equity it reached. The tests and the load
 * test drive the relay with it; the app's classroom mode does the same.
 */
import { equityOf } from '../core/portfolio/valuation';
import { Sim } from '../core/sim/sim';
import type { UserCommand } from '../core/sim/types';
import type { EntryInput, JournalEntry, PriceTick, RoomCommand } from '../protocol/relay';
import { CLASSROOM_ACCOUNT, classroomSimConfig, type RoomSim, type Scenario } from '../protocol/relayScenario';

export class SimStudent {
  readonly sim: Sim;
  private seq = 0;
  /** The next tick this student's sim takes. */
  nextTick = 0;

  constructor(scenario: Scenario, roomSim: RoomSim) {
    this.sim = new Sim(classroomSimConfig(scenario, roomSim));
  }

  /** A price tick from the relay: a step to its time (when there is one to take), then its prices. */
  take(tick: PriceTick): JournalEntry[] {
    if (tick.tick !== this.nextTick) return [];
    this.nextTick++;
    const out: JournalEntry[] = [];
    const dt = tick.t - this.sim.now;
    if (dt > 0) out.push(this.record({ t: 'step', dt }));
    out.push(this.record({ t: 'refs', tick: tick.tick, prices: tick.prices }));
    return out;
  }

  /** A person's command in the student's sim, as an entry. */
  command(cmd: RoomCommand): JournalEntry {
    return this.record({ t: 'cmd', cmd });
  }

  equity(): number {
    return equityOf(this.sim.ex, CLASSROOM_ACCOUNT, this.sim.cfg.cashAsset) / 10 ** this.sim.cashDec();
  }

  private record(input: EntryInput): JournalEntry {
    if (input.t === 'step') this.sim.step(input.dt);
    else if (input.t === 'refs') this.sim.setReferences(input.prices);
    else void this.sim.submit(CLASSROOM_ACCOUNT, input.cmd as UserCommand); // refused or not, it is the journal's
    return { seq: ++this.seq, input, now: this.sim.now, equity: this.equity() };
  }
}
