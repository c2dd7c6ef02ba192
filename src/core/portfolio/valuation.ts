import type { ExchangeEvent } from '../exchange/events';
import type { Exchange } from '../exchange/exchange';
import type { Account } from '../exchange/ledger';
import type { Instrument } from '../exchange/order';
import { markOf, valueAt } from './marks';
import type { Positions } from './positions';

/**
 * An account's worth in one cash asset. Holdings are what the ledger says the
 * account owns (available + reserved), valued at the mark; positions supply
 * the cost side (average cost, realized P&L, fees).
 *
 * Only instruments quoted in the cash asset count: Bourse keeps one cash
 * balance per profile, so anything quoted otherwise is left out rather than
 * converted. A base asset is valued through the first listed instrument that
 * has it as base and the cash asset as quote (in Bourse each base has one).
 */

export interface Holding {
  symbol: string;
  /** Lots held (available + reserved). */
  qty: number;
  /** Average cost in ticks (price only); 0 when flat. */
  avgPrice: number;
  /** Mark in ticks (markOf). */
  mark: number;
  /** qty × mark, minor units of the cash asset. */
  value: number;
  /** Cost basis of qty, minor units. */
  cost: number;
  unrealized: number;
  realized: number;
  fees: number;
  /** value / equity, clamped to 0..1 (0 when equity ≤ 0). */
  allocation: number;
}

export interface Portfolio {
  account: string;
  cashAsset: string;
  /** Decimals of the cash asset's minor units (its current scale). */
  dec: number;
  /** Available + reserved cash, minor units. */
  cash: number;
  cashAvailable: number;
  /** Open holdings, in listing order. */
  holdings: Holding[];
  /** cash + Σ holding values. */
  equity: number;
  /** Over every instrument quoted in the cash asset, closed positions included. */
  realized: number;
  unrealized: number;
  fees: number;
  /** realized + unrealized − fees. */
  totalPnl: number;
}

interface Valued {
  size: number;
  list: Instrument[];
}
const valuedCache = new WeakMap<Exchange, Map<string, Valued>>();

/** Instruments that value base holdings in `cashAsset`: one per base asset, first listed wins. Cached per listing size. */
export function valuedInstruments(ex: Exchange, cashAsset: string): Instrument[] {
  let byCash = valuedCache.get(ex);
  if (byCash === undefined) {
    byCash = new Map();
    valuedCache.set(ex, byCash);
  }
  const hit = byCash.get(cashAsset);
  if (hit !== undefined && hit.size === ex.instruments.size) return hit.list;
  const seen = new Set<string>();
  const list: Instrument[] = [];
  for (const inst of ex.instruments.values()) {
    if (inst.quote.name !== cashAsset || seen.has(inst.base.name)) continue;
    seen.add(inst.base.name);
    list.push(inst);
  }
  byCash.set(cashAsset, { size: ex.instruments.size, list });
  return list;
}

function held(acc: Account | undefined, index: number): number {
  return acc === undefined ? 0 : (acc.avail[index] ?? 0) + (acc.resv[index] ?? 0);
}

/** Equity only, in minor units of the cash asset: the cheap path for snapshots of every account. Same number as portfolioOf().equity. */
export function equityOf(ex: Exchange, account: string, cashAsset = 'USD'): number {
  const acc = ex.ledger.accounts.get(account);
  if (acc === undefined) return 0;
  const cash = ex.ledger.findAsset(cashAsset);
  let equity = cash === undefined ? 0 : held(acc, cash.index);
  for (const inst of valuedInstruments(ex, cashAsset)) {
    const units = held(acc, inst.base.index);
    if (units !== 0) equity += valueAt(inst, units, markOf(inst));
  }
  return equity;
}

export function portfolioOf(ex: Exchange, positions: Positions, account: string, cashAsset = 'USD'): Portfolio {
  const acc = ex.ledger.accounts.get(account);
  const cashA = ex.ledger.findAsset(cashAsset);
  const cash = cashA === undefined ? 0 : held(acc, cashA.index);
  const cashAvailable = cashA === undefined || acc === undefined ? 0 : (acc.avail[cashA.index] ?? 0);

  // Realized and fees over every instrument quoted in cash; signed cost and units per base asset.
  const views = positions.list(account);
  let realized = 0;
  let fees = 0;
  const trackedUnits = new Map<string, number>();
  const trackedCost = new Map<string, number>();
  const bySymbol = new Map<string, (typeof views)[number]>();
  for (const v of views) {
    const inst = ex.instruments.get(v.symbol);
    if (inst === undefined) continue;
    bySymbol.set(v.symbol, v);
    if (inst.quote.name === cashAsset) {
      realized += v.realized;
      fees += v.fees;
    }
    const base = inst.base.name;
    trackedUnits.set(base, (trackedUnits.get(base) ?? 0) + v.units);
    trackedCost.set(base, (trackedCost.get(base) ?? 0) + Math.sign(v.units) * v.cost);
  }

  const rows: Holding[] = [];
  let unrealized = 0;
  let equity = cash;
  for (const inst of valuedInstruments(ex, cashAsset)) {
    const units = held(acc, inst.base.index);
    if (units === 0) continue;
    const mark = markOf(inst);
    const value = valueAt(inst, units, mark);
    // Holdings the positions never saw (fed late, or restored without them) count as bought at the mark.
    const untracked = units - (trackedUnits.get(inst.base.name) ?? 0);
    const cost = (trackedCost.get(inst.base.name) ?? 0) + (untracked === 0 ? 0 : valueAt(inst, untracked, mark));
    const qty = units / inst.lotUnit;
    const pos = bySymbol.get(inst.symbol);
    rows.push({
      symbol: inst.symbol,
      qty,
      avgPrice: Math.abs(cost) / (Math.abs(qty) * inst.notionalUnit),
      mark,
      value,
      cost,
      unrealized: value - cost,
      realized: pos?.realized ?? 0,
      fees: pos?.fees ?? 0,
      allocation: 0,
    });
    unrealized += value - cost;
    equity += value;
  }
  for (const h of rows) h.allocation = equity > 0 ? Math.min(1, Math.max(0, h.value / equity)) : 0;

  return {
    account, cashAsset, dec: cashA?.dec ?? 0, cash, cashAvailable, holdings: rows, equity,
    realized, unrealized, fees, totalPnl: realized + unrealized - fees,
  };
}

/**
 * What a deposit or withdrawal event moved, in minor units of the cash asset,
 * signed (+ in, − out): the amount for cash, the value at the mark for a base
 * asset, 0 for anything else. Call it from the sink, when the event arrives
 * (the mark is read now), and pass it to EquityHistory.transfer so moving
 * funds is never taken for profit, loss or drawdown.
 */
export function transferValue(ex: Exchange, e: ExchangeEvent, cashAsset = 'USD'): number {
  if (e.ev !== 'deposit' && e.ev !== 'withdrawal') return 0;
  const sign = e.ev === 'deposit' ? 1 : -1;
  if (e.asset === cashAsset) return sign * e.amount;
  for (const inst of valuedInstruments(ex, cashAsset)) {
    if (inst.base.name === e.asset) return sign * valueAt(inst, e.amount, markOf(inst));
  }
  return 0;
}
