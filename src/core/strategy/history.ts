import type { StrategyDetail, StrategyMarker } from './types';

/** Bounds of what a runner keeps for the UI (and saves with the sim): the last bars, markers and log lines. */
export const HISTORY_LIMITS = { points: 2000, markers: 500, log: 200, overlays: 12, message: 300 } as const;

/**
 * What the UI draws for one strategy, kept bounded so a strategy that runs for
 * weeks costs the same memory and snapshot space as one that runs for a day:
 * its equity per bar, its markers (fills and signals), the values of its
 * price-scale indicators, and its log. Oldest entries drop first.
 */
export class StrategyHistory {
  readonly equity = { t: [] as number[], v: [] as number[] };
  readonly markers: StrategyMarker[] = [];
  readonly overlays = new Map<string, { t: number[]; v: number[] }>();
  readonly log: { time: number; message: string }[] = [];

  addEquity(t: number, v: number): void {
    pushBounded(this.equity, t, v);
  }

  addMarker(m: StrategyMarker): void {
    this.markers.push(m);
    if (this.markers.length > HISTORY_LIMITS.markers) this.markers.shift();
  }

  addOverlay(name: string, t: number, v: number): void {
    let line = this.overlays.get(name);
    if (line === undefined) {
      // A parameter change can declare new indicators: the oldest line gives way rather than growing without end.
      if (this.overlays.size >= HISTORY_LIMITS.overlays) this.overlays.delete(this.overlays.keys().next().value as string);
      this.overlays.set(name, (line = { t: [], v: [] }));
    }
    pushBounded(line, t, v);
  }

  addLog(time: number, message: string): void {
    const m = message.length > HISTORY_LIMITS.message ? `${message.slice(0, HISTORY_LIMITS.message)}…` : message;
    this.log.push({ time, message: m });
    if (this.log.length > HISTORY_LIMITS.log) this.log.shift();
  }

  /** Copies, so the caller (a worker frame, a test) may keep them. */
  detail(): StrategyDetail {
    return {
      equity: { t: [...this.equity.t], v: [...this.equity.v] },
      markers: this.markers.map((m) => ({ ...m })),
      overlays: [...this.overlays].map(([name, l]) => ({ name, t: [...l.t], v: [...l.v] })),
      log: this.log.map((l) => ({ ...l })),
    };
  }

  /** Plain JSON (an overlay's NaN before warm-up as null). */
  save(): HistoryState {
    return {
      equity: [[...this.equity.t], [...this.equity.v]],
      markers: this.markers.map((m) => ({ ...m })),
      overlays: [...this.overlays].map(([name, l]) => [name, [...l.t], l.v.map((x) => (Number.isFinite(x) ? x : null))]),
      log: this.log.map((l) => ({ ...l })),
    };
  }

  load(s: HistoryState): void {
    this.equity.t = [...s.equity[0]];
    this.equity.v = [...s.equity[1]];
    this.markers.length = 0;
    for (const m of s.markers) this.markers.push({ ...m });
    this.overlays.clear();
    for (const [name, t, v] of s.overlays) this.overlays.set(name, { t: [...t], v: v.map((x) => x ?? Number.NaN) });
    this.log.length = 0;
    for (const l of s.log) this.log.push({ ...l });
  }
}

export interface HistoryState {
  equity: [t: number[], v: number[]];
  markers: StrategyMarker[];
  overlays: [name: string, t: number[], v: (number | null)[]][];
  log: { time: number; message: string }[];
}

function pushBounded(line: { t: number[]; v: number[] }, t: number, v: number): void {
  line.t.push(t);
  line.v.push(v);
  if (line.t.length > HISTORY_LIMITS.points) {
    line.t.shift();
    line.v.shift();
  }
}

/** Null when `x` is a saved history, else what is wrong (states come from storage and files). */
export function checkHistory(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return 'history should be an object';
  const h = x as Record<string, unknown>;
  const nums = (a: unknown, nulls = false): boolean => Array.isArray(a) && a.every((v) => (typeof v === 'number' && Number.isFinite(v)) || (nulls && v === null));
  if (!Array.isArray(h.equity) || h.equity.length !== 2 || !nums(h.equity[0]) || !nums(h.equity[1]) || h.equity[0].length !== h.equity[1].length) return 'history.equity is malformed';
  if (!Array.isArray(h.markers) || !h.markers.every(isMarker)) return 'history.markers is malformed';
  if (!Array.isArray(h.overlays) || !h.overlays.every((o) => Array.isArray(o) && o.length === 3 && typeof o[0] === 'string' && nums(o[1]) && nums(o[2], true) && o[1].length === o[2].length)) {
    return 'history.overlays is malformed';
  }
  if (!Array.isArray(h.log) || !h.log.every((l) => typeof l === 'object' && l !== null && typeof (l as { time?: unknown }).time === 'number' && typeof (l as { message?: unknown }).message === 'string')) {
    return 'history.log is malformed';
  }
  return null;
}

function isMarker(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return typeof m.time === 'number' && (m.side === 'buy' || m.side === 'sell') && typeof m.price === 'number' && Number.isFinite(m.price)
    && typeof m.units === 'number' && Number.isFinite(m.units) && typeof m.reason === 'string' && (m.kind === 'fill' || m.kind === 'signal');
}
