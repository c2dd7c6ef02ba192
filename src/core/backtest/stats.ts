import { emptyNumbers } from './emptyList';
import type { BacktestStats, BacktestTrade, TradeNumbers } from './types';

/**
 * backtesting.py's `compute_stats`, figure for figure (its `_stats.py`, read
 * in its own source; the risk-free rate is 0 as in `Backtest.run`). Every
 * formula below is the one there, including its choices: returns are
 * compounded (geometric means), annualised with 252 trading days (365 when
 * the data has weekends, 52 / 12 / 1 for weekly / monthly / yearly bars),
 * from the equity's last value per calendar day; a trade's return is a
 * fraction of its entry value after commissions; durations are rounded up to
 * the data's resolution. Where it gives a figure no meaning (a drawdown
 * "duration" measured in drawdown units when no drawdown spans two bars) we
 * give NaN instead, and README.md says so.
 */
export function computeStats(
  closed: readonly BacktestTrade[] | TradeNumbers, equity: Float64Array, time: Float64Array, close: Float64Array, warmup: number, drawdown?: Float64Array,
): BacktestStats {
  // Read through one interface: a run's trades as the broker keeps them (columns, no object each), or a list of objects.
  const trades: TradeNumbers = isTradeList(closed) ? new TradeList(closed) : closed;
  const n = equity.length;
  const start = time[0];
  const end = time[n - 1];
  const shape = shapeOf(time, close);
  const period = shape.period;
  const roundUp = (ms: number): number => ceilTo(ms, resolutionOf(period));

  // Drawdown, and each drawdown's length and depth (compute_drawdown_duration_peaks): from the drawdown column when
  // the caller has one, else straight from the equity (the same numbers, no column made).
  const periods = drawdown !== undefined ? drawdownPeriods(drawdown, time) : equityDrawdownPeriods(equity, time);
  const { durations, peaks, deepest } = periods;
  const maxDd = deepest;
  const equityPeak = peakOf(equity);
  const exposed = barsHeld(trades, n);
  const t = tradeFigures(trades);

  const returnPct = ((equity[n - 1] - equity[0]) / equity[0]) * 100;
  const firstTrading = Math.min(Math.max(0, warmup), n - 1);
  const buyHoldReturnPct = ((close[n - 1] - close[firstTrading]) / close[firstTrading]) * 100;

  // Returns per calendar period (day, week, month, year), compounded.
  const freqDays = Math.floor(period / DAY);
  const annualDays = freqDays === 7 ? 52 : freqDays === 31 ? 12 : freqDays === 365 ? 1 : shape.weekends ? 365 : 252;
  const bucket = freqDays === 7 ? weekOf : freqDays === 31 ? monthOf : freqDays === 365 ? yearOf : dayOf;
  const days = periodReturns(equity, time, bucket);
  const g = days.gmean;
  const annualized = (1 + g) ** annualDays - 1;
  const returnAnnPct = annualized * 100;
  const volatilityAnnPct = Math.sqrt((days.variance + (1 + g) ** 2) ** annualDays - (1 + g) ** (2 * annualDays)) * 100;
  const durationMs = end - start;
  const years = (Math.floor(durationMs / DAY) + Math.floor((durationMs % DAY) / 1000) / 86400) / 365.25;
  const cagrPct = years ? ((equity[n - 1] / equity[0]) ** (1 / years) - 1) * 100 : Number.NaN;
  const sharpe = returnAnnPct / orNaN(volatilityAnnPct);
  const sortino = annualized / (Math.sqrt(days.downside / days.count) * Math.sqrt(annualDays));
  const maxDrawdown = -(Number.isNaN(maxDd) ? 0 : maxDd);
  const calmar = annualized / orNaN(-maxDrawdown);

  const beta = betaOf(equity, shape);
  const alphaPct = returnPct - beta * buyHoldReturnPct;
  // The parts kept until the next call (their hidden classes with them: engine.ts' `lastRun` says why).
  lastParts.periods = periods;
  lastParts.figures = t;
  lastParts.returns = days;

  return {
    start, end, durationMs,
    exposurePct: (exposed / n) * 100,
    equityFinal: equity[n - 1],
    equityPeak,
    commissions: t.commissions,
    returnPct,
    buyHoldReturnPct,
    returnAnnPct,
    volatilityAnnPct,
    cagrPct,
    sharpe,
    sortino,
    calmar,
    alphaPct,
    beta,
    maxDrawdownPct: maxDrawdown * 100,
    avgDrawdownPct: -mean(peaks) * 100,
    maxDrawdownDurationMs: roundUp(max(durations)),
    avgDrawdownDurationMs: roundUp(mean(durations)),
    trades: t.count,
    winRatePct: t.winRate * 100,
    bestTradePct: t.bestReturn * 100,
    worstTradePct: t.worstReturn * 100,
    avgTradePct: t.gmeanReturn * 100,
    maxTradeDurationMs: roundUp(t.longest),
    avgTradeDurationMs: roundUp(t.meanLength),
    profitFactor: t.gains / orNaN(t.drops),
    expectancyPct: t.meanReturn * 100,
    sqn: (Math.sqrt(t.count) * t.meanPl) / orNaN(Math.sqrt(t.plVariance)),
    kelly: t.winRate - (1 - t.winRate) / (t.meanWin / -t.meanLoss),
  };
}

/** The last call's intermediate figures, held until the next call (engine.ts' `lastRun` says why). */
const lastParts: { periods: unknown; figures: unknown; returns: unknown } = { periods: null, figures: null, returns: null };

const DAY = 86_400_000;
const HUGE = 2 ** 500;
const TINY = 2 ** -500;
// Read from the module's scope, as no global is: see "only their loops" below.
const NAN = Number.NaN;
const NEG_INF = -Infinity;

/*
 * computeStats itself has no loop: each pass over the bars is a function of
 * its own, compiled on its own. (With its loops inlined, V8 compiled it as
 * one graph, 70–120 ms of compiler time, again in each of the first runs.)
 *
 * Those functions are only their loops: nothing before a loop reads a
 * property, an element or a global, calls, or allocates (what they need is
 * passed in, or read inside the loop; the constants above come from the
 * module's scope). Why: V8 gives a function its type feedback lazily, once
 * it has run a while, so in its first call the feedback starts inside the
 * loop; the code before it has none, and the optimized code V8 made at the
 * start of the next call deoptimized right there (measured with
 * --trace-deopt: drawdownOf, drawdownPeriods, peakOf, tradeFigures,
 * periodReturns and betaOf, all recompiled in the bench's first timed runs).
 */

/** The highest equity (-Infinity for none). */
function peakOf(equity: Float64Array): number {
  let peak = NEG_INF;
  for (let i = 0; i < equity.length; i++) if (equity[i] > peak) peak = equity[i];
  return peak;
}

/** Python's `x or nan`: 0 is no divisor. */
function orNaN(x: number): number {
  return x === 0 ? Number.NaN : x;
}

/**
 * The drawdown periods: from a bar at a peak (drawdown 0) to the next bar at
 * a peak (or the last bar), when at least one bar lies between. Their length
 * in time and their depth. backtesting.py gives, when there is none, the
 * drawdown values themselves as both; we give their depths and no lengths.
 */
export function drawdownPeriods(dd: Float64Array, time: Float64Array): { durations: number[]; peaks: number[]; deepest: number } {
  const durations = emptyNumbers();
  const peaks = emptyNumbers();
  const maxDd = scanPeriods(dd, time, durations, peaks);
  if (durations.length === 0) depthsOnly(dd, peaks);
  return { durations, peaks, deepest: maxDd };
}

/** drawdownPeriods' pass: each period's length and depth pushed; the deepest drawdown of all is the answer. */
function scanPeriods(dd: Float64Array, time: Float64Array, durations: number[], peaks: number[]): number {
  let prev = -1; // the last bar at a peak
  let deepest = NEG_INF; // the deepest drawdown since it
  let maxDd = NAN; // the deepest of all (NaN: none is a number)
  for (let i = 0; i < dd.length; i++) {
    const d = dd[i];
    if (!(d <= maxDd) && !Number.isNaN(d)) maxDd = d;
    if (d > deepest) deepest = d;
    if (d !== 0 && i < dd.length - 1) continue;
    // A bar at a peak, or the last bar: the end of a period when at least one bar lies between.
    if (prev >= 0 && i > prev + 1) {
      durations.push(time[i] - time[prev]);
      peaks.push(deepest);
    }
    if (d === 0 || prev < 0) {
      prev = i;
      deepest = d;
    }
  }
  return maxDd;
}

/**
 * `drawdownPeriods(drawdownOf(equity), time)` without the drawdown column:
 * each bar's drawdown computed where it is read, by the same expression, so
 * the same periods, depths and deepest to the bit (a run's statistics need
 * no column of a million drawdowns; its result makes one if it is read).
 */
function equityDrawdownPeriods(equity: Float64Array, time: Float64Array): { durations: number[]; peaks: number[]; deepest: number } {
  const durations = emptyNumbers();
  const peaks = emptyNumbers();
  const maxDd = scanEquityPeriods(equity, time, durations, peaks);
  if (durations.length === 0) depthsOnly(drawdownOf(equity), peaks);
  return { durations, peaks, deepest: maxDd };
}

/** scanPeriods over `fillDrawdown`'s values, each made as it is read. */
function scanEquityPeriods(equity: Float64Array, time: Float64Array, durations: number[], peaks: number[]): number {
  let high = NEG_INF; // the equity's running peak (fillDrawdown's)
  let prev = -1;
  let deepest = NEG_INF;
  let maxDd = NAN;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i];
    if (e > high) high = e;
    const d = 1 - e / high;
    if (!(d <= maxDd) && !Number.isNaN(d)) maxDd = d;
    if (d > deepest) deepest = d;
    if (d !== 0 && i < equity.length - 1) continue;
    if (prev >= 0 && i > prev + 1) {
      durations.push(time[i] - time[prev]);
      peaks.push(deepest);
    }
    if (d === 0 || prev < 0) {
      prev = i;
      deepest = d;
    }
  }
  return maxDd;
}

/** No period: the drawdowns themselves, as backtesting.py gives them (their depths only, here). */
function depthsOnly(dd: Float64Array, peaks: number[]): void {
  for (let i = 0; i < dd.length; i++) if (dd[i] !== 0 && !Number.isNaN(dd[i])) peaks.push(dd[i]);
}

/** Drawdown at each bar: how far below its running peak the equity is, as a fraction. */
export function drawdownOf(equity: Float64Array): Float64Array {
  const dd = new Float64Array(equity.length);
  fillDrawdown(equity, dd);
  return dd;
}

function fillDrawdown(equity: Float64Array, dd: Float64Array): void {
  let peak = NEG_INF;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    dd[i] = 1 - equity[i] / peak;
  }
}

/**
 * Bars with a position open: the union of the trades' spans, first and last
 * bar included, taken in entry order (trades close in an order of their own;
 * most runs' are already in entry order, and then nothing is sorted).
 */
function barsHeld(trades: TradeNumbers, n: number): number {
  let sorted = true;
  for (let k = 1; k < trades.length && sorted; k++) if (trades.entryBar(k) < trades.entryBar(k - 1)) sorted = false;
  const order = sorted ? null : Array.from({ length: trades.length }, (_, k) => k).sort((a, b) => trades.entryBar(a) - trades.entryBar(b));
  let held = 0;
  let upTo = -1; // the last bar counted
  for (let k = 0; k < trades.length; k++) {
    const t = order === null ? k : order[k];
    const from = Math.max(trades.entryBar(t), upTo + 1);
    const to = Math.min(trades.exitBar(t), n - 1);
    if (to >= from) {
      held += to - from + 1;
      upTo = to;
    }
  }
  return held;
}

/**
 * The figures of the trades alone, in one pass over them and a second over
 * their P&L for its spread: each sum taken in trade order as pandas takes it
 * (NaNs skipped where pandas skips them), so the figures are those of the
 * separate lists, to the bit.
 */
function tradeFigures(trades: TradeNumbers) {
  const s = tradeSums(trades, scratch);
  const count = trades.length;
  const plN = s[PL_N];
  const wins = s[WINS];
  const losses = s[LOSSES];
  const retN = s[RET_N];
  const lenN = s[LEN_N];
  const meanPl = plN === 0 ? Number.NaN : s[PL_SUM] / plN;
  const squares = plSquares(trades, meanPl);
  return {
    count,
    commissions: s[COMMISSIONS],
    winRate: count === 0 ? Number.NaN : wins / count,
    meanPl,
    plVariance: count < 2 ? Number.NaN : squares / (count - 1),
    meanWin: wins === 0 ? Number.NaN : s[WIN_SUM] / wins,
    meanLoss: losses === 0 ? Number.NaN : s[LOSS_SUM] / losses,
    gains: s[GAINS],
    drops: Math.abs(s[DROPS]),
    meanReturn: retN === 0 ? Number.NaN : s[RET_SUM] / retN,
    bestReturn: s[BEST],
    worstReturn: s[WORST],
    gmeanReturn: s[WIPED] !== 0 ? 0 : Math.exp(s[LOGS] / (count || Number.NaN)) - 1,
    longest: s[LONGEST],
    meanLength: lenN === 0 ? Number.NaN : s[LEN_SUM] / lenN,
  };
}

/*
 * Where the loops below leave their sums (slots named here): numbers in a
 * typed array, not an object made after the loop, whose literal V8 had no
 * feedback for in the optimized loop's code ("generic named access" at the
 * return, a deopt in each early run).
 */
const COMMISSIONS = 0, PL_SUM = 1, PL_N = 2, WIN_SUM = 3, WINS = 4, LOSS_SUM = 5, LOSSES = 6, GAINS = 7, DROPS = 8;
const RET_SUM = 9, RET_N = 10, BEST = 11, WORST = 12, LOGS = 13, WIPED = 14, LEN_SUM = 15, LEN_N = 16, LONGEST = 17;
const scratch = new Float64Array(18);

/** tradeFigures' pass over the trades: its sums into `out` (answered). */
function tradeSums(trades: TradeNumbers, out: Float64Array): Float64Array {
  let commissions = 0;
  let plSum = 0;
  let plN = 0;
  let winSum = 0;
  let wins = 0;
  let lossSum = 0;
  let losses = 0;
  let gains = 0;
  let drops = 0;
  let retSum = 0;
  let retN = 0;
  let best = NAN;
  let worst = NAN;
  let logs = 0;
  let wiped = 0;
  let lenSum = 0;
  let lenN = 0;
  let longest = NAN;
  for (let k = 0; k < trades.length; k++) {
    commissions += trades.commission(k);
    const pl = trades.pnl(k);
    if (!Number.isNaN(pl)) {
      plSum += pl;
      plN++;
    }
    if (pl > 0) {
      winSum += pl;
      wins++;
    } else if (pl < 0) {
      lossSum += pl;
      losses++;
    }
    const r = trades.returnPct(k);
    if (r > 0) gains += r;
    else if (r < 0) drops += r;
    if (!Number.isNaN(r)) {
      retSum += r;
      retN++;
      if (!(r <= best)) best = r;
      if (!(r >= worst)) worst = r;
    }
    const x = (Number.isNaN(r) ? 0 : r) + 1;
    if (x <= 0) wiped = 1;
    else if (wiped === 0) logs += Math.log(x);
    const len = trades.exitTime(k) - trades.entryTime(k);
    if (!Number.isNaN(len)) {
      lenSum += len;
      lenN++;
      if (!(len <= longest)) longest = len;
    }
  }
  out[COMMISSIONS] = commissions;
  out[PL_SUM] = plSum;
  out[PL_N] = plN;
  out[WIN_SUM] = winSum;
  out[WINS] = wins;
  out[LOSS_SUM] = lossSum;
  out[LOSSES] = losses;
  out[GAINS] = gains;
  out[DROPS] = drops;
  out[RET_SUM] = retSum;
  out[RET_N] = retN;
  out[BEST] = best;
  out[WORST] = worst;
  out[LOGS] = logs;
  out[WIPED] = wiped;
  out[LEN_SUM] = lenSum;
  out[LEN_N] = lenN;
  out[LONGEST] = longest;
  return out;
}

/** The trades' P&L's squared distances from their mean, summed in trade order. */
function plSquares(trades: TradeNumbers, meanPl: number): number {
  let squares = 0;
  for (let k = 0; k < trades.length; k++) squares += (trades.pnl(k) - meanPl) ** 2;
  return squares;
}

function isTradeList(x: readonly BacktestTrade[] | TradeNumbers): x is readonly BacktestTrade[] {
  return Array.isArray(x);
}

/** A list of trade objects read as `TradeNumbers` (a portfolio's, a walk-forward window's, a test's). */
class TradeList implements TradeNumbers {
  constructor(private readonly list: readonly BacktestTrade[]) {}

  get length(): number {
    return this.list.length;
  }

  entryBar(k: number): number {
    return this.list[k].entryBar;
  }

  exitBar(k: number): number {
    return this.list[k].exitBar;
  }

  entryTime(k: number): number {
    return this.list[k].entryTime;
  }

  exitTime(k: number): number {
    return this.list[k].exitTime;
  }

  pnl(k: number): number {
    return this.list[k].pnl;
  }

  returnPct(k: number): number {
    return this.list[k].returnPct;
  }

  commission(k: number): number {
    return this.list[k].commission;
  }
}

/** The data's bar length: the median gap between the last 100 bars (`_data_period`). */
export function dataPeriod(time: Float64Array): number {
  const from = Math.max(0, time.length - 100);
  const gaps: number[] = [];
  for (let i = from + 1; i < time.length; i++) gaps.push(time[i] - time[i - 1]);
  if (gaps.length === 0) return Number.NaN;
  gaps.sort((a, b) => a - b);
  const m = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[m] : (gaps[m - 1] + gaps[m]) / 2;
}

/** pandas' `Timedelta.resolution_string` as a length: the finest unit with a non-zero part. */
function resolutionOf(period: number): number {
  if (!Number.isFinite(period) || period <= 0) return 1;
  if (period % 1000 !== 0) return 1;
  if (period % 60_000 !== 0) return 1000;
  if (period % 3_600_000 !== 0) return 60_000;
  if (period % DAY !== 0) return 3_600_000;
  return DAY;
}

function ceilTo(ms: number, unit: number): number {
  return Number.isFinite(ms) ? Math.ceil(ms / unit) * unit : Number.NaN;
}

function weekendShare(time: Float64Array): number {
  let w = 0;
  for (let i = 0; i < time.length; i++) {
    const dow = (Math.floor(time[i] / DAY) + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
    if (dow === 0 || dow === 6 || dow === -1 || dow === -6) w++;
  }
  return w / time.length;
}

// Calendar buckets for pandas' resample: 'D', 'W' (weeks ending Sunday), 'ME', 'YE'.
function dayOf(t: number): number {
  return Math.floor(t / DAY);
}
function weekOf(t: number): number {
  return Math.floor((Math.floor(t / DAY) - 4) / 7); // Monday to Sunday
}
function monthOf(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
function yearOf(t: number): number {
  return new Date(t).getUTCFullYear();
}

/**
 * The equity's last value in each calendar bucket, and the change from one
 * to the next (`resample().last().pct_change().dropna()`), summed as they
 * come: their compounded mean (`geometric_mean`), sample variance
 * (Welford's, as exact as the two-pass one) and the downside sum of squares.
 */
function periodReturns(equity: Float64Array, time: Float64Array, bucket: (t: number) => number) {
  const s = periodSums(equity, time, bucket, scratch);
  const count = s[P_COUNT];
  const gmean = s[P_WIPED] !== 0 ? 0 : Math.exp((Math.log(s[P_PRODUCT]) + s[P_SCALE] * Math.LN2) / (count || Number.NaN)) - 1;
  return { count, gmean, variance: count < 2 ? Number.NaN : s[P_M2] / (count - 1), downside: s[P_DOWNSIDE] };
}

// periodSums' slots in the scratch array (tradeSums' comment says why an array).
const P_COUNT = 0, P_PRODUCT = 1, P_SCALE = 2, P_WIPED = 3, P_M2 = 4, P_DOWNSIDE = 5;

/** periodReturns' pass over the bars: its sums into `out` (answered). */
function periodSums(equity: Float64Array, time: Float64Array, bucket: (t: number) => number, out: Float64Array): Float64Array {
  let count = 0;
  // The compounded product of (1 + r), kept as product × 2^scale so it neither overflows nor underflows: a
  // multiplication per period instead of a logarithm (the geometric mean agrees with the sum of logs to ~1e-13).
  let product = 1;
  let scale = 0;
  let wiped = 0;
  let mean = 0;
  let m2 = 0;
  let downside = 0;
  // The first bar starts a bucket with nothing before it (NaN: no return); one step past the last bar ends the last.
  let current = 0;
  let last = NAN;
  let before = NAN;
  for (let i = 0; ; i++) {
    const end = i === equity.length;
    const b = end ? 0 : bucket(time[i]);
    if (end || i === 0 || b !== current) {
      const r = last / before - 1;
      if (!Number.isNaN(r)) {
        count++;
        if (r + 1 <= 0) wiped = 1;
        else {
          product *= r + 1;
          if (product > HUGE || product < TINY) {
            const e = Math.round(Math.log2(product));
            product *= 2 ** -e;
            scale += e;
          }
        }
        const dx = r - mean;
        mean += dx / count;
        m2 += dx * (r - mean);
        if (r < 0) downside += r * r;
      }
      before = last;
      current = b;
    }
    if (end) break;
    last = equity[i];
  }
  out[P_COUNT] = count;
  out[P_PRODUCT] = product;
  out[P_SCALE] = scale;
  out[P_WIPED] = wiped;
  out[P_M2] = m2;
  out[P_DOWNSIDE] = downside;
  return out;
}

/** The compounded mean return; 0 when one return loses everything (`geometric_mean`). */
export function geometricMean(returns: readonly number[]): number {
  let logs = 0;
  for (const r of returns) {
    const x = (Number.isNaN(r) ? 0 : r) + 1;
    if (x <= 0) return 0;
    logs += Math.log(x);
  }
  return Math.exp(logs / (returns.length || Number.NaN)) - 1;
}

/** What statistics need of the data alone, kept per data (a sweep runs the same bars a thousand times). */
interface DataShape {
  period: number;
  weekends: boolean;
  /** The market's log returns, log(close[i+1] / close[i]), less their mean. */
  marketCentred: Float64Array;
  /** Their sum of squares (the market's variance × (n − 1)). */
  marketSquares: number;
}

const shapes = new WeakMap<Float64Array, WeakMap<Float64Array, DataShape>>();

function shapeOf(time: Float64Array, close: Float64Array): DataShape {
  let byClose = shapes.get(time);
  if (byClose === undefined) shapes.set(time, (byClose = new WeakMap()));
  let shape = byClose.get(close);
  if (shape === undefined) {
    const m = Math.max(0, close.length - 1);
    const logs = new Float64Array(m);
    let mean = 0;
    for (let i = 0; i < m; i++) {
      logs[i] = Math.log(close[i + 1] / close[i]);
      mean += logs[i];
    }
    mean /= m || 1;
    let squares = 0;
    for (let i = 0; i < m; i++) {
      logs[i] -= mean;
      squares += logs[i] * logs[i];
    }
    shape = { period: dataPeriod(time), weekends: weekendShare(time) > (2 / 7) * 0.6, marketCentred: logs, marketSquares: squares };
    byClose.set(close, shape);
  }
  return shape;
}

/**
 * Slope of the equity's log returns on the market's (`Beta`): their sample
 * covariance over the market's sample variance (np.cov's two-pass sums). The
 * market's side is the data's own (centred once per data); the equity's
 * log returns need no centring against a centred partner, so one pass and
 * one product per bar.
 */
function betaOf(equity: Float64Array, shape: DataShape): number {
  if (shape.marketCentred.length <= 1) return Number.NaN;
  return covOf(equity, shape.marketCentred) / shape.marketSquares;
}

/**
 * The sum of the equity's log returns times the market's centred ones. A
 * log return log(a / b) exact to an ulp or so: a bar's equity moves by well
 * under 0.1 % most bars, where five terms of log1p's series are exact in
 * doubles and much cheaper than a logarithm; farther, Math.log.
 */
function covOf(equity: Float64Array, market: Float64Array): number {
  let cov = 0;
  for (let i = 0; i < market.length; i++) {
    // Written out here: V8 left a function for it a call in this loop (a fifth of the pass's time).
    const r = equity[i + 1] / equity[i];
    const x = r - 1; // exact for r in [0.5, 2] (Sterbenz)
    let lr: number;
    if (x > -1e-3 && x < 1e-3) {
      const x2 = x * x;
      lr = x - x2 * (0.5 - x * (1 / 3 - x * (0.25 - x * 0.2)));
    } else {
      lr = Math.log(r);
    }
    cov += lr * market[i];
  }
  return cov;
}

/** pandas' mean: NaNs skipped, NaN when nothing is left. */
function mean(xs: readonly number[]): number {
  let s = 0;
  let k = 0;
  for (const x of xs) {
    if (Number.isNaN(x)) continue;
    s += x;
    k++;
  }
  return k === 0 ? Number.NaN : s / k;
}

function max(xs: readonly number[]): number {
  let m = Number.NaN;
  for (const x of xs) if (!Number.isNaN(x) && !(x <= m)) m = x;
  return m;
}
