import { Code, fail, type Failure } from '../codes';
import { pow10 } from '../exchange/decimal';
import type { Exchange } from '../exchange/exchange';
import type { Instrument } from '../exchange/order';
import { referencePrice } from './marks';
import { formatMoney, formatPct } from './money';

/**
 * Per-account risk rules, checked before an order reaches the exchange.
 * A missing (or null) rule is no limit.
 *
 * Money limits are in WHOLE units of the cash asset (50_000 is $50,000), not
 * minor units: they are settings a person types and that are saved, and the
 * cash asset's minor unit can get finer when an instrument with a finer tick
 * is listed (the ledger rescales its balances, not our settings). They are
 * turned into minor units at the current scale when checked.
 */
export interface RiskRules {
  /** Largest qty × price of one order. */
  maxOrderNotional?: number | null;
  /** Largest |position| × price an order may leave behind. */
  maxPositionNotional?: number | null;
  /** Most orders open at once (resting or waiting on a stop). */
  maxOpenOrders?: number | null;
  /** Halt new orders once equity is more than this % below its peak (0 < pct ≤ 100). */
  maxDrawdownPct?: number | null;
}

/** Sensible for the $100,000 starting account. */
export const DEFAULT_RISK: Readonly<Required<{ [K in keyof RiskRules]: number }>> = Object.freeze({
  maxOrderNotional: 50_000,
  maxPositionNotional: 100_000,
  maxOpenOrders: 200,
  maxDrawdownPct: 50,
});

const KEYS = new Set(['maxOrderNotional', 'maxPositionNotional', 'maxOpenOrders', 'maxDrawdownPct']);

/** Checks rules from a form, a file or the network; null when they are fine. */
export function validateRules(rules: unknown): Failure | null {
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    return fail(Code.INVALID_SETTING, 'Risk rules must be an object.');
  }
  const r = rules as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!KEYS.has(k)) return fail(Code.INVALID_SETTING, `Unknown risk rule "${k}".`);
  }
  const set = (x: unknown) => x !== undefined && x !== null;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (set(r.maxOrderNotional) && !(num(r.maxOrderNotional) && r.maxOrderNotional > 0)) {
    return fail(Code.INVALID_SETTING, 'Max order value must be a positive amount, or empty for no limit.');
  }
  if (set(r.maxPositionNotional) && !(num(r.maxPositionNotional) && r.maxPositionNotional > 0)) {
    return fail(Code.INVALID_SETTING, 'Max position value must be a positive amount, or empty for no limit.');
  }
  if (set(r.maxOpenOrders) && !(num(r.maxOpenOrders) && Number.isInteger(r.maxOpenOrders) && r.maxOpenOrders >= 1)) {
    return fail(Code.INVALID_SETTING, 'Max open orders must be a whole number of at least 1, or empty for no limit.');
  }
  if (set(r.maxDrawdownPct) && !(num(r.maxDrawdownPct) && r.maxDrawdownPct > 0 && r.maxDrawdownPct <= 100)) {
    return fail(Code.INVALID_SETTING, 'Max drawdown must be a percentage above 0 and at most 100, or empty for no limit.');
  }
  return null;
}

/** Whole units of cash above which a risk message says "more than" this instead of the figure: beyond it the figure means nothing to a person. */
const MAX_SHOWN = 1e15;

/** Everything checkOrder needs, in engine integers. */
export interface OrderRiskInput {
  rules: RiskRules;
  inst: Instrument;
  side: 'buy' | 'sell';
  /** Lots. */
  qty: number;
  /** Limit price in ticks; 0 for market and stop orders. */
  price: number;
  /** Stop trigger in ticks, if any: a stop order is valued at it. */
  stopPrice?: number;
  /** For orders without a limit or stop price: best opposite price, else mark (referencePrice). */
  refPrice: number;
  /** The account's current position in lots (signed). */
  position: number;
  /** Its orders open now. */
  openOrders: number;
  /** Current and peak equity, minor units of the cash asset. */
  equity: number;
  peak: number;
  /** Cash asset and its decimals, for limits and messages; default the instrument's quote. */
  cashAsset?: string;
  cashDec?: number;
}

/**
 * The first rule a new order breaks, or null. Order: drawdown halt, open
 * orders, order value, position value. An order with nothing to value it at
 * (no limit, no stop, empty book, never traded) passes the value checks: the
 * exchange will cancel it for want of liquidity anyway.
 */
export function checkOrder(c: OrderRiskInput): Failure | null {
  const { rules, inst } = c;
  const asset = c.cashAsset ?? inst.quote.name;
  const dec = c.cashDec ?? inst.quote.dec;
  // Values past MAX_SHOWN (an order of 1e300 lots; Infinity) are worded rather than printed digit by digit.
  const money = (minor: number) =>
    Math.abs(minor) < MAX_SHOWN * pow10(dec) ? formatMoney(minor, dec, asset) : `more than ${formatMoney(MAX_SHOWN * pow10(dec), dec, asset)}`;
  const minor = (whole: number) => whole * pow10(dec);

  const dd = rules.maxDrawdownPct;
  if (dd != null && c.peak > 0 && c.equity < c.peak * (1 - dd / 100)) {
    // Shown rounded up to 0.1 (after trimming float noise), so the figure never reads as within the limit.
    const below = Math.ceil(Math.round(((c.peak - c.equity) / c.peak) * 1e7) / 1e4) / 10;
    return fail(Code.RISK_DRAWDOWN,
      `Trading halted: equity ${money(c.equity)} is ${formatPct(below)}% below its peak of ${money(c.peak)} ` +
      `(limit ${formatPct(dd)}%). Deposit funds or reset the account to resume.`);
  }

  const maxOpen = rules.maxOpenOrders;
  if (maxOpen != null && c.openOrders >= maxOpen) {
    return fail(Code.RISK_OPEN_ORDERS,
      `You already have ${c.openOrders} open orders and the limit is ${maxOpen}. Cancel some first, or raise the limit in the risk settings.`);
  }

  const price = c.price > 0 ? c.price : c.stopPrice !== undefined && c.stopPrice > 0 ? c.stopPrice : c.refPrice;
  if (!(price > 0)) return null;

  const maxOrder = rules.maxOrderNotional;
  const notional = c.qty * price * inst.notionalUnit;
  if (maxOrder != null && notional > minor(maxOrder)) {
    return fail(Code.RISK_ORDER_NOTIONAL,
      `This order is worth ${money(notional)}, above the limit of ${money(minor(maxOrder))} per order. ` +
      'Lower the quantity, or raise the limit in the risk settings.');
  }

  const maxPos = rules.maxPositionNotional;
  const after = c.position + (c.side === 'buy' ? c.qty : -c.qty);
  // Only orders that add exposure are held back: reducing a position is always allowed.
  if (maxPos != null && Math.abs(after) > Math.abs(c.position)) {
    const exposure = Math.abs(after) * price * inst.notionalUnit;
    if (exposure > minor(maxPos)) {
      return fail(Code.RISK_POSITION_NOTIONAL,
        `This order would take your ${inst.symbol} position to ${money(exposure)}, above the limit of ` +
        `${money(minor(maxPos))} per position. Lower the quantity, or raise the limit in the risk settings.`);
    }
  }
  return null;
}

/**
 * The account-dependent inputs of checkOrder, read from the exchange: the
 * position as the ledger holds it (available + reserved base, in lots), the
 * orders open now (the account's own count, O(1)), and the reference price
 * for the order's side.
 */
export function accountRiskInputs(
  ex: Exchange, account: string, inst: Instrument, side: 'buy' | 'sell',
): { position: number; openOrders: number; refPrice: number } {
  const acc = ex.ledger.accounts.get(account);
  const i = inst.base.index;
  const units = acc === undefined ? 0 : (acc.avail[i] ?? 0) + (acc.resv[i] ?? 0);
  // The ledger's own count of the account's live orders (a scan of every live order, sorted, cost strategies 18 %).
  const openOrders = acc?.liveOrders ?? 0;
  return { position: units / inst.lotUnit, openOrders, refPrice: referencePrice(inst, side) };
}
