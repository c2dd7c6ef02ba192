// OHLCV candles built incrementally from trades, one series per timeframe.
//
// onTrade sits in the simulation's hot path (every fill of every bot), so the
// current candle is mutated in place and a new object is allocated only when a
// trade opens a new period. Each series is a fixed-capacity ring: memory stays
// bounded however long the simulation runs. Periods without trades produce no
// candle (charts show gaps, as exchanges do).

export const TIMEFRAMES = ['1s', '1m', '5m', '15m', '1h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

export interface Candle {
  /** Open time, UTC ms, aligned to the timeframe in UTC (1d starts at 00:00 UTC). */
  t: number;
  /** Prices in ticks. */
  o: number;
  h: number;
  l: number;
  c: number;
  /** Volume in lots. */
  v: number;
  /** Number of trades. */
  n: number;
}

const DEFAULT_CAPACITY = 1500;

/** Plain JSON: what CandleSeries saves and restores (the candles oldest first). */
export interface CandleSeriesState {
  tf: Timeframe;
  capacity: number;
  candles: Candle[];
}

function isTimeframe(x: unknown): x is Timeframe {
  return typeof x === 'string' && (TIMEFRAMES as readonly string[]).includes(x);
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be an integer >= 1, got ${capacity}`);
}

function isCandle(x: unknown): x is Candle {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Record<string, unknown>;
  return ['t', 'o', 'h', 'l', 'c', 'v', 'n'].every((k) => typeof c[k] === 'number' && Number.isFinite(c[k]));
}

export class CandleSeries {
  readonly tf: Timeframe;
  readonly capacity: number;
  private readonly periodMs: number;
  // Ring buffer: buf[(start + i) % capacity] is the i-th oldest candle.
  private readonly buf: Candle[] = [];
  private start = 0;
  private current: Candle | undefined;

  constructor(tf: Timeframe, capacity: number = DEFAULT_CAPACITY) {
    if (!isTimeframe(tf)) throw new RangeError(`unknown timeframe ${String(tf)}`);
    checkCapacity(capacity);
    this.tf = tf;
    this.capacity = capacity;
    this.periodMs = TIMEFRAME_MS[tf];
  }

  /**
   * Fold one trade in and return the candle it landed in. The returned object
   * is live: later trades in the same period mutate it; copy it to keep it.
   *
   * A trade stamped before the current candle's open is folded into the
   * current candle: arrival order is the engine's execution order, so it is
   * the truth; a timestamp behind it can only be clock jitter.
   */
  onTrade(ts: number, price: number, qty: number): Candle {
    const cur = this.current;
    if (cur !== undefined && ts < cur.t + this.periodMs) {
      if (price > cur.h) cur.h = price;
      if (price < cur.l) cur.l = price;
      cur.c = price;
      cur.v += qty;
      cur.n += 1;
      return cur;
    }
    const t = ts - (((ts % this.periodMs) + this.periodMs) % this.periodMs);
    const candle: Candle = { t, o: price, h: price, l: price, c: price, v: qty, n: 1 };
    this.push(candle);
    return candle;
  }

  private push(candle: Candle): void {
    if (this.buf.length < this.capacity) {
      this.buf.push(candle);
    } else {
      this.buf[this.start] = candle; // overwrite the oldest
      this.start = (this.start + 1) % this.capacity;
    }
    this.current = candle;
  }

  /** The newest candle (live object), if any trade has been seen. */
  last(): Candle | undefined {
    return this.current;
  }

  /** The oldest candle still kept (live object; undefined before any trade). */
  first(): Candle | undefined {
    return this.buf.length === 0 ? undefined : this.buf[this.start];
  }

  /** Open time of the oldest candle still kept (undefined before any trade). */
  firstTime(): number | undefined {
    return this.first()?.t;
  }

  get length(): number {
    return this.buf.length;
  }

  /** Copies of the newest `limit` candles (all by default), oldest first. */
  toArray(limit?: number): Candle[] {
    const len = this.buf.length;
    const count = limit === undefined ? len : Math.max(0, Math.min(len, Math.floor(limit)));
    const out: Candle[] = new Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = { ...this.buf[(this.start + len - count + i) % len] };
    }
    return out;
  }

  getState(): CandleSeriesState {
    return { tf: this.tf, capacity: this.capacity, candles: this.toArray() };
  }

  static restore(state: unknown): CandleSeries {
    const s = state as Partial<CandleSeriesState> | null;
    if (!s || typeof s !== 'object' || !isTimeframe(s.tf) || typeof s.capacity !== 'number' || !Array.isArray(s.candles)) {
      throw new TypeError('invalid CandleSeries state');
    }
    const series = new CandleSeries(s.tf, s.capacity);
    // Keep only the newest `capacity` candles, in case the state was edited.
    for (const c of s.candles.slice(-s.capacity)) {
      if (!isCandle(c)) throw new TypeError('invalid candle in CandleSeries state');
      series.push({ t: c.t, o: c.o, h: c.h, l: c.l, c: c.c, v: c.v, n: c.n });
    }
    return series;
  }
}

/** Plain JSON: what CandleSet saves and restores. */
export interface CandleSetState {
  timeframes: Timeframe[];
  capacity: number;
  series: CandleSeriesState[];
}

/** One CandleSeries per timeframe for an instrument, fed by the same trades. */
export class CandleSet {
  readonly timeframes: readonly Timeframe[];
  readonly capacity: number;
  private readonly list: CandleSeries[];
  private readonly byTf = new Map<Timeframe, CandleSeries>();

  /**
   * `capacity` is every series' ring size, or the default with some
   * timeframes set apart (a short ring for 1 s candles keeps snapshots small).
   */
  constructor(timeframes: readonly Timeframe[] = TIMEFRAMES, capacity: number | (Partial<Record<Timeframe, number>> & { default?: number }) = DEFAULT_CAPACITY) {
    const base = typeof capacity === 'number' ? capacity : (capacity.default ?? DEFAULT_CAPACITY);
    checkCapacity(base);
    const unique = [...new Set(timeframes)];
    this.timeframes = unique;
    this.capacity = base;
    this.list = unique.map((tf) => new CandleSeries(tf, typeof capacity === 'number' ? base : (capacity[tf] ?? base)));
    for (const s of this.list) this.byTf.set(s.tf, s);
  }

  onTrade(ts: number, price: number, qty: number): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) list[i].onTrade(ts, price, qty);
  }

  /** The series for tf; throws if this set does not track it (a programming error). */
  series(tf: Timeframe): CandleSeries {
    const s = this.byTf.get(tf);
    if (!s) throw new RangeError(`timeframe ${tf} is not tracked by this CandleSet`);
    return s;
  }

  getState(): CandleSetState {
    return {
      timeframes: [...this.timeframes],
      capacity: this.capacity,
      series: this.list.map((s) => s.getState()),
    };
  }

  static restore(state: unknown): CandleSet {
    const s = state as Partial<CandleSetState> | null;
    if (!s || typeof s !== 'object' || !Array.isArray(s.timeframes) || !Array.isArray(s.series)
      || typeof s.capacity !== 'number' || s.series.length !== s.timeframes.length) {
      throw new TypeError('invalid CandleSet state');
    }
    const set = new CandleSet(s.timeframes, s.capacity);
    // Series state is authoritative; replace the empty series the constructor made.
    const restored = s.series.map((x) => CandleSeries.restore(x));
    for (let i = 0; i < restored.length; i++) {
      if (restored[i].tf !== set.list[i].tf) throw new TypeError('CandleSet state: series out of order');
      set.list[i] = restored[i];
      set.byTf.set(restored[i].tf, restored[i]);
    }
    return set;
  }
}
