/**
 * The property the issue asks for: every incremental indicator equals a
 * straightforward batch recomputation, written plainly here from the
 * definition (each window summed afresh; the recursive averages as their
 * explicit weighted sums, not as the recurrence), over random series with
 * spikes, repeats and gaps, to a tight tolerance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Atr } from './atr';
import { BarsSince } from './barsSince';
import { Bollinger } from './bollinger';
import { crossovers, crossunders } from './cross';
import { Ema } from './ema';
import { Highest, Lowest } from './extremes';
import { roughBar, roughValue } from './indicators.testkit';
import { Macd } from './macd';
import { Rsi } from './rsi';
import { Sma } from './sma';
import { StdDev } from './stddev';
import { Vwap } from './vwap';
import { Wma } from './wma';
import { ZScore } from './zscore';

const finite = Number.isFinite;
const maxAbs = (xs: number[]) => xs.reduce((m, x) => (finite(x) ? Math.max(m, Math.abs(x)) : m), 0);

/** f over each full window of p values, NaN during the warm-up or while a non-finite value is in the window. */
function windows(xs: number[], p: number, f: (w: number[]) => number): number[] {
  return xs.map((_, i) => {
    if (i < p - 1) return NaN;
    const w = xs.slice(i - p + 1, i + 1);
    return w.every(finite) ? f(w) : NaN;
  });
}

const mean = (w: number[]) => w.reduce((s, x) => s + x, 0) / w.length;
const popSd = (w: number[]) => {
  const m = mean(w);
  return Math.sqrt(w.reduce((s, x) => s + (x - m) ** 2, 0) / w.length);
};

/**
 * An average seeded with the mean of the first p finite values, then smoothed with weight a, written as its
 * explicit sum: seed·(1−a)^k + Σ a·(1−a)^(k−m)·y_m over the k values after the seed. Non-finite inputs are
 * skipped (NaN at their own index).
 */
function smoothed(xs: number[], p: number, a: number): number[] {
  const ys: number[] = [];
  return xs.map((x) => {
    if (!finite(x)) return NaN;
    ys.push(x);
    if (ys.length < p) return NaN;
    const k = ys.length - p;
    let v = mean(ys.slice(0, p)) * (1 - a) ** k;
    for (let m = 1; m <= k; m++) v += a * (1 - a) ** (k - m) * ys[p - 1 + m];
    return v;
  });
}

/** got ≈ want: both NaN, or within tol. */
function near(got: number, want: number, tol: number, what: string): void {
  if (Number.isNaN(want)) expect(got, what).toBeNaN();
  else if (!(Math.abs(got - want) <= tol)) expect(got, what).toBe(want);
}

const series = fc.array(roughValue, { maxLength: 120 });
const period = fc.integer({ min: 1, max: 25 });
const runs = { numRuns: 200 };

describe('incremental = batch recomputation (property, random series with spikes, repeats and gaps)', () => {
  it('SMA, WMA, stddev, Bollinger, highest, lowest: each window afresh', () => {
    fc.assert(
      fc.property(series, period, fc.double({ min: 0, max: 4, noNaN: true }), (xs, p, k) => {
        const denominator = (p * (p + 1)) / 2;
        const want = {
          sma: windows(xs, p, mean),
          wma: windows(xs, p, (w) => w.reduce((s, x, j) => s + x * (j + 1), 0) / denominator),
          sd: windows(xs, p, popSd),
          hi: windows(xs, p, (w) => Math.max(...w)),
          lo: windows(xs, p, (w) => Math.min(...w)),
        };
        const [sma, wma, sd, bb, hi, lo] = [new Sma(p), new Wma(p), new StdDev(p), new Bollinger(p, k), new Highest(p), new Lowest(p)];
        let fed = 0;
        let fedSq = 0;
        xs.forEach((x, i) => {
          // A few thousand ulps of the window's largest value (sums of p values, taken in another order), plus
          // Neumaier's n·ε² of everything fed so far (the compensation's own rounding: a spike long gone leaves that).
          if (finite(x)) {
            fed += Math.abs(x);
            fedSq += x * x;
          }
          const scale = maxAbs(xs.slice(Math.max(0, i - p + 1), i + 1));
          const tol = 1e-13 * scale * p + fed * (i + 1) * 1e-31;
          near(sma.update(x), want.sma[i], tol, `sma at ${i}`);
          near(wma.update(x), want.wma[i], tol, `wma at ${i}`);
          // + 1e-150: squares of values below 1e-154 underflow (the README's domain for the variance).
          // The variance's own n·ε² (of Σx² fed) becomes, in the deviation, at most its square root, and at most
          // itself over the deviation: it matters only for a tiny spread left after large values.
          const driftVar = (fedSq * (i + 1) * 1e-31) / p;
          const sdTol = tol + 1e-150 + Math.min(Math.sqrt(driftVar), driftVar / want.sd[i]);
          near(sd.update(x), want.sd[i], sdTol, `sd at ${i}`);
          near(sd.mean, want.sma[i], tol, `sd.mean at ${i}`);
          bb.update(x);
          near(bb.middle, want.sma[i], tol, `bb.middle at ${i}`);
          near(bb.upper, want.sma[i] + k * want.sd[i], sdTol * (1 + k), `bb.upper at ${i}`);
          near(bb.lower, want.sma[i] - k * want.sd[i], sdTol * (1 + k), `bb.lower at ${i}`);
          // Extremes are exact: no arithmetic, only comparisons.
          near(hi.update(x), want.hi[i], 0, `highest at ${i}`);
          near(lo.update(x), want.lo[i], 0, `lowest at ${i}`);
        });
      }),
      runs,
    );
  });

  it('z-score: (x − mean) / population stddev of the window, NaN where the window has no spread', () => {
    // Prices with repeats (flat windows happen): the spread is never a rounding residue of a large mean.
    const price = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.double({ min: 1, max: 1000, noNaN: true }), fc.constant(NaN));
    fc.assert(
      fc.property(fc.array(price, { maxLength: 120 }), period, (xs, p) => {
        const want = windows(xs, p, (w) => {
          const sd = popSd(w);
          return w.every((x) => x === w[0]) ? NaN : (w[w.length - 1] - mean(w)) / sd;
        });
        // The z-score is ill-conditioned when the spread is tiny against the mean: the mean's own rounding (half an
        // ulp, here as in the plain recomputation) is then a large part of x − mean. The tolerance grows with
        // |mean| / stddev, as the error of any double computation of it does (two values 11 ulps apart: ±10 %).
        const cond = windows(xs, p, (w) => Math.abs(mean(w)) / popSd(w));
        // A window whose values lie within a few ulps of each other has no spread a double can resolve: the
        // running sums may then read a variance of exactly 0, and NaN ("no spread") is as right as any number.
        const unresolved = windows(xs, p, (w) => (Math.max(...w) - Math.min(...w) <= 8 * Number.EPSILON * Math.max(...w.map(Math.abs)) ? 1 : 0));
        const z = new ZScore(p);
        xs.forEach((x, i) => {
          const got = z.update(x);
          if (unresolved[i] === 1 && Number.isNaN(got)) return;
          near(got, want[i], (1e-12 + 4e-16 * cond[i] + 1e-31 * cond[i] ** 2) * (1 + Math.abs(want[i])), `z at ${i}`);
        });
      }),
      runs,
    );
  });

  it('EMA and MACD: explicit weighted sums of the values since the seed', () => {
    fc.assert(
      fc.property(series, period, period, period, (xs, p, extra, s) => {
        const ema = smoothed(xs, p, 2 / (p + 1));
        const fast = ema;
        const slow = smoothed(xs, p + extra, 2 / (p + extra + 1));
        const line = xs.map((_, i) => fast[i] - slow[i]);
        const signal = smoothed(line, s, 2 / (s + 1));
        const e = new Ema(p);
        const m = new Macd(p, p + extra, s);
        let scale = 0;
        xs.forEach((x, i) => {
          if (finite(x)) scale = Math.max(scale, Math.abs(x));
          const tol = 1e-12 * scale;
          near(e.update(x), ema[i], tol, `ema at ${i}`);
          m.update(x);
          near(m.line, line[i], tol, `macd line at ${i}`);
          near(m.signal, signal[i], 4 * tol, `macd signal at ${i}`);
          near(m.histogram, line[i] - signal[i], 4 * tol, `macd histogram at ${i}`);
        });
      }),
      runs,
    );
  });

  it("RSI: Wilder's averages of gains and losses as explicit sums", () => {
    fc.assert(
      fc.property(series, period, (xs, p) => {
        // Changes between consecutive finite values, at the index of the later one.
        let last = NaN;
        const gains: number[] = [];
        const losses: number[] = [];
        for (const x of xs) {
          const c = finite(x) && finite(last) ? x - last : NaN;
          if (finite(x)) last = x;
          gains.push(c > 0 ? c : Number.isNaN(c) ? NaN : 0);
          losses.push(c < 0 ? -c : Number.isNaN(c) ? NaN : 0);
        }
        const g = smoothed(gains, p, 1 / p);
        const l = smoothed(losses, p, 1 / p);
        const rsi = new Rsi(p);
        xs.forEach((x, i) => {
          const want = Number.isNaN(g[i]) ? NaN : l[i] === 0 ? 100 : g[i] === 0 ? 0 : 100 - 100 / (1 + g[i] / l[i]);
          const got = rsi.update(x);
          // Exact zeros decide 100 and 0; a loss that is only a rounding residue is not one of them.
          if (Number.isNaN(want) || (l[i] > 1e-9 * maxAbs(xs) && g[i] > 1e-9 * maxAbs(xs))) near(got, want, 1e-6, `rsi at ${i}`);
          else expect(got >= 0 && got <= 100, `rsi at ${i}`).toBe(true);
        });
      }),
      runs,
    );
  });

  it('ATR: true ranges between consecutive finite bars, Wilder-averaged; VWAP: each window afresh', () => {
    fc.assert(
      fc.property(fc.array(roughBar, { maxLength: 100 }), period, (bars, p) => {
        const ok = (b: number[]) => finite(b[0]) && finite(b[1]) && finite(b[2]);
        let prevClose = NaN;
        const tr = bars.map((b) => {
          if (!ok(b)) return NaN;
          const pc = prevClose;
          prevClose = b[2];
          return Number.isNaN(pc) ? NaN : Math.max(b[0] - b[1], Math.abs(b[0] - pc), Math.abs(b[1] - pc));
        });
        const atr = smoothed(tr, p, 1 / p);
        const pv = bars.map((b) => (b.every(finite) ? ((b[0] + b[1] + b[2]) / 3) * b[3] : NaN));
        const vwap = pv.map((_, i) => {
          if (i < p - 1) return NaN;
          const w = bars.slice(i - p + 1, i + 1);
          if (!w.every((b) => b.every(finite))) return NaN;
          const v = w.reduce((s, b) => s + b[3], 0);
          return v === 0 ? NaN : pv.slice(i - p + 1, i + 1).reduce((s, x) => s + x, 0) / v;
        });
        const a = new Atr(p);
        const w = new Vwap(p);
        let fedPv = 0;
        let fedV = 0;
        bars.forEach((b, i) => {
          if (finite(pv[i])) {
            fedPv += Math.abs(pv[i]);
            fedV += Math.abs(b[3]);
          }
          const scale = maxAbs(bars.slice(0, i + 1).flat());
          near(a.updateBar(b[0], b[1], b[2], b[3]), atr[i], 1e-11 * scale, `atr at ${i}`);
          near(a.trueRange, tr[i], 0, `true range at ${i}`);
          const got = w.updateBar(b[0], b[1], b[2], b[3]);
          // VWAP divides by the window's volume: the tolerance scales with Σ|pv| / |Σv|.
          if (!Number.isNaN(vwap[i])) {
            const win = bars.slice(i - p + 1, i + 1);
            const absPv = pv.slice(i - p + 1, i + 1).reduce((s, x) => s + Math.abs(x), 0);
            const v = Math.abs(win.reduce((s, bb) => s + bb[3], 0));
            // + 1e-300: products that underflow to subnormals.
            // Plus Neumaier's n·ε² of everything fed (both sums), as above.
            const drift = (i + 1) * 1e-31 * (fedPv + Math.abs(vwap[i]) * fedV);
            near(got, vwap[i], (1e-13 * p * absPv + drift + 1e-300) / v, `vwap at ${i}`);
          } else expect(got, `vwap at ${i}`).toBeNaN();
        });
      }),
      runs,
    );
  });

  it('barsSince and crossings: counted and compared bar by bar', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(roughValue, roughValue), { maxLength: 80 }), (pairs) => {
        const a = pairs.map((x) => x[0]);
        const b = pairs.map((x) => x[1]);
        const up = crossovers(a, b);
        const down = crossunders(a, b);
        const since = new BarsSince();
        let lastUp = -1;
        pairs.forEach((_, i) => {
          const wantUp = i > 0 && a[i] > b[i] && a[i - 1] <= b[i - 1];
          const wantDown = i > 0 && a[i] < b[i] && a[i - 1] >= b[i - 1];
          expect(up[i] === 1).toBe(wantUp);
          expect(down[i] === 1).toBe(wantDown);
          if (wantUp) lastUp = i;
          expect(since.update(wantUp)).toBe(lastUp < 0 ? NaN : i - lastUp);
        });
      }),
      runs,
    );
  });
});
