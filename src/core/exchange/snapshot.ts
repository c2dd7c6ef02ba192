import { ordersBestFirst } from './book';
import { Exchange } from './exchange';
import { newInstrument } from './instrument';
import { Asset, type Account } from './ledger';
import { BUY, Order, PENDING, RESTING, SELL, type Instrument, type OrderType, type Tif } from './order';

/**
 * A snapshot is the exchange's whole state as plain JSON. Restoring it and
 * applying the journal's tail gives the same state (and state hash) as
 * replaying the whole journal, because everything that steers later behaviour
 * is in it: balances and scales, queues in order, waiting stops, used ids and
 * the sequence counters.
 */
export interface ExchangeSnapshot {
  v: 1;
  seq: number;
  tradeSeq: number;
  assets: [name: string, dec: number][];
  instruments: {
    symbol: string;
    base: string;
    quote: string;
    tick: number;
    lot: number;
    makerFeeBps: number;
    takerFeeBps: number;
    last: number;
    /** Order ids in queue order: bids best first, asks best first, then waiting stops in firing order. */
    bids: string[];
    asks: string[];
    buyStops: string[];
    sellStops: string[];
  }[];
  accounts: [id: string, avail: number[], resv: number[], touched: number[]][];
  deposited: number[];
  withdrawn: number[];
  feesCollected: number[];
  /** Live orders by sequence number. */
  orders: OrderRecord[];
  usedIds: string[];
}

type OrderRecord = [
  id: string,
  account: string,
  symbol: string,
  side: number,
  type: OrderType,
  price: number,
  stopPrice: number,
  qty: number,
  filled: number,
  tif: Tif,
  seq: number,
  reserved: number,
  takeProfit: number,
  stopLoss: number,
  oco: string | null,
  sharesEscrow: number,
];

/** Ids in the book's priority order: the same list whatever the book's implementation. */
function queueIds(inst: Instrument, bids: boolean): string[] {
  return Array.from(ordersBestFirst(inst.book, bids ? BUY : SELL), (o) => o.id);
}

export function snapshot(ex: Exchange): ExchangeSnapshot {
  const l = ex.ledger;
  return {
    v: 1,
    seq: ex.seq,
    tradeSeq: ex.tradeSeq,
    assets: l.assets.map((a) => [a.name, a.dec]),
    instruments: [...ex.instruments.values()].map((inst) => ({
      symbol: inst.symbol,
      base: inst.base.name,
      quote: inst.quote.name,
      tick: inst.tick,
      lot: inst.lot,
      makerFeeBps: inst.makerFeeBps,
      takerFeeBps: inst.takerFeeBps,
      last: inst.last,
      bids: queueIds(inst, true),
      asks: queueIds(inst, false),
      buyStops: inst.buyStops.map((o) => o.id),
      sellStops: inst.sellStops.map((o) => o.id),
    })),
    accounts: [...l.accounts.values()].map((a: Account) => [
      a.id,
      a.avail.slice(),
      a.resv.slice(),
      a.touched.map((t) => (t ? 1 : 0)),
    ]),
    deposited: l.deposited.slice(),
    withdrawn: l.withdrawn.slice(),
    feesCollected: l.feesCollected.slice(),
    orders: ex.live.values().map((o) => [
      o.id, o.account.id, o.inst.symbol, o.side, o.type, o.price, o.stopPrice, o.qty, o.filled, o.tif, o.seq,
      o.reserved, o.takeProfit, o.stopLoss, o.oco ? o.oco.id : null, o.sharesEscrow ? 1 : 0,
    ]),
    usedIds: [...ex.usedIds],
  };
}

export function restore(s: ExchangeSnapshot, ex = new Exchange()): Exchange {
  if (s.v !== 1) throw new Error(`Unknown snapshot version ${String(s.v)}`);
  const l = ex.ledger;
  for (const [name, dec] of s.assets) {
    const a: Asset = l.asset(name);
    a.dec = dec;
  }
  l.deposited = s.deposited.slice();
  l.withdrawn = s.withdrawn.slice();
  l.feesCollected = s.feesCollected.slice();
  for (const [id, avail, resv, touched] of s.accounts) {
    const acc = l.register(id);
    acc.avail = avail.slice();
    acc.resv = resv.slice();
    acc.touched = touched.map((t) => t === 1);
  }
  for (const si of s.instruments) {
    const inst = newInstrument(si, l.asset(si.base), l.asset(si.quote), ex.books);
    inst.last = si.last;
    ex.instruments.set(inst.symbol, inst);
  }
  for (const r of s.orders) {
    const [id, account, symbol, side, type, price, stopPrice, qty, filled, tif, seq, reserved, tp, sl, , shares] = r;
    const o = new Order(id, l.account(account), ex.instruments.get(symbol)!, side === BUY ? 0 : 1, type, price, stopPrice, qty, tif, seq);
    o.filled = filled;
    o.reserved = reserved;
    o.takeProfit = tp;
    o.stopLoss = sl;
    o.sharesEscrow = shares === 1;
    ex.live.set(o);
  }
  for (const r of s.orders) {
    if (r[14] !== null) ex.live.get(r[0])!.oco = ex.live.get(r[14]) ?? null;
  }
  for (const si of s.instruments) {
    const inst = ex.instruments.get(si.symbol)!;
    for (const id of si.bids) placeBack(inst, ex.live.get(id)!);
    for (const id of si.asks) placeBack(inst, ex.live.get(id)!);
    for (const id of si.buyStops) pend(inst.buyStops, ex.live.get(id)!);
    for (const id of si.sellStops) pend(inst.sellStops, ex.live.get(id)!);
  }
  for (const id of s.usedIds) ex.usedIds.add(id);
  ex.seq = s.seq;
  ex.tradeSeq = s.tradeSeq;
  return ex;
}

/** Rests in listed order, so arrival within a price is as it was (the order's own side: snapshotCheck refuses a misfiled one). */
function placeBack(inst: Instrument, o: Order): void {
  o.state = RESTING;
  inst.book.rest(o);
}

function pend(list: Order[], o: Order): void {
  o.state = PENDING;
  list.push(o);
}

/**
 * A 64-bit FNV-1a style hash (two 32-bit lanes) of the canonical snapshot, as
 * 16 hex digits. Equal states give equal hashes; it is not cryptographic.
 */
export function stateHash(ex: Exchange): string {
  return hashString(JSON.stringify(snapshot(ex)));
}

export function hashString(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
