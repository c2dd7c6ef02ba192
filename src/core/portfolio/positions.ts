import { pow10 } from '../exchange/decimal';
import type { ExchangeEvent } from '../exchange/events';
import type { Exchange } from '../exchange/exchange';
import type { Instrument } from '../exchange/order';
import { markOf, valueAt } from './marks';
import { roundHalfAway } from './money';

/**
 * One account's position in one instrument, as stored. Amounts are integers
 * in the scales named by `baseDec` and `quoteDec`: an asset's scale can grow
 * later (the ledger multiplies its balances up and emits nothing), so each
 * record remembers the scale it was written in and is brought up to date
 * before it is read or changed.
 */
export interface PositionRecord {
  account: string;
  symbol: string;
  /** Signed quantity in minor units of the base asset (exact even for a deposit that is not a whole lot). */
  units: number;
  /** Cost basis of the open quantity, minor units of the quote asset, ≥ 0 (a short's is what it was sold for). */
  cost: number;
  /** Realized P&L of reducing trades, gross of fees. */
  realized: number;
  /** Fees this account paid on this instrument. */
  fees: number;
  buyLots: number;
  sellLots: number;
  /** Notional bought and sold, minor units of the quote asset. */
  buyNotional: number;
  sellNotional: number;
  /** Fills this account took part in. */
  trades: number;
  /** When the current position opened from flat (ms); 0 if never. */
  openedAt: number;
  updatedAt: number;
  baseDec: number;
  quoteDec: number;
}

/** A position as read: the record without its scales, plus quantity in lots and average cost in ticks. */
export type PositionView = Omit<PositionRecord, 'baseDec' | 'quoteDec'> & {
  /** Lots, signed; fractional only after a deposit of part of a lot. */
  qty: number;
  /** Average cost in ticks, price only (fees excluded); 0 when flat. */
  avgPrice: number;
};

export interface PositionsState {
  v: 1;
  positions: PositionRecord[];
}

/** What Positions needs of the exchange: the listed instruments. */
export type InstrumentSource = Pick<Exchange, 'instruments'>;

/**
 * Positions per (account, symbol), kept by feeding every exchange event to
 * `onEvent` in order, from the exchange's sink.
 *
 * Accounting (README.md): average cost on the price only; a reducing trade
 * realizes (exit price − average) × quantity; fees are counted apart, so net
 * P&L = realized + unrealized − fees. A deposit of a base asset enters the
 * position of the first listed instrument with that base at that
 * instrument's mark (cost 0 when it has no mark yet: its whole value later
 * shows as unrealized P&L); a withdrawal leaves it at the mark, realizing
 * what it made. So moving holdings in or out never changes net P&L.
 */
export class Positions {
  private readonly byAccount = new Map<string, Map<string, PositionRecord>>();
  /** Base asset name → the instrument its deposits count towards; rebuilt when the listing grows. */
  private byBase = new Map<string, Instrument>();
  private listed = -1;

  constructor(private readonly ex: InstrumentSource) {}

  onEvent(e: ExchangeEvent, ts: number): void {
    if (e.ev === 'trade') this.onTrade(e, ts);
    else if (e.ev === 'deposit' || e.ev === 'withdrawal') this.onTransfer(e.account, e.asset, e.ev === 'deposit' ? e.amount : -e.amount, ts);
  }

  private onTrade(e: Extract<ExchangeEvent, { ev: 'trade' }>, ts: number): void {
    const inst = this.ex.instruments.get(e.symbol);
    if (inst === undefined) return;
    const notional = e.price * e.qty * inst.notionalUnit;
    const units = e.qty * inst.lotUnit;
    const buyerTakes = e.takerSide === 'buy';

    const b = this.record(e.buyer, inst, ts);
    this.move(b, units, notional, ts);
    b.fees += buyerTakes ? e.takerFee : e.makerFee;
    b.buyLots += e.qty;
    b.buyNotional += notional;
    b.trades++;

    const s = this.record(e.seller, inst, ts);
    this.move(s, -units, notional, ts);
    s.fees += buyerTakes ? e.makerFee : e.takerFee;
    s.sellLots += e.qty;
    s.sellNotional += notional;
    s.trades++;
  }

  private onTransfer(account: string, asset: string, delta: number, ts: number): void {
    const inst = this.instrumentForBase(asset);
    if (inst === undefined) return; // cash, or an asset nothing trades
    const p = this.record(account, inst, ts);
    this.move(p, delta, valueAt(inst, Math.abs(delta), markOf(inst)), ts);
  }

  /**
   * Average-cost bookkeeping for a signed change of `delta` base units worth
   * `value` (≥ 0, quote minor units). Adding to a position (or opening one)
   * adds to its cost; reducing removes the average cost of what leaves and
   * realizes the difference; crossing zero closes, then opens the rest at
   * this price.
   */
  private move(p: PositionRecord, delta: number, value: number, ts: number): void {
    p.updatedAt = ts;
    if (delta === 0) return;
    const held = p.units;
    if (held === 0 || held > 0 === delta > 0) {
      if (held === 0) p.openedAt = ts;
      p.units += delta;
      p.cost += value;
      return;
    }
    const have = Math.abs(held);
    const d = Math.abs(delta);
    const closing = d < have ? d : have;
    const exitValue = closing === d ? value : roundHalfAway((value * closing) / d);
    // The whole cost leaves on a full close, so a flat position never keeps a rounding remainder.
    const removed = closing === have ? p.cost : roundHalfAway((p.cost * closing) / have);
    p.realized += held > 0 ? exitValue - removed : removed - exitValue;
    p.cost -= removed;
    p.units += delta;
    if (d > have) {
      p.cost = value - exitValue;
      p.openedAt = ts;
    }
  }

  /** The record, created empty if new, in the instrument's current scales. */
  private record(account: string, inst: Instrument, ts: number): PositionRecord {
    let mine = this.byAccount.get(account);
    if (mine === undefined) {
      mine = new Map();
      this.byAccount.set(account, mine);
    }
    let p = mine.get(inst.symbol);
    if (p === undefined) {
      p = {
        account, symbol: inst.symbol, units: 0, cost: 0, realized: 0, fees: 0, buyLots: 0, sellLots: 0,
        buyNotional: 0, sellNotional: 0, trades: 0, openedAt: 0, updatedAt: ts,
        baseDec: inst.base.dec, quoteDec: inst.quote.dec,
      };
      mine.set(inst.symbol, p);
      return p;
    }
    rescale(p, inst);
    return p;
  }

  private instrumentForBase(asset: string): Instrument | undefined {
    if (this.listed !== this.ex.instruments.size) {
      this.byBase = new Map();
      for (const inst of this.ex.instruments.values()) {
        if (!this.byBase.has(inst.base.name)) this.byBase.set(inst.base.name, inst);
      }
      this.listed = this.ex.instruments.size;
    }
    return this.byBase.get(asset);
  }

  // ---------------------------------------------------------------- reading

  get(account: string, symbol: string): PositionView | undefined {
    const p = this.byAccount.get(account)?.get(symbol);
    const inst = this.ex.instruments.get(symbol);
    if (p === undefined || inst === undefined) return undefined;
    rescale(p, inst);
    return view(p, inst);
  }

  /** Every position the account ever had, open or flat, in listing order of first touch. */
  list(account: string): PositionView[] {
    const out: PositionView[] = [];
    const mine = this.byAccount.get(account);
    if (mine === undefined) return out;
    for (const p of mine.values()) {
      const inst = this.ex.instruments.get(p.symbol);
      if (inst === undefined) continue;
      rescale(p, inst);
      out.push(view(p, inst));
    }
    return out;
  }

  accounts(): string[] {
    return [...this.byAccount.keys()];
  }

  /** Forgets an account's positions (account reset). */
  clear(account: string): void {
    this.byAccount.delete(account);
  }

  // ---------------------------------------------------------------- persistence

  state(): PositionsState {
    const positions: PositionRecord[] = [];
    for (const mine of this.byAccount.values()) for (const p of mine.values()) positions.push({ ...p });
    return { v: 1, positions };
  }

  restore(s: PositionsState): void {
    this.byAccount.clear();
    for (const p of s.positions) {
      let mine = this.byAccount.get(p.account);
      if (mine === undefined) {
        mine = new Map();
        this.byAccount.set(p.account, mine);
      }
      mine.set(p.symbol, { ...p });
    }
  }
}

/** Brings a record's amounts up to the assets' current scales (they only ever grow). */
function rescale(p: PositionRecord, inst: Instrument): void {
  if (inst.quote.dec > p.quoteDec) {
    const f = pow10(inst.quote.dec - p.quoteDec);
    p.cost *= f;
    p.realized *= f;
    p.fees *= f;
    p.buyNotional *= f;
    p.sellNotional *= f;
    p.quoteDec = inst.quote.dec;
  }
  if (inst.base.dec > p.baseDec) {
    p.units *= pow10(inst.base.dec - p.baseDec);
    p.baseDec = inst.base.dec;
  }
}

function view(p: PositionRecord, inst: Instrument): PositionView {
  const qty = p.units / inst.lotUnit;
  return {
    account: p.account,
    symbol: p.symbol,
    qty,
    units: p.units,
    avgPrice: qty === 0 ? 0 : p.cost / (Math.abs(qty) * inst.notionalUnit),
    cost: p.cost,
    realized: p.realized,
    fees: p.fees,
    buyLots: p.buyLots,
    sellLots: p.sellLots,
    buyNotional: p.buyNotional,
    sellNotional: p.sellNotional,
    trades: p.trades,
    openedAt: p.openedAt,
    updatedAt: p.updatedAt,
  };
}
