import { depth } from './book';
import { fromUnits } from './decimal';
import type { ExchangeEvent } from './events';
import type { Exchange } from './exchange';

/** A JSON-ready event: the engine's integers turned back into the journal's decimals. */
export type DecimalEvent = Record<string, unknown> & { ev: string };

/** Converts one event's integers (ticks, lots, minor units) to decimals at the instrument's precision. */
export function toDecimal(ex: Exchange, e: ExchangeEvent): DecimalEvent {
  switch (e.ev) {
    case 'trade': {
      const inst = ex.instruments.get(e.symbol)!;
      return {
        ...e,
        price: fromUnits(e.price * tickUnits(inst.tick, inst.tickDec), inst.tickDec),
        qty: fromUnits(e.qty * tickUnits(inst.lot, inst.lotDec), inst.lotDec),
        takerFee: fromUnits(e.takerFee, inst.quote.dec),
        makerFee: fromUnits(e.makerFee, inst.quote.dec),
      };
    }
    case 'accepted':
    case 'modified': {
      const out: DecimalEvent = { ...e, qty: lots(ex, e.symbol, e.qty) };
      if (e.price) out.price = ticks(ex, e.symbol, e.price);
      else delete out.price;
      if (e.stopPrice) out.stopPrice = ticks(ex, e.symbol, e.stopPrice);
      else delete out.stopPrice;
      return out;
    }
    case 'cancelled':
      return { ...e, qty: lots(ex, e.symbol, e.qty) };
    case 'deposit':
    case 'withdrawal': {
      const asset = ex.ledger.findAsset(e.asset)!;
      return { ...e, amount: fromUnits(e.amount, asset.dec) };
    }
    default:
      return { ...e };
  }
}

function tickUnits(step: number, dec: number): number {
  return Math.round(step * 10 ** dec);
}

export function ticks(ex: Exchange, symbol: string, t: number): number {
  const inst = ex.instruments.get(symbol)!;
  return fromUnits(t * tickUnits(inst.tick, inst.tickDec), inst.tickDec);
}

export function lots(ex: Exchange, symbol: string, l: number): number {
  const inst = ex.instruments.get(symbol)!;
  return fromUnits(l * tickUnits(inst.lot, inst.lotDec), inst.lotDec);
}

type Balances = Record<string, { available: number; reserved: number }>;
type Books = Record<string, { bids: [number, number][]; asks: [number, number][] }>;

/**
 * A fresh object for keys chosen by whoever wrote the journal (accounts,
 * assets, symbols): without a prototype, `__proto__` is a key like any other,
 * not the setter that would swallow it, and JSON.stringify writes it out.
 */
function keyedByName<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The `final` event: balances of every account and every book, in decimals. */
export function finalEvent(ex: Exchange): DecimalEvent {
  const accounts = keyedByName<Balances>();
  for (const acc of ex.ledger.accounts.values()) {
    const row = keyedByName<Balances[string]>();
    for (const asset of ex.ledger.assets) {
      if (!acc.touched[asset.index]) continue;
      row[asset.name] = {
        available: fromUnits(acc.avail[asset.index], asset.dec),
        reserved: fromUnits(acc.resv[asset.index], asset.dec),
      };
    }
    accounts[acc.id] = row;
  }
  const books = keyedByName<Books[string]>();
  for (const inst of ex.instruments.values()) {
    const conv = ([p, q]: [number, number]): [number, number] => [ticks(ex, inst.symbol, p), lots(ex, inst.symbol, q)];
    books[inst.symbol] = { bids: depth(inst.bids).map(conv), asks: depth(inst.asks).map(conv) };
  }
  return { ev: 'final', accounts, books };
}
