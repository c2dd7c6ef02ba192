import { Code, fail, type Result } from '../codes';
import { ColumnBar, MutableBar } from './bar';
import { RunCursor, type ColumnLender, type RunColumns } from './columns';
import type { Timeframe } from '../market/candles';
import { indicatorFactory } from './declare';
import { strategyError } from './errors';
import type { Feed } from './feeds';
import { StrategyHistory } from './history';
import { emptyRequest, readRequestInto, SIZE_CASH, SIZE_DEFAULT, SIZE_UNITS, type SizeKind } from './orderRequest';
import { restoreRunner, saveRunner, type RunnerState } from './runnerState';
import type {
  Bar, Broker, Fill, IndicatorFactory, OpenOrder, OrderAnswer, OrderRequest, OrderSide, ParamValues, Position,
  StrategyContext, StrategyDef, StrategyDetail, StrategyError, StrategyStatus,
} from './types';

/** Cash sizing keeps this share of the money: room for fees and a market order walking the book. */
export const CASH_HEADROOM = 0.995;
/** "All the money" for a venue that sizes at the fill: backtesting.py's `_FULL_EQUITY`, 1 less one ulp of it. */
export const ALL_THE_MONEY = 1 - Number.EPSILON;

export interface RunnerOptions {
  symbol: string;
  timeframe: Timeframe;
  /** The line of the strategy's code an error came from (user code: the sandbox maps its stack); default: the first stack frame's. */
  lineOf?: (e: unknown) => number | undefined;
  /**
   * Call `onBar` only from the bar after every declared indicator has had a
   * value (backtesting.py's start; a backtest sets it). Indicators are fed
   * from the first bar either way. Default false: in the sim a strategy sees
   * every bar and checks `ready` itself.
   */
  waitForWarmup?: boolean;
  /** Keep the bounded equity and overlay histories for the UI (default true; a backtest keeps its own columns). */
  record?: boolean;
  /**
   * Every bar of the run, known before it starts (a backtest): declared
   * indicators are then computed ahead over these columns, and `onBar` must
   * be given these bars, every one, in order. Parameters do not change
   * during such a run.
   */
  columns?: RunColumns;
  /** With `columns`: where a one-value indicator writes its column (columns.ts' ColumnLender; default a new one). */
  lendColumn?: ColumnLender;
}

/** An entry whose exits the runner places once it is done (venues without brackets of their own). */
export interface PendingExits {
  side: OrderSide;
  tp: number | undefined;
  sl: number | undefined;
  filled: number;
}

/**
 * Runs one strategy over one venue: the same object in the sim (an agent's
 * `SimBroker`), in the sandbox (a broker mirroring the sim's snapshot) and in
 * the backtester (issue 12). It holds the strategy's indicators and feeds them
 * once per closed bar before `onBar`; turns the context's order methods into
 * the broker's orders (sizing, the spot rule, exits); calls every hook inside
 * a safe wrapper, so a throw stops this strategy with the message and the line
 * and nothing else; keeps bounded histories for the UI; and saves everything
 * that steers it (`state()`), so a restored runner goes on exactly as this one.
 *
 * Paused: indicators are still fed and equity recorded each bar (so a resume
 * finds them warm), but `onBar` is not called and no order is sent.
 */
export class StrategyRunner {
  status: StrategyStatus = 'running';
  error: StrategyError | null = null;
  lastRefusal: string | null = null;
  barIndex = 0;
  params: ParamValues;
  /** New parameters, applied at the start of the next bar (init runs again: the indicators start cold). */
  pending: ParamValues | null = null;
  feeds: Feed[] = [];
  /** The feeds updated bar by bar (those not computed ahead over a run's columns). */
  private fed: Feed[] = [];
  readonly history = new StrategyHistory();
  /** The bar just closed: written by `onBar`, or (a run over known columns) read from them at the cursor. */
  readonly bar: Bar;
  /** Why each open order was sent (its marker's and its fills' reason). */
  readonly reasons = new Map<string, string>();
  /** Entries whose exits the runner places when they are done (`Broker.brackets` false). */
  readonly exits = new Map<string, PendingExits>();
  /** Exit legs placed by the runner: id -> the other leg's id (one cancels the other). */
  readonly legs = new Map<string, string>();
  /** The strategy's own memory (`ctx.state`). */
  mem: Record<string, unknown> = {};
  /** What `init` returned: `ctx.indicators`. */
  indicators: unknown = undefined;
  private declaring = false;
  /** With `waitForWarmup`: the 0-based bar by which every declared series had a value (-1: not yet). */
  warmup = -1;
  private readonly firstValued: number[] = [];
  /** The order being read: one record, overwritten by each order (readRequestInto). */
  private readonly req = emptyRequest();
  /** The bar on which `close()` last sent its order (a default sell after it, on that bar, goes short with all the money). */
  private closedAtBar = -1;
  readonly ctx: StrategyContext;
  /** Where column series read (opts.columns): the bar just closed. */
  private readonly cursor = new RunCursor();

  constructor(readonly def: StrategyDef, params: ParamValues, readonly broker: Broker, readonly opts: RunnerOptions) {
    this.params = params;
    this.bar = opts.columns === undefined ? new MutableBar() : new ColumnBar(opts.columns, this.cursor);
    this.ctx = this.context();
  }

  /** Runs `init` (declaring the indicators). False when it threw: the runner is then in error. */
  start(): boolean {
    return this.declare();
  }

  /**
   * A closed bar: indicators fed, then `onBar` (unless paused), then the
   * histories. The bar is copied; over known columns it is the next of them,
   * read there (as `step`).
   */
  onBar(bar: Bar): void {
    if (this.opts.columns !== undefined) {
      this.step();
      return;
    }
    const b = this.bar;
    b.time = bar.time;
    b.open = bar.open;
    b.high = bar.high;
    b.low = bar.low;
    b.close = bar.close;
    b.volume = bar.volume;
    this.step();
  }

  /**
   * The next bar closed, already in `this.bar` (written there by the caller,
   * or read from the run's columns): as `onBar`.
   */
  step(): void {
    if (this.status === 'error' || this.status === 'stopped') return;
    this.barIndex++;
    this.cursor.at = this.barIndex - 1;
    // What a backtest's bar seldom needs, out of line (this function is inlined into the backtest's loop: kept small).
    if (this.pending !== null || this.fed.length > 0 || (this.opts.waitForWarmup === true && this.warmup < 0)) {
      if (!this.feed()) return;
    }
    // Their guards here, not inside: V8 does not inline forgetDone, and this runs on every bar of a backtest.
    if (this.exits.size > 0) this.settleExits();
    if (this.reasons.size > 0 || this.legs.size > 0) this.forgetDone();
    if (this.status === 'running' && (this.opts.waitForWarmup !== true || (this.warmup >= 0 && this.barIndex - 1 > this.warmup))) this.callOnBar();
    if (this.opts.record !== false) this.record();
  }

  /** New parameters applied (false: init threw), the bar-fed indicators fed, the warm-up watched. */
  private feed(): boolean {
    if (this.pending !== null) {
      this.params = this.pending;
      this.pending = null;
      this.feeds = [];
      this.fed = [];
      if (!this.declare()) return false;
    }
    const b = this.bar;
    const fed = this.fed;
    for (let i = 0; i < fed.length; i++) fed[i].update(b);
    if (this.opts.waitForWarmup === true && this.warmup < 0) this.watchWarmup();
    return true;
  }

  /**
   * The warm-up as backtesting.py counts it: for each declared series the
   * first bar (0-based) with a value, the latest of them. Its strategy first
   * runs on the bar after that one (so a crossover has two values to compare).
   */
  private watchWarmup(): void {
    let all = true;
    let k = 0;
    for (const f of this.feeds) {
      for (const s of f.outputs) {
        if (this.firstValued.length <= k) this.firstValued.push(-1);
        if (this.firstValued[k] < 0 && !Number.isNaN(s.value)) this.firstValued[k] = this.barIndex - 1;
        if (this.firstValued[k] < 0) all = false;
        k++;
      }
    }
    if (all) this.warmup = Math.max(0, ...this.firstValued);
  }

  /** A fill of one of its orders (the venue reports it once the order path is done with it). */
  onFill(fill: Fill): void {
    if (this.opts.record !== false) {
      const reason = fill.reason ?? this.reasons.get(fill.orderId) ?? fill.side;
      this.history.addMarker({ time: fill.time, side: fill.side, price: fill.price, units: fill.units, reason, kind: 'fill', fee: fill.fee });
    }
    if (this.status === 'stopped') return;
    const partner = this.legs.size > 0 ? this.legs.get(fill.orderId) : undefined;
    if (partner !== undefined && !this.isOpen(fill.orderId)) {
      this.legs.delete(fill.orderId);
      this.legs.delete(partner);
      if (this.isOpen(partner)) void this.broker.cancel(partner); // gone already is fine: one cancels the other
    }
    const entry = this.exits.size > 0 ? this.exits.get(fill.orderId) : undefined;
    if (entry !== undefined) {
      entry.filled += fill.units;
      if (!this.isOpen(fill.orderId)) this.placeExits(fill.orderId, entry);
    }
    if (this.status === 'running' && this.def.onFill !== undefined) {
      const hook = this.def.onFill;
      this.call('onFill', () => hook.call(this.def, this.ctx, fill));
    }
  }

  /** Checked parameters (params.ts), in force from the next bar. */
  setParams(values: ParamValues): void {
    if (this.opts.columns !== undefined) throw new Error('A run over known bars keeps its parameters: run it again with the new ones.');
    this.pending = values;
  }

  pause(): void {
    if (this.status === 'running') this.status = 'paused';
  }

  resume(): void {
    if (this.status === 'paused') this.status = 'running';
  }

  /** Calls `onStop` (a throw there is logged, the stop goes on); the venue then cancels and settles. */
  stop(time: number): void {
    if (this.status === 'stopped') return;
    if (this.status !== 'error' && this.def.onStop !== undefined) {
      const hook = this.def.onStop;
      this.call('onStop', () => hook.call(this.def, this.ctx));
    }
    if (this.status !== 'error') this.status = 'stopped';
    this.history.addLog(time, 'Stopped.');
  }

  /** Stops it with an error reported from outside (the sandbox: a timeout, a syntax error, a crash). */
  fail(err: StrategyError, time: number): void {
    if (this.status === 'stopped' || this.status === 'error') return;
    this.status = 'error';
    this.error = { ...err };
    this.history.addLog(time, err.line !== undefined ? `Error on line ${err.line}: ${err.message}` : `Error: ${err.message}`);
    this.cancelAll();
  }

  detail(): StrategyDetail {
    return this.history.detail();
  }

  state(): RunnerState {
    return saveRunner(this);
  }

  /** A runner that goes on exactly as the saved one (state checked by checkRunnerState first). */
  static restore(def: StrategyDef, broker: Broker, opts: RunnerOptions, state: RunnerState): Result<{ runner: StrategyRunner }> {
    const r = new StrategyRunner(def, state.params, broker, opts);
    const bad = restoreRunner(r, state, () => r.redeclare());
    return bad === null ? { ok: true, runner: r } : fail(Code.INVALID_SNAPSHOT, `The saved strategy ${def.name} cannot be restored: ${bad}.`);
  }

  /** `init` again on restore, without its side effects on the saved memory. */
  private redeclare(): boolean {
    const mem = this.mem;
    const ok = this.declare();
    this.mem = mem;
    return ok;
  }

  // ---------------------------------------------------------------- hooks

  private declare(): boolean {
    this.declaring = true;
    try {
      return this.call('init', () => {
        this.indicators = this.def.init(this.ctx);
      });
    } finally {
      this.declaring = false;
    }
  }

  /** `onBar` in the safe wrapper, without a closure per bar (a backtest calls it millions of times). */
  private callOnBar(): void {
    try {
      this.def.onBar(this.ctx);
    } catch (e) {
      this.fail(strategyError(e, 'onBar', this.opts.lineOf), this.now());
    }
  }

  /** The safe wrapper: a throw becomes this strategy's error (message and line), never the venue's. */
  private call(hook: string, fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (e) {
      this.fail(strategyError(e, hook, this.opts.lineOf), this.now());
      return false;
    }
  }

  private now(): number {
    return Number.isNaN(this.bar.time) ? 0 : this.bar.time;
  }

  private record(): void {
    const t = this.bar.time;
    this.history.addEquity(t, this.broker.equity());
    for (const f of this.feeds) {
      if (!f.overlay) continue;
      for (const s of f.outputs) this.history.addOverlay(s.name, t, s.value);
    }
  }

  /**
   * Forgets the reasons of orders that are done. Run before a bar's hook,
   * when the venue has reported every fill of the last one (the sim hands
   * fills over right after the hook that caused them and at each step).
   */
  private forgetDone(): void {
    if (this.reasons.size === 0 && this.legs.size === 0) return;
    const open = new Set(this.broker.openOrders().map((o) => o.id));
    // Legs both gone without a fill reaching the runner (cancelled by the venue, a reset): nothing left to pair.
    for (const [id, other] of this.legs) if (!open.has(id) && !open.has(other)) this.legs.delete(id);
    for (const id of this.reasons.keys()) if (!open.has(id) && !this.exits.has(id) && !this.legs.has(id)) this.reasons.delete(id);
  }

  // ---------------------------------------------------------------- orders

  private order(side: OrderSide, o: OrderRequest | undefined): OrderAnswer {
    if (this.declaring) return this.refuse(Code.INVALID_ORDER, 'Orders are sent from onBar or onFill, not from init.', false);
    if (this.status !== 'running') return this.refuse(Code.INVALID_ORDER, `The strategy is ${this.status}: no orders.`, false);
    const req = this.req;
    const bad = readRequestInto(o, req);
    if (bad !== null) return this.refuse(bad.code, bad.message);
    return this.send(side, req.sizeKind, req.size, req.limit, req.stop, req.tp, req.sl, req.reason ?? side);
  }

  /**
   * An order read and checked (or built by the runner itself, as `close`
   * does): sized, held to the spot rule, sent. Plain arguments, no request
   * object: a backtest sends hundreds of thousands.
   */
  private send(
    side: OrderSide, sizeKind: SizeKind, sizeValue: number, limit: number | undefined, stop: number | undefined,
    tp: number | undefined, sl: number | undefined, reason: string,
  ): OrderAnswer {
    const ref = limit ?? stop ?? this.bar.close;
    if (!(ref > 0)) return this.refuse(Code.INVALID_PRICE, 'No price yet: orders are sent once a bar has closed.');
    const pos = this.broker.position();
    const held = pos.units;
    // After close() on this bar the position is on its way out (at once in the sim, at the next fill in a
    // backtest): a default-size sell then means what it means when flat, all the money short.
    const flat = held <= 0 || this.closedAtBar === this.barIndex;
    let want: number;
    /** The share of the money the order is sized by, when it is sized by money. */
    let share: number | undefined;
    if (sizeKind === SIZE_DEFAULT) {
      // backtesting.py's default: all the money for a buy; the whole position for a sell (all the money, short, when flat).
      if (side === 'buy' || flat) share = 1;
      want = share === 1 ? (Math.max(0, side === 'buy' ? this.broker.cash() : this.broker.equity()) * CASH_HEADROOM) / ref : held;
    } else if (sizeKind === SIZE_UNITS) want = sizeValue;
    else if (sizeKind === SIZE_CASH) want = sizeValue / ref;
    else {
      share = sizeValue;
      want = (sizeValue * Math.max(0, this.broker.equity()) * CASH_HEADROOM) / ref;
    }
    // A venue that sizes at the fill gets the share (backtesting.py's just-under-1 for "all"); the units here are an estimate.
    const atFill = share !== undefined && this.broker.sizesAtFill === true ? (share === 1 ? ALL_THE_MONEY : share) : undefined;
    const units = this.broker.roundUnits(want);
    if (atFill === undefined && !(units > 0)) return this.refuse(Code.INVALID_QUANTITY, `${reason}: the ${side} rounds down to no units (${fmt(want)} at ${fmt(ref)}).`);
    if (side === 'sell' && !this.broker.allowsShort && units > held + 1e-9) {
      return this.refuse(
        Code.SHORT_NOT_ALLOWED,
        `${reason}: short selling needs a margin account, and this market is spot only: a sell of ${fmt(units)} ${this.opts.symbol} was refused (${fmt(Math.max(0, held))} held).`,
      );
    }
    const type = limit !== undefined ? 'limit' : stop !== undefined ? 'stop' : 'market';
    const hasExits = tp !== undefined || sl !== undefined;
    const native = hasExits && this.broker.brackets === true;
    const a = this.broker.submit(side, type, atFill === undefined ? units : 0, limit, stop, reason, native ? { tp, sl } : undefined, atFill);
    if (!a.ok) return this.refuse(a.code, `${reason}: ${a.message}`);
    if (hasExits && !native) this.exits.set(a.id, { side, tp, sl, filled: 0 });
    // Without the UI's histories (a backtest: its venue's fills carry their reasons, its trades table tells every
    // order), nothing more to keep: a sweep sends hundreds of thousands of orders.
    if (this.opts.record === false) return a;
    this.reasons.set(a.id, reason);
    this.history.addMarker({ time: this.bar.time, side, price: limit ?? stop ?? this.bar.close, units, reason, kind: 'signal' });
    const amount = atFill === undefined ? fmt(units) : share === 1 ? 'with all the money' : `with ${fmt(share! * 100)} % of the money`;
    this.history.addLog(this.now(), `${side} ${amount} ${type === 'market' ? 'at market' : `${type} ${fmt(ref)}`}: ${reason}`);
    return a;
  }

  private close(reason: string | undefined): OrderAnswer {
    if (this.declaring || this.status !== 'running') return this.order('sell', undefined);
    this.cancelAll();
    const units = this.broker.position().units;
    if (units === 0) return fail(Code.INVALID_ORDER, 'Nothing to close: the position is flat.');
    const why = typeof reason !== 'string' ? 'close' : reason.length > 120 ? reason.slice(0, 120) : reason;
    const a = this.send(units > 0 ? 'sell' : 'buy', SIZE_UNITS, Math.abs(units), undefined, undefined, undefined, undefined, why);
    if (a.ok) this.closedAtBar = this.barIndex;
    return a;
  }

  private cancel(id: unknown): OrderAnswer {
    if (typeof id !== 'string') return fail(Code.UNKNOWN_ORDER, 'cancel takes the id an order method answered.');
    const a = this.broker.cancel(id);
    if (a.ok) this.exits.delete(id);
    return a;
  }

  private cancelAll(): void {
    const open = this.broker.openOrders();
    for (let k = 0; k < open.length; k++) void this.broker.cancel(open[k].id); // each its own: refused only if already gone
    if (this.exits.size > 0) this.exits.clear();
    if (this.legs.size > 0) this.legs.clear();
  }

  /** A refusal goes back to the strategy, to its log and (when it is the venue's or the spot rule's) to its card. */
  private refuse(code: string, message: string, card = true): OrderAnswer {
    if (card) {
      this.lastRefusal = message;
      this.history.addLog(this.now(), `Refused: ${message}`);
    }
    return { ok: false, code, message };
  }

  private isOpen(id: string): boolean {
    return this.broker.openOrders().some((o) => o.id === id);
  }

  /** Entries that are done get their exits; ones cancelled unfilled drop theirs. */
  private settleExits(): void {
    if (this.exits.size === 0) return;
    for (const [id, e] of this.exits) if (!this.isOpen(id)) this.placeExits(id, e);
  }

  private placeExits(entryId: string, e: PendingExits): void {
    this.exits.delete(entryId);
    const units = this.broker.roundUnits(e.filled);
    if (!(units > 0)) return;
    const side: OrderSide = e.side === 'buy' ? 'sell' : 'buy';
    const leg = (type: 'limit' | 'stop', price: number, reason: string): string | null => {
      const a = this.broker.submit(side, type, units, type === 'limit' ? price : undefined, type === 'stop' ? price : undefined, reason);
      if (!a.ok) {
        void this.refuse(a.code, `${reason}: ${a.message}`); // logged and on the card; the other leg is still tried
        return null;
      }
      this.reasons.set(a.id, reason);
      return a.id;
    };
    const tp = e.tp !== undefined ? leg('limit', e.tp, 'take-profit') : null;
    const sl = e.sl !== undefined ? leg('stop', e.sl, 'stop-loss') : null;
    if (tp !== null && sl !== null) {
      this.legs.set(tp, sl);
      this.legs.set(sl, tp);
    }
  }

  // ---------------------------------------------------------------- context

  private context(): StrategyContext {
    const columns = this.opts.columns;
    const factory = indicatorFactory((feed) => {
      this.feeds.push(feed);
      if (!feed.ahead) this.fed.push(feed);
    }, columns === undefined ? undefined : { bars: columns, cursor: this.cursor, lend: this.opts.lendColumn });
    const ind = new Proxy(factory, {
      get: (target, key) => {
        if (!this.declaring) throw new Error('Indicators are declared in init (ctx.ind), not later.');
        return Reflect.get(target, key) as unknown;
      },
    }) as IndicatorFactory;
    return new RunnerContext(this, ind, {
      buy: (o) => this.order('buy', o),
      sell: (o) => this.order('sell', o),
      close: (reason) => this.close(reason),
      cancel: (id) => this.cancel(id),
      log: (message) => this.history.addLog(this.now(), String(message)),
    });
  }
}

/** The context's order and log methods: functions of their own, so a strategy may take them off the context. */
type ContextActions = Pick<StrategyContext, 'buy' | 'sell' | 'close' | 'cancel' | 'log'>;

/**
 * `ctx`: what a strategy sees of its runner and venue. A class, its getters
 * on the prototype (V8 inlines them where an object literal's accessors stay
 * calls: a backtest reads `ctx.indicators` millions of times), the runner in
 * a `#private` field, out of the strategy's reach.
 */
class RunnerContext implements StrategyContext {
  readonly #runner: StrategyRunner;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly bar: Bar;
  readonly ind: IndicatorFactory;
  readonly buy: ContextActions['buy'];
  readonly sell: ContextActions['sell'];
  readonly close: ContextActions['close'];
  readonly cancel: ContextActions['cancel'];
  readonly log: ContextActions['log'];

  constructor(runner: StrategyRunner, ind: IndicatorFactory, actions: ContextActions) {
    this.#runner = runner;
    this.symbol = runner.opts.symbol;
    this.timeframe = runner.opts.timeframe;
    this.bar = runner.bar;
    this.ind = ind;
    this.buy = actions.buy;
    this.sell = actions.sell;
    this.close = actions.close;
    this.cancel = actions.cancel;
    this.log = actions.log;
  }

  get params(): ParamValues {
    return this.#runner.params;
  }

  get indicators(): unknown {
    return this.#runner.indicators;
  }

  get barIndex(): number {
    return this.#runner.barIndex;
  }

  get position(): Position {
    return this.#runner.broker.position();
  }

  get cash(): number {
    return this.#runner.broker.cash();
  }

  get equity(): number {
    return this.#runner.broker.equity();
  }

  get openOrders(): readonly OpenOrder[] {
    return this.#runner.broker.openOrders();
  }

  get state(): Record<string, unknown> {
    return this.#runner.mem;
  }

  set state(v: Record<string, unknown>) {
    this.#runner.mem = typeof v === 'object' && v !== null ? v : {};
  }
}

/** A number as a log line shows it: up to 8 significant digits, no float noise. */
function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(8))) : String(x);
}
