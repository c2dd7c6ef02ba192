import { checkParams } from './params';
import { checkHistory, type HistoryState } from './history';
import type { FeedState } from './feeds';
import type { PendingExits, StrategyRunner } from './runner';
import { numberOf, savedNumber, type SavedValue } from './series';
import type { ParamValues, StrategyDef, StrategyError, StrategyStatus } from './types';

/**
 * Everything that steers a runner, as plain JSON: saved with the sim (in the
 * strategy agent's state) so a reload resumes it exactly: its status, its
 * counters, its parameters (and any change waiting for the next bar), the
 * strategy's `ctx.state`, each indicator's own state, the last bar, the
 * histories, and the bookkeeping of its orders (reasons, exits to place,
 * legs that cancel each other).
 */
export interface RunnerState {
  v: 1;
  status: StrategyStatus;
  error: StrategyError | null;
  lastRefusal: string | null;
  barIndex: number;
  params: ParamValues;
  pending: ParamValues | null;
  mem: Record<string, unknown>;
  bar: SavedValue[];
  feeds: FeedState[];
  history: HistoryState;
  reasons: [id: string, reason: string][];
  exits: [id: string, side: 'buy' | 'sell', tp: number | null, sl: number | null, filled: number][];
  legs: [id: string, other: string][];
}

export function saveRunner(r: StrategyRunner): RunnerState {
  const b = r.bar;
  return {
    v: 1,
    status: r.status,
    error: r.error === null ? null : { ...r.error },
    lastRefusal: r.lastRefusal,
    barIndex: r.barIndex,
    params: { ...r.params },
    pending: r.pending === null ? null : { ...r.pending },
    // A deep copy through JSON: what is saved is what a restore will see (functions and NaN do not survive either way).
    mem: JSON.parse(JSON.stringify(r.mem ?? {})) as Record<string, unknown>,
    bar: [b.time, b.open, b.high, b.low, b.close, b.volume].map(savedNumber),
    // Only a runner that will feed again keeps its indicators: a stopped or failed one declares none on restore (below).
    feeds: r.status === 'running' || r.status === 'paused' ? r.feeds.map((f) => f.save()) : [],
    history: r.history.save(),
    reasons: [...r.reasons],
    exits: [...r.exits].map(([id, e]) => [id, e.side, e.tp ?? null, e.sl ?? null, e.filled]),
    legs: [...r.legs],
  };
}

/**
 * Loads a checked state into a runner built with its parameters: `init`
 * runs again (through `redeclare`) to build the same indicators, which then
 * take their saved states. A stopped or failed runner runs nothing more, so
 * it declares nothing. An error message when the state does not fit.
 */
export function restoreRunner(r: StrategyRunner, s: RunnerState, redeclare: () => boolean): string | null {
  r.mem = JSON.parse(JSON.stringify(s.mem)) as Record<string, unknown>;
  if (s.status === 'running' || s.status === 'paused') {
    if (!redeclare()) return `its init failed: ${r.error?.message ?? ''}`;
    if (r.feeds.length !== s.feeds.length) return `it declares ${r.feeds.length} indicators, the saved state has ${s.feeds.length}`;
    for (let i = 0; i < r.feeds.length; i++) {
      const bad = r.feeds[i].load(s.feeds[i]);
      if (bad !== null) return bad;
    }
  }
  r.status = s.status;
  r.error = s.error === null ? null : { ...s.error };
  r.lastRefusal = s.lastRefusal;
  r.barIndex = s.barIndex;
  r.pending = s.pending === null ? null : { ...s.pending };
  const [time, open, high, low, close, volume] = s.bar.map((x) => numberOf(x) ?? Number.NaN);
  Object.assign(r.bar, { time, open, high, low, close, volume });
  r.history.load(s.history);
  for (const [id, reason] of s.reasons) r.reasons.set(id, reason);
  for (const [id, side, tp, sl, filled] of s.exits) r.exits.set(id, { side, tp: tp ?? undefined, sl: sl ?? undefined, filled } satisfies PendingExits);
  for (const [id, other] of s.legs) r.legs.set(id, other);
  return null;
}

const STATUSES: readonly unknown[] = ['running', 'paused', 'stopped', 'error'];

/** Null when `x` is a runner state for `def` (field by field: it comes from storage or a file), else what is wrong. */
export function checkRunnerState(x: unknown, def: StrategyDef): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'runner should be an object';
  const s = x as Record<string, unknown>;
  const keys = ['v', 'status', 'error', 'lastRefusal', 'barIndex', 'params', 'pending', 'mem', 'bar', 'feeds', 'history', 'reasons', 'exits', 'legs'];
  for (const k of Object.keys(s)) if (!keys.includes(k)) return `runner.${k} is not a field`;
  if (s.v !== 1) return 'runner.v should be 1';
  if (!STATUSES.includes(s.status)) return 'runner.status is not a status';
  if (s.error !== null && !isError(s.error)) return 'runner.error is malformed';
  if (s.lastRefusal !== null && typeof s.lastRefusal !== 'string') return 'runner.lastRefusal should be text or null';
  if (!Number.isSafeInteger(s.barIndex) || (s.barIndex as number) < 0) return 'runner.barIndex should be a whole number';
  const p = checkParams(def.params, s.params, def.validate);
  if (!p.ok) return `runner.params: ${p.message}`;
  if (s.pending !== null) {
    const q = checkParams(def.params, s.pending, def.validate);
    if (!q.ok) return `runner.pending: ${q.message}`;
  }
  if (typeof s.mem !== 'object' || s.mem === null || Array.isArray(s.mem)) return 'runner.mem should be an object';
  if (!Array.isArray(s.bar) || s.bar.length !== 6 || !s.bar.every((v) => numberOf(v) !== undefined)) return 'runner.bar is malformed';
  if (!Array.isArray(s.feeds)) return 'runner.feeds should be a list';
  const h = checkHistory(s.history);
  if (h !== null) return `runner.${h}`;
  if (!Array.isArray(s.reasons) || !s.reasons.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string')) return 'runner.reasons is malformed';
  const price = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0);
  if (!Array.isArray(s.exits) || !s.exits.every((e) => Array.isArray(e) && e.length === 5 && typeof e[0] === 'string' && (e[1] === 'buy' || e[1] === 'sell')
    && price(e[2]) && price(e[3]) && typeof e[4] === 'number' && Number.isFinite(e[4]) && e[4] >= 0)) return 'runner.exits is malformed';
  if (!Array.isArray(s.legs) || !s.legs.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string')) return 'runner.legs is malformed';
  return null;
}

function isError(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return typeof e.message === 'string' && (e.line === undefined || Number.isSafeInteger(e.line));
}
