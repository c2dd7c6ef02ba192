import type { ExternalBar } from '../../core/sim/agent';
import type { Bar, Fill, ParamValue } from '../../core/strategy/types';
import type { StrategyStateRow } from '../../storage/rows';

/**
 * Where a user strategy's sandbox is, as stored with each commit
 * (`strategyStates`, one row per strategy id), and how a reload reads it
 * back. What a reload needs to go on exactly:
 *
 * - the runner's state after the last bar answered (its indicators,
 *   `ctx.state`, counters), as the sandbox reported it: opaque text here;
 * - that bar's open time: the journal's replay hands out again the bars
 *   that closed since the sim's snapshot, and those the sandbox answered
 *   already must not be decided twice;
 * - the bars it had been sent or had waiting without an answer: they
 *   closed before the commit, maybe before the snapshot the reload starts
 *   from, so the replay may not hand them out again.
 *
 * The row is written in the same transaction as the journal's inputs of the
 * same instant, so the orders it sent for the bars it answered are exactly
 * the journal's.
 */

/** A bar the sandbox has not answered yet, as stored: what `next` sends of it (the account is read when it is sent). */
export interface PendingBar {
  bar: Bar;
  params: Record<string, ParamValue>;
  fills: Fill[];
}

export interface ResumePoint {
  state: string | null;
  /** Open time of the last bar answered; bars at or before it are not sent again. */
  bar: number | null;
  pending: PendingBar[];
}

export function pendingOf(b: ExternalBar): PendingBar {
  return { bar: b.bar, params: b.params, fills: b.fills };
}

export function stateRow(id: string, strategy: string, startedAt: number, at: number, p: ResumePoint): StrategyStateRow {
  return { id, strategy, startedAt, at, bar: p.bar, state: p.state, pending: p.pending.map((b) => ({ bar: { ...b.bar }, params: { ...b.params }, fills: b.fills.map((f) => ({ ...f })) })) };
}

/** The newest open time it has seen (answered or waiting): the replay's bars up to it are not new. */
export function lastSeen(p: ResumePoint): number {
  let t = p.bar ?? -Infinity;
  for (const b of p.pending) t = Math.max(t, b.bar.time);
  return t;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function readBar(x: unknown): Bar | null {
  if (!isObj(x)) return null;
  const { time, open, high, low, close, volume } = x;
  return finite(time) && finite(open) && finite(high) && finite(low) && finite(close) && finite(volume) ? { time, open, high, low, close, volume } : null;
}

function readParams(x: unknown): Record<string, ParamValue> | null {
  if (!isObj(x)) return null;
  // Keys come from a stored row: no prototype, so none of them names one of its properties.
  const out = Object.create(null) as Record<string, ParamValue>;
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') return null;
    out[k] = v;
  }
  return out;
}

function readFill(x: unknown): Fill | null {
  if (!isObj(x)) return null;
  const { orderId, side, units, price, fee, time, reason } = x;
  if (typeof orderId !== 'string' || orderId.length > 128 || (side !== 'buy' && side !== 'sell')) return null;
  if (!finite(units) || !finite(price) || !finite(fee) || !finite(time)) return null;
  if (reason !== undefined && typeof reason !== 'string') return null;
  const f: Fill = { orderId, side, units, price, fee, time };
  return typeof reason === 'string' ? { ...f, reason: reason.slice(0, 120) } : f;
}

function readPending(x: unknown): PendingBar | null {
  if (!isObj(x) || !Array.isArray(x.fills) || x.fills.length > 500) return null;
  const bar = readBar(x.bar);
  const params = readParams(x.params);
  const fills = x.fills.map(readFill);
  if (bar === null || params === null || fills.some((f) => f === null)) return null;
  return { bar, params, fills: fills as Fill[] };
}

/**
 * A stored row as this strategy's resume point, field by field (storage
 * checked its envelope; the state text is the sandbox's to check), or why it
 * is not one: another run of the same id, or bars that do not read.
 */
export function readResumePoint(row: StrategyStateRow, strategy: string, startedAt: number): ResumePoint | string {
  if (row.strategy !== strategy || row.startedAt !== startedAt) return 'it was saved by another strategy of that id';
  const pending: PendingBar[] = [];
  for (const p of row.pending) {
    const read = readPending(p);
    if (read === null) return 'its waiting bars do not read';
    pending.push(read);
  }
  return { state: row.state, bar: row.bar, pending };
}
