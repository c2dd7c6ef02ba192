import type { BacktestStats, BacktestTrade } from './types';

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
  trades: readonly BacktestTrade[], equity: Float64Array, time: Float64Array, close: Float64Array, warmup: number, drawdown?: Float64Array,
): BacktestStats {
  const n = equity.length;
  const start = time[0];
  const end = time[n - 1];
  const shape = shapeOf(time, close);
  const period = shape.period;
  const roundUp = (ms: number): number => ceilTo(ms, resolutionOf(period));

  // Drawdown, and each drawdown's length and depth (compute_drawdown_duration_peaks).
  const dd = drawdown ?? drawdownOf(equity);
  let maxDd = NaN;
  let equityPeak = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!(dd[i] <= maxDd) && !Number.isNaN(dd[i])) maxDd = dd[i];
    if (equity[i] > equityPeak) equityPeak = equity[i];
  }
  const { durations, peaks } = drawdownPeriods(dd, time);
  const exposed = barsHeld(trades, n);
  let commissions = 0;
  for (const t of trades) commissions += t.commission;

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
  const cagrPct = years ? ((equity[n - 1] / equity[0]) ** (1 / years) - 1) * 100 : NaN;
  const sharpe = returnAnnPct / orNaN(volatilityAnnPct);
  const sortino = annualized / (Math.sqrt(days.downside / days.count) * Math.sqrt(annualDays));
  const maxDrawdown = -(Number.isNaN(maxDd) ? 0 : maxDd);
  const calmar = annualized / orNaN(-maxDrawdown);

  const beta = betaOf(equity, shape);
  const alphaPct = returnPct - beta * buyHoldReturnPct;

  const pl = trades.map((t) => t.pnl);
  const returns = trades.map((t) => t.returnPct);
  const lengths = trades.map((t) => t.exitTime - t.entryTime);
  const count = trades.length;
  const wins = pl.filter((x) => x > 0);
  const losses = pl.filter((x) => x < 0);
  const winRate = count === 0 ? NaN : wins.length / count;
  const gains = sum(returns.filter((r) => r > 0));
  const drops = Math.abs(sum(returns.filter((r) => r < 0)));

  return {
    start, end, durationMs,
    exposurePct: (exposed / n) * 100,
    equityFinal: equity[n - 1],
    equityPeak,
    commissions,
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
    trades: count,
    winRatePct: winRate * 100,
    bestTradePct: max(returns) * 100,
    worstTradePct: min(returns) * 100,
    avgTradePct: geometricMean(returns) * 100,
    maxTradeDurationMs: roundUp(max(lengths)),
    avgTradeDurationMs: roundUp(mean(lengths)),
    profitFactor: gains / orNaN(drops),
    expectancyPct: mean(returns) * 100,
    sqn: (Math.sqrt(count) * mean(pl)) / orNaN(std(pl)),
    kelly: winRate - (1 - winRate) / (mean(wins) / -mean(losses)),
  };
}

const DAY = 86_400_000;
const HUGE = 2 ** 500;
const TINY = 2 ** -500;

/** Python's `x or nan`: 0 is no divisor. */
function orNaN(x: number): number {
  return x === 0 ? NaN : x;
}

/**
 * The drawdown periods: from a bar at a peak (drawdown 0) to the next bar at
 * a peak (or the last bar), when at least one bar lies between. Their length
 * in time and their depth. backtesting.py gives, when there is none, the
 * drawdown values themselves as both; we give their depths and no lengths.
 */
export function drawdownPeriods(dd: Float64Array, time: Float64Array): { durations: number[]; peaks: number[] } {
  const n = dd.length;
  const durations: number[] = [];
  const peaks: number[] = [];
  let prev = -1; // the last bar at a peak
  let deepest = -Infinity; // the deepest drawdown since it
  for (let i = 0; i < n; i++) {
    const d = dd[i];
    if (d > deepest) deepest = d;
    if (d !== 0 && i < n - 1) continue;
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
  if (durations.length === 0) {
    for (let i = 0; i < n; i++) if (dd[i] !== 0 && !Number.isNaN(dd[i])) peaks.push(dd[i]);
  }
  return { durations, peaks };
}

/** Drawdown at each bar: how far below its running peak the equity is, as a fraction. */
export function drawdownOf(equity: Float64Array): Float64Array {
  const dd = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    dd[i] = 1 - equity[i] / peak;
  }
  return dd;
}

/** Bars with a position open: the union of the trades' spans, first and last bar included. */
function barsHeld(trades: readonly BacktestTrade[], n: number): number {
  const spans = trades.map((t) => [t.entryBar, Math.min(t.exitBar, n - 1)] as const).sort((a, b) => a[0] - b[0]);
  let held = 0;
  let upTo = -1; // the last bar counted
  for (const [a, b] of spans) {
    const from = Math.max(a, upTo + 1);
    if (b >= from) {
      held += b - from + 1;
      upTo = b;
    }
  }
  return held;
}

/** The data's bar length: the median gap between the last 100 bars (`_data_period`). */
export function dataPeriod(time: Float64Array): number {
  const from = Math.max(0, time.length - 100);
  const gaps: number[] = [];
  for (let i = from + 1; i < time.length; i++) gaps.push(time[i] - time[i - 1]);
  if (gaps.length === 0) return NaN;
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
  return Number.isFinite(ms) ? Math.ceil(ms / unit) * unit : NaN;
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
  let count = 0;
  // The compounded product of (1 + r), kept as product × 2^scale so it neither overflows nor underflows: a
  // multiplication per period instead of a logarithm (the geometric mean agrees with the sum of logs to ~1e-13).
  let product = 1;
  let scale = 0;
  let wiped = false;
  let mean = 0;
  let m2 = 0;
  let downside = 0;
  let current = bucket(time[0]);
  let last = equity[0];
  let before = NaN;
  const add = (r: number): void => {
    if (Number.isNaN(r)) return;
    count++;
    if (r + 1 <= 0) wiped = true;
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
  };
  for (let i = 1; i < equity.length; i++) {
    const b = bucket(time[i]);
    if (b !== current) {
      if (!Number.isNaN(before)) add(last / before - 1);
      before = last;
      current = b;
    }
    last = equity[i];
  }
  if (!Number.isNaN(before)) add(last / before - 1);
  return { count, gmean: wiped ? 0 : Math.exp((Math.log(product) + scale * Math.LN2) / (count || NaN)) - 1, variance: count < 2 ? NaN : m2 / (count - 1), downside };
}

/** The compounded mean return; 0 when one return loses everything (`geometric_mean`). */
export function geometricMean(returns: readonly number[]): number {
  let logs = 0;
  for (const r of returns) {
    const x = (Number.isNaN(r) ? 0 : r) + 1;
    if (x <= 0) return 0;
    logs += Math.log(x);
  }
  return Math.exp(logs / (returns.length || NaN)) - 1;
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
  const b = shape.marketCentred;
  const n = b.length;
  if (n <= 1) return NaN;
  let cov = 0;
  for (let i = 0; i < n; i++) cov += logRatio(equity[i + 1], equity[i]) * b[i];
  return cov / shape.marketSquares;
}

/**
 * log(a / b), exact to an ulp or so: a bar's equity moves by well under 0.1 %
 * most bars, where five terms of log1p's series are exact in doubles and
 * much cheaper than a logarithm; farther, Math.log.
 */
function logRatio(a: number, b: number): number {
  const r = a / b;
  const x = r - 1; // exact for r in [0.5, 2] (Sterbenz)
  if (x > -1e-3 && x < 1e-3) {
    const x2 = x * x;
    return x - x2 * (0.5 - x * (1 / 3 - x * (0.25 - x * 0.2)));
  }
  return Math.log(r);
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
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
  return k === 0 ? NaN : s / k;
}

function max(xs: readonly number[]): number {
  let m = NaN;
  for (const x of xs) if (!Number.isNaN(x) && !(x <= m)) m = x;
  return m;
}

function min(xs: readonly number[]): number {
  let m = NaN;
  for (const x of xs) if (!Number.isNaN(x) && !(x >= m)) m = x;
  return m;
}

/** Sample variance (ddof 1), NaN below two values. */
function variance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

function std(xs: readonly number[]): number {
  return Math.sqrt(variance(xs));
}
