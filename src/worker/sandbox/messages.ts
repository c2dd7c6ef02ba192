/**
 * The messages between the engine's bridge (`bridge.ts`) and a sandbox
 * Worker (`sandbox.worker.ts`). Each request carries a `seq`; the sandbox
 * answers it with the same `seq`, or not at all (then the bridge's time
 * limit stops it). What the sandbox sends is untrusted (the person's code
 * runs there and might post anything), so the bridge reads every answer with
 * `readAnswer`, field by field, keeping only what a sandbox may ask for.
 */
import type { Bar, Fill, OpenOrder, OrderSide, ParamValue, ParamValues, Position } from '../../core/strategy/types';
import type { Timeframe } from '../../core/market/candles';

/** What the sim's external strategy hands out each closed bar (`sim.drainStrategyBars()`). */
export interface BarSnapshot {
  bar: Bar;
  /** The parameters in force: a `strategyParams` shows up here from the next bar (the runner takes them then). */
  params?: Record<string, ParamValue>;
  position: Position;
  cash: number;
  equity: number;
  openOrders: readonly OpenOrder[];
  /** Its fills since the bar before: the runner calls `onFill` with each, before `onBar`. */
  fills?: readonly Fill[];
}

export type Request =
  /** Compile and declare only: the editor's check. */
  | { t: 'check'; seq: number; code: string }
  /**
   * Compile, declare, check the params, run `init`: a running strategy's first
   * message. `state`: its runner's state as last reported (after a reload),
   * to go on from rather than start afresh (checked there field by field).
   */
  | { t: 'load'; seq: number; code: string; params: ParamValues; symbol: string; timeframe: Timeframe; lot: number; state?: string }
  | { t: 'bar'; seq: number; snap: BarSnapshot };

/** An order the sandbox asks the engine to send for the strategy's account (decimals, as the SDK speaks). */
export type SandboxOrder =
  | { op: 'place'; side: OrderSide; type: 'market' | 'limit' | 'stop'; units: number; price?: number; stop?: number; tp?: number; sl?: number; reason?: string }
  | { op: 'cancel'; id: string };

/** What a declaration says of itself, for the editor. */
export interface DeclarationSummary {
  name: string;
  title: string;
  description: string;
  timeframe: Timeframe;
  params: Record<string, unknown>;
}

export type Answer =
  | { t: 'checked'; seq: number; ok: true; summary: DeclarationSummary }
  /** `note`: whether it went on from a saved state, or why it could not (then it started afresh). */
  | { t: 'loaded'; seq: number; ok: true; summary: DeclarationSummary; note?: string }
  /**
   * `state`: the runner's state after this call as JSON text (histories left
   * out: the engine keeps its own), for the engine to store with its commits;
   * null when it cannot be written (too big, or not JSON). Opaque to the
   * engine: only a sandbox reads it, checked, when it resumes.
   */
  | { t: 'done'; seq: number; ok: true; orders: SandboxOrder[]; log: string[]; state: string | null }
  /** Compiling, declaring or a hook failed: the strategy stops with this. */
  | { t: 'failed'; seq: number; ok: false; message: string; line?: number; column?: number };

/** At most this many orders per bar: a strategy in a loop of `ctx.buy` is cut off, not the engine. */
export const MAX_ORDERS_PER_BAR = 50;
/** Log lines per bar, each at most this long. */
export const MAX_LOG_PER_BAR = 20;
export const MAX_LOG_CHARS = 300;
/** A runner's saved state, as text: its indicators and `ctx.state` are small; beyond this it is not stored. */
export const MAX_STATE_CHARS = 256_000;
const MAX_TEXT = 500;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const str = (x: unknown, max: number): string | undefined => (typeof x === 'string' ? x.slice(0, max) : undefined);

function readOrder(x: unknown): SandboxOrder | null {
  if (!isObj(x)) return null;
  if (x.op === 'cancel') return typeof x.id === 'string' && x.id !== '' && x.id.length <= 128 ? { op: 'cancel', id: x.id } : null;
  if (x.op !== 'place') return null;
  if (x.side !== 'buy' && x.side !== 'sell') return null;
  if (x.type !== 'market' && x.type !== 'limit' && x.type !== 'stop') return null;
  if (!finite(x.units) || !(x.units > 0)) return null;
  const o: SandboxOrder = { op: 'place', side: x.side, type: x.type, units: x.units };
  for (const k of ['price', 'stop', 'tp', 'sl'] as const) {
    const v = x[k];
    if (v === undefined) continue;
    if (!finite(v) || !(v > 0)) return null;
    o[k] = v;
  }
  const reason = str(x.reason, 120);
  if (reason !== undefined) o.reason = reason;
  return o;
}

function readSummary(x: unknown): DeclarationSummary | null {
  if (!isObj(x)) return null;
  const { name, title, description, timeframe, params } = x;
  if (typeof name !== 'string' || typeof title !== 'string' || typeof description !== 'string' || typeof timeframe !== 'string' || !isObj(params)) return null;
  // Params are shown in the editor only (and checked again by the sim at start): JSON-safe copy.
  let copy: Record<string, unknown>;
  try {
    copy = JSON.parse(JSON.stringify(params).slice(0, 20_000)) as Record<string, unknown>;
  } catch {
    copy = {};
  }
  return { name: name.slice(0, 64), title: title.slice(0, 120), description: description.slice(0, 2000), timeframe: timeframe as Timeframe, params: copy };
}

/** A sandbox's answer to request `seq`, or null when it is not one (wrong seq, wrong shape: ignored, and the time limit runs on). */
export function readAnswer(x: unknown, seq: number): Answer | null {
  if (!isObj(x) || x.seq !== seq) return null;
  switch (x.t) {
    case 'checked': {
      const summary = readSummary(x.summary);
      return summary === null ? null : { t: x.t, seq, ok: true, summary };
    }
    case 'loaded': {
      const summary = readSummary(x.summary);
      if (summary === null) return null;
      const note = str(x.note, MAX_TEXT);
      return note === undefined ? { t: 'loaded', seq, ok: true, summary } : { t: 'loaded', seq, ok: true, summary, note };
    }
    case 'done': {
      if (!Array.isArray(x.orders) || !Array.isArray(x.log)) return null;
      const orders: SandboxOrder[] = [];
      for (const o of x.orders.slice(0, MAX_ORDERS_PER_BAR)) {
        const read = readOrder(o);
        if (read !== null) orders.push(read);
      }
      const log = x.log.slice(0, MAX_LOG_PER_BAR).map((l) => (typeof l === 'string' ? l.slice(0, MAX_LOG_CHARS) : ''));
      // Kept as text, never parsed here: what the engine stores is a bounded string, whatever the sandbox sent.
      const state = typeof x.state === 'string' && x.state.length <= MAX_STATE_CHARS ? x.state : null;
      return { t: 'done', seq, ok: true, orders, log, state };
    }
    case 'failed': {
      const a: Answer = { t: 'failed', seq, ok: false, message: str(x.message, MAX_TEXT) ?? 'The strategy failed.' };
      if (Number.isSafeInteger(x.line) && (x.line as number) > 0) a.line = x.line as number;
      if (Number.isSafeInteger(x.column) && (x.column as number) > 0) a.column = x.column as number;
      return a;
    }
    default:
      return null;
  }
}
