/**
 * Verification: the relay replays each student's journal with src/core, the
 * very engine their browser runs, and believes only what its replay reaches.
 *
 * An entry is checked before it is applied (its place in the sequence, the
 * room's rules, the market's clock and prices, the time it claims against
 * what the student had already been sent) and after (the sim clock and the
 * equity the student claims must be the replay's own). The first refused
 * entry flags the student and ends their verified run: their sim has gone
 * where the relay's cannot follow, so they keep their last verified figures.
 * A gap in the sequence is not a flag (a network hiccup): the relay says
 * which entry it expects next.
 */
import { hashString } from '../core/exchange/snapshot';
import { equityOf } from '../core/portfolio/valuation';
import { Sim } from '../core/sim/sim';
import type { UserCommand } from '../core/sim/types';
import { FlagCode, type JournalEntry } from '../protocol/relay';
import { CLASSROOM_ACCOUNT, classroomSimConfig, type RoomSim, type Scenario } from '../protocol/relayScenario';
import { samePrices, type RoomPrices } from './prices';

/** What the relay knew when an entry arrived. */
export interface VerifyContext {
  /** The newest tick published (-1 before the round starts). */
  published: number;
  /** Market time of the newest tick this student had been sent when the entry arrived (-Infinity: none yet). */
  known: number;
  /** Market ms a command may lag `known` (the app's own latency; README: "Tolerance"). */
  toleranceMs: number;
}

export type Verdict =
  | { ok: true; duplicate: boolean }
  | { ok: false; kind: 'order'; expected: number; message: string }
  | { ok: false; kind: 'flag'; code: FlagCode; message: string };

export interface Broken {
  seq: number;
  code: FlagCode;
  message: string;
}

const flag = (code: FlagCode, message: string): Verdict => ({ ok: false, kind: 'flag', code, message });

export class PlayerVerifier {
  readonly sim: Sim;
  /** The last verified entry's seq (0: none). */
  seq = 0;
  /** The last price tick the student's sim took (-1: none). */
  lastTick = -1;
  /** Trades the student's account was in, over verified entries. */
  trades = 0;
  /** Highest verified equity and the largest fall from a peak, % (minor units for the peak). */
  private peak = 0;
  maxDrawdownPct = 0;
  /** Why verification stopped, once it has. */
  broken: Broken | null = null;
  /** Hash of each verified entry, by seq − 1: a resent entry must be the same one. */
  private readonly hashes: string[] = [];
  private readonly allowed: ReadonlySet<string>;

  constructor(scenario: Scenario, roomSim: RoomSim, private readonly prices: RoomPrices) {
    this.sim = new Sim(classroomSimConfig(scenario, roomSim), (e) => {
      if (e.ev === 'trade' && (e.buyer === CLASSROOM_ACCOUNT || e.seller === CLASSROOM_ACCOUNT)) this.trades++;
    });
    this.allowed = new Set(scenario.orderTypes);
    this.peak = this.equity();
  }

  /** Equity of the student's account, minor units of the cash asset. */
  equity(): number {
    return equityOf(this.sim.ex, CLASSROOM_ACCOUNT, this.sim.cfg.cashAsset);
  }

  /** Net deposits (the base of the return), minor units. */
  netIn(): number {
    return this.sim.netIn.get(CLASSROOM_ACCOUNT) ?? 0;
  }

  /** Minor units → decimals of the cash asset. */
  decimals(minor: number): number {
    return minor / 10 ** this.sim.cashDec();
  }

  /** Checks an entry that has just arrived, and applies it if it passes. */
  verify(entry: JournalEntry, ctx: VerifyContext): Verdict {
    const hash = hashString(JSON.stringify(entry));
    if (entry.seq <= this.seq) {
      return this.hashes[entry.seq - 1] === hash ? { ok: true, duplicate: true } : this.stop(entry.seq, flag(FlagCode.TAMPERED, `Entry ${entry.seq} was verified with other content.`));
    }
    if (this.broken !== null) return flag(this.broken.code, `Verification stopped at entry ${this.broken.seq}: ${this.broken.message}`);
    if (entry.seq !== this.seq + 1) return { ok: false, kind: 'order', expected: this.seq + 1, message: `Entry ${this.seq + 1} is expected next, not ${entry.seq}.` };
    const before = this.precheck(entry, ctx);
    if (before !== null) return this.stop(entry.seq, before);
    this.apply(entry);
    if (this.sim.now !== entry.now) {
      return this.stop(entry.seq, flag(FlagCode.DOES_NOT_REPLAY, `Entry ${entry.seq} replays to market time ${this.sim.now}, not ${entry.now}.`));
    }
    const eq = this.equity();
    const dec = this.sim.cashDec();
    if (Math.round(entry.equity * 10 ** dec) !== eq) {
      return this.stop(entry.seq, flag(FlagCode.EQUITY_MISMATCH, `Entry ${entry.seq} replays to equity ${this.decimals(eq)}, not ${entry.equity}.`));
    }
    this.accept(entry, hash);
    return { ok: true, duplicate: false };
  }

  /**
   * An entry verified before (a restarted relay reads it from its store):
   * applied without the checks of its arrival, which it passed then.
   */
  restore(entry: JournalEntry): void {
    this.apply(entry);
    this.accept(entry, hashString(JSON.stringify(entry)));
  }

  /** A refusal the store kept (a restart): verification stays stopped there. */
  restoreBroken(b: Broken): void {
    this.broken = b;
  }

  private stop(seq: number, v: Verdict): Verdict {
    if (!v.ok && v.kind === 'flag' && this.broken === null) this.broken = { seq, code: v.code, message: v.message };
    return v;
  }

  /** The checks an entry must pass before it is applied; null when it passes. */
  private precheck(entry: JournalEntry, ctx: VerifyContext): Verdict | null {
    const input = entry.input;
    const sim = this.sim;
    if (input.t === 'step') {
      // The sim may not run past a tick it has not taken: every student trades the relay's market, tick by tick.
      const next = this.prices.sim.start + (this.lastTick + 1) * this.prices.sim.tickMs;
      if (sim.now + input.dt > next) return flag(FlagCode.CLOCK_AHEAD, `Entry ${entry.seq} steps to ${sim.now + input.dt}, past price tick ${this.lastTick + 1} at ${next}.`);
      return null;
    }
    if (input.t === 'refs') {
      if (input.tick !== this.lastTick + 1) return flag(FlagCode.WRONG_PRICES, `Entry ${entry.seq} takes tick ${input.tick}; tick ${this.lastTick + 1} is next.`);
      if (input.tick > ctx.published) return flag(FlagCode.WRONG_PRICES, `Entry ${entry.seq} takes tick ${input.tick}, which is not published yet.`);
      const tick = this.prices.at(input.tick);
      if (sim.now !== tick.t) return flag(FlagCode.WRONG_PRICES, `Entry ${entry.seq} takes tick ${input.tick} at market time ${sim.now}, not at ${tick.t}.`);
      if (!samePrices(input.prices, tick.prices)) return flag(FlagCode.WRONG_PRICES, `Entry ${entry.seq} has other prices than tick ${input.tick}.`);
      return null;
    }
    const cmd = input.cmd;
    if (cmd.op === 'place' && !this.allowed.has(cmd.type)) return flag(FlagCode.ORDER_TYPE, `Entry ${entry.seq}: ${cmd.type} orders are not allowed in this room.`);
    if (sim.now < ctx.known - ctx.toleranceMs) {
      return flag(FlagCode.BACKDATED, `Entry ${entry.seq} is a ${cmd.op} at market time ${sim.now}, ${ctx.known - sim.now} ms before the prices the student had already been sent.`);
    }
    return null;
  }

  private apply(entry: JournalEntry): void {
    const input = entry.input;
    if (input.t === 'step') this.sim.step(input.dt);
    else if (input.t === 'refs') {
      this.sim.setReferences(input.prices);
      this.lastTick = input.tick;
    } else {
      // A command the sim refuses (funds, a closed market) was refused in the student's sim too: refusing is replaying.
      void this.sim.submit(CLASSROOM_ACCOUNT, input.cmd as UserCommand);
    }
  }

  private accept(entry: JournalEntry, hash: string): void {
    this.seq = entry.seq;
    this.hashes.push(hash);
    const eq = this.equity();
    if (eq > this.peak) this.peak = eq;
    else if (this.peak > 0) this.maxDrawdownPct = Math.max(this.maxDrawdownPct, ((this.peak - eq) / this.peak) * 100);
  }
}
