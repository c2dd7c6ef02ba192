import type { Result } from '../core/codes';
import type { Candle } from '../core/market/candles';
import type { BourseDb } from './db';
import type { PastCandlesRow } from './rows';

type Run = <T extends object>(op: () => Promise<Result<T>>) => Promise<Result<T>>;

const COLUMNS = ['t', 'o', 'h', 'l', 'c', 'v'] as const;

/**
 * `store.pastCandles` (schema 8): the seeded past of each synthetic market
 * of a profile, one row of Float64Array columns per market, so a new
 * profile's ~17 markets × 2 days of minutes are 17 puts, and a reload reads
 * back exactly the candles the person saw. Not the person's data: it is drawn
 * again from the profile's seed if missing, and left out of backups.
 */
export class PastCandleStore {
  constructor(
    private readonly db: BourseDb,
    private readonly run: Run,
  ) {}

  /**
   * The past stored for this profile's market, ending at `end`; null when
   * none is, or what is stored is not a past this code could have drawn
   * (columns of different lengths, times out of order, prices that are not
   * whole ticks ≥ 1 in l ≤ o, c ≤ h, volume ≤ 0): the caller draws it again.
   */
  get(seed: string, symbol: string, end: number): Promise<Result<{ candles: Candle[] | null }>> {
    return this.run(async () => {
      const row = await this.db.pastCandles.get([seed, symbol]);
      return { ok: true, candles: row === undefined || row.end !== end ? null : readPast(row) };
    });
  }

  /** Stores a market's past (replacing the one stored for it). */
  put(seed: string, symbol: string, end: number, candles: readonly Candle[]): Promise<Result> {
    const n = candles.length;
    const row: PastCandlesRow = {
      seed, symbol, end,
      t: new Float64Array(n), o: new Float64Array(n), h: new Float64Array(n), l: new Float64Array(n), c: new Float64Array(n), v: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) for (const k of COLUMNS) row[k][i] = candles[i][k];
    return this.run(async () => {
      await this.db.pastCandles.put(row);
      return { ok: true };
    });
  }

  /** Forgets every other profile's pasts (one imported over them, or a new one): how many rows went. */
  keepOnly(seed: string): Promise<Result<{ rows: number }>> {
    return this.run(async () => ({ ok: true, rows: await this.db.pastCandles.filter((r) => r.seed !== seed).delete() }));
  }
}

/** The row's candles (n 0: none was a trade), or null when it is not a well-formed past. */
function readPast(row: PastCandlesRow): Candle[] | null {
  const cols = COLUMNS.map((k) => row[k]);
  if (!cols.every((c) => c instanceof Float64Array && c.length === cols[0].length)) return null;
  const [t, o, h, l, c, v] = cols;
  const out: Candle[] = new Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const ok = Number.isSafeInteger(t[i]) && (i === 0 || t[i] > t[i - 1]) && t[i] < row.end
      && [o[i], h[i], l[i], c[i]].every((x) => Number.isSafeInteger(x) && x >= 1)
      && l[i] <= Math.min(o[i], c[i]) && h[i] >= Math.max(o[i], c[i]) && Number.isSafeInteger(v[i]) && v[i] > 0;
    if (!ok) return null;
    out[i] = { t: t[i], o: o[i], h: h[i], l: l[i], c: c[i], v: v[i], n: 0 };
  }
  return out;
}
