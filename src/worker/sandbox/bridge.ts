import type { Result } from '../../core/codes';
import type { UserCommand } from '../../core/sim/types';
import type { Timeframe } from '../../core/market/candles';
import type { ParamValues } from '../../core/strategy/types';
import type { ExternalBar } from '../../core/sim/agent';
import type { StrategyStateRow } from '../../storage/rows';
import { readAnswer, type Answer, type DeclarationSummary, type Request, type SandboxOrder } from './messages';
import { lastSeen, pendingOf, readResumePoint, stateRow, type ResumePoint } from './resume';

/**
 * The engine's side of the sandboxes: one dedicated Worker per running
 * person-written strategy (a loop or a crash in one stops that one only, and
 * each has its own heap), fed the bars the sim's external strategies hand out
 * (`sim.drainStrategyBars()`), one request in flight per strategy. Its answer
 * becomes the strategy account's ordinary commands (`place`, `cancel`),
 * journaled by the sim like a person's, so a replay never needs the code.
 *
 * Time limits: a call not answered in `CALL_LIMIT_MS` (loading: in
 * `LOAD_LIMIT_MS`, which includes starting the Worker) terminates that
 * Worker and stops the strategy with `strategyFail`; so does a Worker that
 * crashes (an out-of-memory kill) or answers with an error. The engine never
 * waits: bars queue while a call is out, and the sim steps on.
 */

export const CALL_LIMIT_MS = 1_000;
export const LOAD_LIMIT_MS = 5_000;
/** Bars waiting for one sandbox; beyond this it has fallen too far behind the market to trade it. */
export const MAX_QUEUE = 2_000;
/** Log lines kept per strategy for the editor's run panel. */
export const MAX_LOG = 200;

/** A Worker as the bridge uses it (a real one in `spawn.ts`; a fake in tests). */
export interface SandboxPort {
  post(request: Request): void;
  /** Messages from the sandbox (untrusted). */
  onMessage(handler: (data: unknown) => void): void;
  /** The Worker died or its script failed (an out-of-memory kill, a syntax error in the sandbox itself). */
  onCrash(handler: (message: string) => void): void;
  terminate(): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** One closed bar for one external strategy, as the sim hands it out (`src/core/sim/agent.ts`). */
export type { ExternalBar };

/** What the bridge needs of a running strategy (from the sim's `strategies()` view). */
export interface StrategyInfo {
  strategy: string;
  symbol: string;
  timeframe: Timeframe;
  params: ParamValues;
  status: 'running' | 'paused' | 'stopped' | 'error';
  /** Sim time it was started: with `strategy`, which run of its id a stored state belongs to. */
  startedAt: number;
}

export interface BridgeDeps {
  spawn(): SandboxPort;
  timers: Timers;
  /** The sim's closed bars for external strategies since the last call. */
  drain(): readonly ExternalBar[];
  /** The strategy's account now (after the orders it sent for earlier bars), or null to use the bar's own. */
  account(id: string): Pick<ExternalBar, 'position' | 'cash' | 'equity' | 'openOrders'> | null;
  /** A strategy by id, or undefined. */
  info(id: string): StrategyInfo | undefined;
  /** The saved code of `user:<name>`. */
  code(name: string): Promise<Result<{ code: string }>>;
  /** The instrument's lot (the smallest step of a quantity). */
  lot(symbol: string): number;
  /** A command for the strategy's account (`strat:<id>`), through the sim's one order path (journaled). */
  send(id: string, cmd: UserCommand): Result<{ id?: string }>;
  /** Stops the strategy with an error (`strategyFail`, journaled). */
  fail(id: string, message: string, line?: number): void;
  /** Where its sandbox was at the last commit (`strategyStates`), null if never stored; absent: nothing is stored (tests, no storage). */
  saved?(id: string): Promise<Result<{ row: StrategyStateRow | null }>>;
}

export type CheckAnswer = { ok: true; summary: DeclarationSummary } | { ok: false; message: string; line?: number; column?: number };

interface Slot {
  id: string;
  port: SandboxPort | null;
  queue: ExternalBar[];
  /** The request out, its timer, and what to say if it runs out. */
  out: { seq: number; timer: unknown; what: string; limit: number } | null;
  loaded: boolean;
  dead: boolean;
  log: string[];
  strategy: string;
  startedAt: number;
  /** The bar out now (answered: it becomes `resume.bar`). */
  sent: ExternalBar | null;
  /** What to store at the next commit: its runner's state after the last bar answered, and that bar's time. */
  resume: ResumePoint;
  /** Changed since the last `states()`; false until the stored one has been read (so it is not written over). */
  dirty: boolean;
  ready: boolean;
  /** Bars up to this open time were seen before a reload (the journal's replay hands them out again): skipped. */
  seenUpTo: number;
}

export const USER_PREFIX = 'user:';

export class SandboxBridge {
  private readonly slots = new Map<string, Slot>();
  private seq = 0;

  constructor(private readonly deps: BridgeDeps) {}

  /** After each sim step: hands the new bars to their sandboxes (starting one for a strategy not seen yet). */
  pump(): void {
    const bars = this.deps.drain();
    for (const b of bars) {
      const slot = this.slots.get(b.id) ?? this.open(b.id);
      if (slot === null || slot.dead) continue;
      if (b.bar.time <= slot.seenUpTo) continue;
      if (slot.queue.length >= MAX_QUEUE) {
        this.stop(slot, `stopped: it fell ${MAX_QUEUE} bars behind the market (its calls are too slow).`);
        continue;
      }
      slot.queue.push(b);
      slot.dirty = slot.ready;
      this.next(slot);
    }
    // Strategies stopped or failed in the sim (the person stopped one): their sandbox goes.
    for (const slot of this.slots.values()) {
      const s = this.deps.info(slot.id)?.status;
      if (s === undefined || s === 'stopped' || s === 'error') this.close(slot);
    }
  }

  /** The run log of a user strategy (its ctx.log lines, refusals and the sandbox's own messages), oldest first. */
  log(id: string): string[] {
    return [...(this.slots.get(id)?.log ?? [])];
  }

  /**
   * Where each running user strategy's sandbox is, for the commit being
   * taken now (sim time `at`): a row per strategy that changed since the
   * last call (a bar answered or queued), none otherwise.
   */
  states(at: number): StrategyStateRow[] {
    const rows: StrategyStateRow[] = [];
    for (const slot of this.slots.values()) {
      if (slot.dead || !slot.ready || !slot.dirty) continue;
      slot.dirty = false;
      const waiting = slot.sent === null ? slot.queue : [slot.sent, ...slot.queue];
      rows.push(stateRow(slot.id, slot.strategy, slot.startedAt, at, { ...slot.resume, pending: waiting.map(pendingOf) }));
    }
    return rows;
  }

  /** Compiles and declares `code` in a fresh sandbox (terminated after): the editor's check. */
  check(code: string): Promise<CheckAnswer> {
    return new Promise((resolve) => {
      const port = this.spawned();
      if (port === null) {
        resolve({ ok: false, message: 'The sandbox could not start here (this browser cannot start a Worker from a Worker).' });
        return;
      }
      const seq = ++this.seq;
      let done = false;
      const finish = (a: CheckAnswer) => {
        if (done) return;
        done = true;
        this.deps.timers.clear(timer);
        port.terminate();
        resolve(a);
      };
      const timer = this.deps.timers.set(
        () => finish({ ok: false, message: `Stopped: the code ran longer than ${LOAD_LIMIT_MS / 1000} s before returning the strategy (an endless loop?).` }),
        LOAD_LIMIT_MS,
      );
      port.onMessage((data) => {
        const a = readAnswer(data, seq);
        if (a === null) return;
        if (a.t === 'checked') finish({ ok: true, summary: a.summary });
        else if (a.t === 'failed') finish({ ok: false, message: a.message, ...(a.line !== undefined ? { line: a.line } : {}), ...(a.column !== undefined ? { column: a.column } : {}) });
      });
      port.onCrash((m) => finish({ ok: false, message: `The sandbox stopped: ${m}` }));
      port.post({ t: 'check', seq, code });
    });
  }

  /** Every sandbox ends (the engine is replaced after an import, or the worker closes). */
  dispose(): void {
    for (const slot of this.slots.values()) this.close(slot);
    this.slots.clear();
  }

  /**
   * Whether a sandbox still has a bar to answer (or is loading): the
   * strategy command line steps the sim only when none has, so a person's
   * code answers each bar before the market moves on (lockstep), as a
   * built-in does inside the step.
   */
  busy(): boolean {
    for (const s of this.slots.values()) if (!s.dead && (!s.loaded || s.out !== null || s.queue.length > 0)) return true;
    return false;
  }

  /** Sandboxes running now (for tests and health). */
  running(): number {
    let n = 0;
    for (const s of this.slots.values()) if (s.port !== null) n++;
    return n;
  }

  /** A new sandbox, or null where Workers cannot be started (Node's tests; a browser without nested Workers). */
  private spawned(): SandboxPort | null {
    try {
      return this.deps.spawn();
    } catch {
      return null;
    }
  }

  // ------------------------------------------------------------ one strategy

  private open(id: string): Slot | null {
    const info = this.deps.info(id);
    if (info === undefined || !info.strategy.startsWith(USER_PREFIX)) return null;
    const slot: Slot = {
      id, port: null, queue: [], out: null, loaded: false, dead: false, log: [], strategy: info.strategy, startedAt: info.startedAt,
      sent: null, resume: { state: null, bar: null, pending: [] }, dirty: false, ready: false, seenUpTo: -Infinity,
    };
    this.slots.set(id, slot);
    const name = info.strategy.slice(USER_PREFIX.length);
    const saved = this.deps.saved?.(id) ?? Promise.resolve({ ok: true as const, row: null });
    void Promise.all([this.deps.code(name), saved]).then(([r, s]) => {
      if (slot.dead) return;
      this.resumeFrom(slot, s);
      if (!r.ok) {
        this.stop(slot, `stopped: its code could not be read (${r.message}).`);
        return;
      }
      const port = this.spawned();
      if (port === null) {
        this.stop(slot, 'stopped: its sandbox could not start (this browser cannot start a Worker from a Worker).');
        return;
      }
      slot.port = port;
      port.onMessage((data) => this.answered(slot, data));
      port.onCrash((m) => this.stop(slot, `stopped: its sandbox crashed (${m}); too much memory?`));
      const load: Request = { t: 'load', seq: 0, code: r.code, params: info.params, symbol: info.symbol, timeframe: info.timeframe, lot: this.deps.lot(info.symbol) };
      if (slot.resume.state !== null) load.state = slot.resume.state;
      this.request(slot, load, 'loading it', LOAD_LIMIT_MS);
    });
    return slot;
  }

  /**
   * After a reload: its stored resume point, if it is this strategy's. The
   * bars it had waiting go first; of those the replay handed out (queued
   * meanwhile), the ones it had seen are dropped.
   */
  private resumeFrom(slot: Slot, s: Result<{ row: StrategyStateRow | null }>): void {
    slot.ready = true;
    if (!s.ok) {
      this.note(slot, `Its saved state could not be read (${s.message}): it starts afresh.`);
      return;
    }
    if (s.row === null) return;
    const p = readResumePoint(s.row, slot.strategy, slot.startedAt);
    if (typeof p === 'string') {
      this.note(slot, `Its saved state was not used (${p}): it starts afresh.`);
      return;
    }
    slot.resume = { state: p.state, bar: p.bar, pending: [] };
    slot.seenUpTo = lastSeen(p);
    const account = this.deps.account(slot.id);
    const info = this.deps.info(slot.id);
    if (account === null || info === undefined) return;
    const waiting: ExternalBar[] = p.pending.map((b) => ({ id: slot.id, symbol: info.symbol, ...account, ...b }));
    slot.queue = [...waiting, ...slot.queue.filter((b) => b.bar.time > slot.seenUpTo)];
    slot.dirty = true;
  }

  private request(slot: Slot, req: Request, what: string, limit: number): void {
    if (slot.port === null) return;
    const seq = ++this.seq;
    const timer = this.deps.timers.set(() => this.timedOut(slot, seq), limit);
    slot.out = { seq, timer, what, limit };
    slot.port.post({ ...req, seq });
  }

  private next(slot: Slot): void {
    if (!slot.loaded || slot.out !== null || slot.dead) return;
    const b = slot.queue.shift();
    if (b === undefined) return;
    // The bar as it closed, the account as it is now: the orders sent for the bars before it have been applied.
    const now = this.deps.account(slot.id) ?? b;
    slot.sent = b;
    const snap = { bar: b.bar, params: b.params, position: now.position, cash: now.cash, equity: now.equity, openOrders: now.openOrders, fills: b.fills };
    this.request(slot, { t: 'bar', seq: 0, snap }, 'onBar', CALL_LIMIT_MS);
  }

  private timedOut(slot: Slot, seq: number): void {
    if (slot.out?.seq !== seq || slot.dead) return;
    const secs = slot.out.limit / 1000;
    this.stop(slot, slot.out.what === 'onBar'
      ? `stopped: onBar ran longer than ${secs} s (an endless loop?)`
      : `stopped: ${slot.out.what} took longer than ${secs} s (an endless loop at the top of the code or in init?)`);
  }

  private answered(slot: Slot, data: unknown): void {
    const out = slot.out;
    if (out === null || slot.dead) return;
    const a = readAnswer(data, out.seq);
    if (a === null) return; // not the answer awaited: the time limit runs on
    this.deps.timers.clear(out.timer);
    slot.out = null;
    this.apply(slot, a);
    this.next(slot);
  }

  private apply(slot: Slot, a: Answer): void {
    switch (a.t) {
      case 'loaded':
        slot.loaded = true;
        this.note(slot, `Loaded ${a.summary.title}.`);
        if (a.note !== undefined) this.note(slot, a.note);
        return;
      case 'done': {
        for (const line of a.log) this.note(slot, line);
        if (a.state === null && slot.resume.state !== null) {
          this.note(slot, 'Its state could not be saved (ctx.state must be plain JSON, under 256,000 characters): after a reload it would start afresh.');
        }
        slot.resume = { state: a.state, bar: slot.sent?.bar.time ?? slot.resume.bar, pending: [] };
        slot.sent = null;
        slot.dirty = slot.ready;
        const info = this.deps.info(slot.id);
        if (info === undefined || info.status !== 'running') return;
        for (const o of a.orders) {
          const r = this.deps.send(slot.id, commandOf(o, info.symbol));
          if (!r.ok) this.note(slot, `Refused by the exchange: ${r.message}`);
        }
        return;
      }
      case 'failed':
        this.stop(slot, a.message, a.line);
        return;
      case 'checked':
        return;
    }
  }

  private note(slot: Slot, line: string): void {
    slot.log.push(line);
    if (slot.log.length > MAX_LOG) slot.log.splice(0, slot.log.length - MAX_LOG);
  }

  /** The strategy stops with an error: its Worker is terminated, the sim is told (journaled), the engine goes on. */
  private stop(slot: Slot, message: string, line?: number): void {
    if (slot.dead) return;
    this.note(slot, line !== undefined ? `${message} (line ${line})` : message);
    this.close(slot);
    this.deps.fail(slot.id, message, line);
  }

  private close(slot: Slot): void {
    slot.dead = true;
    slot.queue = [];
    if (slot.out !== null) this.deps.timers.clear(slot.out.timer);
    slot.out = null;
    slot.port?.terminate();
    slot.port = null;
  }
}

/** A sandbox's order as the sim's command for the strategy's account (decimals; the sim converts and checks). */
export function commandOf(o: SandboxOrder, symbol: string): UserCommand {
  if (o.op === 'cancel') return { op: 'cancel', id: o.id };
  const cmd: Record<string, unknown> = { op: 'place', symbol, side: o.side, type: o.type, qty: o.units };
  if (o.price !== undefined) cmd.price = o.price;
  if (o.stop !== undefined) cmd.stopPrice = o.stop;
  if (o.tp !== undefined) cmd.takeProfit = o.tp;
  if (o.sl !== undefined) cmd.stopLoss = o.sl;
  return cmd as UserCommand;
}
