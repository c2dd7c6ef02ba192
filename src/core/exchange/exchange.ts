import { Code, fail, type CancelReason, type Failure, type Result } from '../codes';
import { amountAsQuantity, amountText } from './amountText';
import { fastBooks } from './book';
import type { DepositCommand, InstrumentCommand, ModifyCommand, PlaceCommand } from './commands';
import { MAX_DECIMALS, decimalsOf, pow10 } from './decimal';
import { newInstrument, setUnits } from './instrument';
import { EventScratch, newAccepted, newCancelled, newFilled, newTrade, type EventSink, type ExchangeEvent } from './events';
import { Account, Ledger, type Asset } from './ledger';
import { BUY, DONE, Order, PENDING, RESTING, SELL, type Instrument, type Side, type Tif } from './order';
import type { BookFactory } from './orderBook';
import { fee, reserveForBuy } from './fees';
import { IdSet, LiveOrders, hadColon, hashId, hashLive } from './idtable';
import { checkInstrument, checkModify, checkPlace, checkPlainPlace, checkTransfer, keptTif, sideOf, type CheckedPlace } from './validate';

const OK: Result = { ok: true };
/** Quote scales grow for exact fees only up to here: 8 decimals still holds 90 million. */
const FEE_DECIMALS_CAP = 8;
const SIDE_NAME = ['buy', 'sell'] as const;

/**
 * The matching engine: a deterministic state machine over the journal's
 * commands (JOURNAL.md). It validates, escrows, matches with price-time
 * priority and emits events to one sink; it never throws for bad input.
 */
export class Exchange {
  readonly ledger = new Ledger();
  readonly instruments = new Map<string, Instrument>();
  /** Orders that can still trade: resting or waiting on a stop. */
  readonly live = new LiveOrders();
  /** Every id any `place` has used, whatever became of it. */
  readonly usedIds = new IdSet();
  seq = 0;
  tradeSeq = 0;
  private emit: EventSink;
  /** Instruments whose last price moved while stops wait on them. */
  private dirty: Instrument[] = [];
  private bracketsDue: Order[] = [];
  private settling = false;
  private lastSymbol: string | undefined = undefined;
  private lastInst: Instrument | undefined = undefined;
  /** Set with `reuseEvents`: accepted, trade, filled and cancelled events are these objects, overwritten each time. */
  private readonly scratch: EventScratch | null;
  /** Makes each listed instrument's book (orderBook.ts); the fast book unless the options say otherwise. */
  readonly books: BookFactory;

  /**
   * `reuseEvents`: the sink promises to keep nothing of an event past its
   * call (copies only), and gets the frequent kinds in reused objects, so
   * that placing, matching and cancelling allocate no event at all.
   *
   * `book`: the order-book implementation (orderBook.ts), `fastBooks` by
   * default. Keep to one per process where speed matters: the matching code's
   * calls into the book stay monomorphic only while one class answers them.
   */
  constructor(sink: EventSink = () => {}, opts: { reuseEvents?: boolean; book?: BookFactory } = {}) {
    this.emit = sink;
    this.scratch = opts.reuseEvents === true ? new EventScratch() : null;
    this.books = opts.book ?? fastBooks;
  }

  setSink(sink: EventSink): void {
    this.emit = sink;
  }

  /** Applies one journal command (already parsed JSON). `line` is echoed in rejections. */
  apply(cmd: unknown, line?: number): Result {
    const op = typeof cmd === 'object' && cmd !== null ? (cmd as { op?: unknown }).op : undefined;
    switch (op) {
      case 'place':
        return this.place(cmd as PlaceCommand, line);
      case 'cancel':
        return this.cancel(cmd as { id: string; account: string }, line);
      case 'modify':
        return this.modify(cmd as ModifyCommand, line);
      case 'deposit':
      case 'withdraw':
        return this.transfer(cmd as DepositCommand, line);
      case 'instrument':
        return this.list(cmd as InstrumentCommand, line);
      default:
        return this.reject(undefined, line, Code.INVALID_COMMAND, `Unknown command ${JSON.stringify(op ?? null)}.`, undefined);
    }
  }

  // ---------------------------------------------------------------- listing

  list(cmd: InstrumentCommand, line?: number): Result {
    const bad = checkInstrument(cmd, this.instruments);
    if (bad) return this.reject(undefined, line, bad.code, bad.message, 'instrument');
    const tickDec = decimalsOf(cmd.tick);
    const lotDec = decimalsOf(cmd.lot);
    if (tickDec + lotDec > MAX_DECIMALS) {
      return this.reject(undefined, line, Code.INVALID_COMMAND, `Tick × lot needs more than ${MAX_DECIMALS} decimals.`, 'instrument');
    }
    // Both scales are checked before either asset changes: a rejected listing changes nothing.
    if (!this.ledger.canGrow(cmd.quote, tickDec + lotDec) || !this.ledger.canGrow(cmd.base, lotDec)) {
      return this.reject(undefined, line, Code.INVALID_COMMAND, 'Balances would overflow at this precision.', 'instrument');
    }
    const base = this.ledger.asset(cmd.base);
    const quote = this.ledger.asset(cmd.quote);
    this.growScale(quote, tickDec + lotDec);
    this.growScale(base, lotDec);
    // Room for fees to be exact too, as long as balances keep a wide range.
    const rate = Math.max(cmd.makerFeeBps ?? 0, cmd.takerFeeBps ?? 0);
    if (rate > 0) this.growScale(quote, Math.min(FEE_DECIMALS_CAP, tickDec + lotDec + 4 + decimalsOf(rate)));
    const inst = newInstrument(cmd, base, quote, this.books);
    this.instruments.set(inst.symbol, inst);
    this.emit({ ev: 'listed', symbol: inst.symbol });
    return OK;
  }

  /** Raises an asset's scale, rescaling everything held in it. */
  private growScale(asset: Asset, dec: number): boolean {
    const f = this.ledger.growScale(asset, dec);
    if (f === 0) return false;
    if (f === 1) return true;
    this.emit({ ev: 'rescaled', asset: asset.name, dec: asset.dec, factor: f });
    for (const inst of this.instruments.values()) {
      if (inst.base === asset || inst.quote === asset) setUnits(inst);
    }
    for (const o of this.live.values()) {
      const escrow = o.side === BUY ? o.inst.quote : o.inst.base;
      if (escrow !== asset) continue;
      o.reserved *= f;
      // A buy's fee was rounded up at the coarser scale; at the finer one it needs less: the rest comes back.
      if (o.side === BUY && o.price > 0) {
        const need = reserveForBuy(o.inst, o.price, o.qty);
        if (need < o.reserved) {
          const i = asset.index;
          o.account.avail[i] += o.reserved - need;
          o.account.resv[i] -= o.reserved - need;
          o.reserved = need;
        }
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- funds

  /**
   * Why `transfer(cmd)` would be refused (its code and message), or null when
   * it would be carried out. Changes nothing: everything is checked at the
   * scale the amount needs before anything changes. `held` stands for the
   * account's balance of the asset, in the asset's current units (available,
   * and total with escrow), for a caller that changes it first and must know
   * every step will succeed before it takes the first (a reset).
   */
  transferRefusal(cmd: DepositCommand, held?: { avail: number; total: number }): Failure | null {
    const bad = checkTransfer(cmd);
    if (bad) return fail(bad.code, bad.message);
    const deposit = cmd.op === 'deposit';
    const known = this.ledger.findAsset(cmd.asset);
    const acc = this.ledger.accounts.get(cmd.account);
    const dec = Math.max(decimalsOf(cmd.amount), known?.dec ?? 0);
    if (dec > MAX_DECIMALS) return fail(Code.INVALID_AMOUNT, `Amount has more than ${MAX_DECIMALS} decimals.`);
    const units = Math.round(cmd.amount * pow10(dec));
    const f = pow10(dec - (known?.dec ?? 0));
    const i = known?.index ?? -1;
    const avail = held?.avail ?? (acc !== undefined && i >= 0 ? acc.avail[i] : 0);
    if (!deposit && avail * f < units) {
      const shown = known ? amountText(avail, known.dec, known.name, this.isPriceCurrency(known), 'down') : amountAsQuantity(0, 0, cmd.asset);
      return fail(Code.INSUFFICIENT_FUNDS, `Only ${shown} available to withdraw.`);
    }
    const total = (held?.total ?? (acc !== undefined && i >= 0 ? acc.avail[i] + acc.resv[i] : 0)) * f;
    const deposited = i >= 0 ? this.ledger.deposited[i] * f : 0;
    if (deposit && (!Number.isSafeInteger(units) || !Number.isSafeInteger(total + units) || !Number.isSafeInteger(deposited + units))) {
      return fail(Code.INVALID_AMOUNT, known !== undefined && cmd.amount < 1 / pow10(known.dec) ? `Amount is below the smallest unit of ${cmd.asset} (${(1 / pow10(known.dec)).toFixed(known.dec)}).` : 'Amount too large.');
    }
    if (!this.ledger.canGrow(cmd.asset, dec)) {
      return fail(Code.INVALID_AMOUNT, `Amount has more precision than ${cmd.asset} balances can hold.`);
    }
    return null;
  }

  transfer(cmd: DepositCommand, line?: number): Result {
    const bad = this.transferRefusal(cmd);
    if (bad) return this.reject(undefined, line, bad.code, bad.message, cmd.op);
    const deposit = cmd.op === 'deposit';
    const known = this.ledger.findAsset(cmd.asset);
    const acc = this.ledger.accounts.get(cmd.account);
    const dec = Math.max(decimalsOf(cmd.amount), known?.dec ?? 0);
    const units = Math.round(cmd.amount * pow10(dec));
    const asset = known ?? this.ledger.asset(cmd.asset);
    // transferRefusal asked the ledger (canGrow) the same question: kept as the guard it was, should the two ever part.
    if (!this.growScale(asset, dec)) {
      return this.reject(undefined, line, Code.INVALID_AMOUNT, `Amount has more precision than ${cmd.asset} balances can hold.`, cmd.op);
    }
    const a = asset.index;
    if (deposit) {
      const to = this.ledger.register(cmd.account);
      to.avail[a] += units;
      to.touched[a] = true;
      this.ledger.deposited[a] += units;
      this.emit({ ev: 'deposit', account: to.id, asset: asset.name, amount: units });
    } else {
      const from = acc!;
      from.avail[a] -= units;
      from.touched[a] = true;
      this.ledger.withdrawn[a] += units;
      this.emit({ ev: 'withdrawal', account: from.id, asset: asset.name, amount: units });
    }
    return OK;
  }

  // ---------------------------------------------------------------- orders

  /**
   * A journal place: checked and converted to units (validate.ts), then
   * entered. The contract's order of checks holds (id, duplicate, symbol,
   * fields): placeChecked runs the id checks before it reports a failed check.
   */
  place(cmd: PlaceCommand, line?: number): Result {
    // The journal's hot path, written out in one function rather than through
    // placeChecked: a small place is inlined into the caller's loop (the
    // replay's, the bench's) and uses up V8's inlining budget there, so the
    // cancels beside it run out of line (--trace-turbo-inlining; the journal
    // path measured ~5 % slower). The checks and their order are placeChecked's.
    const id = cmd?.id;
    if (typeof id !== 'string' || id === '') {
      return this.reject(undefined, line, Code.INVALID_ORDER, 'An order needs a non-empty string id.', 'place');
    }
    const hash = hashId(id);
    if (!this.usedIds.addHashed(id)) {
      return this.reject(id, line, Code.DUPLICATE_ID, `Order id ${id} has already been used.`, 'place');
    }
    if (hadColon() && this.live.getHashed(id) !== undefined) {
      return this.reject(id, line, Code.DUPLICATE_ID, `Order id ${id} is in use by a bracket leg.`, 'place');
    }
    const inst = this.lookup(cmd.symbol);
    if (!inst) return this.reject(id, line, Code.UNKNOWN_SYMBOL, `Unknown symbol ${JSON.stringify(cmd.symbol ?? null)}.`, 'place');
    // checkPlaceCommand's two steps, written out: V8 inlines the plain check here, not through the wrapper (a profile
    // showed the wrapper called out of line on every journal place).
    const p = checkPlainPlace(cmd, inst) ?? checkPlace(cmd, inst);
    if (!p.ok) return this.reject(id, line, p.code, p.message, 'place');
    const type = cmd.type;
    const order = new Order(id, this.ledger.account(cmd.account), inst, sideOf(cmd.side), type, p.price, p.stopPrice, p.qty, keptTif(type, cmd.tif), ++this.seq);
    if (p.takeProfit !== 0 || p.stopLoss !== 0) {
      order.takeProfit = p.takeProfit;
      order.stopLoss = p.stopLoss;
    }
    return this.enter(order, line, hash);
  }

  /**
   * Enters an order already checked and converted to units (checkPlaceCommand),
   * under a journal id: the id is checked and used here, whatever became of the
   * check, so a failed check is reported (and uses its id) exactly as a journal
   * place would. The sim validates once, applies risk rules to the units, and
   * enters through here; `account` is the checked command's.
   */
  placeChecked(id: unknown, account: string, p: CheckedPlace | Failure, line?: number): Result {
    if (typeof id !== 'string' || id === '') {
      return this.reject(undefined, line, Code.INVALID_ORDER, 'An order needs a non-empty string id.', 'place');
    }
    const hash = hashId(id);
    if (!this.usedIds.addHashed(id)) {
      return this.reject(id, line, Code.DUPLICATE_ID, `Order id ${id} has already been used.`, 'place');
    }
    // Only a bracket leg's id (ID:tp, ID:sl) can be live without a place having used it.
    if (hadColon() && this.live.getHashed(id) !== undefined) {
      return this.reject(id, line, Code.DUPLICATE_ID, `Order id ${id} is in use by a bracket leg.`, 'place');
    }
    if (!p.ok) return this.reject(id, line, p.code, p.message, 'place');
    const order = new Order(id, this.ledger.account(account), p.inst, p.side, p.type, p.price, p.stopPrice, p.qty, p.tif, ++this.seq);
    if (p.takeProfit !== 0 || p.stopLoss !== 0) {
      order.takeProfit = p.takeProfit;
      order.stopLoss = p.stopLoss;
    }
    return this.enter(order, line, hash);
  }

  /**
   * Places an order given in engine units (ticks, lots), for code that runs
   * inside a deterministic driver (the sim's bots): the driver's own inputs
   * replay it, so it skips the journal's decimal round trip. Returns the order
   * while it is live (resting), else undefined.
   */
  placeUnits(id: string, account: string, inst: Instrument, side: Side, type: 'limit' | 'market', price: number, qty: number, tif: Tif = 'GTC'): Result {
    return this.placeFor(this.ledger.account(account), id, inst, side, type, price, qty, tif);
  }

  /** placeUnits for an account already looked up (`ledger.account(id)`), for drivers that place many orders for one. */
  placeFor(acc: Account, id: string, inst: Instrument, side: Side, type: 'limit' | 'market', price: number, qty: number, tif: Tif = 'GTC'): Result {
    // The caller owns uniqueness of these ids (the sim's bots count within a prefix no person may use),
    // so they stay out of usedIds, which would otherwise grow by every bot order ever sent.
    const hash = hashLive(id);
    if (this.live.getHashed(id) !== undefined) return this.reject(id, undefined, Code.DUPLICATE_ID, `Order id ${id} is in use.`, 'place');
    if (!(qty > 0) || !Number.isSafeInteger(qty * (price || 1) * inst.notionalUnit)) {
      return this.reject(id, undefined, Code.INVALID_QUANTITY, 'Quantity must be a positive number of lots.', 'place');
    }
    if (type === 'limit' && !(price > 0 && Number.isSafeInteger(price))) {
      return this.reject(id, undefined, Code.INVALID_PRICE, 'Price must be a positive number of ticks.', 'place');
    }
    const order = new Order(id, acc, inst, side, type, type === 'market' ? 0 : price, 0, qty, type === 'market' ? 'GTC' : tif, ++this.seq);
    return this.enter(order, undefined, hash);
  }

  /** Escrows, announces and runs a validated order. */
  private enter(order: Order, line: number | undefined, hash: number): Result {
    const inst = order.inst;
    const acc = order.account;
    // Funds: limit buys escrow quote (fee included), every sell escrows base; market buys pay as they fill.
    if (order.side === BUY) {
      if (order.price > 0) {
        const need = reserveForBuy(inst, order.price, order.qty);
        if (acc.avail[inst.quote.index] < need) return this.rejectFunds(order, need, line);
        this.reserve(order, need);
      }
    } else {
      const need = order.qty * inst.lotUnit;
      if (acc.avail[inst.base.index] < need) return this.rejectFunds(order, need, line);
      this.reserve(order, need);
    }
    this.live.set(order, hash);
    this.emitAccepted(order, undefined);
    if (order.type === 'stop' || order.type === 'stop_limit') this.arm(order);
    else this.execute(order);
    this.settle();
    return OK;
  }

  private rejectFunds(order: Order, need: number, line: number | undefined): Failure {
    const asset = order.side === BUY ? order.inst.quote : order.inst.base;
    const have = order.account.avail[asset.index];
    // A buy is paid in the quote (money); a sell delivers the base (a quantity).
    const money = order.side === BUY;
    return this.reject(order.id, line, Code.INSUFFICIENT_FUNDS,
      `Needs ${amountText(need, asset.dec, asset.name, money, 'up')} but only ${amountText(have, asset.dec, asset.name, money, 'down')} is available.`, 'place');
  }

  /** Whether an asset is what some instrument's prices are paid in: its amounts read as money. */
  private isPriceCurrency(asset: Asset): boolean {
    for (const inst of this.instruments.values()) if (inst.quote === asset) return true;
    return false;
  }

  private reserve(order: Order, amount: number): void {
    if (amount === 0) return;
    const i = order.side === BUY ? order.inst.quote.index : order.inst.base.index;
    const acc = order.account;
    acc.avail[i] -= amount;
    acc.resv[i] += amount;
    acc.touched[i] = true;
    order.reserved += amount;
  }

  private release(order: Order): void {
    if (order.reserved === 0) return;
    const i = order.side === BUY ? order.inst.quote.index : order.inst.base.index;
    order.account.avail[i] += order.reserved;
    order.account.resv[i] -= order.reserved;
    order.reserved = 0;
  }

  private emitAccepted(o: Order, parent: string | undefined): void {
    // A bracket leg's event has one more field: always fresh (legs are rare).
    const a = parent === undefined && this.scratch !== null ? this.scratch.accepted : newAccepted();
    a.id = o.id;
    a.account = o.account.id;
    a.symbol = o.inst.symbol;
    a.side = SIDE_NAME[o.side];
    a.type = o.type;
    a.price = o.price;
    a.stopPrice = o.stopPrice;
    a.qty = o.qty;
    a.tif = o.tif;
    if (parent !== undefined) a.parent = parent;
    this.emit(a);
  }

  /** Runs an order as the taker, then rests or cancels its rest. */
  private execute(order: Order): void {
    const inst = order.inst;
    const isMarket = order.type === 'market';
    if (!isMarket && order.tif === 'FOK' && this.crossingQty(order) < order.qty) {
      this.finish(order, 'FOK');
      return;
    }
    const short = this.match(order, isMarket);
    if (order.qty === 0) {
      this.done(order);
    } else if (isMarket) {
      this.finish(order, short ? 'INSUFFICIENT_FUNDS' : 'NO_LIQUIDITY');
    } else if (order.tif === 'IOC') {
      this.finish(order, 'IOC');
    } else {
      order.state = RESTING;
      inst.book.rest(order);
    }
  }

  /** Quantity other accounts offer at prices this order crosses (for FOK). */
  private crossingQty(order: Order): number {
    const book = order.inst.book;
    let sum = 0;
    for (let o = book.head(order.side === BUY ? SELL : BUY); o !== null; o = book.after(o)) {
      if (order.side === BUY ? o.price > order.price : o.price < order.price) break;
      if (o.account !== order.account) sum += o.qty;
      if (sum >= order.qty) return sum;
    }
    return sum;
  }

  /**
   * Matches the taker against the opposite side while it crosses. Returns
   * true when a market buy stopped because it could not pay for another lot.
   */
  private match(taker: Order, isMarket: boolean): boolean {
    const book = taker.inst.book;
    const buying = taker.side === BUY;
    const opposite = buying ? SELL : BUY;
    const limit = taker.price;
    const payAsYouGo = buying && taker.price === 0;
    // The head of the opposite side each time: a fill that empties the maker,
    // or a self-trade cancel, unlinks it, and the next in priority (same level
    // or the next one) becomes the head.
    while (taker.qty > 0) {
      const maker = book.head(opposite);
      if (maker === null) return false;
      const price = maker.price;
      if (!isMarket && (buying ? price > limit : price < limit)) return false;
      if (maker.account === taker.account) {
        this.cancelResting(maker, 'STP');
        continue;
      }
      let q = taker.qty < maker.qty ? taker.qty : maker.qty;
      if (payAsYouGo) {
        const can = this.affordableLots(taker.account, taker.inst, price);
        if (can === 0) return true;
        if (can < q) q = can;
      }
      this.fill(taker, maker, price, q);
    }
    return false;
  }

  /** How many lots a market buy can pay for at this price, taker fee included. */
  private affordableLots(acc: Account, inst: Instrument, price: number): number {
    const avail = acc.avail[inst.quote.index];
    const perLot = price * inst.notionalUnit;
    let k = Math.floor(avail / (perLot * (1 + inst.takerFee / 1e6)));
    while (k > 0 && k * perLot + fee(k * perLot, inst.takerFee) > avail) k--;
    while ((k + 1) * perLot + fee((k + 1) * perLot, inst.takerFee) <= avail) k++;
    return k;
  }

  private fill(taker: Order, maker: Order, price: number, q: number): void {
    const inst = taker.inst;
    const notional = price * q * inst.notionalUnit;
    let takerFee = fee(notional, inst.takerFee);
    let makerFee = fee(notional, inst.makerFee);
    const takerBuys = taker.side === BUY;
    const buyer = takerBuys ? taker : maker;
    const seller = takerBuys ? maker : taker;
    const buyerFee = takerBuys ? takerFee : makerFee;
    const charged = this.settleBuy(buyer, notional, buyerFee, q);
    if (takerBuys) takerFee = charged;
    else makerFee = charged;
    this.settleSell(seller, notional, takerBuys ? makerFee : takerFee, q);
    taker.qty -= q;
    taker.filled += q;
    inst.book.reduce(maker, q);
    maker.filled += q;
    this.ledger.feesCollected[inst.quote.index] += takerFee + makerFee;
    inst.last = price;
    if ((inst.buyStops.length | inst.sellStops.length) !== 0) this.markDirty(inst);
    const t = this.scratch?.trade ?? newTrade();
    t.seq = ++this.tradeSeq;
    t.symbol = inst.symbol;
    t.price = price;
    t.qty = q;
    t.taker = taker.id;
    t.maker = maker.id;
    t.buyer = buyer.account.id;
    t.seller = seller.account.id;
    t.takerSide = SIDE_NAME[taker.side];
    t.takerFee = takerFee;
    t.makerFee = makerFee;
    this.emit(t);
    if (maker.qty === 0) {
      inst.book.unlink(maker);
      this.done(maker);
    } else if (maker.ext !== null && maker.oco !== null) {
      maker.oco.qty = maker.qty;
    }
    if (taker.qty !== 0 && taker.ext !== null && taker.oco !== null) taker.oco.qty = taker.qty;
  }

  /**
   * The buyer pays notional + fee and receives the base. A market buy pays
   * from available (it only took what it could afford). A limit buy pays from
   * its escrow and keeps exactly what its rest needs; what a better price
   * saved comes back at once. Escrow is held at the taker rate (JOURNAL.md) and
   * rounded at the scale of its time, so a maker fill at a dearer rate, or one
   * after the quote's scale grew, can cost a little more than was set aside:
   * that comes from available funds, and what those cannot cover is not
   * charged. Returns the fee actually charged.
   */
  private settleBuy(o: Order, notional: number, feeDue: number, q: number): number {
    const inst = o.inst;
    const acc = o.account;
    const qi = inst.quote.index;
    let charged = feeDue;
    if (o.price === 0) {
      acc.avail[qi] -= notional + feeDue;
    } else {
      // The rest keeps what it needs at its limit; the fill uses what that frees.
      const cost = notional + feeDue;
      const want = reserveForBuy(inst, o.price, o.qty - q);
      const keep = want < o.reserved ? want : o.reserved;
      const budget = o.reserved - keep;
      acc.resv[qi] -= budget;
      o.reserved = keep;
      if (budget >= cost) {
        acc.avail[qi] += budget - cost;
      } else {
        const short = cost - budget;
        const pay = short < acc.avail[qi] ? short : acc.avail[qi];
        acc.avail[qi] -= pay;
        charged -= short - pay;
      }
    }
    const bi = inst.base.index;
    acc.avail[bi] += q * inst.lotUnit;
    acc.touched[bi] = true;
    return charged;
  }

  private settleSell(o: Order, notional: number, feePaid: number, q: number): void {
    const inst = o.inst;
    const acc = o.account;
    const amount = q * inst.lotUnit;
    o.reserved -= amount;
    acc.resv[inst.base.index] -= amount;
    const qi = inst.quote.index;
    acc.avail[qi] += notional - feePaid;
    acc.touched[qi] = true;
  }

  /** An order that has fully filled. */
  private done(o: Order): void {
    o.state = DONE;
    this.release(o);
    this.live.delete(o);
    const f = this.scratch?.filled ?? newFilled();
    f.id = o.id;
    f.account = o.account.id;
    f.symbol = o.inst.symbol;
    this.emit(f);
    if (o.ext !== null) this.endExt(o, true);
  }

  /** What a done order with stop or bracket fields still owes: its OCO partner's cancel, its bracket legs. */
  private endExt(o: Order, filled: boolean): void {
    if (o.oco !== null) {
      const other = o.oco;
      o.oco = other.oco = null;
      this.remove(other, 'OCO');
    }
    if ((o.takeProfit | o.stopLoss) !== 0 && (filled || o.filled > 0)) this.bracketsDue.push(o);
  }

  /** Ends an order that never rested (or no longer does): cancels its rest. */
  private finish(o: Order, reason: CancelReason): void {
    o.state = DONE;
    this.release(o);
    this.live.delete(o);
    const c = this.scratch?.cancelled ?? newCancelled();
    c.id = o.id;
    c.account = o.account.id;
    c.symbol = o.inst.symbol;
    c.reason = reason;
    c.qty = o.qty;
    this.emit(c);
    if (o.ext !== null) this.endExt(o, false);
  }

  private cancelResting(o: Order, reason: CancelReason): void {
    o.inst.book.unlink(o);
    this.finish(o, reason);
  }

  /** Takes a live order out wherever it is (book or stop list) and cancels it. */
  private remove(o: Order, reason: CancelReason): void {
    if (o.state === DONE) return;
    if (o.state === RESTING) o.inst.book.unlink(o);
    else if (o.state === PENDING) this.disarm(o);
    this.finish(o, reason);
  }

  cancel(cmd: { id: string; account: string }, line?: number): Result {
    const id = cmd?.id;
    if (typeof id !== 'string' || id === '' || typeof cmd.account !== 'string') {
      return this.reject(typeof id === 'string' ? id : undefined, line, Code.INVALID_ORDER, 'A cancel needs an order id and an account.', 'cancel');
    }
    const o = this.live.get(id);
    if (o === undefined) return this.reject(id, line, Code.UNKNOWN_ORDER, `Order ${id} is not open.`, 'cancel');
    if (o.account.id !== cmd.account) return this.reject(id, line, Code.NOT_OWNER, `Order ${id} belongs to another account.`, 'cancel');
    this.remove(o, 'USER');
    this.settle();
    return OK;
  }

  /** Cancels every open order of an account (account reset). */
  cancelAll(account: string, reason: CancelReason = 'USER'): number {
    let n = 0;
    for (const o of this.live.values()) {
      if (o.account.id === account && o.state !== DONE) {
        this.remove(o, reason);
        n++;
      }
    }
    this.settle();
    return n;
  }

  // ---------------------------------------------------------------- modify

  modify(cmd: ModifyCommand, line?: number): Result {
    const id = cmd?.id;
    if (typeof id !== 'string' || id === '' || typeof cmd.account !== 'string') {
      return this.reject(typeof id === 'string' ? id : undefined, line, Code.INVALID_ORDER, 'A modify needs an order id and an account.', 'modify');
    }
    const o = this.live.get(id);
    if (o === undefined) return this.reject(id, line, Code.UNKNOWN_ORDER, `Order ${id} is not open.`, 'modify');
    if (o.account.id !== cmd.account) return this.reject(id, line, Code.NOT_OWNER, `Order ${id} belongs to another account.`, 'modify');
    const m = checkModify(cmd, o);
    if (!m.ok) return this.reject(id, line, m.code, m.message, 'modify');
    return this.amend(o, m.price, m.stopPrice, m.qty, line);
  }

  /** Reprices a live order in engine units (for the sim's bots; see placeUnits). `total` is filled + open lots. */
  modifyUnits(o: Order, price: number, total: number): Result {
    if (o.state !== RESTING || !(price > 0) || !(total > o.filled)) {
      return this.reject(o.id, undefined, Code.INVALID_ORDER, 'Only a resting limit order can be repriced.', 'modify');
    }
    return this.amend(o, price, o.stopPrice, total, undefined);
  }

  private amend(o: Order, price: number, stopPrice: number, total: number, line: number | undefined): Result {
    const id = o.id;
    const m = { price, stopPrice };
    const inst = o.inst;
    const newQty = total - o.filled;
    const holdsEscrow = o.side === SELL ? !o.sharesEscrow : m.price > 0;
    const need = !holdsEscrow ? 0 : o.side === SELL ? newQty * inst.lotUnit : reserveForBuy(inst, m.price, newQty);
    const delta = need - o.reserved;
    const ei = o.side === BUY ? inst.quote.index : inst.base.index;
    if (delta > o.account.avail[ei]) {
      const asset = o.side === BUY ? inst.quote : inst.base;
      const more = amountText(delta, asset.dec, asset.name, o.side === BUY, 'up');
      return this.reject(id, line, Code.INSUFFICIENT_FUNDS, `Needs ${more} more than is available.`, 'modify');
    }
    const keep = m.price === o.price && m.stopPrice === o.stopPrice && newQty <= o.qty;
    const wasPending = o.state === PENDING;
    if (o.state === RESTING) {
      if (keep) {
        inst.book.reduce(o, o.qty - newQty);
      } else {
        inst.book.unlink(o);
      }
    } else {
      this.disarm(o);
    }
    this.reserve(o, delta);
    o.price = m.price;
    o.stopPrice = m.stopPrice;
    o.qty = newQty;
    if (!keep) o.seq = ++this.seq;
    this.emit({
      ev: 'modified', id, account: o.account.id, symbol: inst.symbol, price: o.price, stopPrice: o.stopPrice,
      qty: o.qty, priority: keep ? 'kept' : 'lost',
    });
    if (wasPending) this.arm(o);
    else if (!keep) this.execute(o);
    this.settle();
    return OK;
  }

  // ---------------------------------------------------------------- stops

  /** Waits for the stop price, or fires now if the last trade already reached it. */
  private arm(o: Order): void {
    const inst = o.inst;
    if (inst.last !== 0 && (o.side === BUY ? inst.last >= o.stopPrice : inst.last <= o.stopPrice)) {
      this.trigger(o);
      return;
    }
    o.state = PENDING;
    const list = o.side === BUY ? inst.buyStops : inst.sellStops;
    // Buys fire lowest stop first, sells highest first; equal stops by arrival.
    let i = list.length;
    while (i > 0) {
      const p = list[i - 1];
      const before = o.side === BUY ? p.stopPrice < o.stopPrice : p.stopPrice > o.stopPrice;
      if (before || (p.stopPrice === o.stopPrice && p.seq < o.seq)) break;
      i--;
    }
    list.splice(i, 0, o);
  }

  private disarm(o: Order): void {
    const list = o.side === BUY ? o.inst.buyStops : o.inst.sellStops;
    const i = list.indexOf(o);
    if (i >= 0) list.splice(i, 1);
    o.state = 0;
  }

  private trigger(o: Order): void {
    const inst = o.inst;
    o.state = 0;
    this.emit({ ev: 'triggered', id: o.id, account: o.account.id, symbol: inst.symbol });
    if (o.oco !== null) {
      const tp = o.oco;
      o.oco = tp.oco = null;
      this.remove(tp, 'OCO');
    }
    o.type = o.type === 'stop' ? 'market' : 'limit';
    if (o.sharesEscrow) {
      // The take-profit held this leg's base; it was just released, so take it now.
      o.sharesEscrow = false;
      const bi = inst.base.index;
      const can = Math.min(o.qty, Math.floor(o.account.avail[bi] / inst.lotUnit));
      if (can === 0) {
        // Nothing to sell: the leg ends here, and its cancel is the last word on it.
        o.state = DONE;
        this.live.delete(o);
        this.emit({ ev: 'cancelled', id: o.id, account: o.account.id, symbol: inst.symbol, reason: 'INSUFFICIENT_FUNDS', qty: o.qty });
        return;
      }
      if (can < o.qty) {
        // Part of the leg is cancelled; the rest goes on (the order is still live).
        this.emit({ ev: 'cancelled', id: o.id, account: o.account.id, symbol: inst.symbol, reason: 'INSUFFICIENT_FUNDS', qty: o.qty - can });
        o.qty = can;
      }
      this.reserve(o, can * inst.lotUnit);
    }
    this.execute(o);
  }

  private markDirty(inst: Instrument): void {
    if (!this.dirty.includes(inst)) this.dirty.push(inst);
  }

  /** Fires stops the last trades reached and places due bracket legs, until nothing more moves. */
  private settle(): void {
    if (this.settling || (this.bracketsDue.length === 0 && this.dirty.length === 0)) return;
    this.settling = true;
    try {
      for (;;) {
        const entry = this.bracketsDue.shift();
        if (entry !== undefined) {
          this.placeBracket(entry);
          continue;
        }
        const inst = this.dirty.pop();
        if (inst === undefined) break;
        const o = this.nextTriggered(inst);
        if (o !== undefined) {
          this.markDirty(inst);
          this.trigger(o);
        }
      }
    } finally {
      this.settling = false;
    }
  }

  private nextTriggered(inst: Instrument): Order | undefined {
    const b = inst.buyStops[0];
    const s = inst.sellStops[0];
    const bFires = b !== undefined && inst.last >= b.stopPrice;
    const sFires = s !== undefined && inst.last <= s.stopPrice;
    if (bFires && (!sFires || b.seq < s.seq)) return inst.buyStops.shift();
    if (sFires) return inst.sellStops.shift();
    return undefined;
  }

  // ---------------------------------------------------------------- brackets

  /** Once an entry is done, its filled quantity gets its exits: take-profit limit and stop-loss, one cancelling the other. */
  private placeBracket(entry: Order): void {
    const inst = entry.inst;
    const acc = entry.account;
    const exit: Side = entry.side === BUY ? SELL : BUY;
    const qty = entry.filled;
    let tp: Order | null = null;
    let sl: Order | null = null;
    if (entry.takeProfit !== 0) {
      tp = this.bracketLeg(entry, ':tp', exit, 'limit', entry.takeProfit, 0, qty);
    }
    if (entry.stopLoss !== 0) {
      sl = this.bracketLeg(entry, ':sl', exit, 'stop', 0, entry.stopLoss, qty);
    }
    // Both legs sell the same holdings: the take-profit escrows them, the stop-loss takes them when it fires.
    if (tp !== null) {
      const need = exit === BUY ? reserveForBuy(inst, tp.price, qty) : qty * inst.lotUnit;
      if (acc.avail[exit === BUY ? inst.quote.index : inst.base.index] < need) {
        this.rejectLeg(tp, need);
        tp = null;
      } else {
        this.reserve(tp, need);
      }
    }
    if (sl !== null && exit === SELL) {
      if (tp !== null) {
        sl.sharesEscrow = true;
      } else if (acc.avail[inst.base.index] < qty * inst.lotUnit) {
        this.rejectLeg(sl, qty * inst.lotUnit);
        sl = null;
      } else {
        this.reserve(sl, qty * inst.lotUnit);
      }
    }
    if (tp !== null && sl !== null) {
      tp.oco = sl;
      sl.oco = tp;
    }
    for (const leg of [sl, tp]) {
      if (leg === null) continue;
      this.live.set(leg);
      this.emitAccepted(leg, entry.id);
    }
    // The take-profit goes first: if it fills at once the stop-loss is cancelled before it could fire.
    if (tp !== null) this.execute(tp);
    if (sl !== null && sl.state !== DONE) this.arm(sl);
  }

  private bracketLeg(entry: Order, suffix: string, side: Side, type: 'limit' | 'stop', price: number, stop: number, qty: number): Order {
    let id = entry.id + suffix;
    // A leg's id is not a place's: it stays out of usedIds, but it must not be any order's id.
    for (let n = 2; this.usedIds.has(id) || this.live.has(id); n++) id = `${entry.id}${suffix}${n}`;
    return new Order(id, entry.account, entry.inst, side, type, price, stop, qty, 'GTC', ++this.seq);
  }

  private rejectLeg(leg: Order, need: number): void {
    this.rejectFunds(leg, need, undefined);
  }

  // ---------------------------------------------------------------- helpers

  private reject(id: string | undefined, line: number | undefined, reason: Failure['code'], message: string, op: string | undefined): Failure {
    const e: ExchangeEvent = { ev: 'rejected', reason, message };
    if (id !== undefined) e.id = id;
    if (line !== undefined) e.line = line;
    if (op !== undefined) e.op = op;
    this.emit(e);
    return fail(reason, message);
  }

  /** A journal line that is not JSON at all. */
  rejectLine(line: number, message: string): Failure {
    return this.reject(undefined, line, Code.INVALID_COMMAND, message, undefined);
  }

  /** The instrument for a symbol; the last one is remembered, as commands mostly repeat it. */
  private lookup(symbol: unknown): Instrument | undefined {
    if (symbol === this.lastSymbol) return this.lastInst;
    if (typeof symbol !== 'string') return undefined;
    const inst = this.instruments.get(symbol);
    if (inst !== undefined) {
      this.lastSymbol = symbol;
      this.lastInst = inst;
    }
    return inst;
  }

  instrument(symbol: string): Instrument | undefined {
    return this.instruments.get(symbol);
  }

  order(id: string): Order | undefined {
    return this.live.get(id);
  }
}
