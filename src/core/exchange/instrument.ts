import { decimalsOf, mantissa, pow10 } from './decimal';
import type { Asset } from './ledger';
import { fastBooks } from './book';
import type { Instrument } from './order';
import type { BookFactory } from './orderBook';

export interface InstrumentSpecFields {
  symbol: string;
  tick: number;
  lot: number;
  makerFeeBps?: number;
  takerFeeBps?: number;
}

/** A listed instrument with an empty book (made by `books`); units follow the assets' current scales. */
export function newInstrument(c: InstrumentSpecFields, base: Asset, quote: Asset, books: BookFactory = fastBooks): Instrument {
  const makerFeeBps = c.makerFeeBps ?? 0;
  const takerFeeBps = c.takerFeeBps ?? 0;
  const book = books();
  const inst: Instrument = {
    symbol: c.symbol,
    base,
    quote,
    tick: c.tick,
    lot: c.lot,
    tickDec: decimalsOf(c.tick),
    lotDec: decimalsOf(c.lot),
    makerFeeBps,
    takerFeeBps,
    makerFee: Math.round(makerFeeBps * 100),
    takerFee: Math.round(takerFeeBps * 100),
    notionalUnit: 0,
    lotUnit: 0,
    book,
    bids: book.bids,
    asks: book.asks,
    last: 0,
    buyStops: [],
    sellStops: [],
  };
  setUnits(inst);
  return inst;
}

/** Minor units per (tick × lot) of quote and per lot of base, at the assets' scales. */
export function setUnits(inst: Instrument): void {
  const tm = mantissa(inst.tick, inst.tickDec);
  const lm = mantissa(inst.lot, inst.lotDec);
  inst.notionalUnit = tm * lm * pow10(inst.quote.dec - inst.tickDec - inst.lotDec);
  inst.lotUnit = lm * pow10(inst.base.dec - inst.lotDec);
}

/** Ticks → decimal price; lots → decimal quantity. */
export function priceOf(inst: Instrument, ticks: number): number {
  return Number((ticks * mantissa(inst.tick, inst.tickDec) / pow10(inst.tickDec)).toFixed(inst.tickDec));
}
export function qtyOf(inst: Instrument, lots: number): number {
  return Number((lots * mantissa(inst.lot, inst.lotDec) / pow10(inst.lotDec)).toFixed(inst.lotDec));
}
