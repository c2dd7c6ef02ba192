/**
 * The standard benchmark workload: a deterministic, seeded stream of neutral
 * order operations that any matching engine can be fed (our Exchange and the
 * npm peer, see peer.ts).
 *
 * The generator keeps an exact model of the book (price-time priority, market
 * orders, and self-trade prevention that cancels the resting order, as the
 * engine does), so every cancel targets an order that is really live and the
 * resting count is known at every step. It uses the market's seeded PRNG and
 * keeps its own book model, not the engine's: it is what checks the engine.
 *
 * Shape of a run:
 *  - pre-fill: `n` passive limit orders around a mid of 100.00, with a roughly
 *    exponential distance from the mid (more orders near the touch). The scale
 *    of that distance grows with n so that levels stay reasonably shallow.
 *  - measured phase: `ops` operations, ~55% limit (about one in ten crossing
 *    the spread), ~3.5% market, ~41% cancel of a live order, and ~0.5% that
 *    steers the book back towards n (a passive limit when the book is below n,
 *    a cancel when it is above). Taker sizes are also nudged by the same
 *    feedback, so the book stays near n.
 */

import { createRng, forkSeed, type Rng } from '../core/market/prng';

export type OpKind = 'limit' | 'market' | 'cancel';
export type OpSide = 'buy' | 'sell';

export interface Op {
  k: OpKind;
  /** The order's id; for a cancel, the id of the order it cancels (same as `target`). */
  id: string;
  side: OpSide;
  /** Decimal price, a multiple of 0.01 (0 for market orders). For a cancel: the target's price. */
  price: number;
  /** Integer lots. For a cancel: the target's remaining quantity when cancelled. */
  qty: number;
  account: string;
  /** For a cancel: the id of the live order to cancel. */
  target?: string;
  /** For a limit: true when it was generated to cross the spread (marketable). */
  crossing?: boolean;
}

export interface WorkloadOptions {
  /** Target number of resting orders (1,000 or 100,000 in the standard bench). */
  n: number;
  /** Operations in the measured phase (1,000,000 in the standard bench). */
  ops: number;
  seed?: number;
  accounts?: number;
}

export interface WorkloadStats {
  limits: number;
  crossingLimits: number;
  markets: number;
  cancels: number;
  /** Trades (taker × maker fills) the model expects in the measured phase. */
  trades: number;
  /** Resting orders the model cancelled for self-trade prevention. */
  stpCancels: number;
  /** Resting orders at the end of the pre-fill (= n) and at the end of the run. */
  restingAfterPrefill: number;
  restingAtEnd: number;
  minResting: number;
  maxResting: number;
  /** Best bid / ask at the end, decimal (0 when a side is empty). */
  bestBid: number;
  bestAsk: number;
}

export interface Workload {
  n: number;
  seed: number;
  accounts: string[];
  /** Quote (USD) and base (BEN) each account gets before anything else. */
  depositQuote: number;
  depositBase: number;
  /** Untimed: builds the book to n resting orders. */
  prefill: Op[];
  /** Timed. */
  ops: Op[];
  stats: WorkloadStats;
}

// ------------------------------------------------------------------ PRNG

/** Exponential with the given mean. */
function expo(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

// ------------------------------------------------------------------ book model

const BUY = 0;
const SELL = 1;
const SIDES: readonly OpSide[] = ['buy', 'sell'];

/** Mid of the standard workload, in ticks of 0.01. */
export const MID_TICKS = 10_000;

interface Rec {
  id: string;
  acct: number;
  side: number;
  tick: number;
  qty: number;
  alive: boolean;
  /** Index in the live list while alive. */
  pos: number;
}

interface Level {
  q: Rec[];
  head: number;
  live: number;
}

/** An exact price-time book of the generator's own: which ids are live, where the touch is. */
class Model {
  readonly levels: [Map<number, Level>, Map<number, Level>] = [new Map(), new Map()];
  readonly count = [0, 0];
  /** Best bid (highest buy tick) and best ask (lowest sell tick); meaningful only when the side's count > 0. */
  readonly best = [0, 0];
  readonly live: Rec[] = [];
  trades = 0;
  stp = 0;

  get resting(): number {
    return this.live.length;
  }

  add(r: Rec): void {
    const side = r.side;
    const map = this.levels[side];
    let lvl = map.get(r.tick);
    if (lvl === undefined) {
      lvl = { q: [], head: 0, live: 0 };
      map.set(r.tick, lvl);
    }
    lvl.q.push(r);
    lvl.live++;
    if (this.count[side] === 0 || (side === BUY ? r.tick > this.best[BUY] : r.tick < this.best[SELL])) this.best[side] = r.tick;
    this.count[side]++;
    r.alive = true;
    r.pos = this.live.length;
    this.live.push(r);
  }

  /** Takes a live order out of the book (cancel, STP, or fully filled). */
  remove(r: Rec): void {
    r.alive = false;
    const last = this.live.pop()!;
    if (last !== r) {
      this.live[r.pos] = last;
      last.pos = r.pos;
    }
    const side = r.side;
    const map = this.levels[side];
    const lvl = map.get(r.tick)!;
    lvl.live--;
    this.count[side]--;
    if (lvl.live === 0) {
      map.delete(r.tick);
      if (this.count[side] > 0 && this.best[side] === r.tick) this.best[side] = this.scan(side, r.tick);
    } else if (lvl.head > 64 && lvl.head * 2 > lvl.q.length) {
      lvl.q = lvl.q.slice(lvl.head);
      lvl.head = 0;
    }
  }

  /** Next non-empty level beyond `from`, away from the touch. */
  private scan(side: number, from: number): number {
    const map = this.levels[side];
    const step = side === BUY ? -1 : 1;
    let t = from + step;
    for (let i = 0; i < 4096; i++, t += step) if (map.has(t)) return t;
    // Sparse far end: fall back to a full pass over the levels.
    let best = side === BUY ? -Infinity : Infinity;
    for (const k of map.keys()) if (side === BUY ? k > best : k < best) best = k;
    return best;
  }

  /**
   * Matches a taker against the opposite side, as the engine does: best price
   * first, FIFO within a level, resting orders of the taker's own account
   * cancelled (STP) rather than traded. `limit` is Infinity/-Infinity for a
   * market order. Returns the quantity left.
   */
  match(side: number, acct: number, limit: number, qty: number): number {
    const opp = side === BUY ? SELL : BUY;
    const map = this.levels[opp];
    while (qty > 0 && this.count[opp] > 0) {
      const tick = this.best[opp];
      if (side === BUY ? tick > limit : tick < limit) break;
      const lvl = map.get(tick)!;
      while (qty > 0 && map.get(tick) === lvl) {
        const m = lvl.q[lvl.head];
        if (!m.alive) {
          lvl.head++;
          continue;
        }
        if (m.acct === acct) {
          this.stp++;
          lvl.head++;
          this.remove(m);
          continue;
        }
        const f = qty < m.qty ? qty : m.qty;
        qty -= f;
        m.qty -= f;
        this.trades++;
        if (m.qty === 0) {
          lvl.head++;
          this.remove(m);
        }
      }
    }
    return qty;
  }
}

// ------------------------------------------------------------------ generator

/** Distance scale (ticks) of passive orders from the mid: 20 ticks at n = 1,000, growing as n^0.7. */
export function spreadScale(n: number): number {
  return Math.max(5, 20 * Math.pow(n / 1000, 0.7));
}

export const MIX = { limit: 0.55, market: 0.035, cancel: 0.41, steer: 0.005, crossingOfLimits: 0.1 } as const;

export function accountName(i: number): string {
  return 'a' + String(i).padStart(2, '0');
}

export function generateWorkload(opts: WorkloadOptions): Workload {
  const n = opts.n;
  const total = opts.ops;
  const seed = opts.seed ?? 42;
  const nAcc = opts.accounts ?? 64;
  const rng = createRng(forkSeed(seed, `workload:${n}`));
  const accounts = Array.from({ length: nAcc }, (_, i) => accountName(i));
  const scale = spreadScale(n);
  const model = new Model();
  let nextId = 0;
  const newId = (): string => 'o' + (nextId++).toString(36);

  /** Lots for a resting order: 1 + exponential, mean ~25. */
  const makerQty = (): number => 1 + Math.floor(expo(rng, 24.5));

  // A slowly drifting fair price (mean-reverting random walk around the mid):
  // takers lean towards it, so the book follows it without turning lopsided.
  let fair = MID_TICKS;

  const bookMid2 = (): number => {
    const [nb, na] = model.count;
    if (nb > 0 && na > 0) return model.best[BUY] + model.best[SELL];
    if (nb > 0) return 2 * model.best[BUY] + 2;
    if (na > 0) return 2 * model.best[SELL] - 2;
    return 2 * Math.round(fair);
  };

  const passive = (side: number): Op => {
    const mid2 = bookMid2();
    const d = Math.floor(expo(rng, scale));
    let tick: number;
    if (side === BUY) {
      tick = Math.floor((mid2 - 1) / 2) - d;
      if (model.count[SELL] > 0 && tick >= model.best[SELL]) tick = model.best[SELL] - 1;
      if (tick < 1) tick = 1;
    } else {
      tick = Math.ceil((mid2 + 1) / 2) + d;
      if (model.count[BUY] > 0 && tick <= model.best[BUY]) tick = model.best[BUY] + 1;
    }
    const acct = rng.nextInt(nAcc);
    const qty = makerQty();
    const id = newId();
    model.add({ id, acct, side, tick, qty, alive: false, pos: 0 });
    return { k: 'limit', id, side: SIDES[side], price: tick / 100, qty, account: accounts[acct] };
  };

  // ---- pre-fill: n passive orders, alternating sides.
  const prefill: Op[] = [];
  for (let i = 0; i < n; i++) prefill.push(passive(i & 1));
  const restingAfterPrefill = model.resting;

  // ---- measured phase.
  const ops: Op[] = [];
  const stats: WorkloadStats = {
    limits: 0, crossingLimits: 0, markets: 0, cancels: 0, trades: 0, stpCancels: 0,
    restingAfterPrefill, restingAtEnd: 0, minResting: Infinity, maxResting: 0, bestBid: 0, bestAsk: 0,
  };
  model.trades = 0;
  model.stp = 0;

  const cancel = (): Op => {
    const r = model.live[rng.nextInt(model.live.length)];
    const op: Op = { k: 'cancel', id: r.id, side: SIDES[r.side], price: r.tick / 100, qty: r.qty, account: accounts[r.acct], target: r.id };
    model.remove(r);
    stats.cancels++;
    return op;
  };

  /** Side of a taker: leans towards the fair price. */
  const takerSide = (): number => {
    const gap = (fair - bookMid2() / 2) / Math.max(4, scale / 4);
    const pBuy = 0.5 + Math.max(-0.25, Math.min(0.25, gap * 0.25));
    return rng.next() < pBuy ? BUY : SELL;
  };

  /** Taker lots: like a maker's, scaled up when the book is above n and down when below. */
  const takerQty = (): number => {
    const ratio = model.resting / n;
    const k = Math.max(0.25, Math.min(4, Math.pow(ratio, 6)));
    return Math.max(1, Math.round(makerQty() * k));
  };

  const revert = 1 / 200_000;
  const vol = Math.max(0.05, scale / 400);

  for (let i = 0; i < total; i++) {
    fair += (MID_TICKS - fair) * revert + vol * rng.gaussian();
    const r = rng.next();
    let op: Op;
    if (r < MIX.cancel && model.resting > 0) {
      op = cancel();
    } else if (r < MIX.cancel + MIX.market) {
      const side = takerSide();
      const acct = rng.nextInt(nAcc);
      const qty = takerQty();
      model.match(side, acct, side === BUY ? Infinity : -Infinity, qty);
      op = { k: 'market', id: newId(), side: SIDES[side], price: 0, qty, account: accounts[acct] };
      stats.markets++;
    } else if (r < MIX.cancel + MIX.market + MIX.limit) {
      stats.limits++;
      const opp = takerSide() === BUY ? SELL : BUY;
      if (rng.next() < MIX.crossingOfLimits && model.count[opp] > 0) {
        // Crossing: a marketable limit a few ticks through the opposite touch.
        const side = opp === SELL ? BUY : SELL;
        const through = Math.floor(expo(rng, Math.max(1, scale / 20)));
        const tick = side === BUY ? model.best[SELL] + through : Math.max(1, model.best[BUY] - through);
        const acct = rng.nextInt(nAcc);
        const qty = takerQty();
        const id = newId();
        const left = model.match(side, acct, tick, qty);
        if (left > 0) model.add({ id, acct, side, tick, qty: left, alive: false, pos: 0 });
        op = { k: 'limit', id, side: SIDES[side], price: tick / 100, qty, account: accounts[acct], crossing: true };
        stats.crossingLimits++;
      } else {
        op = passive(rng.next() < 0.5 ? BUY : SELL);
      }
    } else if (model.resting > n) {
      // Steering slice: back towards n.
      op = cancel();
    } else {
      op = passive(rng.nextInt(2));
      stats.limits++;
    }
    ops.push(op);
    const resting = model.resting;
    if (resting < stats.minResting) stats.minResting = resting;
    if (resting > stats.maxResting) stats.maxResting = resting;
  }
  stats.trades = model.trades;
  stats.stpCancels = model.stp;
  stats.restingAtEnd = model.resting;
  stats.bestBid = model.count[BUY] > 0 ? model.best[BUY] / 100 : 0;
  stats.bestAsk = model.count[SELL] > 0 ? model.best[SELL] / 100 : 0;
  if (stats.minResting === Infinity) stats.minResting = model.resting;

  // 100M USD and 1M BEN each: escrow never runs short, and 64 such deposits stay
  // within the engine's exact-integer range even at 6 decimals of USD.
  return { n, seed, accounts, depositQuote: 1e8, depositBase: 1e6, prefill, ops, stats };
}
