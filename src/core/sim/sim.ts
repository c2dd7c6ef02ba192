import { Code, fail, type Result } from '../codes';
import { MarketMaker } from '../bots/marketMaker';
import { NoiseTrader } from '../bots/noiseTrader';
import type { Command, PlaceCommand } from '../exchange/commands';
import type { ExchangeEvent } from '../exchange/events';
import { Exchange } from '../exchange/exchange';
import type { Instrument } from '../exchange/order';
import { restore as restoreExchange } from '../exchange/snapshot';
import { CandleSet, TIMEFRAMES } from '../market/candles';
import { Gbm } from '../market/gbm';
import { isOpen, marketStatus, type Calendar } from '../market/hours';
import type { InstrumentSpec } from '../market/instruments';
import { createRng, forkSeed, type Rng } from '../market/prng';
import { EquityHistory } from '../portfolio/equity';
import { Positions } from '../portfolio/positions';
import { accountRiskInputs, checkOrder, validateRules, type RiskRules } from '../portfolio/risk';
import { equityOf, transferValue } from '../portfolio/valuation';
import { MAKER_PREFIX, NOISE_PREFIX, isBotAccount, resolveConfig, type ResolvedConfig, type SimConfig } from './config';
import type { MarketState, SimSnapshot } from './snapshot';
import type { SimEvent, SimSink, UserCommand } from './types';

/** One listed instrument and everything the sim keeps for it. */
export interface Market {
  readonly spec: InstrumentSpec;
  readonly inst: Instrument;
  readonly gbm: Gbm;
  readonly candles: CandleSet;
  /** 'live' when a feed sets the reference; the GBM then only follows it. */
  source: 'synthetic' | 'live';
  open: boolean;
  maker: MarketMaker | null;
  noise: NoiseTrader | null;
}

/** Candle rings per instrument: five minutes of 1 s candles (what a 1 s chart shows), the default for the rest. */
const CANDLE_CAPACITY = { '1s': 300 } as const;

/** A sim input: replaying the same inputs from the same config gives the same events. */
export type SimInput =
  | { t: 'step'; dt: number }
  | { t: 'cmd'; cmd: UserCommand }
  | { t: 'ref'; symbol: string; price: number }
  /** A live feed's batch: one input per flush rather than one per price. */
  | { t: 'refs'; prices: [symbol: string, price: number][] }
  | { t: 'synthetic'; symbol: string };

/**
 * The façade the worker drives: one clock, the exchange, reference prices,
 * bots, positions, equity and risk. `step(dt)` advances it; `command()` takes a
 * person's command and answers with a result value. Deterministic: the same
 * config and the same inputs give the same events.
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
  now: number;
  private nextEquityAt: number;
  private readonly makersByAccount = new Map<string, MarketMaker>();
  private userSeq = 0;
  private sink: SimSink;
  /** Inputs so far, when recording (for snapshots + tail and for tests). */
  readonly inputs: SimInput[] | null;
  private readonly calendars = new Map<Calendar, boolean>();

  /**
   * A new sim lists the instruments, funds the bots and opens the people's
   * accounts. `from` is restoreSim's path (snapshot.ts), with a snapshot it
   * has checked: the markets and bots are built from the config, but every
   * balance and state comes from the snapshot, so nothing is listed or
   * funded twice. Use restoreSim rather than passing it here.
   */
  constructor(config: SimConfig, sink: SimSink = () => {}, opts: { record?: boolean } = {}, from?: SimSnapshot) {
    this.cfg = resolveConfig(config);
    this.sink = sink;
    this.inputs = opts.record ? [] : null;
    this.now = this.cfg.start;
    this.nextEquityAt = this.now;
    // Every consumer of the sim reads events as they come and keeps copies only, so the exchange may reuse them.
    this.ex = new Exchange((e) => this.onExchange(e), { reuseEvents: true });
    this.positions = new Positions(this.ex);
    if (from !== undefined) {
      this.load(from);
      return;
    }
    this.listAll();
    for (const u of this.cfg.users) this.openAccount(u, this.cfg.startingCash);
    this.refreshSessions(true);
    this.recordEquity();
  }

  setSink(sink: SimSink): void {
    this.sink = sink;
  }

  private listAll(): void {
    for (const spec of this.cfg.instruments) {
      this.ex.apply({
        op: 'instrument', symbol: spec.symbol, base: spec.base, quote: spec.quote, tick: spec.tick, lot: spec.lot,
        makerFeeBps: spec.makerFeeBps, takerFeeBps: spec.takerFeeBps,
      });
      const inst = this.ex.instruments.get(spec.symbol);
      if (inst !== undefined) this.addMarket(spec, inst, undefined);
    }
  }

  /**
   * One market: its reference, candles and bots. A new one seeds its streams
   * from the sim's seed and funds its bots; a restored one takes the saved
   * states instead (its bots' balances are in the restored exchange).
   */
  private addMarket(spec: InstrumentSpec, inst: Instrument, saved: MarketState | undefined): void {
    const seed = this.cfg.seed;
    const params = { price: spec.startPrice, tick: spec.tick, drift: 0, volatility: spec.volatility };
    const gbm = saved !== undefined ? Gbm.restore(params, saved.gbm) : new Gbm(params, createRng(forkSeed(seed, `gbm:${spec.symbol}`)));
    const m: Market = {
      spec, inst, gbm, candles: saved !== undefined ? CandleSet.restore(saved.candles) : new CandleSet(TIMEFRAMES, CANDLE_CAPACITY),
      source: saved?.source ?? 'synthetic', open: saved?.open ?? true, maker: null, noise: null,
    };
    const desk = { ex: this.ex, submit: (c: Command) => this.ex.apply(c) };
    if (this.cfg.makers) {
      m.maker = new MarketMaker(inst, `${MAKER_PREFIX}${spec.symbol}`, this.cfg.mm, desk);
      if (saved === undefined) m.maker.fund(gbm.ticks);
      else if (saved.maker !== null) m.maker.setState(saved.maker);
      else throw new Error(`${spec.symbol} has no market maker state, but the config has makers on.`);
      this.makersByAccount.set(m.maker.account, m.maker);
    }
    const noiseAccounts = Array.from({ length: this.cfg.noiseAccounts }, (_, i) => `${NOISE_PREFIX}${i + 1}`);
    if (this.cfg.noise && noiseAccounts.length > 0) {
      const nrng: Rng = createRng(forkSeed(seed, `noise:${spec.symbol}`));
      m.noise = new NoiseTrader(inst, noiseAccounts, this.cfg.noiseParams, desk, nrng);
      if (saved === undefined) m.noise.fund(gbm.ticks);
      else if (saved.noise !== null) m.noise.setState(saved.noise);
      else throw new Error(`${spec.symbol} has no noise trader state, but the config has noise traders on.`);
    }
    this.markets.set(spec.symbol, m);
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
  }

  /** The clock's bookkeeping a snapshot needs (snapshot.ts). */
  get counters(): { nextEquityAt: number; userSeq: number } {
    return { nextEquityAt: this.nextEquityAt, userSeq: this.userSeq };
  }

  private openAccount(account: string, cash: number): void {
    if (cash > 0) this.ex.apply({ op: 'deposit', account, asset: this.cfg.cashAsset, amount: cash });
    this.risk.set(account, { ...this.cfg.risk });
  }

  // ------------------------------------------------------------------ events

  private onExchange(e: ExchangeEvent): void {
    const now = this.now;
    this.positions.onEvent(e, now);
    if (e.ev === 'trade') {
      const m = this.markets.get(e.symbol);
      if (m !== undefined) {
        m.candles.onTrade(now, e.price, e.qty);
        if (m.maker !== null && (e.buyer === m.maker.account || e.seller === m.maker.account)) m.maker.dirty = true;
      }
    } else if (e.ev === 'deposit' || e.ev === 'withdrawal') {
      const v = transferValue(this.ex, e, this.cfg.cashAsset);
      this.netIn.set(e.account, (this.netIn.get(e.account) ?? 0) + v);
      this.equity.get(e.account)?.transfer(v);
    } else if (e.ev === 'rescaled' && e.asset === this.cfg.cashAsset) {
      // Amounts kept outside the engine follow the cash asset's finer scale.
      for (const [k, v] of this.netIn) this.netIn.set(k, v * e.factor);
      for (const h of this.equity.values()) h.setScale(e.dec);
    } else if (e.ev === 'cancelled' && e.reason === 'STP' && e.account.startsWith(MAKER_PREFIX)) {
      // A quote expired by self-trade prevention leaves a gap; the maker's own cancels do not.
      const mm = this.makersByAccount.get(e.account);
      if (mm !== undefined) mm.dirty = true;
    }
    this.sink(e, now);
  }

  private emit(e: SimEvent): void {
    this.sink(e, this.now);
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
    for (const m of this.markets.values()) {
      if (!m.open) continue;
      const ref = m.source === 'synthetic' ? m.gbm.step(dt) : m.gbm.ticks;
      m.maker?.quote(ref);
      m.noise?.act(this.now, dt, ref);
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
      if (!open) {
        m.maker?.withdraw();
        m.noise?.withdraw();
      }
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
    else if (i.t === 'cmd' && typeof i.cmd === 'object' && i.cmd !== null) this.command(i.cmd);
    else if (i.t === 'ref' && typeof i.symbol === 'string' && typeof i.price === 'number') this.setReference(i.symbol, i.price);
    else if (i.t === 'refs' && Array.isArray(i.prices)) {
      this.setReferences(i.prices.filter((p): p is [string, number] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number'));
    } else if (i.t === 'synthetic' && typeof i.symbol === 'string') this.setSynthetic(i.symbol);
  }

  // ------------------------------------------------------------------ commands

  /** A person's command. Bots' accounts are not anyone's to command. */
  command(cmd: UserCommand): Result<{ id?: string }> {
    this.inputs?.push({ t: 'cmd', cmd });
    const account = cmd.account ?? this.cfg.users[0];
    if (typeof account !== 'string' || account === '') return fail(Code.INVALID_COMMAND, 'A command needs an account.');
    if (isBotAccount(account)) return fail(Code.NOT_OWNER, 'Bot accounts cannot be traded by hand.');
    switch (cmd.kind) {
      case 'place':
        return this.place(account, cmd);
      case 'cancel':
        return this.ex.apply({ op: 'cancel', id: cmd.id, account });
      case 'modify': {
        const { kind: _k, account: _a, ...rest } = cmd;
        return this.ex.apply({ ...rest, op: 'modify', account });
      }
      case 'deposit':
      case 'withdraw':
        return this.ex.apply({ op: cmd.kind, account, asset: this.cfg.cashAsset, amount: cmd.amount });
      case 'reset':
        return this.reset(account, cmd.startingCash ?? this.cfg.startingCash);
      case 'setRisk': {
        const bad = validateRules(cmd.rules);
        if (bad) return bad;
        this.risk.set(account, { ...cmd.rules });
        return { ok: true };
      }
      default:
        return fail(Code.INVALID_COMMAND, `Unknown command ${JSON.stringify((cmd as { kind?: unknown }).kind ?? null)}.`);
    }
  }

  private place(account: string, cmd: Extract<UserCommand, { kind: 'place' }>): Result<{ id?: string }> {
    const m = typeof cmd.symbol === 'string' ? this.markets.get(cmd.symbol) : undefined;
    if (m === undefined) return fail(Code.UNKNOWN_SYMBOL, `Unknown symbol ${JSON.stringify(cmd.symbol ?? null)}.`);
    if (!m.open) {
      const s = marketStatus(m.spec.calendar, this.now);
      return fail(Code.MARKET_CLOSED, `${m.spec.symbol} is closed (${s.reason.replace(/^Closed: /, '')}); orders are refused until the market opens.`);
    }
    const id = cmd.id ?? `${account}.${++this.userSeq}`;
    const { kind: _k, account: _a, ...fields } = cmd;
    const placeCmd = { ...fields, op: 'place', id, account } as PlaceCommand;
    const riskFail = this.checkRisk(account, m, placeCmd);
    if (riskFail) return riskFail;
    const r = this.ex.apply(placeCmd);
    return r.ok ? { ok: true, id } : r;
  }

  private checkRisk(account: string, m: Market, c: PlaceCommand): ReturnType<typeof checkOrder> {
    const rules = this.risk.get(account);
    if (rules === undefined) return null;
    const inst = m.inst;
    const side = c.side === 'sell' ? 'sell' : 'buy';
    const toTicks = (x: unknown) => (typeof x === 'number' && x > 0 ? Math.round(x / inst.tick) : 0);
    const qty = typeof c.qty === 'number' && c.qty > 0 ? Math.round(c.qty / inst.lot) : 0;
    const { position, openOrders, refPrice } = accountRiskInputs(this.ex, account, inst, side);
    const hist = this.equity.get(account);
    const equity = equityOf(this.ex, account, this.cfg.cashAsset);
    return checkOrder({
      rules, inst, side, qty, price: toTicks(c.price), stopPrice: toTicks(c.stopPrice), refPrice, position, openOrders,
      equity, peak: Math.max(hist?.peak ?? 0, equity), cashAsset: this.cfg.cashAsset, cashDec: this.cashDec(),
    });
  }

  /** Cancels everything, empties the account and starts it again with fresh cash and history. */
  private reset(account: string, cash: number): Result {
    if (!(cash >= 0) || !Number.isFinite(cash)) return fail(Code.INVALID_AMOUNT, 'Starting cash must be zero or more.');
    this.ex.cancelAll(account, 'RESET');
    const acc = this.ex.ledger.accounts.get(account);
    if (acc !== undefined) {
      for (const asset of this.ex.ledger.assets) {
        const units = acc.avail[asset.index];
        if (units > 0) this.ex.apply({ op: 'withdraw', account, asset: asset.name, amount: Number((units / 10 ** asset.dec).toFixed(asset.dec)) });
      }
    }
    const rules = this.risk.get(account) ?? { ...this.cfg.risk };
    this.equity.delete(account);
    this.netIn.set(account, 0);
    this.openAccount(account, cash);
    this.risk.set(account, rules);
    const h = new EquityHistory({ dec: this.cashDec() });
    h.record(this.now, equityOf(this.ex, account, this.cfg.cashAsset), this.cashDec());
    this.equity.set(account, h);
    return { ok: true };
  }
}
