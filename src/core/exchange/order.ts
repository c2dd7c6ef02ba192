import type { Account, Asset } from './ledger';
import type { OrderBook, SideView } from './orderBook';

export const BUY = 0;
export const SELL = 1;
export type Side = typeof BUY | typeof SELL;

export type OrderType = 'limit' | 'market' | 'stop' | 'stop_limit';
export type Tif = 'GTC' | 'IOC' | 'FOK';

/** Where a live order is: resting in the book, or waiting for its stop price. */
export const RESTING = 1;
export const PENDING = 2;
export const DONE = 3;

/** What only stops and brackets need, kept apart so that plain orders stay small. */
export class OrderExt {
  stopPrice = 0;
  takeProfit = 0;
  stopLoss = 0;
  oco: Order | null = null;
  sharesEscrow = false;
}

/**
 * One order. In the fast book (book.ts) resting orders are linked into their
 * price level (intrusive list: cancel is O(1) with no search); `level`,
 * `prev` and `next` are that book's, other books leave them null.
 *
 * An order is kept small, since a cancel or a fill reaches it in cold memory:
 * the fields of stops and brackets live in `ext`, null for a plain limit or
 * market order; accessors give them by name.
 */
export class Order {
  // Fields are assigned in the constructor in this order on purpose: V8 lays
  // them out as assigned, so what a cancel touches (up to ext) shares the
  // first cache lines of the object. They are `declare`d so that no class-field
  // definition (each set to undefined first) runs before the constructor's
  // own assignments.
  declare readonly id: string;
  declare readonly account: Account;
  declare readonly inst: Instrument;
  declare readonly side: Side;
  /** 0 (new or triggering), RESTING, PENDING or DONE. */
  declare state: number;
  declare level: Level | null;
  declare prev: Order | null;
  declare next: Order | null;
  /** Remaining quantity in lots. */
  declare qty: number;
  /** Escrow held for the rest, in minor units of the escrow asset (quote for buys, base for sells). */
  declare reserved: number;
  /** Place in the live-order table (idtable.ts). */
  declare slot: number;
  /** Stop and bracket fields; null while they are all zero. */
  declare ext: OrderExt | null;
  /** Limit price in ticks (0 for market and stop). */
  declare price: number;
  declare filled: number;
  declare type: OrderType;
  declare tif: Tif;
  declare seq: number;

  constructor(
    id: string,
    account: Account,
    inst: Instrument,
    side: Side,
    type: OrderType,
    price: number,
    stopPrice: number,
    qty: number,
    tif: Tif,
    seq: number,
  ) {
    this.id = id;
    this.account = account;
    this.inst = inst;
    this.side = side;
    this.state = 0;
    this.level = null;
    this.prev = null;
    this.next = null;
    this.qty = qty;
    this.reserved = 0;
    this.slot = -1;
    this.ext = null;
    this.price = price;
    this.filled = 0;
    this.type = type;
    this.tif = tif;
    this.seq = seq;
    if (stopPrice !== 0) this.x().stopPrice = stopPrice;
  }

  /** ext, made if need be. */
  private x(): OrderExt {
    let e = this.ext;
    if (e === null) this.ext = e = new OrderExt();
    return e;
  }

  /** Trigger price in ticks for stop and stop-limit (0 otherwise). */
  get stopPrice(): number {
    return this.ext === null ? 0 : this.ext.stopPrice;
  }
  set stopPrice(v: number) {
    if (v !== 0 || this.ext !== null) this.x().stopPrice = v;
  }

  /** Take-profit and stop-loss prices in ticks (0: none) for a bracket entry. */
  get takeProfit(): number {
    return this.ext === null ? 0 : this.ext.takeProfit;
  }
  set takeProfit(v: number) {
    if (v !== 0 || this.ext !== null) this.x().takeProfit = v;
  }
  get stopLoss(): number {
    return this.ext === null ? 0 : this.ext.stopLoss;
  }
  set stopLoss(v: number) {
    if (v !== 0 || this.ext !== null) this.x().stopLoss = v;
  }

  /** The other leg of a one-cancels-other pair. */
  get oco(): Order | null {
    return this.ext === null ? null : this.ext.oco;
  }
  set oco(o: Order | null) {
    if (o !== null || this.ext !== null) this.x().oco = o;
  }

  /** A stop-loss leg whose base escrow is held by its take-profit partner. */
  get sharesEscrow(): boolean {
    return this.ext === null ? false : this.ext.sharesEscrow;
  }
  set sharesEscrow(v: boolean) {
    if (v || this.ext !== null) this.x().sharesEscrow = v;
  }

  get total(): number {
    return this.qty + this.filled;
  }
}

export class Level {
  head: Order | null = null;
  tail: Order | null = null;
  /** Σ remaining lots resting at this price. */
  qty = 0;
  count = 0;
  constructor(readonly price: number) {}
}

/**
 * One side of the fast book (book.ts). Levels are kept sorted with the best
 * last, so the busy end of the array is cheap to splice.
 */
export class BookSide implements SideView {
  /** key = price for bids, -price for asks: ascending, best last. */
  readonly keys: number[] = [];
  readonly levels: Level[] = [];
  constructor(readonly isBid: boolean) {}

  best(): Level | undefined {
    const n = this.levels.length;
    return n ? this.levels[n - 1] : undefined;
  }

  depth(maxLevels: number): [number, number][] {
    const out: [number, number][] = [];
    for (let i = this.levels.length - 1; i >= 0 && out.length < maxLevels; i--) {
      const l = this.levels[i];
      out.push([l.price, l.qty]);
    }
    return out;
  }
}

export interface Instrument {
  readonly symbol: string;
  readonly base: Asset;
  readonly quote: Asset;
  readonly tick: number;
  readonly lot: number;
  readonly tickDec: number;
  readonly lotDec: number;
  readonly makerFeeBps: number;
  readonly takerFeeBps: number;
  /** Fees in hundredths of a basis point, integers. */
  readonly makerFee: number;
  readonly takerFee: number;
  /** Minor units of quote per (1 tick × 1 lot); of base per lot. Rescaled when an asset's scale grows. */
  notionalUnit: number;
  lotUnit: number;
  /** The book (orderBook.ts): which implementation is the exchange's choice. */
  readonly book: OrderBook;
  /** The book's sides, read-only (`book.bids`, `book.asks`): for marks and depth. */
  readonly bids: SideView;
  readonly asks: SideView;
  /** Last trade price in ticks, 0 before the first trade. */
  last: number;
  /** Pending stops: buys ascending by stop price, sells descending; ties by seq. */
  readonly buyStops: Order[];
  readonly sellStops: Order[];
}
