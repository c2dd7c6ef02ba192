import { BUY, DONE, RESTING, SELL, type Instrument, type Order } from '../exchange/order';
import type { Account } from '../exchange/ledger';
import type { SimEvent } from '../sim/types';
import type { Agent, StepContext } from '../sim/agent';
import { lotsFor, topUp, type Desk } from './desk';

/** The maker's kind in the agent registry (sim/agentKinds.ts). */
export const MAKER_KIND = 'maker';

export interface MarketMakerParams {
  /** Full quoted spread around the reference, in basis points. */
  spreadBps: number;
  /** Quotes per side. */
  levels: number;
  /** Distance between quote levels, in basis points of the price. */
  stepBps: number;
  /** Quote currency per level, as a decimal amount (e.g. 5000 USD). */
  levelNotional: number;
  /** How far (bps) a full inventory excess shifts the quotes against it. */
  skewBps: number;
  /** Inventory excess, in quote currency, that gives the full skew. */
  maxInventory: number;
}

export const DEFAULT_MM: MarketMakerParams = {
  spreadBps: 8,
  levels: 8,
  stepBps: 4,
  levelNotional: 20_000,
  skewBps: 20,
  maxInventory: 400_000,
};

interface Quote {
  order: Order;
  price: number;
  lots: number;
}

interface SavedQuote {
  id: string;
  price: number;
  lots: number;
}

/**
 * Everything that steers the maker's next requote. The account object and the
 * inventory cap it keeps are derived (looked up again after a restore).
 */
export interface MarketMakerState {
  next: number;
  target: number;
  /** Price grid and half spread in ticks (0 before the first quote). */
  grid: number;
  half: number;
  /** The touch of the last ladder (-1: none), for the hysteresis. */
  lastBid: number;
  lastAsk: number;
  dirty: boolean;
  bids: SavedQuote[];
  asks: SavedQuote[];
  /** Set only once a learner changed them (settings.ts): a state without it keeps the config's, and its v1 bytes. */
  params?: MarketMakerParams;
}

/**
 * Quotes a ladder on both sides of the reference price on a fixed price grid,
 * so a small move of the reference changes only the edge quotes. Leans
 * against its inventory, and cancels and replaces quotes that have moved off
 * the ladder or were mostly filled: it never leaves stale orders behind.
 */
export class MarketMaker implements Agent {
  readonly kind = MAKER_KIND;
  readonly accounts: readonly string[];
  private next = 0;
  /** Base holdings (minor units) the maker aims to hold. */
  private target = 0;
  private bids: Quote[] = [];
  private asks: Quote[] = [];
  private grid = 0;
  private half = 0;
  private lastBid = -1;
  private lastAsk = -1;
  private taken: boolean[];
  /** Whether the parameters were changed from the config's (then they are saved with the state). */
  private custom = false;
  private acc: Account | undefined = undefined;
  private cap = 0;
  private capDec = -1;
  /** A level's notional in minor units of quote, for the quote's scale `levelDec` (a pow per requote showed in profiles). */
  private levelMinor = 0;
  private levelDec = -1;
  /** Set when one of our quotes traded: the ladder needs a look even if prices did not move. */
  dirty = true;

  constructor(
    readonly inst: Instrument,
    readonly account: string,
    private p: MarketMakerParams,
    private readonly desk: Desk,
  ) {
    this.taken = new Array<boolean>(p.levels).fill(false);
    this.accounts = [account];
  }

  /** Its parameters as they are now: the config's, or a learner's change (setParams). */
  get params(): MarketMakerParams {
    return this.p;
  }

  /**
   * New parameters (a learner's `botParams` command): the next step quotes
   * the new ladder, repricing or cancelling the quotes that no longer fit it.
   */
  setParams(p: MarketMakerParams): void {
    this.p = p;
    this.custom = true;
    if (this.taken.length !== p.levels) this.taken = new Array<boolean>(p.levels).fill(false);
    this.grid = 0; // resized (grid and half spread) from the next reference
    this.levelDec = -1;
    this.capDec = -1;
    this.dirty = true;
  }

  onStep(ctx: StepContext): void {
    this.quote(ctx.ref);
  }

  /**
   * A trade of ours, or a quote expired by self-trade prevention, leaves the
   * ladder with a gap: look at it next step even if the price did not move.
   * The maker's own cancels and modifies do not.
   */
  /** Only trades and self-trade cancels make the ladder dirty; its own quotes' other events are not its business. */
  readonly eventKinds: readonly SimEvent['ev'][] = ['trade', 'cancelled'];

  onEvent(e: SimEvent): void {
    if (e.ev === 'trade' || (e.ev === 'cancelled' && e.reason === 'STP')) this.dirty = true;
  }

  onClose(): void {
    this.withdraw();
  }

  state(): MarketMakerState {
    return this.getState();
  }

  /** Funds the maker for its ladder and sets its inventory target at the reference. */
  fund(refTicks: number): void {
    const inst = this.inst;
    const qDec = 10 ** inst.quote.dec;
    const ladder = this.params.levelNotional * this.params.levels * qDec;
    const cash = ladder * 4;
    topUp(this.desk, this.account, inst.quote.index, cash, cash);
    const baseLots = lotsFor(inst, ladder * 2, refTicks);
    this.target = baseLots * inst.lotUnit;
    topUp(this.desk, this.account, inst.base.index, this.target, this.target);
  }

  /** Brings the ladder in line with the reference; cheap when nothing changed. */
  quote(ref: number): void {
    const inst = this.inst;
    // The grid is fixed while the price stays within a factor of two of where it was set.
    const ratio = 1e4 / this.params.stepBps;
    if (this.grid === 0 || ref > this.grid * ratio * 2 || (this.grid > 1 && ref < (this.grid * ratio) / 2)) this.resize(ref);
    const g = this.grid;
    // Read every step for every instrument: the account object and the inventory cap in minor units are kept.
    const acc = this.acc ?? (this.acc = this.desk.ex.ledger.accounts.get(this.account));
    const b = inst.base.index;
    const excess = (acc === undefined ? 0 : acc.avail[b] + acc.resv[b]) - this.target;
    if (this.capDec !== inst.quote.dec) {
      this.capDec = inst.quote.dec;
      this.cap = this.params.maxInventory * 10 ** inst.quote.dec;
    }
    const excessQuote = (excess / inst.lotUnit) * ref * inst.notionalUnit;
    const lean = Math.max(-1, Math.min(1, excessQuote / this.cap));
    const center = ref - Math.round((lean * ref * this.params.skewBps) / 1e4);
    let bestBid = Math.floor((center - this.half) / g) * g;
    let bestAsk = Math.ceil((center + this.half) / g) * g;
    if (bestAsk <= bestBid) bestAsk = bestBid + g;
    if (bestBid < g) bestBid = g;
    // Hysteresis: a ladder one step off is still a fair quote as long as it
    // straddles the centre; a random walk needs twice the distance to force a
    // requote, so the maker sends about a quarter of the orders.
    if (
      !this.dirty &&
      this.lastBid < center && this.lastAsk > center &&
      Math.abs(bestBid - this.lastBid) <= g && Math.abs(bestAsk - this.lastAsk) <= g
    ) return;
    // Only a trade or an STP cancel (both set dirty) changes our orders; a price
    // move alone can trust the quotes as they were and skip reading them.
    const check = this.dirty;
    const rising = bestBid > this.lastBid;
    this.dirty = false;
    this.lastBid = bestBid;
    this.lastAsk = bestAsk;
    // The side that moves away goes first, so the new quotes never cross the old ones of the other side.
    if (rising) {
      this.asks = this.align(this.asks, 'sell', bestAsk, g, check);
      this.bids = this.align(this.bids, 'buy', bestBid, -g, check);
    } else {
      this.bids = this.align(this.bids, 'buy', bestBid, -g, check);
      this.asks = this.align(this.asks, 'sell', bestAsk, g, check);
    }
  }

  private resize(ref: number): void {
    this.grid = Math.max(1, Math.round((ref * this.params.stepBps) / 1e4));
    this.half = Math.max(1, Math.round((ref * this.params.spreadBps) / 2e4));
  }

  /**
   * Keeps quotes that sit on the new ladder and still have most of their
   * size; reprices the others onto the missing rungs (one modify instead of a
   * cancel and a new order) and cancels what is left over.
   */
  private align(quotes: Quote[], side: 'buy' | 'sell', best: number, step: number, check: boolean): Quote[] {
    const ex = this.desk.ex;
    const inst = this.inst;
    const levels = this.params.levels;
    if (this.levelDec !== inst.quote.dec) {
      this.levelDec = inst.quote.dec;
      this.levelMinor = this.params.levelNotional * 10 ** inst.quote.dec;
    }
    const notional = this.levelMinor;
    const taken = this.taken;
    // A loop, not taken.fill(false): fill is a call into the runtime, and this runs on every requote.
    for (let i = 0; i < levels; i++) taken[i] = false;
    const kept: Quote[] = [];
    const spare: Order[] = [];
    for (const q of quotes) {
      const live = q.order;
      if (check && live.state === DONE) continue;
      const rung = (q.price - best) / step;
      if (Number.isInteger(rung) && rung >= 0 && rung < levels && !taken[rung] && (!check || live.qty * 2 >= q.lots)) {
        taken[rung] = true;
        kept.push(q);
      } else {
        spare.push(live);
      }
    }
    for (let i = 0; i < levels; i++) {
      if (taken[i]) continue;
      const price = best + i * step;
      if (price < 1) break;
      const lots = lotsFor(inst, notional, price);
      const reuse = spare.pop();
      if (side === 'buy') {
        const need = price * lots * inst.notionalUnit * 2;
        topUp(this.desk, this.account, inst.quote.index, need, need * levels * 2);
      } else {
        topUp(this.desk, this.account, inst.base.index, lots * inst.lotUnit, this.target);
      }
      let order: Order | undefined = reuse;
      if (reuse !== undefined) {
        void ex.modifyUnits(reuse, price, reuse.filled + lots); // kept only if it still rests: checked below
      } else {
        const id = `${this.account}.${++this.next}`;
        // The ledger keeps one object per account for good (registering keeps it): looked up once.
        this.acc ??= ex.ledger.account(this.account);
        void this.desk.place(this.acc, id, inst, side === 'buy' ? BUY : SELL, 'limit', price, lots); // kept only if it rests: checked below
        order = ex.order(id);
      }
      if (order !== undefined && order.state === RESTING) kept.push({ order, price, lots });
    }
    for (const o of spare) void ex.cancel({ id: o.id, account: this.account }); // its own resting quotes: cannot be refused
    return kept;
  }

  /** Takes every quote down (a market closing). */
  withdraw(): void {
    for (const q of [...this.bids, ...this.asks]) {
      if (q.order.state !== DONE) void this.desk.ex.cancel({ id: q.order.id, account: this.account }); // its own live quote: cannot be refused
    }
    this.bids = [];
    this.asks = [];
    this.lastBid = this.lastAsk = -1;
    this.dirty = true;
  }

  /** Its ladder's best bid and best ask in ticks, as last quoted (-1: not quoting). */
  get touch(): { bid: number; ask: number } {
    return { bid: this.lastBid, ask: this.lastAsk };
  }

  get openQuotes(): number {
    return this.bids.length + this.asks.length;
  }

  /**
   * A quote whose order is done (filled, or expired by self-trade prevention)
   * is left out: it no longer exists in the exchange to be restored, and the
   * trade or cancel that ended it set `dirty`, under which align() skips done
   * quotes anyway, so leaving it out changes nothing the maker does.
   */
  getState(): MarketMakerState {
    const save = (list: Quote[]): SavedQuote[] =>
      list.filter((q) => q.order.state !== DONE).map((q) => ({ id: q.order.id, price: q.price, lots: q.lots }));
    const s: MarketMakerState = {
      next: this.next, target: this.target, grid: this.grid, half: this.half, lastBid: this.lastBid, lastAsk: this.lastAsk,
      dirty: this.dirty, bids: save(this.bids), asks: save(this.asks),
    };
    if (this.custom) s.params = { ...this.p };
    return s;
  }

  /** Takes the state back; the quotes' orders must be live in the desk's exchange already (restored first). */
  setState(s: MarketMakerState): void {
    if (s.params !== undefined) this.setParams({ ...s.params });
    this.next = s.next;
    this.target = s.target;
    this.grid = s.grid;
    this.half = s.half;
    this.lastBid = s.lastBid;
    this.lastAsk = s.lastAsk;
    this.acc = undefined;
    this.capDec = -1;
    const load = (list: SavedQuote[]): Quote[] => {
      const out: Quote[] = [];
      for (const q of list) {
        const order = this.desk.ex.order(q.id);
        if (order !== undefined) out.push({ order, price: q.price, lots: q.lots });
      }
      return out;
    };
    this.bids = load(s.bids);
    this.asks = load(s.asks);
    this.dirty = s.dirty;
  }
}
