/**
 * Long runs: 10 million updates, then the last window recomputed EXACTLY
 * (BigInt arithmetic on the doubles' exact values) and compared with what the
 * running sums say. A plain running sum fails this by orders of magnitude on
 * the same series (checked below, so the test can fail); the compensated
 * sums stay within a few ulps (see each indicator's comment for why).
 */
import { describe, expect, it } from 'vitest';
import { StdDev } from './stddev';
import { Sma } from './sma';
import { Vwap } from './vwap';
import { Wma } from './wma';

const N = 10_000_000;
const P = 20;

/** x·2¹⁰⁷⁴ as an exact integer (every finite double is an integer multiple of 2⁻¹⁰⁷⁴). */
function exact(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = e === 0 ? frac : frac | (1n << 52n);
  return sign * (mant << BigInt(e === 0 ? 0 : e - 1));
}

/** num / den rounded to a double (within an ulp: the quotient is taken to 80 bits first). */
function toDouble(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const neg = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const shift = 80 - (a.toString(2).length - b.toString(2).length);
  const q = shift >= 0 ? (a << BigInt(shift)) / b : a / (b << BigInt(-shift));
  const v = Number(q) * 2 ** -shift;
  return neg ? -v : v;
}

const SCALE = 1n << 1074n;
const ulp = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);

/** A deterministic price path: 1 % moves, and a spike a thousand times the price one bar in 10,000. */
function* prices(): Generator<[number, number]> {
  let s = 0x9e3779b9;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  let p = 100;
  for (let i = 0; i < N; i++) {
    p *= 1 + (rand() - 0.5) * 0.02;
    if (p < 1 || p > 10_000) p = 100;
    const spike = rand() < 1e-4;
    yield [spike ? p * 1000 : p, 1 + Math.floor(rand() * 1000)];
  }
}

describe('10 million updates: the running sums do not drift (exact recomputation of the last window)', () => {
  it(
    'SMA, WMA, stddev and VWAP within a few ulps; a plain running sum is far off',
    () => {
      const sma = new Sma(P);
      const wma = new Wma(P);
      const sd = new StdDev(P);
      const vwap = new Vwap(P);
      const lastX: number[] = [];
      const lastV: number[] = [];
      let plain = 0;
      const plainRing = new Float64Array(P);
      let i = 0;
      for (const [x, v] of prices()) {
        sma.update(x);
        wma.update(x);
        sd.update(x);
        // high = low = close = x: the typical price is x itself (x·3/3 rounds back to x), so Σ(tp·v) is exact below.
        vwap.updateBar(x, x, x, v);
        plain += x - plainRing[i % P];
        plainRing[i % P] = x;
        if (i >= N - P) {
          lastX.push(x);
          lastV.push(v);
        }
        i++;
      }
      expect(i).toBe(N);

      const X = lastX.map(exact);
      const sumX = X.reduce((a, b) => a + b, 0n);
      const p = BigInt(P);
      const wantSma = toDouble(sumX, p * SCALE);
      expect(Math.abs(sma.value - wantSma)).toBeLessThanOrEqual(2 * ulp(wantSma));

      const weighted = X.reduce((a, b, k) => a + b * BigInt(k + 1), 0n);
      const wantWma = toDouble(weighted, ((p * (p + 1n)) / 2n) * SCALE);
      expect(Math.abs(wma.value - wantWma)).toBeLessThanOrEqual(2 * ulp(wantWma));

      const sumSq = X.reduce((a, b) => a + b * b, 0n);
      const wantVar = toDouble(p * sumSq - sumX * sumX, p * p * SCALE * SCALE);
      const wantSd = Math.sqrt(wantVar);
      expect(Math.abs(sd.variance - wantVar)).toBeLessThanOrEqual(4 * ulp(wantVar));
      expect(Math.abs(sd.value - wantSd)).toBeLessThanOrEqual(2 * ulp(wantSd));
      expect(sd.mean).toBe(sma.value);

      const sumPv = lastX.reduce((a, x, k) => a + exact(((x + x + x) / 3) * lastV[k]), 0n);
      const sumV = lastV.reduce((a, v) => a + BigInt(v), 0n);
      const wantVwap = toDouble(sumPv, sumV * SCALE);
      expect(Math.abs(vwap.value - wantVwap)).toBeLessThanOrEqual(2 * ulp(wantVwap));

      // The plain running sum over the same values: its error is what the compensation removes.
      expect(Math.abs(plain / P - wantSma)).toBeGreaterThan(1000 * ulp(wantSma));
    },
    60_000,
  );
});
