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
const T_FIELDS = 12;
const [T_SIZE, T_ENTRY_BAR, T_EXIT_BAR, T_ENTRY_TIME, T_EXIT_TIME, T_ENTRY_PRICE, T_EXIT_PRICE, T_PNL, T_RETURN, T_COMMISSION, T_SL, T_TP] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** A Float64Array with room for at least `need` values, the old values kept. */
function grown(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** The closed trades of one run, oldest first: appended as numbers, read as `BacktestTrade` objects. */
export class ClosedTrades implements TradeNumbers {
  private nums: Float64Array = new Float64Array(64 * T_FIELDS);
  private readonly reasons: string[] = emptyList<string>();
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
    const at = this.count * T_FIELDS;
    const a = (this.nums = grown(this.nums, at + T_FIELDS));
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
    this.reasons.push(entryReason, exitReason);
    this.count++;
  }

  // Trade k's numbers, read in place (the statistics read these: no object made).
  entryBar(k: number): number {
    return this.nums[k * T_FIELDS + T_ENTRY_BAR];
  }

  exitBar(k: number): number {
    return this.nums[k * T_FIELDS + T_EXIT_BAR];
  }

  entryTime(k: number): number {
    return this.nums[k * T_FIELDS + T_ENTRY_TIME];
  }

  exitTime(k: number): number {
    return this.nums[k * T_FIELDS + T_EXIT_TIME];
  }

  pnl(k: number): number {
    return this.nums[k * T_FIELDS + T_PNL];
  }

  returnPct(k: number): number {
    return this.nums[k * T_FIELDS + T_RETURN];
  }

  commission(k: number): number {
    return this.nums[k * T_FIELDS + T_COMMISSION];
  }

  /** Every closed trade so far as objects (the same array and objects on every read; it grows as trades close). */
  list(): BacktestTrade[] {
    const a = this.nums;
    for (let k = this.made.length; k < this.count; k++) {
      const at = k * T_FIELDS;
      this.made.push({
        size: a[at + T_SIZE], entryBar: a[at + T_ENTRY_BAR], exitBar: a[at + T_EXIT_BAR],
        entryTime: a[at + T_ENTRY_TIME], exitTime: a[at + T_EXIT_TIME], entryPrice: a[at + T_ENTRY_PRICE], exitPrice: a[at + T_EXIT_PRICE],
        pnl: a[at + T_PNL], returnPct: a[at + T_RETURN], commission: a[at + T_COMMISSION],
        sl: priceOrNull(a[at + T_SL]), tp: priceOrNull(a[at + T_TP]), entryReason: this.reasons[2 * k], exitReason: this.reasons[2 * k + 1],
      });
    }
    return this.made;
  }
}

/** Numbers a fill keeps, in this order (the last: its id's number, NaN when its id is kept whole). */
const F_FIELDS = 6;

/** The fills of one run, in order: appended as they come, read as `FillRecord`s (which are the chart's markers). */
export class FillLog {
  private nums: Float64Array = new Float64Array(128 * F_FIELDS);
  /** Order id (or its prefix), side and reason of each fill. */
  private readonly texts: string[] = emptyList<string>();
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
    const at = this.count * F_FIELDS;
    const a = (this.nums = grown(this.nums, at + F_FIELDS));
    a[at] = units;
    a[at + 1] = price;
    a[at + 2] = fee;
    a[at + 3] = time;
    a[at + 4] = signalTime;
    a[at + 5] = idNumber;
    this.texts.push(idPrefix, side, reason);
    this.count++;
  }

  /** Every fill as a new `FillRecord`, equal to the one added. */
  records(): FillRecord[] {
    const out: FillRecord[] = [];
    const a = this.nums;
    const t = this.texts;
    for (let k = 0; k < this.count; k++) {
      const at = k * F_FIELDS;
      const id = Number.isNaN(a[at + 5]) ? t[3 * k] : `${t[3 * k]}${a[at + 5]}`;
      out.push(new FillRecord(id, t[3 * k + 1] as OrderSide, a[at], a[at + 1], a[at + 2], a[at + 3], t[3 * k + 2], a[at + 4]));
    }
    return out;
  }
}

function priceOrNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
