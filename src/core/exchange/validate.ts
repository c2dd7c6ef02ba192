import { Code, fail, type Failure } from '../codes';
import type { DepositCommand, InstrumentCommand, ModifyCommand, PlaceCommand } from './commands';
import { multipleOf } from './decimal';
import { BUY, PENDING, SELL, type Instrument, type Order, type OrderType, type Side, type Tif } from './order';

/**
 * Boundary checks, in the order JOURNAL.md fixes (the id, duplicate and symbol
 * steps happen in the engine because they need its state). Each returns a
 * Failure for the first problem, and never changes anything.
 */

function isStr(x: unknown): x is string {
  return typeof x === 'string' && x !== '';
}
function isNum(x: unknown): x is number {
  return typeof x === 'number';
}

/**
 * A place's prices and quantity in engine units (ticks, lots): what
 * checkPlainPlace and checkPlace answer, in one shared object valid until
 * the next check. Numbers only: the journal's place reads them at once, and
 * a shared object that held the instrument or strings would pay a
 * write-barriered pointer store for each (the journal's bench measured it).
 */
export interface CheckedUnits {
  ok: true;
  price: number;
  stopPrice: number;
  qty: number;
  takeProfit: number;
  stopLoss: number;
}

/**
 * A place command checked and converted to engine units, once
 * (checkPlaceCommand): what `Exchange.placeChecked` enters. The instrument,
 * side, type and time in force are resolved here too, so nothing downstream
 * reads the command's decimals again.
 */
export interface CheckedPlace extends CheckedUnits {
  inst: Instrument;
  side: Side;
  type: OrderType;
  tif: Tif;
}

/** A command's side in engine terms. */
export function sideOf(side: PlaceCommand['side']): Side {
  return side === 'buy' ? BUY : SELL;
}

/** The time in force an order keeps: a market or stop order always GTC, else its own (GTC when it names none). */
export function keptTif(type: OrderType, tif: Tif | undefined): Tif {
  return type === 'market' || type === 'stop' ? 'GTC' : (tif ?? 'GTC');
}

function toTicks(x: number, inst: Instrument): number {
  if (!Number.isFinite(x) || x <= 0) return Number.NaN;
  const t = multipleOf(x, inst.tick);
  return t > 0 && Number.isSafeInteger(t) ? t : Number.NaN;
}

const checked: CheckedUnits = { ok: true, price: 0, stopPrice: 0, qty: 0, takeProfit: 0, stopLoss: 0 };

/** Fills the one shared result (a place is the hot path: the engine reads it at once, before the next check). */
function result(price: number, stopPrice: number, qty: number, takeProfit: number, stopLoss: number): CheckedUnits {
  const r = checked;
  r.price = price;
  r.stopPrice = stopPrice;
  r.qty = qty;
  r.takeProfit = takeProfit;
  r.stopLoss = stopLoss;
  return r;
}

/** x / step as a positive safe integer when x is a positive multiple of step (as toTicks); else 0. */
function steps(x: number, step: number): number {
  const q = x / step;
  const r = Math.round(q);
  // x > 0 fails for NaN; r <= MAX_SAFE_INTEGER fails for an infinite quotient.
  return x > 0 && r > 0 && r <= Number.MAX_SAFE_INTEGER && Math.abs(q - r) <= 1e-9 * (q > 1 ? q : 1) ? r : 0;
}

/**
 * The common case first: a plain limit or market order (no stop, no bracket)
 * whose fields are all valid. Returns the shared CheckedPlace, exactly as
 * checkPlace would; null whenever anything is off or unusual, and then
 * checkPlace, which finds the first problem in the contract's order, decides.
 */
export function checkPlainPlace(c: PlaceCommand, inst: Instrument): CheckedUnits | null {
  const type = c.type;
  const limit = type === 'limit';
  if (!limit && type !== 'market') return null;
  const account = c.account;
  const side = c.side;
  const tif = c.tif;
  const rawQty = c.qty;
  if (
    typeof account !== 'string' || account === '' ||
    (side !== 'buy' && side !== 'sell') ||
    (tif !== undefined && tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') ||
    typeof rawQty !== 'number' ||
    c.takeProfit !== undefined || c.stopLoss !== undefined
  ) {
    return null;
  }
  let price = 0;
  if (limit) {
    const rawPrice = c.price;
    if (typeof rawPrice !== 'number') return null;
    price = steps(rawPrice, inst.tick);
    if (price === 0) return null;
  }
  const qty = steps(rawQty, inst.lot);
  if (qty === 0) return null;
  if (!Number.isSafeInteger((price > 1 ? price : 1) * qty * inst.notionalUnit * 2) || !Number.isSafeInteger(qty * inst.lotUnit)) return null;
  return result(price, 0, qty, 0, 0);
}

/** Checks a place's fields; the CheckedUnits returned is shared and valid until the next call. */
export function checkPlace(c: PlaceCommand, inst: Instrument): CheckedUnits | Failure {
  const hasLimit = c.type === 'limit' || c.type === 'stop_limit';
  const hasStop = c.type === 'stop' || c.type === 'stop_limit';
  if (
    !isStr(c.account) ||
    (c.side !== 'buy' && c.side !== 'sell') ||
    (c.type !== 'limit' && c.type !== 'market' && c.type !== 'stop' && c.type !== 'stop_limit') ||
    (c.tif !== undefined && c.tif !== 'GTC' && c.tif !== 'IOC' && c.tif !== 'FOK') ||
    !isNum(c.qty) ||
    (hasLimit && !isNum(c.price)) ||
    (hasStop && !isNum(c.stopPrice)) ||
    (c.takeProfit !== undefined && !isNum(c.takeProfit)) ||
    (c.stopLoss !== undefined && !isNum(c.stopLoss))
  ) {
    return fail(Code.INVALID_ORDER, 'The order is missing a field or has one of the wrong kind (side, type, tif, price, qty).');
  }
  const price = hasLimit ? toTicks(c.price!, inst) : 0;
  if (Number.isNaN(price)) return fail(Code.INVALID_PRICE, `Price must be a positive multiple of the tick ${inst.tick}.`);
  const stopPrice = hasStop ? toTicks(c.stopPrice!, inst) : 0;
  if (Number.isNaN(stopPrice)) return fail(Code.INVALID_PRICE, `Stop price must be a positive multiple of the tick ${inst.tick}.`);
  const takeProfit = c.takeProfit !== undefined ? toTicks(c.takeProfit, inst) : 0;
  const stopLoss = c.stopLoss !== undefined ? toTicks(c.stopLoss, inst) : 0;
  if (Number.isNaN(takeProfit) || Number.isNaN(stopLoss)) {
    return fail(Code.INVALID_PRICE, `Take-profit and stop-loss must be positive multiples of the tick ${inst.tick}.`);
  }
  const bracketBad = bracketProblem(c.side === 'buy', price || stopPrice, takeProfit, stopLoss);
  if (bracketBad) return fail(Code.INVALID_PRICE, bracketBad);
  const qty = Number.isFinite(c.qty) && c.qty > 0 ? multipleOf(c.qty, inst.lot) : Number.NaN;
  if (!(qty > 0) || !Number.isSafeInteger(qty)) {
    return fail(Code.INVALID_QUANTITY, `Quantity must be a positive multiple of the lot ${inst.lot}.`);
  }
  const top = Math.max(price, stopPrice, takeProfit, stopLoss, 1);
  if (!Number.isSafeInteger(top * qty * inst.notionalUnit * 2) || !Number.isSafeInteger(qty * inst.lotUnit)) {
    return fail(Code.INVALID_QUANTITY, 'Quantity is too large.');
  }
  return result(price, stopPrice, qty, takeProfit, stopLoss);
}

/** checkPlainPlace for the common case, else checkPlace: the one conversion of a place's decimals to units. */
export function checkPlaceCommand(c: PlaceCommand, inst: Instrument): CheckedPlace | Failure {
  const u = checkPlainPlace(c, inst) ?? checkPlace(c, inst);
  if (!u.ok) return u;
  const type = c.type;
  return {
    ok: true, inst, side: sideOf(c.side), type, tif: keptTif(type, c.tif),
    price: u.price, stopPrice: u.stopPrice, qty: u.qty, takeProfit: u.takeProfit, stopLoss: u.stopLoss,
  };
}

/** A long's take-profit sits above its entry and its stop-loss below; a short's the other way. */
function bracketProblem(buy: boolean, entry: number, tp: number, sl: number): string | null {
  if (tp !== 0 && sl !== 0 && (buy ? tp <= sl : tp >= sl)) {
    return buy ? 'Take-profit must be above stop-loss for a buy.' : 'Take-profit must be below stop-loss for a sell.';
  }
  if (entry === 0) return null;
  if (tp !== 0 && (buy ? tp <= entry : tp >= entry)) {
    return buy ? 'Take-profit must be above the entry price.' : 'Take-profit must be below the entry price.';
  }
  if (sl !== 0 && (buy ? sl >= entry : sl <= entry)) {
    return buy ? 'Stop-loss must be below the entry price.' : 'Stop-loss must be above the entry price.';
  }
  return null;
}

export interface CheckedModify {
  ok: true;
  price: number;
  stopPrice: number;
  /** New total quantity in lots (filled + open). */
  qty: number;
}

export function checkModify(c: ModifyCommand, o: Order): CheckedModify | Failure {
  const hasLimit = o.price > 0;
  const hasStop = o.state === PENDING;
  if (
    (c.price === undefined && c.qty === undefined && c.stopPrice === undefined) ||
    (c.price !== undefined && (!isNum(c.price) || !hasLimit)) ||
    (c.stopPrice !== undefined && (!isNum(c.stopPrice) || !hasStop)) ||
    (c.qty !== undefined && !isNum(c.qty))
  ) {
    return fail(Code.INVALID_ORDER, 'A modify changes the price (limit orders), the stop price (waiting stops) or the quantity.');
  }
  const price = c.price !== undefined ? toTicks(c.price, o.inst) : o.price;
  const stopPrice = c.stopPrice !== undefined ? toTicks(c.stopPrice, o.inst) : o.stopPrice;
  if (Number.isNaN(price) || Number.isNaN(stopPrice)) {
    return fail(Code.INVALID_PRICE, `Price must be a positive multiple of the tick ${o.inst.tick}.`);
  }
  let qty = o.qty + o.filled;
  if (c.qty !== undefined) {
    if (o.oco !== null) return fail(Code.INVALID_ORDER, 'A bracket leg keeps its quantity; cancel and place again to change it.');
    qty = Number.isFinite(c.qty) && c.qty > 0 ? multipleOf(c.qty, o.inst.lot) : Number.NaN;
    if (!(qty > o.filled) || !Number.isSafeInteger(qty)) {
      return fail(Code.INVALID_QUANTITY, `Quantity must be a multiple of the lot ${o.inst.lot} above the ${o.filled * o.inst.lot} already filled.`);
    }
  }
  const top = Math.max(price, stopPrice, 1);
  if (!Number.isSafeInteger(top * qty * o.inst.notionalUnit * 2) || !Number.isSafeInteger(qty * o.inst.lotUnit)) {
    return fail(Code.INVALID_QUANTITY, 'Quantity is too large.');
  }
  return { ok: true, price, stopPrice, qty };
}

export function checkTransfer(c: DepositCommand): Failure | null {
  if (!isStr(c.account) || !isStr(c.asset)) return fail(Code.INVALID_COMMAND, `A ${c.op} needs an account and an asset.`);
  if (!isNum(c.amount) || !Number.isFinite(c.amount) || c.amount <= 0) {
    return fail(Code.INVALID_AMOUNT, 'Amount must be a positive number.');
  }
  return null;
}

export function checkInstrument(c: InstrumentCommand, listed: Map<string, Instrument>): Failure | null {
  const feeOk = (f: unknown) => f === undefined || (isNum(f) && Number.isFinite(f) && f >= 0 && f <= 1000);
  if (
    !isStr(c.symbol) || !isStr(c.base) || !isStr(c.quote) || c.base === c.quote ||
    !isNum(c.tick) || !(c.tick > 0) || !Number.isFinite(c.tick) ||
    !isNum(c.lot) || !(c.lot > 0) || !Number.isFinite(c.lot) ||
    !feeOk(c.makerFeeBps) || !feeOk(c.takerFeeBps)
  ) {
    return fail(Code.INVALID_COMMAND, 'An instrument needs symbol, base and quote (different), a positive tick and lot, and fees between 0 and 1000 bps.');
  }
  if (listed.has(c.symbol)) return fail(Code.INVALID_COMMAND, `${c.symbol} is already listed.`);
  return null;
}
