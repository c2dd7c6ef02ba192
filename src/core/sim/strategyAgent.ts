import { TIMEFRAME_MS, type Candle, type Timeframe } from '../market/candles';
import { StrategyHistory } from '../strategy/history';
import { StrategyRunner } from '../strategy/runner';
import type { Bar, Fill, ParamValue, StrategyDef, StrategyError, StrategyStatus } from '../strategy/types';
import type { Agent, AgentEnv, StepContext } from './agent';
import { SimBroker } from './simBroker';
import { strategyAgentState } from './strategyState';
import type { SimEvent } from './types';

export const STRATEGY_KIND = 'strategy';

/** Who started a strategy, on what, with which money: fixed at its start. */
export interface StrategyIdentity {
  id: string;
  /** The person's account it was started from (its budget came from there and goes back there). */
  owner: string;
  /** A built-in's name, or `user:<name>`. */
  strategy: string;
  title: string;
  timeframe: Timeframe;
  budget: number;
  startedAt: number;
}

/** The numbers of a stopped strategy, as they were just before its account was emptied back into its owner's. */
export interface FinalFigures {
  cash: number;
  equity: number;
  trades: number;
  fees: number;
}

/**
 * A strategy as an agent of its market: on account `strat:<id>`, funded by
 * its budget. Each step it looks whether a bar of its timeframe closed; if so
 * it hands the bar to its runner (built-ins: the `StrategyRunner` over a
 * `SimBroker`) or, for user code that runs in the sandbox, to the sim's
 * outbox (`drainStrategyBars`). Its fills reach it as the exchange's trade
 * events: noted in `onEvent` (never acted on there: it may be the middle of a
 * match) and handed over at the next step or right after a hook.
 *
 * Bars: the sim's candles of its timeframe. A bar closes when the clock
 * passes its end. A bar with no trade while the market was open is carried,
 * as charts do (open = high = low = close = the last close, volume 0): the
 * indicators' periods then measure time, as a person reading "20-bar SMA" on
 * a chart expects, rather than however many bars happened to trade. The hours
 * a market is closed make no bars (the agent is not stepped then).
 */
export class StrategyAgent implements Agent {
  readonly kind = STRATEGY_KIND;
  readonly accounts: readonly string[];
  readonly eventKinds = ['trade'] as const;
  readonly broker: SimBroker;
  /** Start of the last bar handed on (ms); the next one starts a timeframe later. */
  lastBar: number;
  /** When it was last stepped: a bar it was stepped inside was open, so an empty one is carried. */
  lastStep: number;
  lastClose = Number.NaN;
  /** Fills noted from events, handed to the runner at the next chance. */
  fills: Fill[] = [];
  /** User code: its fills since the last bar it was sent, sent with the next one (the sandbox calls `onFill`). */
  extFills: Fill[] = [];
  /** Set when stopped (the account is then empty). */
  final: FinalFigures | null = null;
  /** External (user code): its own status, parameters, refusals and history; built-ins keep these in the runner. */
  ext: { status: StrategyStatus; error: StrategyError | null; lastRefusal: string | null; params: Record<string, ParamValue>; history: StrategyHistory } | null;
  private readonly tfMs: number;
  private draining = false;

  constructor(
    readonly who: StrategyIdentity,
    readonly env: AgentEnv,
    /** Null for user code (external). */
    readonly runner: StrategyRunner | null,
    broker: SimBroker,
    extParams: Record<string, ParamValue>,
  ) {
    this.accounts = [`strat:${who.id}`];
    this.broker = broker;
    this.tfMs = TIMEFRAME_MS[who.timeframe];
    this.lastBar = Math.floor(who.startedAt / this.tfMs) * this.tfMs - this.tfMs;
    this.lastStep = who.startedAt;
    this.ext = runner === null ? { status: 'running', error: null, lastRefusal: null, params: { ...extParams }, history: new StrategyHistory() } : null;
  }

  get account(): string {
    return this.accounts[0];
  }

  get status(): StrategyStatus {
    if (this.final !== null) return 'stopped';
    return this.runner !== null ? this.runner.status : this.ext!.status;
  }

  get history(): StrategyHistory {
    return this.runner !== null ? this.runner.history : this.ext!.history;
  }

  onStep(ctx: StepContext): void {
    const now = ctx.now;
    if (now - this.lastBar < 2 * this.tfMs) {
      // The common step: no bar closed. Fills from others' orders meeting its resting ones are handed over here.
      this.lastStep = now;
      if (this.fills.length > 0) this.drain();
      return;
    }
    if (this.status === 'stopped' || this.status === 'error') {
      this.lastBar = Math.floor(now / this.tfMs) * this.tfMs - this.tfMs;
      this.lastStep = now;
      this.fills.length = 0;
      return;
    }
    this.drain();
    const current = Math.floor(now / this.tfMs) * this.tfMs;
    const closed = current - this.tfMs;
    const candles = ctx.candles.series(this.who.timeframe).toArray(4);
    let handed = false;
    for (const c of candles) {
      if (c.t > this.lastBar && c.t < current) {
        this.bar(this.barOf(c));
        handed = true;
      }
    }
    if (!handed && this.lastStep > closed && !Number.isNaN(this.lastClose)) {
      const p = this.lastClose;
      this.bar({ time: closed, open: p, high: p, low: p, close: p, volume: 0 });
    }
    this.lastBar = closed;
    this.lastStep = now;
  }

  private barOf(c: Candle): Bar {
    const inst = this.env.inst;
    const px = (ticks: number): number => Number((ticks * inst.tick).toFixed(inst.tickDec));
    return { time: c.t, open: px(c.o), high: px(c.h), low: px(c.l), close: px(c.c), volume: Number((c.v * inst.lot).toFixed(inst.lotDec)) };
  }

  private bar(b: Bar): void {
    this.lastClose = b.close;
    if (this.runner !== null) {
      this.runner.onBar(b);
      this.drain();
      if (this.runner.status === 'error') this.cancelAll();
      return;
    }
    const ext = this.ext!;
    ext.history.addEquity(b.time, this.broker.equity());
    if (ext.status !== 'running') {
      // A built-in's paused runner calls no onFill either.
      this.extFills.length = 0;
      return;
    }
    const out = this.env.strategyBars;
    out.push({
      id: this.who.id, symbol: this.env.spec.symbol, bar: b, position: this.broker.position(), cash: this.broker.cash(),
      equity: this.broker.equity(), openOrders: this.broker.openOrders(), params: { ...ext.params }, fills: this.extFills.splice(0),
    });
    // Nobody drains when no sandbox runs: keep the newest, as a feed's buffer would.
    if (out.length > MAX_OUTBOX) out.splice(0, out.length - MAX_OUTBOX);
  }

  /** Hands noted fills over (a fill may lead to orders, whose fills are handed over in turn). */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let i = 0; i < this.fills.length; i++) {
        const f = this.fills[i];
        if (this.runner !== null) this.runner.onFill(f);
        else {
          const ext = this.ext!;
          ext.history.addMarker({ time: f.time, side: f.side, price: f.price, units: f.units, reason: f.reason ?? f.side, kind: 'fill' });
          if (ext.status === 'running' && this.extFills.length < MAX_EXT_FILLS) this.extFills.push(f);
        }
      }
      this.fills.length = 0;
    } finally {
      this.draining = false;
    }
  }

  onEvent(e: SimEvent): void {
    if (e.ev !== 'trade') return;
    const buy = e.buyer === this.account;
    const takerIsUs = e.takerSide === (buy ? 'buy' : 'sell');
    const orderId = takerIsUs ? e.taker : e.maker;
    const inst = this.env.inst;
    const fill: { -readonly [K in keyof Fill]: Fill[K] } = {
      orderId, side: buy ? 'buy' : 'sell',
      units: Number((e.qty * inst.lot).toFixed(inst.lotDec)),
      price: Number((e.price * inst.tick).toFixed(inst.tickDec)),
      fee: (takerIsUs ? e.takerFee : e.makerFee) / 10 ** inst.quote.dec,
      time: this.env.now(),
    };
    if (orderId.endsWith(':tp')) fill.reason = 'take-profit';
    else if (orderId.endsWith(':sl')) fill.reason = 'stop-loss';
    this.fills.push(fill);
  }

  onClose(): void {
    // A closing market keeps a strategy's orders, as it keeps a person's: they wait for the open.
  }

  /** Takes its orders down (a stop, an error). */
  cancelAll(): void {
    this.env.desk.ex.cancelAll(this.account, 'USER');
  }

  state(): unknown {
    return strategyAgentState(this);
  }

  /** The definition it runs (built-ins), for the kind's restore. */
  get def(): StrategyDef | null {
    return this.runner?.def ?? null;
  }
}

/** Bars kept for the sandbox when nothing drains them. */
export const MAX_OUTBOX = 1000;
/** Fills kept for user code's next bar: more between two bars is a strategy trading in a loop; the newest are dropped. */
export const MAX_EXT_FILLS = 500;
