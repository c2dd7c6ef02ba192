/**
 * Monte Carlo over a run's trades: how lucky was the order they came in, and
 * how much do the figures hang on these particular trades? Each trade is its
 * return (backtesting.py's `ReturnPct`, a fraction), compounded from the
 * starting cash: equity after k trades = cash × Π (1 + r_i).
 *
 * - `shuffle`: the same trades in a random order. The final equity cannot
 *   change (a product does not depend on its order), the drawdown can: its
 *   distribution is the risk the one order we saw hides.
 * - `bootstrap`: as many trades drawn with replacement from the run's, so
 *   both the final equity and the drawdown vary: how much the result hangs
 *   on the few trades that made it.
 *
 * Seeded (the project's PRNG, passed in or made from a seed): the same
 * inputs, the same answer. No Math.random.
 */
import { Code, fail, type Result } from '../codes';
import { createRng, type Rng } from '../market/prng';
import { describeSample, type Distribution } from './distribution';

export type MonteCarloMethod = 'shuffle' | 'bootstrap';

export interface MonteCarloOptions {
  method: MonteCarloMethod;
  /** Simulated sequences, 1 to MAX_MONTE_CARLO_RUNS (1,000 is plenty for the 5th and 95th percentiles). */
  runs: number;
  /** Starting cash, > 0. */
  cash: number;
  /** A seed, or a generator to draw from. */
  seed: number | Rng;
  /** Histogram bins for drawing (default 20). */
  bins?: number;
}

export interface MonteCarloResult {
  method: MonteCarloMethod;
  runs: number;
  /** Trades per simulated sequence (the run's count). */
  trades: number;
  /** Equity after the last trade of each sequence. */
  finalEquity: Distribution;
  /** Each sequence's maximum drawdown in percent, negative as backtesting.py writes it (−25 is a fall of 25 % from a peak). */
  maxDrawdownPct: Distribution;
}

export const MAX_MONTE_CARLO_RUNS = 100_000;
/** Runs × trades above this is minutes of work, not seconds: fewer runs instead. */
const MAX_WORK = 50_000_000;

/** The distributions of final equity and maximum drawdown over `runs` reorderings or resamples of the trades' returns. */
export function monteCarlo(returns: readonly number[], o: MonteCarloOptions): Result<{ result: MonteCarloResult }> {
  if (o.method !== 'shuffle' && o.method !== 'bootstrap') return fail(Code.INVALID_SETTING, 'The method is shuffle or bootstrap.');
  if (!Number.isInteger(o.runs) || o.runs < 1 || o.runs > MAX_MONTE_CARLO_RUNS) {
    return fail(Code.INVALID_SETTING, `Runs must be a whole number from 1 to ${MAX_MONTE_CARLO_RUNS.toLocaleString('en-US')} (got ${String(o.runs)}).`);
  }
  if (!(typeof o.cash === 'number' && Number.isFinite(o.cash) && o.cash > 0)) return fail(Code.INVALID_SETTING, 'The starting cash must be an amount above 0.');
  const n = returns.length;
  if (n === 0) return fail(Code.INVALID_DATA, 'The run made no trades: there is nothing to reorder or resample.');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(returns[i])) return fail(Code.INVALID_DATA, `Trade ${i + 1} has no finite return (${String(returns[i])}).`);
  }
  if (n * o.runs > MAX_WORK) return fail(Code.INVALID_SETTING, `${o.runs.toLocaleString('en-US')} runs of ${n.toLocaleString('en-US')} trades is too much work: use fewer runs.`);
  const rng = typeof o.seed === 'number' ? createRng(o.seed) : o.seed;
  const src = Float64Array.from(returns);
  const seq = new Float64Array(n);
  const finals = new Float64Array(o.runs);
  const drawdowns = new Float64Array(o.runs);
  const shuffleFinal = o.method === 'shuffle' ? finalEquity(o.cash, src) : Number.NaN;
  for (let run = 0; run < o.runs; run++) {
    if (o.method === 'shuffle') {
      seq.set(src);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        const t = seq[i];
        seq[i] = seq[j];
        seq[j] = t;
      }
    } else {
      for (let i = 0; i < n; i++) seq[i] = src[rng.nextInt(n)];
    }
    const final = o.method === 'shuffle' ? shuffleFinal : finalEquity(o.cash, seq);
    finals[run] = final;
    const dd = maxDrawdown(o.cash, seq, final);
    drawdowns[run] = dd === 0 ? 0 : -100 * dd; // not −0: a run without a drawdown reads 0
  }
  const bins = o.bins ?? 20;
  return {
    ok: true,
    result: { method: o.method, runs: o.runs, trades: n, finalEquity: describeSample(finals, bins), maxDrawdownPct: describeSample(drawdowns, bins) },
  };
}

/**
 * cash × Π (1 + r), multiplied in ascending order of r: one fixed order for
 * a given set of returns, so that every ordering of the same trades gives the
 * same final equity bit for bit (floating products depend on their order).
 */
export function finalEquity(cash: number, returns: Float64Array): number {
  const sorted = Float64Array.from(returns).sort();
  let eq = cash;
  for (let i = 0; i < sorted.length; i++) eq *= 1 + sorted[i];
  return eq;
}

/**
 * The largest fall from a running peak, as a fraction of the peak, over the
 * equity after each trade (the starting cash is the first peak). The last
 * point is `final` (the canonical product), the others the running product.
 */
export function maxDrawdown(cash: number, returns: Float64Array, final: number): number {
  let eq = cash;
  let peak = cash;
  let worst = 0;
  const n = returns.length;
  for (let i = 0; i < n; i++) {
    eq = i === n - 1 ? final : eq * (1 + returns[i]);
    if (eq > peak) peak = eq;
    else if (peak > 0) worst = Math.max(worst, (peak - eq) / peak);
  }
  return worst;
}
