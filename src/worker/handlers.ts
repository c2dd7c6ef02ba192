/**
 * Every method the worker answers, declared once: `read(...)` or
 * `mutate(...)`, the parser of its arguments (src/protocol/parse.ts), and
 * what it does on the leader. The Comlink API (api.ts), its type `EngineApi`
 * and the list of mutating methods are derived from this table.
 *
 * To add a command: one line here, its parser in src/protocol/parse.ts, and a
 * test in handlers.test.ts (see README.md).
 */
import type { FeedMode } from '../feeds';
import { defaultKlineDeps } from '../feeds/klines';
import {
  args, parseAlpacaKeys, parseAmount, parseBackupText, parseFeedMode, parseFlag, parseLevels, parseOrderChange, parseOrderId,
  parseOrderPageQuery, parseOrderTicket, parseParamValues, parseRiskRules, parseSpeed, parseStrategyId, parseStrategyStart, parseSymbol,
  parseTimeframe, parseTradePageQuery, parseView,
  type AlpacaKeys, type ApiResult, type Health,
} from '../protocol';
import { chartHistory } from './chartHistory';
import { SANDBOX_HANDLERS } from './sandbox/handlers';
import { SERIES_HANDLERS } from './series/handlers';
import { BACKTEST_HANDLERS } from './backtest/handlers';
import { LEARN_HANDLERS } from './learnHandlers';
import { CLASSROOM_HANDLERS } from './classroom/handlers';
import type { Terminal } from './terminal';
import type { DurableTerminal } from './durableTerminal';
import { FEED_MODES } from './live';
import { Methods, mutate, none, read, type ApiOf, type Committed } from './table';

/** Settings keys the worker stores the person's choices under. */
export const FEED_KEY = 'feedMode';
export const ALPACA_KEY = 'alpaca';

/** What the handlers run against, on the leader. */
export interface HandlerContext {
  readonly durable: Pick<DurableTerminal, 'commit' | 'setSpeed' | 'reset' | 'trades' | 'orders' | 'tradesCsv' | 'exportBackup' | 'importBackup' | 'saveSetting' | 'stateHash' | 'persistent' | 'storage'>;
  readonly terminal: Terminal;
  /** The live price feeds (the person's source and keys). */
  readonly live: { setMode(mode: FeedMode): void; setKeys(keys: AlpacaKeys | null): void };
  /** Stores what the mutators changed; their answers wait for it (and say when it failed). */
  commit(): Promise<Committed>;
  /**
   * Runs the engine again from what is stored, for every tab (leader.ts):
   * after an import replaced it, the engine that was running must neither
   * write nor answer again.
   */
  restart(): Promise<void>;
}

type C = HandlerContext;
const orderArg = args(parseOrderId);
const symbolArg = args(parseSymbol);
const strategyArg = args(parseStrategyId);

export const HANDLERS = {
  instruments: read(none, (c: C) => c.terminal.instruments()),
  setView: read(args(parseView), (c: C, [v], tab) => c.terminal.setView(v, tab), { refuse: 'answer' }),

  place: mutate(args(parseOrderTicket), (c: C, [t]) => c.terminal.place(t)),
  cancel: mutate(orderArg, (c: C, [id]) => c.terminal.cancel(id)),
  modify: mutate(args(parseOrderId, parseOrderChange), (c: C, [id, change]) => c.terminal.modify(id, change)),
  deposit: mutate(args(parseAmount), (c: C, [amount]) => c.terminal.deposit(amount)),
  withdraw: mutate(args(parseAmount), (c: C, [amount]) => c.terminal.withdraw(amount)),
  reset: mutate(args(parseAmount), (c: C, [startingCash]) => c.durable.reset(startingCash)),
  setRisk: mutate(args(parseRiskRules), (c: C, [rules]) => c.terminal.setRisk(rules)),
  risk: read(none, (c: C) => c.terminal.risk()),
  setSpeed: mutate(args(parseSpeed), (c: C, [speed]) => c.durable.setSpeed(speed)),

  // Strategies: each command a journaled sim command (a reload resumes them), answered after the commit.
  strategyStart: mutate(args(parseStrategyStart), (c: C, [s]) => c.terminal.strategies.start(s)),
  strategyPause: mutate(strategyArg, (c: C, [id]) => c.terminal.strategies.pause(id)),
  strategyResume: mutate(strategyArg, (c: C, [id]) => c.terminal.strategies.resume(id)),
  strategyStop: mutate(strategyArg, (c: C, [id]) => c.terminal.strategies.stop(id)),
  strategyParams: mutate(args(parseStrategyId, parseParamValues), (c: C, [id, params]) => c.terminal.strategies.setParams(id, params)),
  strategyCatalog: read(none, (c: C) => c.terminal.strategies.catalog()),
  strategies: read(none, (c: C) => c.terminal.strategies.list()),
  /** On demand, for the page that shows it (a card's curve, the Trade chart's markers and overlays). */
  strategyDetail: read(strategyArg, (c: C, [id]) => c.terminal.strategies.detail(id)),
  /** Its live run beside a backtest of it over the same bars, signal by signal (src/worker/liveDiff.ts). */
  strategyVsBacktest: read(strategyArg, (c: C, [id]) => c.terminal.strategies.vsBacktest(id), { refuse: 'answer' }),

  book: read(args(parseSymbol, parseLevels), (c: C, [symbol, levels]) => c.terminal.book(symbol, levels)),
  tape: read(symbolArg, (c: C, [symbol]) => c.terminal.tape(symbol)),
  // After the synthetic markets' pasts are known (read from storage on a reload), which the candles begin with.
  candles: read(args(parseSymbol, parseTimeframe), async (c: C, [symbol, tf]) => (await c.terminal.pastReady, c.terminal.candles(symbol, tf))),
  // Real candles before the sim's own for a crypto pair (the cache at once with cacheOnly, then the
  // cache with its gaps fetched), or a labelled sample when none can be had.
  history: read(args(parseSymbol, parseTimeframe, parseFlag), (c: C, [symbol, tf, cacheOnly]) =>
    chartHistory(c.terminal.sim, symbol, tf, cacheOnly ?? false, { cache: c.durable.storage?.klines ?? null, klines: defaultKlineDeps() })),
  equity: read(none, (c: C) => c.terminal.equity()),
  positions: read(none, (c: C) => c.terminal.positions()),
  leaderboard: read(none, (c: C) => c.terminal.leaderboard()),
  orders: read(none, (c: C) => [...c.terminal.activity.orders.values()]),
  /** One order (GET /orders/{id}) and its fills (GET /orders/{id}/fills). */
  order: read(orderArg, (c: C, [id]) => c.terminal.activity.orders.get(id) ?? null),
  orderFills: read(orderArg, (c: C, [id]) => c.terminal.activity.fills.filter((f) => f.orderId === id)),
  /** One position (GET /positions/{symbol}). */
  position: read(symbolArg, (c: C, [symbol]) => c.terminal.positions().find((p) => p.symbol === symbol) ?? null),
  fills: read(none, (c: C) => c.terminal.activity.fills),
  /** The person's history a page at a time, newest first (GET /trades, GET /orders with filters). */
  tradesPage: read(args(parseTradePageQuery), (c: C, [q]) => c.durable.trades(q)),
  ordersPage: read(args(parseOrderPageQuery), (c: C, [q]) => c.durable.orders(q)),
  // Only the csv (or text) goes back to the page, not what storage says besides.
  tradesCsv: read(none, async (c: C): Promise<ApiResult<{ csv: string }>> => {
    const r = await c.durable.tradesCsv();
    return r.ok ? { ok: true, csv: r.csv } : r;
  }),
  exportBackup: read(none, async (c: C): Promise<ApiResult<{ text: string }>> => {
    const r = await c.durable.exportBackup();
    return r.ok ? { ok: true, text: r.text } : r;
  }),
  // Runs on the leader only (a follower's import is forwarded like any call); once the backup replaced
  // what is stored, the leader's engine starts again from it, and the answer waits for that.
  importBackup: mutate(args(parseBackupText), async (c: C, [text]) => {
    const r = await c.durable.importBackup(text);
    if (r.ok) await c.restart();
    return r;
  }),
  // The page sends the mode as a string (from a select); the parser lets only FEED_MODES through.
  setFeedMode: mutate(args(parseFeedMode<string>(FEED_MODES)), (c: C, [mode]) => {
    c.live.setMode(mode as FeedMode);
    return c.durable.saveSetting(FEED_KEY, mode);
  }),
  setAlpacaKeys: mutate(args(parseAlpacaKeys), (c: C, [keys]) => {
    c.live.setKeys(keys);
    return c.durable.saveSetting(ALPACA_KEY, keys);
  }),
  // The strategies a person writes: saved code and the sandbox's check (src/worker/sandbox).
  ...SANDBOX_HANDLERS,
  // The backtester's data: samples, imported CSV series, the sim's candles, the kline cache (src/worker/series).
  ...SERIES_HANDLERS,
  // The Backtest page's saved runs (the runs themselves are the page's backtest workers').
  ...BACKTEST_HANDLERS,
  // The Trade page's "show me" mode: queue position, the bots' settings and a learner's change of them.
  ...LEARN_HANDLERS,
  // Classroom mode: a seat in a relay's room, its own sim and journal streamed to the relay (src/worker/classroom).
  ...CLASSROOM_HANDLERS,
  /** Answered by the leader; the asking tab puts its own role in (api.ts). */
  health: read(none, (c: C): Health => ({
    ok: true, role: 'leader', now: c.terminal.sim.now, instruments: c.terminal.sim.markets.size, openOrders: c.terminal.sim.ex.live.size,
    stateHash: c.durable.stateHash(), persistent: c.durable.persistent,
  })),
};

export type MethodName = keyof typeof HANDLERS;
/** Each method as a tab calls it (the tab's id is added by the worker). */
export type TableApi = ApiOf<typeof HANDLERS>;

export const METHODS = new Methods<HandlerContext>(HANDLERS);
