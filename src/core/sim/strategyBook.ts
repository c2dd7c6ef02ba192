import { Code, fail, type Result } from '../codes';
import { amountAsMoney } from '../exchange/amountText';
import type { Exchange } from '../exchange/exchange';
import { TIMEFRAMES, type Timeframe } from '../market/candles';
import type { Positions } from '../portfolio/positions';
import type { RiskRules } from '../portfolio/risk';
import { referencePrice, valueAt } from '../portfolio/marks';
import { equityOf } from '../portfolio/valuation';
import { checkParams } from '../strategy/params';
import { builtinStrategy } from '../strategy/registry';
import type { ParamValue, ParamValues, StrategyDetail } from '../strategy/types';
import type { Agent, AgentEnv, ExternalBar } from './agent';
import type { ResolvedConfig } from './config';
import type { StrategyAgent } from './strategyAgent';
import { isUserStrategy, strategyKind, type StrategyStart } from './strategyState';
import type { StrategyCommand } from './types';
import { strategyView, type StrategyView } from './strategyView';

/** What the strategies need of the sim (sim.ts gives it; nothing else of the sim is reachable from here). */
export interface StrategyHost {
  readonly cfg: ResolvedConfig;
  readonly ex: Exchange;
  readonly positions: Positions;
  readonly risk: Map<string, RiskRules>;
  readonly now: number;
  /** The market's agent env, or undefined for a symbol that is not listed. */
  envOf(symbol: string): AgentEnv | undefined;
  /** Adds an agent to its market's list and the account maps. */
  addAgent(symbol: string, a: Agent): void;
}

export const STRATEGY_PREFIX = 'strat:';
const MAX_PARAMS = 40;

/**
 * The sim's strategies: their commands (start, pause, resume, stop, change
 * parameters, and a sandbox's report that user code failed) and their views.
 * Each strategy is an agent of its market (strategyAgent.ts); this keeps them
 * by id, hands out ids (`S1`, `S2`, … counted from the agents themselves, so a
 * replay and a restored sim agree without a field of their own in the
 * snapshot), and moves budgets between a person's account and the
 * strategy's. The commands reach here through `Sim.submit`, so they are
 * journaled as every person's command is.
 */
export class StrategyBook {
  private readonly byId = new Map<string, StrategyAgent>();
  private seq = 0;
  /** External strategies' closed bars, for the sandbox (`Sim.drainStrategyBars`). Not saved: the worker drains it each frame. */
  readonly outbox: ExternalBar[] = [];

  constructor(private readonly host: StrategyHost) {}

  /** A strategy agent joined its market (a start, or a restore from a snapshot). */
  adopt(a: StrategyAgent): void {
    this.byId.set(a.who.id, a);
    const n = Number(a.who.id.slice(1));
    if (Number.isSafeInteger(n) && n > this.seq) this.seq = n;
  }

  get(id: string): StrategyAgent | undefined {
    return this.byId.get(id);
  }

  /** Whether `account` is a strategy's, or could become one (people may not use the prefix). */
  static isStrategyAccount(account: string): boolean {
    return account.startsWith(STRATEGY_PREFIX);
  }

  /** Whether a strategy account may submit this op itself: user code's orders, and its sandbox's failure report. */
  acceptsFrom(account: string, op: string): boolean {
    const a = this.byId.get(account.slice(STRATEGY_PREFIX.length));
    if (a === undefined || a.account !== account || a.runner !== null) return false;
    return op === 'place' || op === 'cancel' || op === 'modify' || op === 'strategyFail';
  }

  /** A user-code strategy's place/cancel/modify: only while it runs. Null when it may go on. */
  externalRefusal(account: string, op: string): Result | null {
    const a = this.byId.get(account.slice(STRATEGY_PREFIX.length));
    if (a === undefined || op === 'strategyFail' || a.status === 'running') return null;
    return fail(Code.INVALID_COMMAND, `Strategy ${a.who.id} is ${a.status}: its orders are refused.`);
  }

  /** A user-code strategy's order was refused by the sim: shown on its card like a built-in's. */
  noteRefusal(account: string, message: string): void {
    const a = this.byId.get(account.slice(STRATEGY_PREFIX.length));
    if (a?.ext == null) return;
    a.ext.lastRefusal = message;
    a.ext.history.addLog(this.host.now, `Refused: ${message}`);
  }

  exec(account: string, cmd: StrategyCommand): Result<{ id?: string }> {
    switch (cmd.op) {
      case 'strategyStart':
        return this.start(account, cmd);
      case 'strategyFail':
        return this.failed(account, cmd);
      default:
        break;
    }
    const a = this.owned(account, cmd.id);
    if (!a.ok) return a;
    const s = a.agent;
    const status = s.status;
    switch (cmd.op) {
      case 'strategyPause':
        if (status !== 'running') return fail(Code.INVALID_COMMAND, `Strategy ${s.who.id} is ${status}; only a running one can be paused.`);
        if (s.runner !== null) s.runner.pause();
        else s.ext!.status = 'paused';
        s.history.addLog(this.host.now, 'Paused.');
        return { ok: true, id: s.who.id };
      case 'strategyResume':
        if (status !== 'paused') return fail(Code.INVALID_COMMAND, `Strategy ${s.who.id} is ${status}; only a paused one can be resumed.`);
        if (s.runner !== null) s.runner.resume();
        else s.ext!.status = 'running';
        s.history.addLog(this.host.now, 'Resumed.');
        return { ok: true, id: s.who.id };
      case 'strategyParams': {
        if (status === 'stopped' || status === 'error') return fail(Code.INVALID_COMMAND, `Strategy ${s.who.id} is ${status}; its parameters can no longer change.`);
        const p = this.paramsFor(s.who.strategy, cmd.params);
        if (!p.ok) return p;
        if (s.runner !== null) s.runner.setParams(p.values);
        else s.ext!.params = { ...p.values };
        s.history.addLog(this.host.now, `Parameters from the next bar: ${shownParams(p.values)}.`);
        return { ok: true, id: s.who.id };
      }
      case 'strategyStop':
        // A failed strategy stops trading at once but keeps its account until its owner takes the money back (this stop).
        if (status === 'stopped' || s.final !== null) return fail(Code.INVALID_COMMAND, `Strategy ${s.who.id} is already stopped and its money returned.`);
        return this.stop(s);
    }
  }

  private owned(account: string, id: unknown): Result<{ agent: StrategyAgent }> {
    const a = typeof id === 'string' ? this.byId.get(id) : undefined;
    if (a === undefined) return fail(Code.UNKNOWN_STRATEGY, `No strategy ${JSON.stringify(id ?? null)}.`);
    if (a.who.owner !== account) return fail(Code.NOT_OWNER, `Strategy ${a.who.id} was started by another account.`);
    return { ok: true, agent: a };
  }

  /** Built-ins: checked against their declaration. User code: plain name -> value pairs (its sandbox checks them against its own). */
  private paramsFor(strategy: string, input: unknown): Result<{ values: ParamValues }> {
    const def = builtinStrategy(strategy);
    if (def !== undefined) return checkParams(def.params, input, def.validate);
    if (input === undefined || input === null) return { ok: true, values: {} };
    if (typeof input !== 'object' || Array.isArray(input)) return fail(Code.INVALID_SETTING, 'Parameters should be an object of name: value.');
    const values = Object.create(null) as Record<string, ParamValue>;
    const entries = Object.entries(input as Record<string, unknown>);
    if (entries.length > MAX_PARAMS) return fail(Code.INVALID_SETTING, `At most ${MAX_PARAMS} parameters.`);
    for (const [k, v] of entries) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(k)) return fail(Code.INVALID_SETTING, `The parameter name ${JSON.stringify(k.slice(0, 40))} should be a short identifier.`);
      const ok = (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 100);
      if (!ok) return fail(Code.INVALID_SETTING, `${k} must be a number, true/false or a short text.`);
      values[k] = v as ParamValue;
    }
    return { ok: true, values };
  }

  private start(account: string, cmd: Extract<StrategyCommand, { op: 'strategyStart' }>): Result<{ id?: string }> {
    const host = this.host;
    const name = cmd.strategy;
    if (typeof name !== 'string' || name === '') return fail(Code.UNKNOWN_STRATEGY, 'Which strategy? strategy is missing.');
    const user = isUserStrategy(name);
    const def = user ? null : builtinStrategy(name);
    if (user ? !/^user:.{1,60}$/su.test(name) : def === undefined) {
      return fail(Code.UNKNOWN_STRATEGY, user ? 'A user strategy is named user:<name>, with a name of 1 to 60 characters.' : `Unknown strategy ${JSON.stringify(name.slice(0, 60))}.`);
    }
    const env = typeof cmd.symbol === 'string' ? host.envOf(cmd.symbol) : undefined;
    if (env === undefined) return fail(Code.UNKNOWN_SYMBOL, `Unknown symbol ${JSON.stringify(cmd.symbol ?? null)}.`);
    const tf = cmd.timeframe ?? def?.timeframe ?? '1m';
    if (!(TIMEFRAMES as readonly unknown[]).includes(tf)) return fail(Code.INVALID_SETTING, `timeframe must be one of ${TIMEFRAMES.join(', ')}.`);
    const p = this.paramsFor(name, cmd.params);
    if (!p.ok) return p;
    const budget = cmd.budget;
    if (typeof budget !== 'number' || !Number.isFinite(budget) || !(budget > 0)) return fail(Code.INVALID_AMOUNT, 'The budget must be an amount above 0.');
    // A budget that cannot buy one lot at today's price would only collect refusals.
    const inst = env.inst;
    const oneLot = valueAt(inst, inst.lotUnit, referencePrice(inst, 'buy') || env.refTicks) / 10 ** inst.quote.dec; // no quote yet: the opening price
    if (oneLot > 0 && budget < oneLot) {
      // The lot's price rounds up and the budget down: the message never names two equal amounts.
      const shown = amountAsMoney(Math.ceil(oneLot * 10 ** inst.quote.dec), inst.quote.dec, inst.quote.name, 'up');
      return fail(Code.INVALID_AMOUNT, `A budget of ${budgetText(budget, inst.quote.name)} cannot buy one lot of ${env.spec.symbol} (about ${shown} now): give it at least that.`);
    }
    const cash = host.cfg.cashAsset;
    // The person's cash goes to the strategy's account: a withdrawal and a deposit, each judged by the exchange.
    const out = host.ex.apply({ op: 'withdraw', account, asset: cash, amount: budget });
    if (!out.ok) return fail(out.code, `A budget of ${budgetText(budget, cash)} cannot come from ${account}: ${out.message}`);
    const id = `S${this.seq + 1}`;
    const stratAccount = `${STRATEGY_PREFIX}${id}`;
    const into = host.ex.apply({ op: 'deposit', account: stratAccount, asset: cash, amount: budget });
    if (!into.ok) throw new Error(`Bug: the budget withdrawn from ${account} could not be deposited: ${into.message}`);
    // The person's risk rules go with their money.
    host.risk.set(stratAccount, { ...(host.risk.get(account) ?? host.cfg.risk) });
    const start: StrategyStart = {
      who: { id, owner: account, strategy: name, title: def?.title ?? name.slice(5), timeframe: tf as Timeframe, budget, startedAt: host.now },
      def: def ?? null,
      params: p.values,
    };
    const agent = strategyKind.create(env, start) as StrategyAgent;
    host.addAgent(env.spec.symbol, agent);
    agent.history.addLog(host.now, `Started with ${budgetText(budget, cash)} on ${env.spec.symbol} (${tf}): ${shownParams(p.values)}.`);
    return { ok: true, id };
  }

  /**
   * Stops it: `onStop`, its orders cancelled, and everything its account
   * holds (cash and the instrument) back to its owner's account. Its figures
   * are kept as they were just before, for its card.
   */
  private stop(s: StrategyAgent): Result<{ id?: string }> {
    const host = this.host;
    s.runner?.stop(host.now);
    s.drain();
    s.cancelAll();
    const v = strategyView(s, host);
    s.final = { cash: v.cash, equity: v.equity, trades: v.trades, fees: v.fees };
    const acc = host.ex.ledger.accounts.get(s.account);
    if (acc !== undefined) {
      for (const asset of host.ex.ledger.assets) {
        const units = acc.avail[asset.index] ?? 0;
        if (units <= 0) continue;
        const amount = Number((units / 10 ** asset.dec).toFixed(asset.dec));
        const out = host.ex.apply({ op: 'withdraw', account: s.account, asset: asset.name, amount });
        if (!out.ok) continue; // a balance too large to leave exactly stays where it is, visible on the stopped card
        const back = host.ex.apply({ op: 'deposit', account: s.who.owner, asset: asset.name, amount });
        if (!back.ok) throw new Error(`Bug: a stopped strategy's ${asset.name} could not go back to ${s.who.owner}: ${back.message}`);
      }
    }
    if (s.ext !== null) s.ext.status = 'stopped';
    // It trades no more: its empty account leaves the accounts whose equity is recorded (and ranked by the return on it).
    host.risk.delete(s.account);
    s.history.addLog(host.now, `Stopped; its account went back to ${s.who.owner}.`);
    return { ok: true, id: s.who.id };
  }

  /** The sandbox reports that user code failed (a throw, a timeout, a syntax error): it stops with that error. */
  private failed(account: string, cmd: Extract<StrategyCommand, { op: 'strategyFail' }>): Result<{ id?: string }> {
    const a = typeof cmd.id === 'string' ? this.byId.get(cmd.id) : undefined;
    if (a === undefined) return fail(Code.UNKNOWN_STRATEGY, `No strategy ${JSON.stringify(cmd.id ?? null)}.`);
    if (account !== a.who.owner && account !== a.account) return fail(Code.NOT_OWNER, `Strategy ${a.who.id} is not ${account}'s.`);
    if (typeof cmd.message !== 'string' || cmd.message === '') return fail(Code.INVALID_COMMAND, 'strategyFail needs a message.');
    if (cmd.line !== undefined && !(Number.isSafeInteger(cmd.line) && cmd.line > 0)) return fail(Code.INVALID_COMMAND, 'line must be a line number.');
    const status = a.status;
    if (status === 'stopped' || status === 'error') return fail(Code.INVALID_COMMAND, `Strategy ${a.who.id} is already ${status}.`);
    const err = cmd.line !== undefined ? { message: cmd.message.slice(0, 300), line: cmd.line } : { message: cmd.message.slice(0, 300) };
    if (a.runner !== null) a.runner.fail(err, this.host.now);
    else {
      a.ext!.status = 'error';
      a.ext!.error = err;
      a.ext!.history.addLog(this.host.now, err.line !== undefined ? `Error on line ${err.line}: ${err.message}` : `Error: ${err.message}`);
    }
    a.cancelAll();
    return { ok: true, id: a.who.id };
  }

  views(): StrategyView[] {
    return [...this.byId.values()].map((a) => strategyView(a, this.host));
  }

  detail(id: string): StrategyDetail | null {
    return this.byId.get(id)?.history.detail() ?? null;
  }

  drainBars(): ExternalBar[] {
    return this.outbox.splice(0, this.outbox.length);
  }
}

function shownParams(p: ParamValues): string {
  const parts = Object.entries(p).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? 'no parameters' : parts.join(', ');
}

/** Equity of an account in decimals of the cash asset. */
export function equityDecimal(h: Pick<StrategyHost, 'ex' | 'cfg'>, account: string): number {
  const dec = h.ex.ledger.findAsset(h.cfg.cashAsset)?.dec ?? 2;
  return equityOf(h.ex, account, h.cfg.cashAsset) / 10 ** dec;
}

/**
 * A budget (a decimal amount, as the command gave it) as money, rounded down
 * to the cent: "$1,000,000,000.00", never the raw "1000000000 USD". Micro-units
 * first, so that float noise (49.99 × 100 = 4998.999…) does not lose a cent.
 */
function budgetText(budget: number, asset: string): string {
  return amountAsMoney(Math.round(budget * 1e6), 6, asset, 'down');
}
