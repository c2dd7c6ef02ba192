import { Code, fail, type Failure, type Result } from '../core/codes';
import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../core/market/candles';
import type { Kline } from '../core/market/candleData';
import { alignUp, mergeSpans, missingSpans, type Span } from '../core/market/span';
import { Bad } from './check';
import type { BourseDb } from './db';
import { guarded } from './errors';
import type { KlineRangeRow, KlineRow } from './rows';

/**
 * The kline cache: exchange candles per symbol and interval, and the spans of
 * time it holds completely. A span `[from, to)` (UTC ms) means: every candle
 * whose open time falls in it is here, or the exchange had none. Spans are
 * aligned up to the interval, so `[from, to)` and `[to, …)` touch exactly and
 * merge; a candle is found by its open time alone.
 *
 * Only closed candles belong here: the caller stores the span up to the
 * current candle's open time, never the candle still forming.
 */

/** The cache keeps the feed's candles in their edge shapes (src/core/market: decimals, UTC ms). */
export type { Span };
/** A candle as the cache hands it back: open time `t` in UTC ms. */
export type Bar = Kline;

function isInterval(x: unknown): x is Timeframe {
  return typeof x === 'string' && (TIMEFRAMES as readonly string[]).includes(x);
}

/** The request's span aligned to the interval, or why it is not a request. */
function span(symbol: unknown, interval: unknown, from: unknown, to: unknown): { iv: number; want: Span } | string {
  if (typeof symbol !== 'string' || symbol === '') return 'A kline request needs a symbol.';
  if (!isInterval(interval)) return `Unknown interval ${JSON.stringify(interval)}; one of ${TIMEFRAMES.join(', ')}.`;
  if (typeof from !== 'number' || typeof to !== 'number' || !Number.isFinite(from) || !Number.isFinite(to) || from > to) {
    return `A kline span needs finite times with from <= to (got ${String(from)} to ${String(to)}).`;
  }
  const iv = TIMEFRAME_MS[interval];
  return { iv, want: { from: alignUp(from, iv), to: alignUp(to, iv) } };
}

function num(r: Record<string, unknown>, k: string, where: string): number {
  const v = r[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad(`${where}: "${k}" must be a finite number.`);
  return v;
}

/** Rows checked and stripped to their fields; every open time aligned and inside the covered span. */
function readBars(symbol: string, interval: string, rows: unknown, iv: number, cover: Span): KlineRow[] {
  if (!Array.isArray(rows)) throw new Bad('Klines must be a list of candles.');
  const seen = new Set<number>();
  return rows.map((x: unknown, i) => {
    const where = `kline ${i + 1}`;
    if (x === null || typeof x !== 'object') throw new Bad(`${where} is not an object.`);
    const r = x as Record<string, unknown>;
    const t = num(r, 't', where);
    if (t % iv !== 0) throw new Bad(`${where}: open time ${t} is not aligned to ${interval}.`);
    if (t < cover.from || t >= cover.to) throw new Bad(`${where}: open time ${t} is outside the covered span [${cover.from}, ${cover.to}).`);
    if (seen.has(t)) throw new Bad(`${where} repeats open time ${t}.`);
    seen.add(t);
    return { symbol, interval, t, o: num(r, 'o', where), h: num(r, 'h', where), l: num(r, 'l', where), c: num(r, 'c', where), v: num(r, 'v', where) };
  });
}

const toBar = (r: KlineRow): Bar => ({ t: r.t, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v });

export class KlineCache {
  /**
   * `db` is the Store's database (open it through the Store); `refused` says
   * why it may not be used (the Store's newer-schema or closed state).
   */
  constructor(
    private readonly db: BourseDb,
    private readonly refused: () => Failure | null = () => null,
  ) {}

  private run<T extends object>(op: () => Promise<Result<T>>): Promise<Result<T>> {
    const no = this.refused();
    return no !== null ? Promise.resolve(no) : guarded(op);
  }

  /** One pair's spans, oldest first. */
  private spansOf(symbol: string, interval: string): Promise<KlineRangeRow[]> {
    return this.db.klineRanges.where('[symbol+interval+from]').between([symbol, interval, -Infinity], [symbol, interval, Infinity]).toArray();
  }

  /**
   * The cached candles with open times in `[from, to)` (aligned up to the
   * interval), oldest first, and the `gaps`: the parts of that span the
   * cache does not hold completely, oldest first.
   */
  get(symbol: string, interval: Timeframe, from: number, to: number): Promise<Result<{ rows: Bar[]; gaps: Span[] }>> {
    const s = span(symbol, interval, from, to);
    if (typeof s === 'string') return Promise.resolve(fail(Code.INVALID_COMMAND, s));
    const { want } = s;
    const db = this.db;
    return this.run(async () =>
      db.transaction('r', [db.klines, db.klineRanges], async () => {
        const rows = await db.klines
          .where('[symbol+interval+t]')
          .between([symbol, interval, want.from], [symbol, interval, want.to], true, false)
          .toArray();
        const have = mergeSpans(await this.spansOf(symbol, interval));
        return { ok: true as const, rows: rows.map(toBar), gaps: want.to > want.from ? missingSpans(want, have) : [] };
      }),
    );
  }

  /**
   * Stores `rows` as every candle the exchange has with an open time in
   * `[coveredFrom, coveredTo)` (aligned up to the interval): cached candles
   * in that span are replaced by these, and the span joins the pair's
   * complete spans, merged with any it overlaps or touches. `covered` is the
   * merged span that now holds it. A row outside the span, misaligned or
   * malformed fails the whole write (STORAGE_FAILED) before anything is written.
   */
  put(symbol: string, interval: Timeframe, rows: readonly Bar[], coveredFrom: number, coveredTo: number): Promise<Result<{ covered: Span | null }>> {
    const s = span(symbol, interval, coveredFrom, coveredTo);
    if (typeof s === 'string') return Promise.resolve(fail(Code.INVALID_COMMAND, s));
    const { iv, want } = s;
    const db = this.db;
    return this.run<{ covered: Span | null }>(async () => {
      const bars = readBars(symbol, interval, rows, iv, want);
      if (want.to <= want.from) return { ok: true, covered: null };
      return db.transaction('rw', [db.klines, db.klineRanges], async () => {
        await db.klines.where('[symbol+interval+t]').between([symbol, interval, want.from], [symbol, interval, want.to], true, false).delete();
        if (bars.length > 0) await db.klines.bulkPut(bars);
        const touching = (await this.spansOf(symbol, interval)).filter((r) => r.from <= want.to && r.to >= want.from);
        const merged = mergeSpans([want, ...touching])[0];
        if (touching.length > 0) await db.klineRanges.bulkDelete(touching.map((r): [string, string, number] => [symbol, interval, r.from]));
        await db.klineRanges.put({ symbol, interval, from: merged.from, to: merged.to });
        return { ok: true as const, covered: merged };
      });
    });
  }

  /** The pair's complete spans, oldest first. */
  spans(symbol: string, interval: Timeframe): Promise<Result<{ spans: Span[] }>> {
    const s = span(symbol, interval, 0, 0);
    if (typeof s === 'string') return Promise.resolve(fail(Code.INVALID_COMMAND, s));
    return this.run(async () => ({ ok: true, spans: (await this.spansOf(symbol, interval)).map((r) => ({ from: r.from, to: r.to })) }));
  }

  /** Forgets one pair's candles and spans. */
  clear(symbol: string, interval: Timeframe): Promise<Result<{ rows: number }>> {
    const s = span(symbol, interval, 0, 0);
    if (typeof s === 'string') return Promise.resolve(fail(Code.INVALID_COMMAND, s));
    const db = this.db;
    return this.run(async () =>
      db.transaction('rw', [db.klines, db.klineRanges], async () => {
        const rows = await db.klines.where('[symbol+interval+t]').between([symbol, interval, -Infinity], [symbol, interval, Infinity]).delete();
        await db.klineRanges.where('[symbol+interval+from]').between([symbol, interval, -Infinity], [symbol, interval, Infinity]).delete();
        return { ok: true as const, rows };
      }),
    );
  }
}
