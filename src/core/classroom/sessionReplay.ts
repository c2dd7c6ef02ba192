/**
 * A student's classroom session, replayed step by step for people to watch:
 * the verified journal entries run through the very sim the student and the
 * relay ran (the caller builds it from the room's scenario), and after each
 * step what the account held: cash, positions, working orders, equity, and
 * what the step was (a tick's prices, an order, a cancel, and the fills it
 * brought). Deterministic and pure, like every sim: the same entries give the
 * same steps here, in the worker and in the relay's tests.
 *
 * A tick is two entries (a `step` to its time, then its `refs`): they make
 * one step here, "prices at 10:03", so the slider moves tick by tick and the
 * person's actions stand out. Each entry's claims (`now`, `equity`) are
 * checked as the replay passes them: a session that does not replay is
 * refused with the entry that went wrong, never shown with other figures.
 *
 * Figures come out as decimals (prices, quantities, cash): this is an edge,
 * what a page shows; inside, the sim keeps its ticks, lots and minor units.
 */
import { Code, fail, type Result } from '../codes';
import { lots, ticks } from '../exchange/format';
import { BUY } from '../exchange/order';
import { equityOf, portfolioOf } from '../portfolio/valuation';
import type { SimConfig } from '../sim/config';
import { Sim } from '../sim/sim';
import type { UserCommand } from '../sim/types';

/** A command of a student's session, as the relay's protocol carries it (decimals). */
export type ReplayCommand =
  | { op: 'place'; symbol: string; side: 'buy' | 'sell'; type: string; qty: number; price?: number; stopPrice?: number; id?: string }
  | { op: 'cancel'; id: string }
  | { op: 'modify'; id: string; price?: number; stopPrice?: number; qty?: number }
  | { op: 'setRisk'; rules: unknown };

/** One journal entry of a session (the relay's `JournalEntry`, structurally). */
export interface ReplayEntry {
  seq: number;
  input: { t: 'step'; dt: number } | { t: 'refs'; tick: number; prices: [string, number][] } | { t: 'cmd'; cmd: ReplayCommand };
  /** The sim clock the student's sim reached, UTC ms. */
  now: number;
  /** The equity it reached, decimals of the cash asset. */
  equity: number;
}

/** An order as a step shows it (decimals; price null for market and stop orders). */
export interface ReplayOrder {
  id: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: string;
  qty: number;
  price: number | null;
  stopPrice: number | null;
}

export interface ReplayFill {
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  price: number;
}

export interface ReplayPosition {
  symbol: string;
  qty: number;
  /** At the mark, decimals of the cash asset. */
  value: number;
}

/** What a step was. `refused` holds the sim's reason when it turned a command down (the student's sim did too). */
export type ReplayAction =
  | { k: 'prices'; tick: number }
  | { k: 'time' }
  | { k: 'place'; symbol: string; side: 'buy' | 'sell'; type: string; qty: number; price: number | null; stopPrice: number | null; refused: string | null }
  | { k: 'cancel'; id: string; order: ReplayOrder | null; refused: string | null }
  | { k: 'modify'; id: string; order: ReplayOrder | null; price: number | null; stopPrice: number | null; qty: number | null; refused: string | null }
  | { k: 'setRisk'; refused: string | null };

export interface ReplayStep {
  /** The entries this step replayed (one, or a tick's step and prices). */
  fromSeq: number;
  toSeq: number;
  /** Market time after it, UTC ms. */
  now: number;
  action: ReplayAction;
  /** The account's trades in this step, in order. */
  fills: ReplayFill[];
  cash: number;
  equity: number;
  positions: ReplayPosition[];
  orders: ReplayOrder[];
}

/** True for a step a person made or that traded: what "next action" stops at. */
export function isAction(s: ReplayStep): boolean {
  return s.fills.length > 0 || (s.action.k !== 'prices' && s.action.k !== 'time');
}

/**
 * Replays a session entry by entry (`push`), so a caller can go a slice at a
 * time and yield between slices; `steps` grows as it goes.
 */
export class SessionReplayer {
  readonly steps: ReplayStep[] = [];
  private readonly sim: Sim;
  private readonly fills: ReplayFill[] = [];
  private seq = 0;

  constructor(cfg: SimConfig, private readonly account: string) {
    this.sim = new Sim(cfg, (e) => {
      // The sink may be handed a reused event object: copy what is kept, now.
      if (e.ev !== 'trade' || (e.buyer !== account && e.seller !== account)) return;
      const ex = this.sim.ex;
      this.fills.push({ symbol: e.symbol, side: e.buyer === account ? 'buy' : 'sell', qty: lots(ex, e.symbol, e.qty), price: ticks(ex, e.symbol, e.price) });
    });
  }

  /** The next entry: applied, checked against its claims, and recorded as a step (or merged into the tick's). */
  push(entry: ReplayEntry): Result {
    if (entry.seq !== this.seq + 1) return fail(Code.INVALID_COMMAND, `Entry ${this.seq + 1} is expected next, not ${entry.seq}.`);
    const input = entry.input;
    let action: ReplayAction;
    if (input.t === 'step') {
      this.sim.step(input.dt);
      action = { k: 'time' };
    } else if (input.t === 'refs') {
      this.sim.setReferences(input.prices);
      action = { k: 'prices', tick: input.tick };
    } else {
      action = this.command(input.cmd);
    }
    if (this.sim.now !== entry.now) return fail(Code.INVALID_COMMAND, `Entry ${entry.seq} replays to market time ${this.sim.now}, not ${entry.now}.`);
    const dec = this.sim.cashDec();
    const equity = equityOf(this.sim.ex, this.account, this.sim.cfg.cashAsset);
    if (Math.round(entry.equity * 10 ** dec) !== equity) {
      return fail(Code.INVALID_COMMAND, `Entry ${entry.seq} replays to equity ${equity / 10 ** dec}, not ${entry.equity}.`);
    }
    this.seq = entry.seq;
    this.record(entry.seq, action);
    return { ok: true };
  }

  private command(cmd: ReplayCommand): ReplayAction {
    // What a cancel or modify acts on, as it was before.
    const before = cmd.op === 'cancel' || cmd.op === 'modify' ? (this.orders().find((o) => o.id === cmd.id) ?? null) : null;
    const r = this.sim.submit(this.account, cmd as UserCommand);
    const refused = r.ok ? null : r.message;
    switch (cmd.op) {
      case 'place':
        return { k: 'place', symbol: cmd.symbol, side: cmd.side, type: cmd.type, qty: cmd.qty, price: cmd.price ?? null, stopPrice: cmd.stopPrice ?? null, refused };
      case 'cancel':
        return { k: 'cancel', id: cmd.id, order: before, refused };
      case 'modify':
        return { k: 'modify', id: cmd.id, order: before, price: cmd.price ?? null, stopPrice: cmd.stopPrice ?? null, qty: cmd.qty ?? null, refused };
      case 'setRisk':
        return { k: 'setRisk', refused };
    }
  }

  private record(seq: number, action: ReplayAction): void {
    const prev = this.steps.length > 0 ? this.steps[this.steps.length - 1] : null;
    const fills = this.fills.splice(0);
    const sim = this.sim;
    const ex = sim.ex;
    const p = portfolioOf(ex, sim.positions, this.account, sim.cfg.cashAsset);
    const d = 10 ** sim.cashDec();
    const positions = p.holdings.map((h) => ({ symbol: h.symbol, qty: lots(ex, h.symbol, h.qty), value: h.value / d }));
    const orders = this.orders();
    const step: ReplayStep = {
      fromSeq: seq, toSeq: seq, now: sim.now, action, fills, cash: p.cash / d, equity: p.equity / d,
      // Unchanged lists are the previous step's very arrays: a long session holds each once (a structured clone keeps the sharing).
      positions: prev !== null && sameList(prev.positions, positions) ? prev.positions : positions,
      orders: prev !== null && sameList(prev.orders, orders) ? prev.orders : orders,
    };
    // A tick's prices complete the step to its time: one step, with the fills of both.
    if (action.k === 'prices' && prev !== null && prev.action.k === 'time' && prev.toSeq === seq - 1) {
      this.steps[this.steps.length - 1] = { ...step, fromSeq: prev.fromSeq, fills: [...prev.fills, ...fills] };
      return;
    }
    this.steps.push(step);
  }

  /** The account's working orders, oldest first. */
  private orders(): ReplayOrder[] {
    const ex = this.sim.ex;
    const out: ReplayOrder[] = [];
    for (const o of ex.live.values()) {
      if (o.account.id !== this.account) continue;
      const sym = o.inst.symbol;
      const stop = o.ext?.stopPrice ?? 0;
      out.push({
        id: o.id, symbol: sym, side: o.side === BUY ? 'buy' : 'sell', type: o.type, qty: lots(ex, sym, o.qty),
        price: o.price === 0 ? null : ticks(ex, sym, o.price), stopPrice: stop === 0 ? null : ticks(ex, sym, stop),
      });
    }
    return out;
  }
}

function sameList<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Record<string, unknown>;
    const y = b[i] as Record<string, unknown>;
    for (const k of Object.keys(x)) if (x[k] !== y[k]) return false;
  }
  return true;
}

/** A whole session at once (tests, and callers that need no slices): the steps, or the entry that does not replay. */
export function replaySession(cfg: SimConfig, account: string, entries: readonly ReplayEntry[]): Result<{ steps: ReplayStep[] }> {
  const r = new SessionReplayer(cfg, account);
  for (const e of entries) {
    const ok = r.push(e);
    if (!ok.ok) return ok;
  }
  return { ok: true, steps: r.steps };
}
