/**
 * The engine's home: a thin adapter. It decides whether this tab runs the
 * engine (it holds the profile's Web Lock) or follows the tab that does,
 * drives the clock, and exposes one Comlink API either way; the work is in
 * engine.ts and host.ts.
 */
import * as Comlink from 'comlink';
import type { Timeframe } from '../core/market/candles';
import type { RiskRules } from '../core/portfolio/risk';
import { candleTransfers, frameTransfers } from './engine';
import { Host, type OrderPageQuery, type TradePageQuery } from './host';
import { Store } from '../storage/store';
import { FollowerLink, LeaderLink } from './tabs';
import { FEED_MODES, LiveFeeds, type AlpacaKeys } from './live';
import { Code } from '../core/codes';
import type { FeedMode } from '../feeds';
import { defaultKlineDeps } from '../feeds/klines';
import { chartHistory } from './chartHistory';
import type { ApiResult, CandleData, Frame, Health, OrderTicket, View } from './protocol';

/** The sim steps and a frame goes out this often (well under one per animation frame). */
const TICK_MS = 100;
const COMMIT_EVERY_MS = 1_000;
/** Ticks brought forward by live prices are at least this far apart (one animation frame). */
const MIN_TICK_MS = 16;
/** A follower repeats its view this often; a view not heard from for VIEW_TTL_MS belongs to a closed tab. */
const VIEW_HEARTBEAT_MS = 10_000;
const VIEW_TTL_MS = 35_000;
const PROFILE = 'bourse';
const LOCK = `${PROFILE}:engine`;

const me = crypto.randomUUID();
const channel = new BroadcastChannel(`${PROFILE}:tabs`);
let host: Host | null = null;
let follower: FollowerLink | null = new FollowerLink(channel, me);
let listener: ((f: Frame) => void) | null = null;
let role: Health['role'] = 'starting';
let ready!: () => void;
const started = new Promise<void>((r) => (ready = r));

/** What this tab looks at, to hand to a new leader. */
let lastView: Partial<View> = {};
follower.onHello = () => {
  const f = follower;
  if (f === null) return;
  settleOrphans(f.orphans(), (method, args) => f.call(method, args));
  void f.call('setView', [me, lastView]);
};

follower.onFrame = (msg) => {
  const m = msg as { base: Frame; details: Record<string, Partial<Frame>> };
  if (listener !== null) listener({ ...m.base, book: null, tape: [], candles: null, ...m.details[me], role: 'follower' });
};

/**
 * What the engine does for a tab (this one, or a follower by its id).
 * Commands resolve after the journal has stored them.
 */
function handlers(h: Host, live: LiveFeeds) {
  const e = h.engine;
  const act = async <T extends object>(r: ApiResult<T>): Promise<ApiResult<T>> => {
    await h.commit();
    return r;
  };
  return {
    instruments: () => e.instruments(),
    setView: (tab: string, v: Partial<View>) => e.setView(v, tab),
    place: (_t: string, t: OrderTicket) => act(e.place(t)),
    cancel: (_t: string, id: string) => act(e.cancel(id)),
    modify: (_t: string, id: string, change: { price?: number; stopPrice?: number; qty?: number }) => act(e.modify(id, change)),
    deposit: (_t: string, amount: number) => act(e.deposit(amount)),
    withdraw: (_t: string, amount: number) => act(e.withdraw(amount)),
    reset: (_t: string, startingCash: number) => act(e.reset(startingCash)),
    setRisk: (_t: string, rules: RiskRules) => act(e.setRisk(rules)),
    risk: () => e.risk(),
    setSpeed: (_t: string, speed: number) => h.setSpeed(speed),
    book: (_t: string, symbol: string, levels?: number) => e.book(symbol, levels),
    tape: (_t: string, symbol: string) => e.tape(symbol),
    candles: (_t: string, symbol: string, tf: Timeframe) => e.candles(symbol, tf),
    // Real candles before the sim's own for a crypto pair (the cache at once with cacheOnly, then the
    // cache with its gaps fetched), or a labelled sample when none can be had.
    history: (_t: string, symbol: string, tf: Timeframe, cacheOnly = false) =>
      chartHistory(e.sim, symbol, tf, cacheOnly, { cache: h.storage?.klines ?? null, klines: defaultKlineDeps() }),
    equity: () => e.equity(),
    positions: () => e.positions(),
    leaderboard: () => e.leaderboard(),
    orders: () => [...e.activity.orders.values()],
    order: (_t: string, id: string) => e.activity.orders.get(id) ?? null,
    orderFills: (_t: string, id: string) => e.activity.fills.filter((f) => f.orderId === id),
    position: (_t: string, symbol: string) => e.positions().find((p) => p.symbol === symbol) ?? null,
    fills: () => e.activity.fills,
    tradesPage: (_t: string, q: TradePageQuery) => h.trades(q),
    ordersPage: (_t: string, q: OrderPageQuery) => h.orders(q),
    tradesCsv: () => h.tradesCsv(),
    exportBackup: () => h.exportBackup(),
    importBackup: (_t: string, text: string) => h.importBackup(text),
    setFeedMode: async (_t: string, mode: string): Promise<ApiResult> => {
      if (!FEED_MODES.includes(mode as FeedMode)) return { ok: false, code: Code.INVALID_SETTING, message: `Unknown price source ${JSON.stringify(mode)}.` };
      live.setMode(mode as FeedMode);
      return h.saveSetting(FEED_KEY, mode);
    },
    setAlpacaKeys: async (_t: string, keys: AlpacaKeys | null): Promise<ApiResult> => {
      if (keys !== null && (typeof keys?.key !== 'string' || typeof keys?.secret !== 'string' || keys.key.trim() === '' || keys.secret.trim() === '')) {
        return { ok: false, code: Code.INVALID_SETTING, message: 'Enter both the API key ID and the secret key.' };
      }
      const k = keys === null ? null : { key: keys.key.trim(), secret: keys.secret.trim() };
      live.setKeys(k);
      return h.saveSetting(ALPACA_KEY, k);
    },
    health: (): Health => ({
      ok: true, role, now: e.sim.now, instruments: e.sim.markets.size, openOrders: e.sim.ex.live.size,
      stateHash: h.stateHash(), persistent: h.persistent,
    }),
  };
}
type Handlers = ReturnType<typeof handlers>;
type Name = keyof Handlers;

let local: Handlers | null = null;
/** Sends a frame at once (a page just subscribed and waits for prices), not a tick later. */
let pushNow = (): void => {};
const MUTATING = new Set<string>(['place', 'cancel', 'modify', 'deposit', 'withdraw', 'reset', 'setRisk', 'setSpeed', 'importBackup', 'setFeedMode', 'setAlpacaKeys']);
const FEED_KEY = 'feedMode';
const ALPACA_KEY = 'alpaca';

/** Calls unanswered by a leader that went away: commands are refused (they may have run), reads asked again via `ask`. */
function settleOrphans(orphans: ReturnType<FollowerLink['orphans']>, ask: (method: string, args: unknown[]) => Promise<unknown> | unknown): void {
  for (const o of orphans) {
    if (MUTATING.has(o.method)) o.reject(new Error('The tab running the market closed before answering; check your orders.'));
    else Promise.resolve(ask(o.method, o.args)).then(o.resolve, o.reject);
  }
}

/** Resolves when this worker has become the leader (set while it is taking over). */
let takingOver: Promise<void> | null = null;

async function lead(): Promise<void> {
  let done!: () => void;
  takingOver = new Promise((r) => (done = r));
  const orphans = follower?.orphans() ?? [];
  follower?.close();
  follower = null;
  host = await Host.start(new Store(PROFILE));
  const mode = await host.setting(FEED_KEY);
  const keys = (await host.setting(ALPACA_KEY)) as AlpacaKeys | null | undefined;
  const live = new LiveFeeds(host.engine, FEED_MODES.includes(mode as FeedMode) ? (mode as FeedMode) : 'auto', keys ?? null);
  live.start();
  local = handlers(host, live);
  role = 'leader';
  const calls = local;
  const link = new LeaderLink(channel, (method, args, from) => {
    const f = calls[method as Name] as ((...a: unknown[]) => unknown) | undefined;
    if (f === undefined) throw new Error(`Unknown call ${method}`);
    return f(from, ...args.slice(1));
  });
  // This tab's own view carries over; the other tabs resend theirs (and their unanswered calls) on hello.
  host.engine.setView(lastView, me);
  settleOrphans(orphans, (method, args) => (calls[method as Name] as (...a: unknown[]) => unknown)(...args));
  link.hello(me);
  done();
  let last = performance.now();
  let lastCommit = last;
  let lastTick = 0;
  const tick = () => {
    const now = performance.now();
    lastTick = now;
    live.apply();
    live.watch(host!.engine.viewedSymbols());
    host!.engine.feeds = live.view();
    host!.engine.advance(now - last);
    last = now;
    if (now - lastCommit >= COMMIT_EVERY_MS) {
      lastCommit = now;
      void host!.tick();
      // A follower tab that closed stops saying it is there: its view (and its trade stream) goes.
      host!.engine.expireViews(VIEW_TTL_MS, me);
    }
    const base = host!.engine.baseFrame();
    // Followers (tabs that registered a view) get the frame with their own view's detail, cloned by the channel.
    const details: Record<string, unknown> = {};
    for (const tab of host!.engine.tabs()) if (tab !== me) details[tab] = host!.engine.detail(tab);
    if (Object.keys(details).length > 0) link.frame({ base, details });
    if (listener !== null) {
      const f: Frame = { ...base, ...host!.engine.detail(me), role: 'leader' };
      listener(Comlink.transfer(f, frameTransfers(f)));
    }
  };
  setInterval(tick, TICK_MS);
  pushNow = () => setTimeout(tick, 0);
  // Live prices are applied and shown when they arrive (at most one extra tick per animation frame), not at the next tick.
  let soon = false;
  live.onArrive = () => {
    if (soon) return;
    soon = true;
    setTimeout(() => {
      soon = false;
      tick();
    }, Math.max(0, lastTick + MIN_TICK_MS - performance.now()));
  };
  ready();
}

// The first tab to ask gets the lock at once; others wait in line and take over when it is released.
void navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
  if (lock === null) {
    role = 'follower';
    ready();
    void navigator.locks.request(LOCK, async () => {
      await lead();
      await new Promise(() => {});
    });
    return;
  }
  await lead();
  await new Promise(() => {}); // hold the lock while this worker lives
});

/** Runs a call here (leader) or on the leader (follower). */
async function call<N extends Name>(name: N, ...args: unknown[]): Promise<Awaited<ReturnType<Handlers[N]>>> {
  await started;
  if (local === null && follower === null) await takingOver;
  if (local !== null) return (await (local[name] as (...a: unknown[]) => unknown)(me, ...args)) as Awaited<ReturnType<Handlers[N]>>;
  return (await follower!.call(name, [me, ...args])) as Awaited<ReturnType<Handlers[N]>>;
}

const api = {
  instruments: () => call('instruments'),
  /** Frames are pushed to `cb` from now on (one subscriber: the page). */
  async subscribe(cb: (f: Frame) => void): Promise<void> {
    listener = cb;
    await started;
    // A follower registers with the leader so that frames are sent its way, and says so again now and then.
    if (local === null) {
      await call('setView', {});
      setInterval(() => {
        if (local === null && follower !== null) void follower.call('setView', [me, lastView]).catch(() => {});
      }, VIEW_HEARTBEAT_MS);
    } else pushNow();
  },
  setView: (v: Partial<View>) => {
    lastView = { ...lastView, ...v };
    return call('setView', v);
  },
  place: (t: OrderTicket) => call('place', t),
  cancel: (id: string) => call('cancel', id),
  modify: (id: string, change: { price?: number; stopPrice?: number; qty?: number }) => call('modify', id, change),
  deposit: (amount: number) => call('deposit', amount),
  withdraw: (amount: number) => call('withdraw', amount),
  reset: (startingCash: number) => call('reset', startingCash),
  setRisk: (rules: RiskRules) => call('setRisk', rules),
  risk: () => call('risk'),
  setSpeed: (speed: number) => call('setSpeed', speed),
  book: (symbol: string, levels?: number) => call('book', symbol, levels),
  tape: (symbol: string) => call('tape', symbol),
  async candles(symbol: string, tf: Timeframe) {
    const c = await call('candles', symbol, tf);
    return c === null ? null : Comlink.transfer(c, candleTransfers(c));
  },
  async history(symbol: string, tf: Timeframe, cacheOnly = false) {
    const h = await call('history', symbol, tf, cacheOnly);
    return h === null ? null : Comlink.transfer(h, candleTransfers(h.candles));
  },
  async equity() {
    const e = await call('equity');
    return Comlink.transfer(e, [e.t.buffer as ArrayBuffer, e.equity.buffer as ArrayBuffer]);
  },
  positions: () => call('positions'),
  leaderboard: () => call('leaderboard'),
  orders: () => call('orders'),
  /** One order (GET /orders/{id}) and its fills (GET /orders/{id}/fills). */
  order: (id: string) => call('order', id),
  orderFills: (id: string) => call('orderFills', id),
  /** One position (GET /positions/{symbol}). */
  position: (symbol: string) => call('position', symbol),
  fills: () => call('fills'),
  /** The person's history a page at a time, newest first (GET /trades, GET /orders with filters). */
  tradesPage: (q: TradePageQuery) => call('tradesPage', q),
  ordersPage: (q: OrderPageQuery) => call('ordersPage', q),
  async tradesCsv(): Promise<ApiResult<{ csv: string }>> {
    const r = await call('tradesCsv');
    return r.ok ? { ok: true, csv: r.csv } : r;
  },
  async exportBackup(): Promise<ApiResult<{ text: string }>> {
    const r = await call('exportBackup');
    return r.ok ? { ok: true, text: r.text } : r;
  },
  importBackup: (text: string) => call('importBackup', text),
  setFeedMode: (mode: string) => call('setFeedMode', mode),
  setAlpacaKeys: (keys: { key: string; secret: string } | null) => call('setAlpacaKeys', keys),
  async health(): Promise<Health> {
    const h = await call('health');
    return { ...h, role };
  },
  /** Saves now (the page is being hidden or closed). */
  async flush(): Promise<ApiResult> {
    if (host === null) return { ok: true };
    await host.commit();
    return { ok: true };
  },
};

export type EngineApi = typeof api;
Comlink.expose(api);
