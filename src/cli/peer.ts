/**
 * Adapters that feed the neutral workload (workload.ts) to a matching engine:
 *  - `prepareEngine`: our Exchange (src/core/exchange) through its engine
 *    API in units (`placeFor`: ticks and lots, the instrument and account
 *    resolved; `cancel`), the one the sim's bots use, with escrow, fees and
 *    events on (a sink that counts them; `reuseEvents`, as the sim runs it).
 *    Like the peer's API, it checks what the book
 *    needs (no live order with the same id, a positive whole quantity, a
 *    positive whole price) and leaves ids' uniqueness over all time to the
 *    caller. Its events, balances and book are exactly those of:
 *  - `prepareEngineJournal`: the same Exchange fed the journal's commands
 *    (JOURNAL.md: decimals checked and converted on every command, every id
 *    ever used remembered for DUPLICATE_ID), the path a person's orders take.
 *  - `preparePeer`: nodejs-order-book v10 from npm, synchronous, no journal,
 *    no snapshot, self-trade prevention EXPIRE_MAKER (what our engine does:
 *    the resting order of the taker's own account is cancelled, the taker
 *    goes on).
 *
 * Each adapter converts every operation to the engine's own input objects
 * BEFORE timing; `run` then only feeds them. Setup (listing, deposits and the
 * pre-fill) happens in `run` before the clock starts.
 */
import { OrderBook, SelfTradePreventionMode, Side, type IProcessOrder } from 'nodejs-order-book';
import { Exchange } from '../core/exchange/exchange';
import type { Command, PlaceCommand, CancelCommand } from '../core/exchange/commands';
import type { Account } from '../core/exchange/ledger';
import { BUY, SELL, type Side as EngineSide } from '../core/exchange/order';
import type { ExchangeEvent } from '../core/exchange/events';
import type { Op, Workload } from './workload';

export const SYMBOL = 'BENCH';

export interface RunResult {
  ops: number;
  seconds: number;
  /** Trades (one per taker × maker fill). */
  trades: number;
  /** Resting orders at the end of the run. */
  resting: number;
  /** Our engine only: rejections, and among them UNKNOWN_ORDER (a cancel of an order that was not live). */
  rejected?: number;
  unknownOrder?: number;
  events?: number;
}

export interface Prepared {
  name: string;
  /** Fresh engine, untimed setup, then the timed feed of the measured ops. */
  run(): RunResult;
}

/**
 * Each adapter keeps every engine it built for a case alive until the case
 * ends. The bench forces a full GC before every run; with the earlier
 * instances dead, V8 also collects the hidden classes the optimised code was
 * built on and throws that code away (--trace-deopt: "weak objects"), so every
 * run would start unoptimised, defeating the warm-up. Kept alive, each run
 * measures warmed code, as a throughput benchmark means to, and the runs agree
 * with each other. Done the same way for both engines.
 */
class Keep<T> {
  private readonly all: T[] = [];
  hold(x: T): void {
    this.all.push(x);
  }
}

// ------------------------------------------------------------------ our engine

export function engineCommand(op: Op): Command {
  if (op.k === 'cancel') {
    const c: CancelCommand = { op: 'cancel', id: op.target ?? op.id, account: op.account };
    return c;
  }
  if (op.k === 'market') {
    const c: PlaceCommand = { op: 'place', id: op.id, account: op.account, symbol: SYMBOL, side: op.side, type: 'market', qty: op.qty, tif: 'GTC' };
    return c;
  }
  const c: PlaceCommand = {
    op: 'place', id: op.id, account: op.account, symbol: SYMBOL, side: op.side, type: 'limit', price: op.price, qty: op.qty, tif: 'GTC',
  };
  return c;
}

export function engineSetup(w: Workload): Command[] {
  const cmds: Command[] = [
    { op: 'instrument', symbol: SYMBOL, base: 'BEN', quote: 'USD', tick: 0.01, lot: 1, makerFeeBps: 1, takerFeeBps: 2 },
  ];
  for (const account of w.accounts) {
    cmds.push({ op: 'deposit', account, asset: 'USD', amount: w.depositQuote });
    cmds.push({ op: 'deposit', account, asset: 'BEN', amount: w.depositBase });
  }
  for (const op of w.prefill) cmds.push(engineCommand(op));
  return cmds;
}

/** One operation for the engine's units API, prices in ticks of the bench instrument (0.01). */
interface UnitOp {
  /** 0 limit, 1 market, 2 cancel. */
  k: number;
  id: string;
  account: string;
  /** The account's index in the workload's list (its handle is looked up once per run, untimed). */
  a: number;
  side: EngineSide;
  price: number;
  qty: number;
}

export function unitOp(op: Op, accounts: readonly string[]): UnitOp {
  const k = op.k === 'limit' ? 0 : op.k === 'market' ? 1 : 2;
  return { k, id: k === 2 ? (op.target ?? op.id) : op.id, account: op.account, a: accounts.indexOf(op.account), side: op.side === 'buy' ? BUY : SELL, price: k === 0 ? Math.round(op.price * 100) : 0, qty: op.qty };
}

/** Our engine, a fresh one per run, with a sink that counts; `feed` times the measured ops. */
function prepareOurs(name: string, w: Workload, feed: (ex: Exchange) => () => number): Prepared {
  const setup = engineSetup(w);
  const keep = new Keep<Exchange>();
  return {
    name,
    run(): RunResult {
      let trades = 0;
      let events = 0;
      let rejected = 0;
      let unknownOrder = 0;
      const sink = (e: ExchangeEvent): void => {
        events++;
        if (e.ev === 'trade') trades++;
        else if (e.ev === 'rejected') {
          rejected++;
          if (e.reason === 'UNKNOWN_ORDER') unknownOrder++;
        }
      };
      // As the sim runs it: the sink reads each event during the call and keeps nothing.
      const ex = new Exchange(sink, { reuseEvents: true });
      for (let i = 0; i < setup.length; i++) void ex.apply(setup[i]); // rejects are counted by the sink: checked next
      if (rejected !== 0) throw new Error(`bench setup: the engine rejected ${rejected} of ${setup.length} setup commands (deposits too large for the asset's scale?)`);
      trades = events = 0;
      const timed = feed(ex);
      const t0 = performance.now();
      const n = timed();
      const seconds = (performance.now() - t0) / 1000;
      keep.hold(ex);
      return { ops: n, seconds, trades, resting: ex.live.size, rejected, unknownOrder, events };
    },
  };
}

export function prepareEngine(w: Workload): Prepared {
  const ops = w.ops.map((op) => unitOp(op, w.accounts));
  return prepareOurs('bourse', w, (ex) => {
    const inst = ex.instruments.get(SYMBOL)!;
    const accs: Account[] = w.accounts.map((a) => ex.ledger.account(a));
    return () => {
      const n = ops.length;
      for (let i = 0; i < n; i++) {
        const o = ops[i];
        // The benchmark counts rejects through the sink (the run's `rejected`), as the sim sees them.
        if (o.k === 2) void ex.cancel(o);
        else void ex.placeFor(accs[o.a], o.id, inst, o.side, o.k === 0 ? 'limit' : 'market', o.price, o.qty);
      }
      return n;
    };
  });
}

export function prepareEngineJournal(w: Workload): Prepared {
  const cmds = w.ops.map(engineCommand);
  return prepareOurs('bourse (journal)', w, (ex) => () => {
    const n = cmds.length;
    for (let i = 0; i < n; i++) void ex.apply(cmds[i]); // rejects are counted by the sink
    return n;
  });
}

// ------------------------------------------------------------------ nodejs-order-book

const LIMIT = 0;
const MARKET = 1;
const CANCEL = 2;

interface PeerLimit {
  id: string;
  side: Side;
  size: number;
  price: number;
  accountId: string;
  stpMode: SelfTradePreventionMode;
}
interface PeerMarket {
  id: string;
  side: Side;
  size: number;
  accountId: string;
  stpMode: SelfTradePreventionMode;
}

/** The OrderBook's sides are private in its typings; they expose len(). */
interface PeerSides {
  bids: { len(): number };
  asks: { len(): number };
}

function peerArgs(op: Op): PeerLimit | PeerMarket | string {
  const side = op.side === 'buy' ? Side.BUY : Side.SELL;
  const stpMode = SelfTradePreventionMode.EXPIRE_MAKER;
  if (op.k === 'cancel') return op.target ?? op.id;
  if (op.k === 'market') return { id: op.id, side, size: op.qty, accountId: op.account, stpMode };
  return { id: op.id, side, size: op.qty, price: op.price, accountId: op.account, stpMode };
}

function kindCode(op: Op): number {
  return op.k === 'limit' ? LIMIT : op.k === 'market' ? MARKET : CANCEL;
}

/**
 * Trades (taker × maker fills) in a response. `done` holds the makers filled
 * in full and, last, the taker itself if it filled in full; `partial` is the
 * maker filled in part, or (when the taker rests after trading) the taker.
 */
function peerTrades(r: IProcessOrder, takerId: string, isLimit: boolean): number {
  const done = r.done;
  const n = done.length;
  if (!isLimit) return n + (r.partial !== null ? 1 : 0);
  if (n > 0 && done[n - 1].id === takerId) return n - 1 + (r.partial !== null ? 1 : 0);
  return n;
}

export function preparePeer(w: Workload): Prepared {
  const pre = w.prefill.map(peerArgs);
  const preKinds = Uint8Array.from(w.prefill, kindCode);
  const args = w.ops.map(peerArgs);
  const kinds = Uint8Array.from(w.ops, kindCode);
  const keep = new Keep<OrderBook>();
  return {
    name: 'nodejs-order-book',
    run(): RunResult {
      const ob = new OrderBook({ enableJournaling: false });
      for (let i = 0; i < pre.length; i++) feed(ob, preKinds[i], pre[i]);
      const n = args.length;
      let trades = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) trades += feed(ob, kinds[i], args[i]);
      const seconds = (performance.now() - t0) / 1000;
      keep.hold(ob);
      const sides = ob as unknown as PeerSides;
      return { ops: n, seconds, trades, resting: sides.bids.len() + sides.asks.len() };
    },
  };
}

/** One op into the peer; returns the trades it made. Throws if the peer reports an error. */
function feed(ob: OrderBook, kind: number, a: PeerLimit | PeerMarket | string): number {
  if (kind === CANCEL) {
    ob.cancel(a as string);
    return 0;
  }
  if (kind === LIMIT) {
    const o = a as PeerLimit;
    const r = ob.limit(o);
    if (r.err !== null) throw new Error(`nodejs-order-book rejected limit ${o.id}: ${r.err.message}`);
    return peerTrades(r, o.id, true);
  }
  const o = a as PeerMarket;
  const r = ob.market(o);
  if (r.err !== null) throw new Error(`nodejs-order-book rejected market ${o.id}: ${r.err.message}`);
  return peerTrades(r, o.id, false);
}
