/**
 * The person's trading terminal over the sim (the names, bottom up: the
 * `Exchange` matches orders; the `Sim` runs a market of them with its clock
 * and agents; the `Terminal` is what one person sees and does there; the
 * `DurableTerminal` keeps it in storage). It holds the sim, the person's
 * activity and the views the UI reads, with no Comlink, timers or storage,
 * so it runs (and is tested) in Node as it runs in the worker.
 * engine.worker.ts drives it.
 */
import { bestLevel, depth } from '../core/exchange/book';
import { pow10 } from '../core/exchange/decimal';
import { priceOf, qtyOf } from '../core/exchange/instrument';
import type { Instrument } from '../core/exchange/order';
import { TIMEFRAME_MS, TIMEFRAMES, type Candle, type Timeframe } from '../core/market/candles';
import { marketStatus } from '../core/market/hours';
import { SPARK_TIMEFRAME, STATS24_CANDLES, STATS24_TIMEFRAME, stats24Of, writeSparklineOf } from '../core/market/stats24';
import { candleColumns } from '../core/market/candleData';
import { kindByAgent, leaderboardOf } from '../core/portfolio/leaderboard';
import { validateRules, type RiskRules } from '../core/portfolio/risk';
import { portfolioOf } from '../core/portfolio/valuation';
import { unrealizedAt } from '../core/portfolio/unrealized';
import { markOf } from '../core/portfolio/marks';
import { Code, fail } from '../core/codes';
import { Sim, type Market } from '../core/sim/sim';
import type { SimConfig } from '../core/sim/config';
import type { SimEvent } from '../core/sim/types';
import { Activity } from './activity';
import { PastCandles } from './pastCandles';
import { StrategyDesk } from './strategies';
import type {
  ApiResult, BaseFrame, Book, CandleData, EquitySeries, FeedsView, Frame, InstrumentInfo, LeaderRow, Notice, OrderTicket, PortfolioView,
  PositionView, Session, Speed, TapeTrade, Tickers, View, ViewDetail,
} from '../protocol';

/** The tab a view belongs to when there is only one (tests, a lone tab). */
export const LOCAL = 'local';

interface TabView {
  view: View;
  /** Last trade seq of the viewed symbol already sent. */
  tapeSeq: number;
  /** Wall time the tab last said it is there. */
  seen: number;
}

const TAPE_LENGTH = 60;
const SPARK_POINTS = 48;
/** Ticker statistics (24 h, sparkline) are recomputed at most this often, in wall ms. */
const STATS_EVERY_MS = 1_000;
const SPARK_EVERY_MS = 5_000;
/** One call to advance() never simulates more than this much wall time (a tab that slept). */
const MAX_WALL_STEP_MS = 5_000;
export const SPEEDS: readonly Speed[] = [0, 1, 10, 60];

export interface TerminalOptions {
  sim: SimConfig;
  /** The person's account. */
  account?: string;
  /** Wall clock, injected for tests. */
  now?: () => number;
}

export class Terminal {
  readonly sim: Sim;
  readonly account: string;
  readonly activity: Activity;
  /** The person's strategies: their commands, views and the list the frames carry. */
  readonly strategies: StrategyDesk;
  speed: Speed = 1;
  private readonly views = new Map<string, TabView>();
  private readonly list: Market[];
  private readonly index = new Map<string, number>();
  private readonly tapes = new Map<string, TapeTrade[]>();
  private sessions = new Map<string, Session>();
  private sessionsChanged = new Set<string>();
  private frameNo = 0;
  private readonly wallNow: () => number;
  private statsAt = -Infinity;
  private sparkAt = -Infinity;
  private open24: Float64Array;
  private value24: Float64Array;
  private spark: Float32Array;
  private notices: Notice[] = [];
  /** The 24 h open a live venue reports, by symbol (it knows the real one; the sim's candles are younger). */
  private readonly liveOpen24 = new Map<string, number>();
  /** The feeds' status, set by whoever runs them. */
  feeds: FeedsView | null = null;
  /** The synthetic markets' seeded pasts, joined to their own candles wherever candles are read (seededPast.ts). */
  private readonly past = new PastCandles();
  /** Resolves once every synthetic market's past is known (a reload reads them from storage): the chart's candles wait for it. */
  pastReady: Promise<void> = Promise.resolve();
  /** The person's equity points not yet stored. */
  private equityRows: { ts: number; equity: number }[] = [];
  private historyReset = false;

  constructor(opts: TerminalOptions, restored?: (sink: (e: SimEvent, ts: number) => void) => Sim) {
    this.account = opts.account ?? 'you';
    this.wallNow = opts.now ?? (() => Date.now());
    const sink = (e: SimEvent, ts: number) => this.onEvent(e, ts);
    this.activity = new Activity(this.account, (s) => this.inst(s), (id) => this.sim?.ex.order(id) !== undefined);
    this.sim = restored ? restored(sink) : new Sim({ users: [this.account], ...opts.sim }, sink, { record: true });
    this.strategies = new StrategyDesk(this.sim, this.account, this.wallNow);
    this.list = [...this.sim.markets.values()];
    this.list.forEach((m, i) => this.index.set(m.spec.symbol, i));
    const n = this.list.length;
    this.open24 = new Float64Array(n).fill(NaN);
    this.value24 = new Float64Array(n);
    this.spark = new Float32Array(n * SPARK_POINTS).fill(NaN);
    for (const m of this.list) {
      if (!this.sessions.has(m.spec.symbol)) this.noteSession(m.spec.symbol, m.open);
    }
  }

  private inst(symbol: string): Instrument | undefined {
    return this.sim?.markets.get(symbol)?.inst;
  }

  private onEvent(e: SimEvent, ts: number): void {
    this.activity?.onEvent(e, ts);
    if (e.ev === 'trade') {
      const m = this.sim?.markets.get(e.symbol);
      if (m === undefined) return;
      const t: TapeTrade = { seq: e.seq, ts, price: priceOf(m.inst, e.price), qty: qtyOf(m.inst, e.qty), side: e.takerSide };
      let tape = this.tapes.get(e.symbol);
      if (tape === undefined) this.tapes.set(e.symbol, (tape = []));
      tape.push(t);
      if (tape.length > TAPE_LENGTH * 2) tape.splice(0, tape.length - TAPE_LENGTH);
    } else if (e.ev === 'equity') {
      if (e.account === this.account && this.sim !== undefined) this.equityRows.push({ ts, equity: e.equity / pow10(this.sim.cashDec()) });
    } else if (e.ev === 'session') {
      this.sessions.set(e.symbol, { open: e.open, reason: e.reason, nextChange: e.nextChange });
      this.sessionsChanged.add(e.symbol);
    }
  }

  private noteSession(symbol: string, open: boolean): void {
    const m = this.sim.markets.get(symbol)!;
    const s = marketStatus(m.spec.calendar, this.sim.now);
    this.sessions.set(symbol, { open, reason: s.reason, nextChange: s.nextChange });
    this.sessionsChanged.add(symbol);
  }

  // ------------------------------------------------------------------ clock

  /** Runs the sim for `wallMs` of wall time at the current speed. */
  advance(wallMs: number): void {
    const dt = Math.min(Math.max(0, wallMs), MAX_WALL_STEP_MS) * this.speed;
    if (dt > 0) this.sim.step(dt);
  }

  setSpeed(speed: number): ApiResult {
    if (!SPEEDS.includes(speed as Speed)) return fail(Code.INVALID_SETTING, 'Speed must be paused, 1×, 10× or 60×.');
    this.speed = speed as Speed;
    return { ok: true };
  }

  /** What a tab looks at; the frames it gets carry the detail for it. */
  setView(view: Partial<View>, tab: string = LOCAL): ApiResult {
    if (view.symbol !== undefined && view.symbol !== null && !this.sim.markets.has(view.symbol)) {
      return fail(Code.UNKNOWN_SYMBOL, `Unknown symbol ${view.symbol}.`);
    }
    if (view.timeframe !== undefined && !TIMEFRAMES.includes(view.timeframe)) {
      return fail(Code.INVALID_SETTING, `Unknown timeframe ${String(view.timeframe)}.`);
    }
    const old = this.views.get(tab) ?? { view: { symbol: null, timeframe: '1m', depth: 20 }, tapeSeq: 0, seen: 0 };
    const symbol = view.symbol === undefined ? old.view.symbol : view.symbol;
    // A new symbol's recent trades come from tape(); frames carry only what follows.
    const tapeSeq = symbol !== old.view.symbol ? (this.tapes.get(symbol ?? '')?.at(-1)?.seq ?? 0) : old.tapeSeq;
    this.views.set(tab, {
      view: {
        symbol,
        timeframe: view.timeframe ?? old.view.timeframe,
        depth: Math.max(1, Math.min(100, Math.floor(view.depth ?? old.view.depth))),
      },
      tapeSeq,
      seen: this.wallNow(),
    });
    return { ok: true };
  }

  /** The symbols some tab is looking at. */
  viewedSymbols(): string[] {
    const out: string[] = [];
    for (const v of this.views.values()) if (v.view.symbol !== null) out.push(v.view.symbol);
    return out;
  }

  /** Tabs that have a view. */
  tabs(): string[] {
    return [...this.views.keys()];
  }

  /** Forgets the views of tabs not heard from for `maxAgeMs` (closed tabs), except `keep`'s. */
  expireViews(maxAgeMs: number, keep: string): void {
    const now = this.wallNow();
    for (const [tab, v] of this.views) if (tab !== keep && now - v.seen > maxAgeMs) this.views.delete(tab);
  }

  /** A tab that went away. */
  dropView(tab: string): void {
    this.views.delete(tab);
  }

  setLiveOpen24(symbol: string, open: number | undefined): void {
    if (open === undefined || !(open > 0)) this.liveOpen24.delete(symbol);
    else this.liveOpen24.set(symbol, open);
  }

  /** Equity points recorded since the last call. */
  drainEquity(): { ts: number; equity: number }[] {
    const out = this.equityRows;
    this.equityRows = [];
    return out;
  }

  notice(n: Notice): void {
    this.notices.push(n);
  }

  // ------------------------------------------------------------------ commands

  place(t: OrderTicket): ApiResult<{ id: string }> {
    if (typeof t !== 'object' || t === null) return fail(Code.INVALID_ORDER, 'An order needs a symbol, a side, a type and a quantity.');
    const r = this.sim.submit(this.account, {
      op: 'place', symbol: t.symbol, side: t.side, type: t.type, qty: t.qty, price: t.price, stopPrice: t.stopPrice,
      tif: t.tif, takeProfit: t.takeProfit, stopLoss: t.stopLoss,
    });
    if (!r.ok) return r;
    const id = r.id ?? '';
    if (t.takeProfit !== undefined || t.stopLoss !== undefined) this.activity.noteBracket(id, t.takeProfit, t.stopLoss);
    return { ok: true, id };
  }

  cancel(id: string): ApiResult {
    return this.sim.submit(this.account, { op: 'cancel', id });
  }

  modify(id: string, change: { price?: number; stopPrice?: number; qty?: number }): ApiResult {
    return this.sim.submit(this.account, { op: 'modify', id, price: change?.price, stopPrice: change?.stopPrice, qty: change?.qty });
  }

  deposit(amount: number): ApiResult {
    return this.sim.submit(this.account, { op: 'deposit', amount });
  }

  withdraw(amount: number): ApiResult {
    return this.sim.submit(this.account, { op: 'withdraw', amount });
  }

  /**
   * A clean slate (issue 13): the sim empties the account and forgets its
   * positions (realized P&L, fees); the orders and fills kept here go too, and
   * the next commit deletes the stored ones with it (takeHistoryReset).
   */
  reset(startingCash: number): ApiResult {
    const r = this.sim.submit(this.account, { op: 'reset', startingCash });
    if (r.ok) {
      this.activity.clear();
      this.historyReset = true;
    }
    return r;
  }

  /** Whether the account was reset since the last call: its stored history is then to be deleted in the same commit. */
  takeHistoryReset(): boolean {
    const was = this.historyReset;
    this.historyReset = false;
    return was;
  }

  setRisk(rules: RiskRules): ApiResult {
    const bad = validateRules(rules);
    if (bad) return bad;
    return this.sim.submit(this.account, { op: 'setRisk', rules });
  }

  risk(): RiskRules {
    return { ...(this.sim.risk.get(this.account) ?? {}) };
  }

  // ------------------------------------------------------------------ reads

  /** How many frames were built (the seeded pasts are drawn after the first). */
  get framesBuilt(): number {
    return this.frameNo;
  }

  instruments(): InstrumentInfo[] {
    return this.list.map((m) => ({
      symbol: m.spec.symbol, name: m.spec.name, group: m.spec.group, base: m.spec.base, quote: m.spec.quote,
      tick: m.spec.tick, lot: m.spec.lot, priceDecimals: m.inst.tickDec, qtyDecimals: m.inst.lotDec,
      makerFeeBps: m.spec.makerFeeBps, takerFeeBps: m.spec.takerFeeBps, calendar: m.spec.calendar,
    }));
  }

  book(symbol: string, levels = 20): Book | null {
    const m = this.sim.markets.get(symbol);
    if (m === undefined) return null;
    const conv = ([p, q]: [number, number]) => ({ price: priceOf(m.inst, p), qty: qtyOf(m.inst, q) });
    return { symbol, bids: depth(m.inst.bids, levels).map(conv), asks: depth(m.inst.asks, levels).map(conv) };
  }

  tape(symbol: string): TapeTrade[] {
    return (this.tapes.get(symbol) ?? []).slice(-TAPE_LENGTH);
  }

  candles(symbol: string, tf: Timeframe, limit?: number): CandleData | null {
    const m = this.sim.markets.get(symbol);
    if (m === undefined || !TIMEFRAMES.includes(tf)) return null;
    return simCandleData(m.inst, this.past.join(symbol, m.candles.series(tf), limit));
  }

  /** A market's seeded past (1-minute candles in ticks and lots, oldest first): its charts, sparkline and 24 h begin there. */
  setPast(symbol: string, oneMinute: readonly Candle[]): void {
    if (!this.sim.markets.has(symbol)) return;
    this.past.set(symbol, oneMinute);
    // The next frame's statistics and sparklines include it.
    this.statsAt = -Infinity;
    this.sparkAt = -Infinity;
  }

  portfolio(): PortfolioView {
    const sim = this.sim;
    const p = portfolioOf(sim.ex, sim.positions, this.account, sim.cfg.cashAsset);
    const f = pow10(p.dec);
    const h = sim.equity.get(this.account);
    const dayStart = h?.dayStart(sim.now);
    return {
      account: this.account, cashAsset: p.cashAsset, cash: p.cash / f, cashAvailable: p.cashAvailable / f, equity: p.equity / f,
      dayPnl: dayStart === undefined ? 0 : (p.equity - dayStart) / f,
      totalPnl: p.totalPnl / f, realized: p.realized / f, unrealized: p.unrealized / f, fees: p.fees / f,
      netDeposits: (sim.netIn.get(this.account) ?? 0) / f,
      holdings: p.holdings.map((x) => {
        const inst = sim.markets.get(x.symbol)!.inst;
        return {
          symbol: x.symbol, qty: qtyOf(inst, x.qty), avgPrice: priceOf(inst, 1) * x.avgPrice, mark: priceOf(inst, 1) * x.mark,
          value: x.value / f, cost: x.cost / f, unrealized: x.unrealized / f, realized: x.realized / f, fees: x.fees / f,
          allocation: x.allocation,
        };
      }),
    };
  }

  positions(): PositionView[] {
    const sim = this.sim;
    const out: PositionView[] = [];
    for (const p of sim.positions.list(this.account)) {
      const m = sim.markets.get(p.symbol);
      if (m === undefined) continue;
      const inst = m.inst;
      const qf = pow10(inst.quote.dec);
      const mark = markOf(inst);
      const tickValue = priceOf(inst, 1);
      const unrealized = unrealizedAt(inst, p.qty, p.avgPrice, mark) / qf;
      out.push({
        symbol: p.symbol, qty: qtyOf(inst, p.qty), avgPrice: p.avgPrice * tickValue, mark: mark * tickValue, unrealized,
        realized: p.realized / qf, fees: p.fees / qf,
      });
    }
    return out;
  }

  equity(): EquitySeries {
    const h = this.sim.equity.get(this.account);
    const f = pow10(this.sim.cashDec());
    const pts = h?.points() ?? { ts: [], equity: [] };
    return { t: Float64Array.from(pts.ts, (t) => t / 1000), equity: Float64Array.from(pts.equity, (e) => e / f) };
  }

  /**
   * Every account ranked by core's leaderboard (by return on what it was
   * given: bots from their funding alone stay near 0 %); only the equity is turned
   * into decimals here, and a strategy's account is named one (the sim's
   * agent kind says so), so it is shown beside the person and the bots.
   */
  leaderboard(): LeaderRow[] {
    const sim = this.sim;
    const f = pow10(sim.cashDec());
    // A stopped strategy gave everything back to its owner: an empty account whose "return" would read −100 %.
    const stopped = new Set(sim.strategies().filter((v) => v.status === 'stopped').map((v) => v.account));
    // What each account was given (Sim.given), not netIn: a bot's first inventory counted 0 in netIn.
    return leaderboardOf(sim.ex, sim.given, sim.cfg.cashAsset, kindByAgent(this.account, (a) => sim.agentKindOf(a)), sim.referenceOf)
      .filter((r) => !stopped.has(r.account))
      .map((r) => ({
        account: r.account, kind: sim.agentKindOf(r.account) === 'strategy' ? 'strategy' : r.kind, equity: r.equity / f, returnPct: r.returnPct,
      }));
  }

  // ------------------------------------------------------------------ frames

  private tickers(): Tickers {
    const n = this.list.length;
    const last = new Float64Array(n);
    const bid = new Float64Array(n);
    const ask = new Float64Array(n);
    const open = new Uint8Array(n);
    const wall = this.wallNow();
    if (wall - this.statsAt >= STATS_EVERY_MS) this.refreshStats(wall);
    if (wall - this.sparkAt >= SPARK_EVERY_MS) this.refreshSpark(wall);
    for (let i = 0; i < n; i++) {
      const m = this.list[i];
      const inst = m.inst;
      const b = bestLevel(inst.bids);
      const a = bestLevel(inst.asks);
      last[i] = inst.last ? priceOf(inst, inst.last) : NaN;
      bid[i] = b ? priceOf(inst, b.price) : NaN;
      ask[i] = a ? priceOf(inst, a.price) : NaN;
      open[i] = m.open ? 1 : 0;
    }
    const open24 = this.open24.slice();
    for (const [symbol, o] of this.liveOpen24) {
      const i = this.index.get(symbol);
      if (i !== undefined && this.list[i].source === 'live') open24[i] = o;
    }
    return {
      last, bid, ask, open, open24, value24: this.value24.slice(), spark: this.spark.slice(),
      sparkPoints: SPARK_POINTS,
    };
  }

  /** 24 h open and traded value (core's stats24), in decimals. */
  private refreshStats(wall: number): void {
    this.statsAt = wall;
    for (let i = 0; i < this.list.length; i++) {
      const m = this.list[i];
      const inst = m.inst;
      const cs = this.past.join(m.spec.symbol, m.candles.series(STATS24_TIMEFRAME), STATS24_CANDLES);
      const s = stats24Of(cs, TIMEFRAME_MS[STATS24_TIMEFRAME], this.sim.now, inst.notionalUnit);
      this.open24[i] = Number.isNaN(s.open) ? NaN : priceOf(inst, s.open);
      this.value24[i] = s.value / pow10(inst.quote.dec);
    }
  }

  private refreshSpark(wall: number): void {
    this.sparkAt = wall;
    for (let i = 0; i < this.list.length; i++) {
      const m = this.list[i];
      const inst = m.inst;
      const cs = this.past.join(m.spec.symbol, m.candles.series(SPARK_TIMEFRAME), SPARK_POINTS);
      writeSparklineOf(cs, SPARK_POINTS, this.spark, i * SPARK_POINTS, (ticks) => priceOf(inst, ticks));
    }
  }

  /** Everything that changed since the last frame, the same for every tab. */
  baseFrame(): BaseFrame {
    const { orders, fills } = this.activity.drain();
    const sessions: Record<string, Session> = {};
    for (const s of this.sessionsChanged) sessions[s] = this.sessions.get(s)!;
    this.sessionsChanged.clear();
    const notices = this.notices;
    this.notices = [];
    const frame: BaseFrame = {
      n: ++this.frameNo, now: this.sim.now, speed: this.speed, tickers: this.tickers(), sessions,
      openOrders: this.activity.open(), orders, fills, portfolio: this.portfolio(), feeds: this.feeds, notices,
    };
    const strategies = this.strategies.forFrame();
    if (strategies !== undefined) frame.strategies = strategies;
    return frame;
  }

  /** The book, new trades and last candles of what a tab looks at. */
  detail(tab: string = LOCAL): ViewDetail {
    const v = this.views.get(tab);
    const symbol = v?.view.symbol ?? null;
    if (v === undefined || symbol === null) return { book: null, tape: [], candles: null };
    const m = this.sim.markets.get(symbol)!;
    const all = this.tapes.get(symbol) ?? [];
    let i = all.length;
    while (i > 0 && all[i - 1].seq > v.tapeSeq) i--;
    const tape = all.slice(Math.max(i, all.length - TAPE_LENGTH));
    if (all.length > 0) v.tapeSeq = Math.max(v.tapeSeq, all[all.length - 1].seq);
    return {
      book: this.book(symbol, v.view.depth), tape,
      candles: simCandleData(m.inst, this.past.join(symbol, m.candles.series(v.view.timeframe), 2)),
    };
  }

  /** One tab's whole frame (a lone tab, tests). */
  frame(tab: string = LOCAL): Frame {
    return { ...this.baseFrame(), ...this.detail(tab), role: 'leader' };
  }
}

/** The typed-array buffers of a frame, to transfer rather than copy. */
export function frameTransfers(f: Frame): ArrayBuffer[] {
  const t = f.tickers;
  const out = [t.last, t.bid, t.ask, t.open24, t.value24, t.open, t.spark].map((a) => a.buffer as ArrayBuffer);
  if (f.candles) out.push(...candleTransfers(f.candles));
  return out;
}

export function candleTransfers(c: CandleData): ArrayBuffer[] {
  return [c.t, c.o, c.h, c.l, c.c, c.v].map((a) => a.buffer as ArrayBuffer);
}

/** The sim's candles (ticks, lots, open time in ms) as the chart's columns (decimals, Unix seconds). */
export function simCandleData(inst: Instrument, cs: { t: number; o: number; h: number; l: number; c: number; v: number }[]): CandleData {
  const n = cs.length;
  const d = candleColumns(n);
  for (let i = 0; i < n; i++) {
    const c = cs[i];
    d.t[i] = c.t / 1000;
    d.o[i] = priceOf(inst, c.o);
    d.h[i] = priceOf(inst, c.h);
    d.l[i] = priceOf(inst, c.l);
    d.c[i] = priceOf(inst, c.c);
    d.v[i] = qtyOf(inst, c.v);
  }
  return d;
}
