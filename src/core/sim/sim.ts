import { Code, fail, type Result } from '../codes';
import { MAKER_KIND } from '../bots/marketMaker';
import { NOISE_KIND } from '../bots/noiseTrader';
import type { DepositCommand, PlaceCommand } from '../exchange/commands';
import type { ExchangeEvent } from '../exchange/events';
import { Exchange } from '../exchange/exchange';
import type { Account } from '../exchange/ledger';
import { BUY, type Instrument, type Side } from '../exchange/order';
import { checkPlaceCommand } from '../exchange/validate';
import { restore as restoreExchange } from '../exchange/snapshot';
import { CandleSet, TIMEFRAMES } from '../market/candles';
import { Gbm } from '../market/gbm';
import { isOpen, marketStatus, type Calendar } from '../market/hours';
import type { InstrumentSpec } from '../market/instruments';
import { createRng, forkSeed } from '../market/prng';
import { EquityHistory } from '../portfolio/equity';
import { Positions } from '../portfolio/positions';
import { accountRiskInputs, checkOrder, validateRules, type RiskRules } from '../portfolio/risk';
import { equityOf, transferValue } from '../portfolio/valuation';
import { formatMoney, moneyText } from '../portfolio/money';
import { equityAtReference, givenValue } from '../portfolio/given';
import type { Agent, AgentEnv, AgentKind, SimDesk, StepContext } from './agent';
import { agentRegistry } from './agentKinds';
import { readCommand, recordOf } from './command';
import { isBotAccount, resolveConfig, type ResolvedConfig, type SimConfig } from './config';
import type { MarketState, SimSnapshot } from './snapshot';
import { StrategyBook } from './strategyBook';
import { StrategyAgent, STRATEGY_KIND } from './strategyAgent';
import type { StrategyView } from './strategyView';
import { strategyRunOf, type StrategyRun } from './strategyRun';
import type { ExternalBar } from './agent';
import type { StrategyDetail } from '../strategy/types';
import { agentStateOf } from './snapshotCheck';
import { applyBotParams } from './botParams';
import type { RecordedCommand, SimEvent, SimSink, UserCommand } from './types';

/** One listed instrument and everything the sim keeps for it. */
export interface Market {
  readonly spec: InstrumentSpec;
  readonly inst: Instrument;
  readonly gbm: Gbm;
  readonly candles: CandleSet;
  /** 'live' when a feed sets the reference; the GBM then only follows it. */
  source: 'synthetic' | 'live';
  open: boolean;
  /** Its agents, in the order they act each step: the maker, the noise trader, then any other kind. */
  readonly agents: Agent[];
  /**
   * What its agents are given each step. One per market, holding the market's
   * own spec, instrument and candles for good, so a step writes only numbers
   * into it: one shared context re-pointed at each market cost three
   * write-barriered pointer stores per market per step (a cachegrind run showed
   * them, and the bench felt them).
   */
  readonly ctx: StepContext;
}

/** Candle rings per instrument: five minutes of 1 s candles (what a 1 s chart shows), the default for the rest. */
const CANDLE_CAPACITY = { '1s': 300 } as const;

/** A sim input: replaying the same inputs from the same config gives the same events. */
export type SimInput =
  | { t: 'step'; dt: number }
  | { t: 'cmd'; cmd: RecordedCommand }
  | { t: 'ref'; symbol: string; price: number }
  /** A live feed's batch: one input per flush rather than one per price. */
  | { t: 'refs'; prices: [symbol: string, price: number][] }
  | { t: 'synthetic'; symbol: string };

/**
 * The façade the worker drives: one clock, the exchange, reference prices,
 * agents (bots, later strategies), positions, equity and risk. `step(dt)`
 * advances it; `submit(account, cmd)` takes a person's command and answers
 * with a result value. Deterministic: the same config and the same inputs
 * give the same events.
 *
 * One order path: a person's command (`submit`), an agent's decimal command
 * (`desk.submit`) and an agent's order in units (`desk.place`) all pass the
 * account's risk rules, and decimals become ticks and lots once
 * (validate.ts's checkPlaceCommand) before the exchange enters the order
 * (`placeChecked`).
 */
export class Sim {
  readonly cfg: ResolvedConfig;
  readonly ex: Exchange;
  readonly positions: Positions;
  readonly markets = new Map<string, Market>();
  readonly equity = new Map<string, EquityHistory>();
  readonly risk = new Map<string, RiskRules>();
  /** Net cash-equivalent moved in by deposits less withdrawals, per account (for returns). */
  readonly netIn = new Map<string, number>();
  /**
   * What each account was given, for returns (portfolio/given.ts): netIn, with
   * holdings moved before their market had a mark valued at its reference
   * rather than at 0. Kept apart because netIn is part of the state hash.
   */
  readonly given = new Map<string, number>();
  /**
   * An instrument's reference price in ticks: its market's fair value (the
   * GBM, which follows a live feed); while the market is being built (its
   * bots are funded before it joins `markets`), the price it starts from; 0
   * if not listed.
   */
  readonly referenceOf = (inst: Instrument): number =>
    this.markets.get(inst.symbol)?.gbm.ticks ?? this.envs.get(inst.symbol)?.refTicks ?? 0;
  now: number;
  private nextEquityAt: number;
  /** The agent kinds this sim can build and restore (agentKinds.ts). */
  readonly kinds: ReadonlyMap<string, AgentKind>;
  /** How agents reach the exchange: the one order path (see `placeUnits`, `submitFor`). */
  readonly desk: SimDesk;
  /** Every agent's accounts -> its agents (the noise accounts are shared by the noise traders of all markets). */
  private readonly owners = new Map<string, Agent[]>();
  /** The same, for agents that read events only: the exchange's events reach agents through here, by account. */
  private readonly listeners = new Map<string, Agent[]>();
  /** The event kinds some listener wants (its `eventKinds`, or every kind): other events are not routed at all. */
  private readonly heardKinds = new Set<string>();
  private heardAll = false;
  /**
   * The same answer for trades, for cancels, and for every other kind at
   * once, in fields (addAgent): of the sim's ~3 M events a trading day most
   * are accepted, modified and filled, which no built-in agent reads; two
   * comparisons turn them away without a Set lookup each.
   */
  private hearsTrades = false;
  private hearsCancels = false;
  private hearsOthers = false;
  /** One step context, overwritten for every market and step (agent.ts): the loop allocates nothing. */
  private userSeq = 0;
  private sink: SimSink;
  /** Inputs so far, when recording (for snapshots + tail and for tests). */
  readonly inputs: SimInput[] | null;
  private readonly calendars = new Map<Calendar, boolean>();
  /** Each market's agent env (strategies are built long after their market). */
  private readonly envs = new Map<string, AgentEnv>();
  /** The strategies people start: commands, views, the sandbox's outbox (strategyBook.ts). */
  private readonly strats: StrategyBook;

  /**
   * A new sim lists the instruments, funds the bots and opens the people's
   * accounts. `from` is restoreSim's path (snapshot.ts), with a snapshot it
   * has checked: the markets and bots are built from the config, but every
   * balance and state comes from the snapshot, so nothing is listed or
   * funded twice. Use restoreSim rather than passing it here.
   */
  constructor(config: SimConfig, sink: SimSink = () => {}, opts: { record?: boolean } = {}, from?: SimSnapshot) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the strategy host's clock getter reads the sim's
    const sim = this;
    this.cfg = resolveConfig(config);
    this.sink = sink;
    this.inputs = opts.record ? [] : null;
    this.now = this.cfg.start;
    this.nextEquityAt = this.now;
    // Every consumer of the sim reads events as they come and keeps copies only, so the exchange may reuse them.
    this.ex = new Exchange((e) => this.onExchange(e), { reuseEvents: true });
    this.positions = new Positions(this.ex);
    this.kinds = agentRegistry(this.cfg.agentKinds);
    this.strats = new StrategyBook({
      cfg: this.cfg, ex: this.ex, positions: this.positions, risk: this.risk,
      get now() {
        return sim.now;
      },
      envOf: (symbol) => this.envs.get(symbol),
      addAgent: (symbol, a) => this.addAgent(this.markets.get(symbol)!, a),
    });
    this.desk = {
      ex: this.ex,
      // The bots' hot path, kept one call deep: an account without rules (every bot's) goes straight to the exchange.
      place: (acc, id, inst, side, type, price, lots) => {
        const rules = this.risk.get(acc.id);
        return rules === undefined ? this.ex.placeFor(acc, id, inst, side, type, price, lots) : this.placeUnits(acc, rules, id, inst, side, type, price, lots);
      },
      fund: (account, asset, amount) => this.ex.apply({ op: 'deposit', account, asset, amount }),
      submit: (account, cmd) => this.submitFor(account, cmd),
    };
    // The market fields are set for each market before any agent reads them (tick); until then they hold nothing.
    if (from !== undefined) {
      this.load(from);
      return;
    }
    this.listAll();
    for (const u of this.cfg.users) {
      const opened = this.openAccount(u, this.cfg.startingCash);
      if (!opened.ok) throw new Error(`The config's starting cash cannot be deposited: ${opened.message}`);
    }
    this.refreshSessions(true);
    this.recordEquity();
  }

  setSink(sink: SimSink): void {
    this.sink = sink;
  }

  private listAll(): void {
    for (const spec of this.cfg.instruments) {
      // A listing refused leaves no instrument: the lookup below finds none and the market is not added.
      void this.ex.apply({
        op: 'instrument', symbol: spec.symbol, base: spec.base, quote: spec.quote, tick: spec.tick, lot: spec.lot,
        makerFeeBps: spec.makerFeeBps, takerFeeBps: spec.takerFeeBps,
      });
      const inst = this.ex.instruments.get(spec.symbol);
      if (inst !== undefined) this.addMarket(spec, inst, undefined);
    }
  }

  /**
   * One market: its reference, candles and agents. A new one seeds its
   * streams from the sim's seed and builds (and funds) its agents from the
   * config; a restored one restores each agent by kind from its saved state
   * (their balances are in the restored exchange).
   */
  private addMarket(spec: InstrumentSpec, inst: Instrument, saved: MarketState | undefined): void {
    const seed = this.cfg.seed;
    const params = { price: spec.startPrice, tick: spec.tick, drift: 0, volatility: spec.volatility };
    const gbm = saved !== undefined ? Gbm.restore(params, saved.gbm) : new Gbm(params, createRng(forkSeed(seed, `gbm:${spec.symbol}`)));
    const candles = saved !== undefined ? CandleSet.restore(saved.candles) : new CandleSet(TIMEFRAMES, CANDLE_CAPACITY);
    const m: Market = {
      spec, inst, gbm, candles, source: saved?.source ?? 'synthetic', open: saved?.open ?? true, agents: [],
      ctx: { now: this.now, dt: 0, ref: 0, spec, inst, candles },
    };
    const env: AgentEnv = {
      spec, inst, cfg: this.cfg, desk: this.desk, refTicks: gbm.ticks,
      rng: (name) => createRng(forkSeed(seed, `${name}:${spec.symbol}`)),
      positions: this.positions, now: () => this.now, strategyBars: this.strats.outbox,
    };
    this.envs.set(spec.symbol, env);
    // The two built-in kinds keep their v1 snapshot slots (snapshot.ts); a config that has them on needs their states.
    if (this.cfg.makers) {
      const k = this.kind(MAKER_KIND);
      if (saved === undefined) this.addAgent(m, k.create(env, undefined));
      else if (saved.maker !== null) this.addAgent(m, k.restore(env, saved.maker));
      else throw new Error(`${spec.symbol} has no market maker state, but the config has makers on.`);
    }
    if (this.cfg.noise && this.cfg.noiseAccounts > 0) {
      const k = this.kind(NOISE_KIND);
      if (saved === undefined) this.addAgent(m, k.create(env, undefined));
      else if (saved.noise !== null) this.addAgent(m, k.restore(env, saved.noise));
      else throw new Error(`${spec.symbol} has no noise trader state, but the config has noise traders on.`);
    }
    if (saved === undefined) {
      for (const a of this.cfg.agents) if (a.symbol === spec.symbol) this.addAgent(m, this.kind(a.kind).create(env, a.params));
    } else {
      for (const entry of saved.agents ?? []) this.addAgent(m, this.kind(entry.kind).restore(env, agentStateOf(entry)));
    }
    this.markets.set(spec.symbol, m);
  }

  private kind(name: string): AgentKind {
    const k = this.kinds.get(name);
    if (k === undefined) throw new Error(`No agent kind ${name} is registered.`);
    return k;
  }

  /** An agent joins its market's list, and the account maps that route its events and own its accounts. */
  private addAgent(m: Market, a: Agent): void {
    m.agents.push(a);
    if (a.kind === STRATEGY_KIND) this.strats.adopt(a as StrategyAgent);
    for (const account of a.accounts) {
      let owned = this.owners.get(account);
      if (owned === undefined) this.owners.set(account, (owned = []));
      owned.push(a);
      if (a.onEvent === undefined) continue;
      if (a.eventKinds === undefined) this.heardAll = true;
      else for (const k of a.eventKinds) this.heardKinds.add(k);
      const hk = this.heardKinds;
      this.hearsTrades = this.heardAll || hk.has('trade');
      this.hearsCancels = this.heardAll || hk.has('cancelled');
      this.hearsOthers = this.heardAll || hk.size > Number(hk.has('trade')) + Number(hk.has('cancelled'));
      let heard = this.listeners.get(account);
      if (heard === undefined) this.listeners.set(account, (heard = []));
      heard.push(a);
    }
  }

  /** Takes every state from a checked snapshot (restoreSim); the markets come from the config, in its order. */
  private load(s: SimSnapshot): void {
    restoreExchange(s.exchange, this.ex);
    this.positions.restore(s.positions);
    this.now = s.now;
    this.nextEquityAt = s.nextEquityAt;
    this.userSeq = s.userSeq;
    for (const [account, rules] of s.risk) this.risk.set(account, { ...rules });
    for (const [account, v] of s.netIn) this.netIn.set(account, v);
    for (const [account, v] of s.given ?? []) this.given.set(account, v);
    for (const [account, st] of s.equity) this.equity.set(account, EquityHistory.restore(st));
    const saved = new Map(s.markets.map((m) => [m.symbol, m]));
    for (const spec of this.cfg.instruments) {
      const inst = this.ex.instruments.get(spec.symbol);
      const m = saved.get(spec.symbol);
      // An instrument the config added since was never listed: the restored sim goes on without it, as the original would.
      if (inst === undefined && m === undefined) continue;
      if (inst === undefined || m === undefined) throw new Error(`${spec.symbol} is in the config but not in the snapshot.`);
      this.addMarket(spec, inst, m);
    }
    if (s.given === undefined) this.startMeasuringReturns();
  }

  /**
   * A snapshot saved before `given` existed: a person's or a strategy's
   * account was given cash only, so netIn is right for it; a bot's netIn
   * counted its first inventory at 0, so its return is measured from now on,
   * against what it holds now.
   */
  private startMeasuringReturns(): void {
    for (const [account, v] of this.netIn) {
      const kind = this.agentKindOf(account);
      const bot = kind === MAKER_KIND || kind === NOISE_KIND;
      this.given.set(account, bot ? equityAtReference(this.ex, account, this.cfg.cashAsset, this.referenceOf) : v);
    }
  }

  /** The kind of the agent that owns an account ('maker', 'noise', …), or undefined for a person's. */
  agentKindOf(account: string): string | undefined {
    return this.owners.get(account)?.[0]?.kind;
  }

  /** The clock's bookkeeping a snapshot needs (snapshot.ts). */
  get counters(): { nextEquityAt: number; userSeq: number } {
    return { nextEquityAt: this.nextEquityAt, userSeq: this.userSeq };
  }

  private openAccount(account: string, cash: number): Result {
    const funded = cash > 0 ? this.ex.apply({ op: 'deposit', account, asset: this.cfg.cashAsset, amount: cash }) : { ok: true as const };
    this.risk.set(account, { ...this.cfg.risk });
    return funded;
  }

  // ------------------------------------------------------------------ events

  private onExchange(e: ExchangeEvent): void {
    const now = this.now;
    // Read once and handed on: events come in a dozen shapes, so every `e.ev` is a megamorphic load.
    const ev = e.ev;
    this.positions.onEvent(e, now);
    if (ev === 'trade') {
      const m = this.markets.get(e.symbol);
      if (m !== undefined) m.candles.onTrade(now, e.price, e.qty);
    } else if (ev === 'deposit' || ev === 'withdrawal') {
      const v = transferValue(this.ex, e, this.cfg.cashAsset);
      this.netIn.set(e.account, (this.netIn.get(e.account) ?? 0) + v);
      // Only a holding with no mark is valued again: everything else is given as netIn counted it.
      const g = v !== 0 || e.asset === this.cfg.cashAsset ? v : givenValue(this.ex, e, this.cfg.cashAsset, this.referenceOf);
      this.given.set(e.account, (this.given.get(e.account) ?? 0) + g);
      this.equity.get(e.account)?.transfer(v);
    } else if (ev === 'rescaled' && e.asset === this.cfg.cashAsset) {
      // Amounts kept outside the engine follow the cash asset's finer scale.
      for (const [k, v] of this.netIn) this.netIn.set(k, v * e.factor);
      for (const [k, v] of this.given) this.given.set(k, v * e.factor);
      for (const h of this.equity.values()) h.setScale(e.dec);
    }
    this.sink(e, now);
    if (ev === 'trade') {
      if (this.hearsTrades) {
        this.deliver(e.buyer, e, ev);
        if (e.seller !== e.buyer) this.deliver(e.seller, e, ev);
      }
    } else if (ev === 'cancelled' ? this.hearsCancels : this.hearsOthers && (this.heardAll || this.heardKinds.has(ev))) {
      this.route(e);
    }
  }

  /**
   * Hands an event to the agents of its accounts (a trade: the buyer's and
   * the seller's), after the sink, so the driver sees events in the order they
   * happened. Only agents with `onEvent` are in `listeners`: the noise
   * traders' shared accounts cost nothing here.
   */
  private route(e: SimEvent): void {
    switch (e.ev) {
      case 'trade':
        this.deliver(e.buyer, e, e.ev);
        if (e.seller !== e.buyer) this.deliver(e.seller, e, e.ev);
        return;
      case 'listed':
      case 'rescaled':
      case 'rejected':
      case 'session':
        return;
      default:
        this.deliver(e.account, e, e.ev);
    }
  }

  private deliver(account: string, e: SimEvent, ev: SimEvent['ev']): void {
    const agents = this.listeners.get(account);
    if (agents === undefined) return;
    for (let i = 0; i < agents.length; i++) {
      const a = agents[i];
      if (a.eventKinds === undefined || a.eventKinds.includes(ev)) a.onEvent!(e);
    }
  }

  private emit(e: SimEvent): void {
    this.sink(e, this.now);
    if (e.ev === 'equity' && (this.heardAll || this.heardKinds.has('equity'))) this.route(e);
  }

  // ------------------------------------------------------------------ clock

  /** Advances the clock by dt ms, in steps of at most cfg.stepMs. */
  step(dt: number): void {
    if (!(dt > 0) || !Number.isFinite(dt)) return;
    this.inputs?.push({ t: 'step', dt });
    const end = this.now + dt;
    while (this.now < end) {
      const h = Math.min(this.cfg.stepMs, end - this.now);
      this.now += h;
      this.tick(h / 1000);
    }
  }

  private tick(dt: number): void {
    this.refreshSessions(false);
    const now = this.now;
    for (const m of this.markets.values()) {
      if (!m.open) continue;
      const ctx = m.ctx;
      ctx.now = now;
      ctx.dt = dt;
      ctx.ref = m.source === 'synthetic' ? m.gbm.step(dt) : m.gbm.ticks;
      const agents = m.agents;
      for (let i = 0; i < agents.length; i++) agents[i].onStep(ctx);
    }
    if (this.now >= this.nextEquityAt) this.recordEquity();
  }

  /** Opens and closes markets by their calendars; a closing market loses its bot quotes. */
  private refreshSessions(first: boolean): void {
    this.calendars.clear();
    for (const m of this.markets.values()) {
      const cal = m.spec.calendar;
      let open = this.calendars.get(cal);
      if (open === undefined) {
        open = isOpen(cal, this.now);
        this.calendars.set(cal, open);
      }
      if (open === m.open && !first) continue;
      m.open = open;
      if (!open) for (const a of m.agents) a.onClose?.();
      const status = marketStatus(cal, this.now);
      this.emit({ ev: 'session', symbol: m.spec.symbol, open, reason: status.reason, nextChange: status.nextChange });
    }
  }

  private recordEquity(): void {
    this.nextEquityAt = this.now + this.cfg.equityEveryMs;
    for (const account of this.tradingAccounts()) {
      let h = this.equity.get(account);
      if (h === undefined) {
        h = new EquityHistory({ dec: this.cashDec() });
        this.equity.set(account, h);
      }
      const eq = equityOf(this.ex, account, this.cfg.cashAsset);
      h.record(this.now, eq, this.cashDec());
      this.emit({ ev: 'equity', account, equity: eq });
    }
  }

  private tradingAccounts(): string[] {
    return [...this.risk.keys()];
  }

  cashDec(): number {
    return this.ex.ledger.findAsset(this.cfg.cashAsset)?.dec ?? 2;
  }

  // ------------------------------------------------------------------ references

  /** A live feed's price for an instrument: the reference continues from it without a jump. */
  setReference(symbol: string, price: number): Result {
    const m = this.markets.get(symbol);
    if (m === undefined) return fail(Code.UNKNOWN_SYMBOL, `Unknown symbol ${symbol}.`);
    if (!(price > 0) || !Number.isFinite(price)) return fail(Code.INVALID_PRICE, 'A reference price must be positive.');
    this.inputs?.push({ t: 'ref', symbol, price });
    m.gbm.setPrice(price);
    m.source = 'live';
    return { ok: true };
  }

  /**
   * Several live prices at once (a feed's flush), as one input. Unknown
   * symbols and bad prices are skipped; the count applied is returned.
   */
  setReferences(prices: readonly (readonly [string, number])[]): number {
    const ok: [string, number][] = [];
    for (const [symbol, price] of prices) {
      const m = this.markets.get(symbol);
      if (m === undefined || !(price > 0) || !Number.isFinite(price)) continue;
      ok.push([symbol, price]);
      m.gbm.setPrice(price);
      m.source = 'live';
    }
    if (ok.length > 0) this.inputs?.push({ t: 'refs', prices: ok });
    return ok.length;
  }

  /** Back to the synthetic generator, continuing from the last reference. */
  setSynthetic(symbol: string): void {
    const m = this.markets.get(symbol);
    if (m === undefined || m.source === 'synthetic') return;
    this.inputs?.push({ t: 'synthetic', symbol });
    m.source = 'synthetic';
  }

  /** Runs one recorded input again (a journal's tail, a replay). Malformed inputs are skipped: they may come from a file. */
  replay(x: unknown): void {
    const i = x as SimInput | null;
    if (i === null || typeof i !== 'object') return;
    if (i.t === 'step' && typeof i.dt === 'number') this.step(i.dt);
    else if (i.t === 'cmd' && typeof i.cmd === 'object' && i.cmd !== null) this.replayCommand(i.cmd);
    // A replayed input that is refused was refused when it was recorded too: replaying it changes nothing, as then.
    else if (i.t === 'ref' && typeof i.symbol === 'string' && typeof i.price === 'number') void this.setReference(i.symbol, i.price);
    else if (i.t === 'refs' && Array.isArray(i.prices)) {
      this.setReferences(i.prices.filter((p): p is [string, number] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number'));
    } else if (i.t === 'synthetic' && typeof i.symbol === 'string') this.setSynthetic(i.symbol);
  }

  /**
   * A recorded command: `{ op, account, … }`, or the legacy `{ kind, account?, … }`
   * of sims recorded before issue 9, whose account defaulted to the first user.
   */
  private replayCommand(raw: object): void {
    const r = raw as { op?: unknown; account?: unknown };
    const legacy = r.op === undefined;
    const account = legacy ? (r.account ?? this.cfg.users[0]) : r.account;
    void this.take(account, raw, legacy ? 'kind' : 'op'); // refused now as when recorded (replay); a reject changes nothing
  }

  // ------------------------------------------------------------------ commands

  /**
   * A person's command for their account: the one way in (with `desk` for
   * agents). Recorded, so a replay does it again. Bots' accounts are not
   * anyone's to command.
   */
  submit(account: string, cmd: UserCommand): Result<{ id?: string }> {
    return this.take(account, cmd, 'op');
  }

  private take(account: unknown, raw: unknown, opField: 'op' | 'kind'): Result<{ id?: string }> {
    const cmd = typeof raw === 'object' && raw !== null ? readCommand(raw, opField) : null;
    if (typeof account !== 'string' || account === '') return fail(Code.INVALID_COMMAND, 'A command needs an account.');
    if (cmd === null) {
      const op = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[opField] : undefined;
      return fail(Code.INVALID_COMMAND, `Unknown command ${JSON.stringify(op ?? null)}.`);
    }
    // Recorded before it is judged: a refused place may still use an id, and the replay must do the same.
    this.inputs?.push({ t: 'cmd', cmd: recordOf(account, cmd) });
    if (StrategyBook.isStrategyAccount(account)) return this.takeForStrategy(account, cmd);
    if (isBotAccount(account) || this.owners.has(account)) return fail(Code.NOT_OWNER, 'Bot accounts cannot be traded by hand.');
    return this.exec(account, cmd);
  }

  /**
   * A command for a strategy's account: only user code's orders (its
   * sandbox sends them, journaled here so a replay never needs the code) and
   * its failure report. A refused order is shown on its card.
   */
  private takeForStrategy(account: string, cmd: UserCommand): Result<{ id?: string }> {
    if (!this.owners.has(account) || !this.strats.acceptsFrom(account, cmd.op)) {
      return fail(Code.NOT_OWNER, `${account} is a strategy's account: only its own code trades there.`);
    }
    const closed = this.strats.externalRefusal(account, cmd.op);
    if (closed !== null) return closed as Result<{ id?: string }>;
    const r = this.exec(account, cmd);
    if (!r.ok && cmd.op !== 'strategyFail') this.strats.noteRefusal(account, r.message);
    return r;
  }

  /**
   * An agent's command in decimals, for one of its own accounts: the same
   * checks as a person's, not recorded (the agent acts again on replay).
   */
  private submitFor(account: string, raw: UserCommand): Result<{ id?: string }> {
    if (!this.owners.has(account)) return fail(Code.NOT_OWNER, `${account} is not an agent's account.`);
    const cmd = typeof raw === 'object' && raw !== null ? readCommand(raw, 'op') : null;
    if (cmd === null) return fail(Code.INVALID_COMMAND, 'Unknown command.');
    return this.exec(account, cmd);
  }

  private exec(account: string, cmd: UserCommand): Result<{ id?: string }> {
    switch (cmd.op) {
      case 'place':
        return this.place(account, cmd);
      case 'cancel':
        return this.ex.apply({ op: 'cancel', id: cmd.id, account });
      case 'modify':
        return this.ex.apply({ op: 'modify', id: cmd.id, account, price: cmd.price, stopPrice: cmd.stopPrice, qty: cmd.qty });
      case 'deposit':
        return this.ex.apply({ op: cmd.op, account, asset: this.cfg.cashAsset, amount: cmd.amount });
      case 'withdraw': {
        const r = this.ex.apply({ op: cmd.op, account, asset: this.cfg.cashAsset, amount: cmd.amount });
        return r.ok || r.code !== Code.INSUFFICIENT_FUNDS ? r : fail(r.code, this.withdrawable(account));
      }
      case 'reset':
        return this.reset(account, cmd.startingCash ?? this.cfg.startingCash);
      case 'setRisk': {
        const bad = validateRules(cmd.rules);
        if (bad) return bad;
        this.risk.set(account, { ...cmd.rules });
        return { ok: true };
      }
      case 'botParams':
        return applyBotParams(typeof cmd.symbol === 'string' ? this.markets.get(cmd.symbol) : undefined, cmd.symbol, cmd);
      default:
        return this.strats.exec(account, cmd);
    }
  }

  // ------------------------------------------------------------------ strategies

  /** Every strategy started in this sim, stopped ones included (their last figures), in start order. */
  strategies(): StrategyView[] {
    return this.strats.views();
  }

  /** One strategy's chart data: equity per bar, markers, overlays, log (bounded); null for an unknown id. */
  strategyDetail(id: string): StrategyDetail | null {
    return this.strats.detail(id);
  }

  /** What comparing a strategy's live run with its backtest needs (strategyRun.ts): its bars, markers and money. */
  strategyRun(id: string): Result<{ run: StrategyRun }> {
    const a = this.strats.get(id);
    if (a === undefined) return fail(Code.UNKNOWN_STRATEGY, `No strategy ${JSON.stringify(id)}.`);
    return strategyRunOf(a, this.markets.get(a.env.spec.symbol)!.candles);
  }

  /** The closed bars for user-code strategies since the last call (the sandbox runs their code on them). */
  drainStrategyBars(): ExternalBar[] {
    return this.strats.drainBars();
  }

  /**
   * A strategy's account as it is now (decimals), for its sandbox: a bar
   * queued while the sandbox was busy is decided on the account after the
   * orders it already sent, not on the one when the bar closed. Null for an
   * unknown id.
   */
  strategyAccount(id: string): Pick<ExternalBar, 'position' | 'cash' | 'equity' | 'openOrders'> | null {
    const b = this.strats.get(id)?.broker;
    return b === undefined ? null : { position: b.position(), cash: b.cash(), equity: b.equity(), openOrders: b.openOrders() };
  }

  /**
   * A place in decimals: the market must be open; the order is checked and
   * converted to units once (checkPlaceCommand), the account's risk rules see
   * those units, and the exchange enters the checked order (placeChecked).
   * A malformed order goes to placeChecked with its failure, which uses its
   * id and reports it exactly as a journal place would.
   */
  private place(account: string, cmd: Extract<UserCommand, { op: 'place' }>): Result<{ id?: string }> {
    const m = typeof cmd.symbol === 'string' ? this.markets.get(cmd.symbol) : undefined;
    if (m === undefined) return fail(Code.UNKNOWN_SYMBOL, `Unknown symbol ${JSON.stringify(cmd.symbol ?? null)}.`);
    if (!m.open) {
      const s = marketStatus(m.spec.calendar, this.now);
      return fail(Code.MARKET_CLOSED, `${m.spec.symbol} is closed (${s.reason.replace(/^Closed: /, '')}); orders are refused until the market opens.`);
    }
    const id = cmd.id ?? `${account}.${++this.userSeq}`;
    const order: PlaceCommand = {
      op: 'place', id, account, symbol: m.spec.symbol, side: cmd.side, type: cmd.type, price: cmd.price,
      stopPrice: cmd.stopPrice, qty: cmd.qty, tif: cmd.tif, takeProfit: cmd.takeProfit, stopLoss: cmd.stopLoss,
    };
    const p = checkPlaceCommand(order, m.inst);
    if (p.ok) {
      const rules = this.risk.get(account);
      if (rules !== undefined) {
        const bad = this.checkRisk(account, rules, p.inst, p.side, p.qty, p.price, p.stopPrice);
        if (bad !== null) return bad;
      }
    }
    const r = this.ex.placeChecked(id, account, p);
    return r.ok ? { ok: true, id } : r;
  }

  /**
   * An agent's order in engine units, through the same gate: the account's
   * risk rules if it has any (the bots' accounts have none: one Map miss),
   * then the exchange's unit entry point.
   */
  private placeUnits(acc: Account, rules: RiskRules, id: string, inst: Instrument, side: Side, type: 'limit' | 'market', price: number, lots: number): Result {
    const bad = this.checkRisk(acc.id, rules, inst, side, lots, type === 'market' ? 0 : price, 0);
    if (bad !== null) return bad;
    return this.ex.placeFor(acc, id, inst, side, type, price, lots);
  }


  /** The account's rules against an order in units (risk.ts). */
  private checkRisk(account: string, rules: RiskRules, inst: Instrument, side: Side, qty: number, price: number, stopPrice: number): ReturnType<typeof checkOrder> {
    const sideName = side === BUY ? 'buy' : 'sell';
    const { position, openOrders, refPrice } = accountRiskInputs(this.ex, account, inst, sideName);
    const hist = this.equity.get(account);
    const equity = equityOf(this.ex, account, this.cfg.cashAsset);
    return checkOrder({
      rules, inst, side: sideName, qty, price, stopPrice, refPrice, position, openOrders,
      equity, peak: Math.max(hist?.peak ?? 0, equity), cashAsset: this.cfg.cashAsset, cashDec: this.cashDec(),
    });
  }

  /**
   * Cancels everything, empties the account and starts it again with fresh
   * cash and history. Every step is checked before the first is taken (a
   * starting cash the ledger cannot hold, a balance that cannot be withdrawn
   * exactly): a reset is refused whole, with nothing changed, or done whole.
   */
  private reset(account: string, cash: number): Result {
    if (!(cash >= 0) || !Number.isFinite(cash)) return fail(Code.INVALID_AMOUNT, 'Starting cash must be zero or more.');
    const plan = this.resetPlan(account, cash);
    if (!plan.ok) return plan;
    this.ex.cancelAll(account, 'RESET');
    for (const w of plan.withdrawals) carriedOut(this.ex.apply(w), 'a reset’s withdrawal');
    // A clean slate (issue 13): the withdrawals realized what the holdings made; the realized P&L and fees go with them.
    this.positions.clear(account);
    const rules = this.risk.get(account) ?? { ...this.cfg.risk };
    this.equity.delete(account);
    this.netIn.set(account, 0);
    this.given.set(account, 0);
    if (plan.deposit !== null) carriedOut(this.ex.apply(plan.deposit), 'a reset’s deposit');
    this.risk.set(account, rules);
    const h = new EquityHistory({ dec: this.cashDec() });
    h.record(this.now, equityOf(this.ex, account, this.cfg.cashAsset), this.cashDec());
    this.equity.set(account, h);
    return { ok: true };
  }

  /**
   * A reset's transfers, each checked against the balance it will meet: all
   * of every asset out (cancelling hands the escrow back, so what the account
   * holds is what it will have available), then the starting cash in, to an
   * account that then holds none.
   */
  private resetPlan(account: string, cash: number): Result<{ withdrawals: DepositCommand[]; deposit: DepositCommand | null }> {
    const withdrawals: DepositCommand[] = [];
    const acc = this.ex.ledger.accounts.get(account);
    if (acc !== undefined) {
      for (const asset of this.ex.ledger.assets) {
        const units = acc.avail[asset.index] + acc.resv[asset.index];
        if (units <= 0) continue;
        const amount = Number((units / 10 ** asset.dec).toFixed(asset.dec));
        const w: DepositCommand = { op: 'withdraw', account, asset: asset.name, amount };
        // Decimals in, units inside: a balance too large for its decimals to survive the trip would leave a remainder.
        const bad = Math.round(amount * 10 ** asset.dec) !== units
          ? fail(Code.INVALID_AMOUNT, `The ${asset.name} balance is too large to be emptied exactly.`)
          : this.ex.transferRefusal(w, { avail: units, total: units });
        if (bad !== null) return fail(bad.code, `Cannot reset ${account}: ${bad.message} Nothing was changed.`);
        withdrawals.push(w);
      }
    }
    if (cash === 0) return { ok: true, withdrawals, deposit: null };
    const asset = this.cfg.cashAsset;
    const deposit: DepositCommand = { op: 'deposit', account, asset, amount: cash };
    const bad = this.ex.transferRefusal(deposit, { avail: 0, total: 0 });
    if (bad !== null) {
      const most = this.mostNewCash();
      const hint = cash > most ? ` The exchange can take at most ${moneyText(most, asset)} more.` : '';
      return fail(bad.code, `Cannot reset ${account} with ${moneyText(cash, asset)} of starting cash: ${bad.message}${hint} Nothing was changed.`);
    }
    return { ok: true, withdrawals, deposit };
  }

  /**
   * The exchange says "Only 106713.03684 USD available to withdraw" (its
   * units, for every asset); a person reads money, rounded down to the cent
   * so that the amount named can be withdrawn.
   */
  private withdrawable(account: string): string {
    const asset = this.ex.ledger.findAsset(this.cfg.cashAsset);
    const units = asset === undefined ? 0 : (this.ex.ledger.accounts.get(account)?.avail[asset.index] ?? 0);
    const dec = asset?.dec ?? 2;
    const cents = dec >= 2 ? Math.floor(units / 10 ** (dec - 2)) : units * 10 ** (2 - dec);
    return `Only ${formatMoney(cents, 2, this.cfg.cashAsset)} is available to withdraw (cash held by open orders is not).`;
  }

  /** The most cash a deposit can add now: every balance and the total deposited stay exact integers. */
  private mostNewCash(): number {
    const asset = this.ex.ledger.findAsset(this.cfg.cashAsset);
    if (asset === undefined) return Math.floor(Number.MAX_SAFE_INTEGER);
    const room = Number.MAX_SAFE_INTEGER - this.ex.ledger.deposited[asset.index];
    return Math.floor(room / 10 ** asset.dec);
  }
}

/**
 * A step whose every condition was checked before the first step was taken:
 * its failure is a broken invariant of the engine, not a person's error, and
 * must not pass as a reset done.
 */
function carriedOut(r: Result, what: string): void {
  if (!r.ok) throw new Error(`Bug: ${what} was refused after its checks passed: ${r.message}`);
}
