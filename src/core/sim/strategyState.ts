import { TIMEFRAMES } from '../market/candles';
import { builtinStrategy } from '../strategy/registry';
import { checkHistory, StrategyHistory, type HistoryState } from '../strategy/history';
import { StrategyRunner } from '../strategy/runner';
import { checkRunnerState, type RunnerState } from '../strategy/runnerState';
import { numberOf, savedNumber, type SavedValue } from '../strategy/series';
import type { Fill, ParamValue, ParamValues, StrategyDef, StrategyError, StrategyStatus } from '../strategy/types';
import type { Agent, AgentEnv, AgentKind } from './agent';
import { arr, bit, isObj, lit, nat, nullable, num, obj, str, tuple, type Check } from './shape';
import { SimBroker } from './simBroker';
import { MAX_EXT_FILLS, STRATEGY_KIND, StrategyAgent, type FinalFigures, type StrategyIdentity } from './strategyAgent';

/** A strategy agent in a snapshot (the market's `agents` list, as `{ kind: 'strategy', ...this }`). */
export interface StrategyAgentState extends StrategyIdentity {
  lastBar: number;
  lastStep: number;
  lastClose: SavedValue;
  fills: Fill[];
  final: FinalFigures | null;
  broker: { seq: number; open: [string, 0 | 1][] };
  /** Built-ins: the runner's whole state. Null for user code. */
  runner: RunnerState | null;
  /**
   * User code: what the sim keeps for it. Null for built-ins. `fills`: those
   * waiting for its next bar, left out when none (so a snapshot without any
   * reads as it did before they were sent to the sandbox).
   */
  ext: { status: StrategyStatus; error: StrategyError | null; lastRefusal: string | null; params: Record<string, ParamValue>; history: HistoryState; fills?: Fill[] } | null;
}

export function strategyAgentState(a: StrategyAgent): StrategyAgentState {
  const ext = a.ext;
  return {
    ...a.who,
    lastBar: a.lastBar,
    lastStep: a.lastStep,
    lastClose: savedNumber(a.lastClose),
    fills: a.fills.map((f) => ({ ...f })),
    final: a.final === null ? null : { ...a.final },
    broker: { seq: a.broker.seq, open: a.broker.open.map(([id, b]) => [id, b]) },
    runner: a.runner?.state() ?? null,
    ext: ext === null ? null : {
      status: ext.status, error: ext.error === null ? null : { ...ext.error }, lastRefusal: ext.lastRefusal, params: { ...ext.params }, history: ext.history.save(),
      ...(a.extFills.length > 0 ? { fills: a.extFills.map((f) => ({ ...f })) } : {}),
    },
  };
}

/** What `create` takes: who it is, and the checked parameters (built-ins) or the person's values as given (user code). */
export interface StrategyStart {
  who: StrategyIdentity;
  def: StrategyDef | null;
  params: ParamValues;
}

/** Built-ins are `sma-cross`…; user code is `user:<name>` and runs in the sandbox. */
export function isUserStrategy(name: string): boolean {
  return name.startsWith('user:');
}

export const strategyKind: AgentKind = {
  kind: STRATEGY_KIND,
  /** Called by the sim's `strategyStart` with a checked start (the budget is already in the account). */
  create(env: AgentEnv, start: unknown): Agent {
    const s = start as StrategyStart;
    const broker = new SimBroker(`strat:${s.who.id}`, env);
    const runner = s.def === null ? null : new StrategyRunner(s.def, s.params, broker, { symbol: env.spec.symbol, timeframe: s.who.timeframe });
    const a = new StrategyAgent(s.who, env, runner, broker, s.params);
    if (runner !== null && !runner.start()) a.cancelAll();
    return a;
  },
  check: (state) => checkStrategyState(state),
  restore(env: AgentEnv, state: unknown): Agent {
    const s = state as StrategyAgentState;
    const who: StrategyIdentity = { id: s.id, owner: s.owner, strategy: s.strategy, title: s.title, timeframe: s.timeframe, budget: s.budget, startedAt: s.startedAt };
    const broker = new SimBroker(`strat:${s.id}`, env);
    broker.seq = s.broker.seq;
    broker.open = s.broker.open.map(([id, b]) => [id, b]);
    let runner: StrategyRunner | null = null;
    if (s.runner !== null) {
      const def = builtinStrategy(s.strategy);
      if (def === undefined) throw new Error(`Unknown strategy ${s.strategy}.`);
      const r = StrategyRunner.restore(def, broker, { symbol: env.spec.symbol, timeframe: s.timeframe }, s.runner);
      if (!r.ok) throw new Error(r.message);
      runner = r.runner;
    }
    const a = new StrategyAgent(who, env, runner, broker, s.ext?.params ?? {});
    a.lastBar = s.lastBar;
    a.lastStep = s.lastStep;
    a.lastClose = numberOf(s.lastClose) ?? Number.NaN;
    a.fills = s.fills.map((f) => ({ ...f }));
    a.final = s.final === null ? null : { ...s.final };
    if (s.ext !== null && a.ext !== null) {
      a.ext.status = s.ext.status;
      a.ext.error = s.ext.error === null ? null : { ...s.ext.error };
      a.ext.lastRefusal = s.ext.lastRefusal;
      a.ext.history = new StrategyHistory();
      a.ext.history.load(s.ext.history);
      a.extFills = (s.ext.fills ?? []).map((f) => ({ ...f }));
    }
    return a;
  },
};

const savedValue: Check = (x) => (numberOf(x) !== undefined ? null : ' should be a number or null');
const text: Check = (x) => (typeof x === 'string' && x.length <= 1000 ? null : ' should be text');
const optText: Check = (x) => (x === undefined ? null : text(x));
const fill = (x: unknown): string | null => {
  if (!isObj(x)) return ' should be a fill';
  const f = x;
  for (const k of Object.keys(f)) if (!['orderId', 'side', 'units', 'price', 'fee', 'time', 'reason'].includes(k)) return `.${k} is not a field of a fill`;
  return str(f.orderId) ?? lit('buy', 'sell')(f.side) ?? num(f.units) ?? num(f.price) ?? num(f.fee) ?? num(f.time) ?? optText(f.reason);
};
const error: Check = (x) => {
  if (!isObj(x) || typeof x.message !== 'string') return ' should be { message, line? }';
  return x.line === undefined || nat(x.line) === null ? null : '.line should be a whole number';
};
const params: Check = (x) => (isObj(x) && Object.values(x).every((v) => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') ? null : ' should be name: value');

const base = {
  id: str, owner: str, strategy: str, title: str, timeframe: lit(...TIMEFRAMES), budget: num, startedAt: num,
  lastBar: num, lastStep: num, lastClose: savedValue, fills: arr(fill), final: nullable(obj({ cash: num, equity: num, trades: nat, fees: num })),
  broker: obj({ seq: nat, open: arr(tuple(str, bit)) }),
};

/** Null when `x` is a strategy agent's state (it comes from storage or a file), else where and what is wrong. */
export function checkStrategyState(x: unknown): string | null {
  if (!isObj(x)) return ' should be an object';
  const { runner, ext, ...rest } = x;
  const bad = obj(base)(rest);
  if (bad !== null) return bad;
  const strategy = x.strategy as string;
  if (isUserStrategy(strategy)) {
    if (runner !== null) return '.runner should be null for user code';
    if (!isObj(ext)) return '.ext should be an object for user code';
    const { history, fills, ...fields } = ext;
    if (fills !== undefined) {
      const f = Array.isArray(fills) && fills.length <= MAX_EXT_FILLS ? arr(fill)(fills) : ` should be a list of at most ${MAX_EXT_FILLS} fills`;
      if (f !== null) return `.ext.fills${f}`;
    }
    const e = obj({ status: lit('running', 'paused', 'stopped', 'error'), error: nullable(error), lastRefusal: nullable(str), params })(fields);
    if (e !== null) return `.ext${e}`;
    const h = checkHistory(history);
    return h === null ? null : `.ext.${h}`;
  }
  const def = builtinStrategy(strategy);
  if (def === undefined) return `.strategy ${JSON.stringify(strategy)} is not a built-in strategy`;
  if (ext !== null) return '.ext should be null for a built-in';
  const r = checkRunnerState(runner, def);
  return r === null ? null : `.${r}`;
}
