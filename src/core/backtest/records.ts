import type { OrderSide } from '../strategy/types';
import { emptyList } from './emptyList';
import type { BacktestTrade, TradeNumbers } from './types';
import { FillRecord } from './fillRecord';

/*
 * Why columns: a run of a million bars closes tens of thousands of trades,
 * and each record kept as an object through the run (its doubles each a heap
 * number of their own) is copied by every young-generation collection that
 * finds it alive, then promoted: measured, a quarter of a backtest's time was
 * that copying. Kept as numbers in typed arrays (outside the JS heap) and
 * made into objects only when read, the run's collections find nothing of
 * them to copy. The objects read are the same as ever, made once each.
 */

/** Numbers a closed trade keeps, in this order. */
const T_FIELDS = 14;
const [T_SIZE, T_ENTRY_BAR, T_EXIT_BAR, T_ENTRY_TIME, T_EXIT_TIME, T_ENTRY_PRICE, T_EXIT_PRICE, T_PNL, T_RETURN, T_COMMISSION, T_SL, T_TP, T_ENTRY_WHY, T_EXIT_WHY] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

/*
 * Why chunks: the records of a run are kept in fixed chunks of CHUNK records
 * (one Float64Array each), added as they
 * fill, never copied. A log that doubled one array as it grew allocated
 * twice its final size and copied it all once more (a million bars'
 * 78,000 fills and 39,000 trades: ~25 MB of fresh memory per run, ~1.5 MB
 * of it strings' arrays in V8's large-object space, new pages each time);
 * fresh memory costs a page fault per 4 kB, and the bench's slow early runs
 * had the most (12,000–15,000 a run, against 2,000–5,000 once the allocator
 * had its memory). A chunk is below the
 * allocator's threshold for memory of its own (72–112 kB), so the next run's
 * chunks reuse this one's.
 *
 * And the strings (reasons, sides, id prefixes) as numbers in the same
 * chunks, each string kept once (`Strings`): a run repeats a handful. Arrays
 * of string pointers lived on V8's heap, 2.5 MB of them for the bench's
 * million bars; the young collection copied them and promoted them, and in
 * the early runs, with the old generation's limit just above what the
 * forced collection left, that promotion set off a full collection in the
 * middle of the run (7–9 ms, measured with --trace-gc).
 */
/** Strings kept once each, numbered in the order first seen. */
class Strings {
  readonly list: string[] = emptyList<string>();
  private readonly numbers = new Map<string, number>();

  /** The number of `s` (a new one if unseen). */
  numberOf(s: string): number {
    const list = this.list;
    // The few a run repeats are found first by a scan (equal literals are one string: compared by pointer), no hashing.
    const scan = list.length < SCANNED ? list.length : SCANNED;
    for (let k = 0; k < scan; k++) if (list[k] === s) return k;
    let n = this.numbers.get(s);
    if (n === undefined) {
      n = list.length;
      list.push(s);
      this.numbers.set(s, n);
    }
    return n;
  }
}

/** How many strings `Strings.numberOf` looks through before it asks its map. */
const SCANNED = 8;

const CHUNK_BITS = 10;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

/** The closed trades of one run, oldest first: appended as numbers, read as `BacktestTrade` objects. */
export class ClosedTrades implements TradeNumbers {
  /** The numbers, CHUNK trades a chunk (T_FIELDS each). */
  private readonly nums: Float64Array[] = emptyList<Float64Array>();
  /** Entry and exit reasons, by number (T_ENTRY_WHY, T_EXIT_WHY). */
  private readonly reasons = new Strings();
  private count = 0;
  /** The objects made so far (the first `made.length` trades): each is made once, and reads hand out the same ones. */
  private readonly made: BacktestTrade[] = emptyList<BacktestTrade>();

  get length(): number {
    return this.count;
  }

  /** A trade closed. `sl` and `tp` NaN: none. */
  add(
    size: number, entryBar: number, exitBar: number, entryTime: number, exitTime: number, entryPrice: number, exitPrice: number,
    pnl: number, returnPct: number, commission: number, sl: number, tp: number, entryReason: string, exitReason: string,
  ): void {
    const k = this.count;
    if ((k & IN_CHUNK) === 0) {
      this.nums.push(new Float64Array(CHUNK * T_FIELDS));
    }
    const a = this.nums[k >> CHUNK_BITS];
    const at = (k & IN_CHUNK) * T_FIELDS;
    a[at + T_SIZE] = size;
    a[at + T_ENTRY_BAR] = entryBar;
    a[at + T_EXIT_BAR] = exitBar;
    a[at + T_ENTRY_TIME] = entryTime;
    a[at + T_EXIT_TIME] = exitTime;
    a[at + T_ENTRY_PRICE] = entryPrice;
    a[at + T_EXIT_PRICE] = exitPrice;
    a[at + T_PNL] = pnl;
    a[at + T_RETURN] = returnPct;
    a[at + T_COMMISSION] = commission;
    a[at + T_SL] = sl;
    a[at + T_TP] = tp;
    a[at + T_ENTRY_WHY] = this.reasons.numberOf(entryReason);
    a[at + T_EXIT_WHY] = this.reasons.numberOf(exitReason);
    this.count = k + 1;
  }

  /** Field `f` of trade k, read in place. */
  private num(k: number, f: number): number {
    return this.nums[k >> CHUNK_BITS][(k & IN_CHUNK) * T_FIELDS + f];
  }

  // Trade k's numbers, read in place (the statistics read these: no object made).
  entryBar(k: number): number {
    return this.num(k, T_ENTRY_BAR);
  }

  exitBar(k: number): number {
    return this.num(k, T_EXIT_BAR);
  }

  entryTime(k: number): number {
    return this.num(k, T_ENTRY_TIME);
  }

  exitTime(k: number): number {
    return this.num(k, T_EXIT_TIME);
  }

  pnl(k: number): number {
    return this.num(k, T_PNL);
  }

  returnPct(k: number): number {
    return this.num(k, T_RETURN);
  }

  commission(k: number): number {
    return this.num(k, T_COMMISSION);
  }

  /** Every closed trade so far as objects (the same array and objects on every read; it grows as trades close). */
  list(): BacktestTrade[] {
    for (let k = this.made.length; k < this.count; k++) {
      const a = this.nums[k >> CHUNK_BITS];
      const at = (k & IN_CHUNK) * T_FIELDS;
      const why = this.reasons.list;
      this.made.push({
        size: a[at + T_SIZE], entryBar: a[at + T_ENTRY_BAR], exitBar: a[at + T_EXIT_BAR],
        entryTime: a[at + T_ENTRY_TIME], exitTime: a[at + T_EXIT_TIME], entryPrice: a[at + T_ENTRY_PRICE], exitPrice: a[at + T_EXIT_PRICE],
        pnl: a[at + T_PNL], returnPct: a[at + T_RETURN], commission: a[at + T_COMMISSION],
        sl: priceOrNull(a[at + T_SL]), tp: priceOrNull(a[at + T_TP]), entryReason: why[a[at + T_ENTRY_WHY]], exitReason: why[a[at + T_EXIT_WHY]],
      });
    }
    return this.made;
  }
}

/** Numbers a fill keeps: units, price, fee, time, signal time, its id's number (NaN when its id is kept whole), and the numbers of its id (or prefix), side and reason in `texts`. */
const F_FIELDS = 9;

/** The fills of one run, in order: appended as they come, read as `FillRecord`s (which are the chart's markers). */
export class FillLog {
  /** The numbers, CHUNK fills a chunk (F_FIELDS each). */
  private readonly nums: Float64Array[] = emptyList<Float64Array>();
  /** Order id (or its prefix), side and reason of each fill, by number (the last three of its numbers). */
  private readonly texts = new Strings();
  private count = 0;

  get length(): number {
    return this.count;
  }

  add(f: FillRecord): void {
    this.addFill(f.orderId, f.side, f.units, f.price, f.fee, f.time, f.reason, f.signalTime);
  }

  /** A fill, as `FillRecord`'s fields (no record made: a run without `onFill` never needs one until the end). */
  addFill(orderId: string, side: OrderSide, units: number, price: number, fee: number, time: number, reason: string, signalTime: number): void {
    this.addNumberedFill(orderId, Number.NaN, side, units, price, fee, time, reason, signalTime);
  }

  /**
   * A fill whose order id is `${idPrefix}${idNumber}` (the broker's `B12`,
   * `close:340`), kept as the two: the id string is made again only when the
   * records are made. Why: this log lives through the run, and each new id
   * string it held was copied by every young collection until promoted
   * (78,000 a run for the bench's million bars); the prefixes are constants.
   */
  addNumberedFill(
    idPrefix: string, idNumber: number, side: OrderSide, units: number, price: number, fee: number, time: number, reason: string, signalTime: number,
  ): void {
    const k = this.count;
    if ((k & IN_CHUNK) === 0) {
      this.nums.push(new Float64Array(CHUNK * F_FIELDS));
    }
    const a = this.nums[k >> CHUNK_BITS];
    const at = (k & IN_CHUNK) * F_FIELDS;
    a[at] = units;
    a[at + 1] = price;
    a[at + 2] = fee;
    a[at + 3] = time;
    a[at + 4] = signalTime;
    a[at + 5] = idNumber;
    const texts = this.texts;
    a[at + 6] = texts.numberOf(idPrefix);
    a[at + 7] = texts.numberOf(side);
    a[at + 8] = texts.numberOf(reason);
    this.count = k + 1;
  }

  /** Every fill as a new `FillRecord`, equal to the one added. */
  records(): FillRecord[] {
    const out: FillRecord[] = [];
    for (let k = 0; k < this.count; k++) {
      const a = this.nums[k >> CHUNK_BITS];
      const at = (k & IN_CHUNK) * F_FIELDS;
      const t = this.texts.list;
      const id = Number.isNaN(a[at + 5]) ? t[a[at + 6]] : `${t[a[at + 6]]}${a[at + 5]}`;
      out.push(new FillRecord(id, t[a[at + 7]] as OrderSide, a[at], a[at + 1], a[at + 2], a[at + 3], t[a[at + 8]], a[at + 4]));
    }
    return out;
  }
}

function priceOrNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
