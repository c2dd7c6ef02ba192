/**
 * Adapters that feed the neutral workload (workload.ts) to a matching engine:
 *  - `prepareEngine`: our Exchange (src/core/exchange), through its journal
 *    commands, with escrow, fees and events on (a sink that counts them).
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

export function prepareEngine(w: Workload): Prepared {
  const setup = engineSetup(w);
  const cmds = w.ops.map(engineCommand);
  const keep = new Keep<Exchange>();
  return {
    name: 'bourse',
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
      const ex = new Exchange(sink);
      for (let i = 0; i < setup.length; i++) ex.apply(setup[i]);
      if (rejected !== 0) throw new Error(`bench setup: the engine rejected ${rejected} of ${setup.length} setup commands (deposits too large for the asset's scale?)`);
      trades = events = 0;
      const n = cmds.length;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) ex.apply(cmds[i]);
      const seconds = (performance.now() - t0) / 1000;
      keep.hold(ex);
      return { ops: n, seconds, trades, resting: ex.live.size, rejected, unknownOrder, events };
    },
  };
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
