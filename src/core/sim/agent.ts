import type { Result } from '../codes';
import type { Account } from '../exchange/ledger';
import type { Instrument, Side } from '../exchange/order';
import type { Exchange } from '../exchange/exchange';
import type { CandleSet } from '../market/candles';
import type { InstrumentSpec } from '../market/instruments';
import type { Rng } from '../market/prng';
import type { Positions } from '../portfolio/positions';
import type { ResolvedConfig } from './config';
import type { Bar, Fill, OpenOrder, ParamValue, Position } from '../strategy/types';
import type { SimEvent, UserCommand } from './types';

/**
 * The seam between the sim and whatever trades inside it: market makers,
 * noise traders, and (issue 11) strategies. The sim runs a list of agents per
 * market; each step it calls `onStep` on every agent of every open market,
 * with one context object it reuses (no allocation per call). Agents are
 * deterministic: driven by the sim's clock and seeded streams only, so the
 * sim's own inputs replay them.
 */
export interface Agent {
  /** The kind in the registry (agentKinds.ts) that built it and can restore it. */
  readonly kind: string;
  /** The accounts it trades for: events for these accounts reach `onEvent`. */
  readonly accounts: readonly string[];
  /** One step of the sim's clock on its open market. */
  onStep(ctx: StepContext): void;
  /**
   * Events of its own accounts (the sim routes by account, in the order the
   * exchange emits them, each right after the sim's sink has seen it). Only
   * good for the call: the exchange reuses event objects, so keep copies. It
   * may be called in the middle of a match: note what happened and act in
   * the next `onStep`, never place or cancel from here. An agent without it
   * costs nothing per event.
   */
  onEvent?(e: SimEvent): void;
  /**
   * The kinds of event `onEvent` wants (`'trade'`, `'cancelled'`, …); absent:
   * every kind. The sim hands an agent only these, so a market maker that
   * reads trades does not hear every quote it places and cancels.
   */
  readonly eventKinds?: readonly SimEvent['ev'][];
  /** Its market closed: take every order down. */
  onClose?(): void;
  /**
   * Everything that steers what it does next, as plain JSON, such that
   * `kind.restore(env, state())` behaves exactly as this agent would.
   */
  state(): unknown;
}

/**
 * What an agent sees each step. One object per sim, overwritten for every
 * market and step: read it during the call, keep nothing of it.
 */
export interface StepContext {
  /** Sim time at the end of the step, UTC ms. */
  now: number;
  /** The step's length, seconds. */
  dt: number;
  /** The market's reference price (the bar's close), in ticks. */
  ref: number;
  /** The market stepped: what it is, its instrument in the exchange, and its bars (candles of every timeframe). */
  spec: InstrumentSpec;
  inst: Instrument;
  candles: CandleSet;
}

/**
 * How an agent reaches the exchange: the sim's one order path. `place`
 * takes an order in engine units (ticks, lots) through the same gate as a
 * person's (the account's risk rules, if it has any: for the bots' accounts
 * that is one Map miss); `submit` takes a person-style command in decimals
 * (converted to units once, risk-checked) for agents that think in prices.
 * Funding is a journaled deposit: bots are infrastructure and never run dry.
 */
export interface Desk {
  /** For reading (books, balances, live orders); orders go through `place` and `submit`. */
  readonly ex: Exchange;
  place(acc: Account, id: string, inst: Instrument, side: Side, type: 'limit' | 'market', price: number, lots: number): Result;
  fund(account: string, asset: string, amount: number): Result;
}

/** The sim's desk: a Desk plus the decimal command path people use. */
export interface SimDesk extends Desk {
  /** A command for one of the agent's own accounts, as `Sim.submit` takes from a person (not recorded: the agent is replayed). */
  submit(account: string, cmd: UserCommand): Result<{ id?: string }>;
}

/** What building or restoring an agent for one market may use. */
export interface AgentEnv {
  readonly spec: InstrumentSpec;
  readonly inst: Instrument;
  readonly cfg: ResolvedConfig;
  readonly desk: SimDesk;
  /** A seeded stream of its own for this market and kind (fresh agents only; a restored one keeps its state). */
  rng(name: string): Rng;
  /** The reference price at creation, ticks (for funding). */
  readonly refTicks: number;
  /** Positions of every account (average cost, trades, fees): what strategies read of their own. */
  readonly positions: Positions;
  /** The sim's clock (events reach agents between steps, when a step context is not at hand). */
  now(): number;
  /** The outbox of strategies whose code runs outside the sim (the sandbox): one message per closed bar. */
  readonly strategyBars: ExternalBar[];
}

/**
 * What an external strategy (user code, run in the sandbox) gets for each
 * closed bar of its timeframe: the bar and its account as the sim sees it,
 * in decimals; the sandbox's broker mirrors this, and its orders come back
 * as the strategy account's ordinary commands.
 */
export interface ExternalBar {
  id: string;
  symbol: string;
  bar: Bar;
  position: Position;
  cash: number;
  equity: number;
  openOrders: OpenOrder[];
  /** The parameters in force (a `strategyParams` shows up here from the next bar). */
  params: Record<string, ParamValue>;
  /** Its fills since the bar before (the sandbox's runner calls `onFill` with each, before `onBar`). */
  fills: Fill[];
}

/**
 * A kind of agent: how to build a fresh one and how to restore one from its
 * `state()`. `check` reads a saved state from a file or storage and says what
 * is wrong with it (null: fine), before `restore` trusts it.
 */
export interface AgentKind {
  readonly kind: string;
  create(env: AgentEnv, params: unknown): Agent;
  check(state: unknown): string | null;
  restore(env: AgentEnv, state: unknown): Agent;
}
