/**
 * The engine's home: the sim runs here, off the UI thread. A thin adapter:
 * the clock, the Comlink API and the push of frames; the work is in engine.ts.
 */
import * as Comlink from 'comlink';
import type { Timeframe } from '../core/market/candles';
import type { RiskRules } from '../core/portfolio/risk';
import { fillsCsv } from './csv';
import { Engine, candleTransfers, frameTransfers } from './engine';
import type { ApiResult, Book, CandleData, EquitySeries, Frame, Health, InstrumentInfo, LeaderRow, OrderTicket, PositionView, TapeTrade, View } from './protocol';

/** The sim steps and a frame goes out this often (well under one per animation frame). */
const TICK_MS = 100;
// The market opened a few minutes before the page did: every instrument has
// traded and shows a last price from the first frame.
const WARM_UP_MS = 5 * 60_000;

const engine = new Engine({ sim: { seed: 'bourse', start: Date.now() - WARM_UP_MS } });
engine.sim.step(WARM_UP_MS);

let listener: ((f: Frame) => void) | null = null;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  engine.advance(now - last);
  last = now;
  if (listener !== null) {
    const f = engine.frame();
    listener(Comlink.transfer(f, frameTransfers(f)));
  }
}, TICK_MS);

const api = {
  instruments: (): InstrumentInfo[] => engine.instruments(),
  /** Frames are pushed to `cb` from now on (one subscriber: the page). */
  subscribe(cb: (f: Frame) => void): void {
    listener = cb;
  },
  setView: (v: Partial<View>): ApiResult => engine.setView(v),
  place: (t: OrderTicket): ApiResult<{ id: string }> => engine.place(t),
  cancel: (id: string): ApiResult => engine.cancel(id),
  modify: (id: string, change: { price?: number; stopPrice?: number; qty?: number }): ApiResult => engine.modify(id, change),
  deposit: (amount: number): ApiResult => engine.deposit(amount),
  withdraw: (amount: number): ApiResult => engine.withdraw(amount),
  reset: (startingCash: number): ApiResult => engine.reset(startingCash),
  setRisk: (rules: RiskRules): ApiResult => engine.setRisk(rules),
  risk: (): RiskRules => engine.risk(),
  setSpeed: (speed: number): ApiResult => engine.setSpeed(speed),
  book: (symbol: string, levels?: number): Book | null => engine.book(symbol, levels),
  tape: (symbol: string): TapeTrade[] => engine.tape(symbol),
  candles(symbol: string, tf: Timeframe): CandleData | null {
    const c = engine.candles(symbol, tf);
    return c === null ? null : Comlink.transfer(c, candleTransfers(c));
  },
  equity(): EquitySeries {
    const e = engine.equity();
    return Comlink.transfer(e, [e.t.buffer as ArrayBuffer, e.equity.buffer as ArrayBuffer]);
  },
  positions: (): PositionView[] => engine.positions(),
  leaderboard: (): LeaderRow[] => engine.leaderboard(),
  orders: () => [...engine.activity.orders.values()],
  fills: () => engine.activity.fills,
  tradesCsv: (): string => fillsCsv(engine.activity.fills),
  health: (): Health => ({ ok: true, now: engine.sim.now, instruments: engine.sim.markets.size, openOrders: engine.sim.ex.live.size, leader: true }),
};

export type EngineApi = typeof api;
Comlink.expose(api);
