// A synthetic market's seeded past: the 1-minute candles of the days before
// a new profile's market opened, drawn from the instrument's own price model,
// so that a first visit's charts, sparklines and 24 h statistics have
// something to show. Cheap: a few gaussians per candle, not hours of the
// exchange run at full speed.
//
// It is display history, not exchange history: no orders, no trades, no
// accounts, so the sim's state (and its hash, and every stored journal's
// replay) does not know about it. `n` (the trade count) is 0 in every candle
// for that reason; the volume is what such a market would have traded.

import { TIMEFRAME_MS, type Candle, type Timeframe } from './candles';
import { YEAR_SECONDS } from './gbm';
import { isOpen, type Calendar } from './hours';
import type { Rng } from './prng';

const MINUTE = 60_000;
/** Two days of minutes: the 1 h chart gets 48 candles, the 1 d chart two or three, and "24 h" a whole day. */
export const PAST_MINUTES = 2 * 1440;
/** A calendar with no open minute in this long (a bad one) ends the walk back: it always terminates. */
const MAX_LOOKBACK_MS = 60 * 86_400_000;
/** Steps inside each candle: enough for its high and low to be a path's, not its open and close's. */
const SUBSTEPS = 6;
/**
 * A calendar opens and closes on the half hour (NYSE: 09:30, 13:00, 16:00 in
 * a zone a whole number of hours from UTC), so a minute is open when its
 * half hour is: asking once per half hour keeps a stock's walk back over a
 * long weekend cheap.
 */
const HALF_HOUR = 30 * MINUTE;
/** Spread of a minute's volume around its mean (log-normal); its mean stays 1. */
const VOLUME_SIGMA = 0.5;

export interface PastParams {
  /** When the market opened (UTC ms). The past ends at the minute this falls in: its last candle closes there. */
  end: number;
  /** The price in ticks where the sim starts (its GBM's first), ≥ 1: the last candle closes here. */
  endTicks: number;
  /** Annualized volatility of the instrument's model. */
  volatility: number;
  /** What the market trades in an average minute, in lots (> 0). */
  lotsPerMinute: number;
  /** Only open minutes get a candle (a stock's nights and weekends stay empty, as on its chart). */
  calendar: Calendar;
  /** 1-minute candles to draw; PAST_MINUTES by default. */
  minutes?: number;
  rng: Rng;
}

/**
 * 1-minute candles oldest first, prices in ticks (integers ≥ 1), volume in
 * whole lots ≥ 1, `n` 0. Each candle's close is the next one's open (a
 * closed night does not move the price, as the sim's GBM does not step while
 * a market is closed), and the last one closes at `endTicks`. A Brownian
 * path walked back in time has the same law as walked forward, so the
 * log-price steps back with the instrument's volatility (drift over two days
 * is negligible and left out). The same parameters and seed give the same
 * candles.
 */
export function drawPast(p: PastParams): Candle[] {
  const want = Math.max(0, Math.floor(p.minutes ?? PAST_MINUTES));
  if (want === 0 || !(p.endTicks >= 1) || !Number.isFinite(p.end)) return [];
  const sigma = Number.isFinite(p.volatility) && p.volatility > 0 ? p.volatility : 0;
  const step = sigma * Math.sqrt(MINUTE / 1000 / SUBSTEPS / YEAR_SECONDS);
  const mean = Number.isFinite(p.lotsPerMinute) && p.lotsPerMinute > 0 ? p.lotsPerMinute : 1;
  const toTicks = (x: number): number => Math.max(1, Math.round(Math.exp(x)));
  const rng = p.rng;

  const out: Candle[] = [];
  let x = Math.log(p.endTicks);
  let close = Math.round(p.endTicks);
  const last = Math.floor(p.end / MINUTE) * MINUTE - MINUTE;
  const stop = last - MAX_LOOKBACK_MS;
  let block = Number.NaN;
  let open = true;
  for (let t = last; t > stop && out.length < want; t -= MINUTE) {
    if (Math.floor(t / HALF_HOUR) !== block) {
      block = Math.floor(t / HALF_HOUR);
      open = isOpen(p.calendar, block * HALF_HOUR);
    }
    if (!open) continue;
    let hi = close;
    let lo = close;
    let first = close;
    let moved = 0;
    for (let s = 0; s < SUBSTEPS; s++) {
      const z = rng.gaussian();
      moved += z;
      x -= step * z;
      first = toTicks(x);
      if (first > hi) hi = first;
      if (first < lo) lo = first;
    }
    // Busier minutes move more: scale by the size of the move (E|z| ≈ 0.8, so the mean stays near `mean`).
    const busy = 0.6 + 0.5 * Math.abs(moved / Math.sqrt(SUBSTEPS));
    const v = Math.max(1, Math.round(mean * busy * Math.exp(VOLUME_SIGMA * rng.gaussian() - (VOLUME_SIGMA * VOLUME_SIGMA) / 2)));
    out.push({ t, o: first, h: hi, l: lo, c: close, v, n: 0 });
    close = first;
  }
  return out.reverse();
}

/**
 * 1-minute candles (oldest first) rolled up into `tf` (≥ 1 minute): one
 * candle per period that has any, aligned in UTC as the sim's are, open of
 * the first, close of the last, extremes and volumes folded.
 */
export function rollUp(oneMinute: readonly Candle[], tf: Timeframe): Candle[] {
  const ms = TIMEFRAME_MS[tf];
  if (ms === MINUTE) return oneMinute.map((c) => ({ ...c }));
  if (ms < MINUTE) return [];
  const out: Candle[] = [];
  let cur: Candle | undefined;
  for (const c of oneMinute) {
    const t = c.t - (((c.t % ms) + ms) % ms);
    if (cur === undefined || cur.t !== t) {
      cur = { t, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v, n: c.n };
      out.push(cur);
      continue;
    }
    if (c.h > cur.h) cur.h = c.h;
    if (c.l < cur.l) cur.l = c.l;
    cur.c = c.c;
    cur.v += c.v;
    cur.n += c.n;
  }
  return out;
}

/**
 * The seeded past (`past`, oldest first) before the sim's own candles of the
 * same timeframe (`own`, oldest first, from its first): the past's candles
 * that opened before the sim's first, and the period they share, when the
 * sim opened inside a candle's period (an hour candle whose first minutes are
 * the past's), as one candle: the past's open, the sim's close, both
 * extremes, both volumes. New objects; neither input is changed.
 */
export function joinPast(past: readonly Candle[], own: readonly Candle[]): Candle[] {
  if (own.length === 0) return past.map((c) => ({ ...c }));
  const first = own[0];
  const out: Candle[] = [];
  for (const c of past) {
    if (c.t < first.t) out.push({ ...c });
    else if (c.t === first.t) {
      out.push({ t: c.t, o: c.o, h: Math.max(c.h, first.h), l: Math.min(c.l, first.l), c: first.c, v: c.v + first.v, n: c.n + first.n });
    }
  }
  const shared = out.length > 0 && out[out.length - 1].t === first.t;
  for (let i = shared ? 1 : 0; i < own.length; i++) out.push({ ...own[i] });
  return out;
}
