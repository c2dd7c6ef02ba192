import type { ExchangeEvent } from '../exchange/events';
import type { PlaceCommand } from '../exchange/commands';
import type { Timeframe } from '../market/candles';
import type { RiskRules } from '../portfolio/risk';
import type { ParamValue } from '../strategy/types';
import type { BotChange } from '../bots/settings';

/** Everything the sim tells its driver: the exchange's events and its own. Integers as in the engine. */
export type SimEvent =
  | ExchangeEvent
  | { ev: 'session'; symbol: string; open: boolean; reason: string; nextChange: number }
  | { ev: 'equity'; account: string; equity: number };

/**
 * Receives each event with the sim time (UTC ms) it happened at. An event is
 * only good for the call: the exchange reuses the objects of its frequent
 * kinds (`reuseEvents`), so a sink that keeps one keeps a copy (`{ ...e }`).
 */
export type SimSink = (e: SimEvent, ts: number) => void;

type PlaceFields = Omit<PlaceCommand, 'op' | 'account' | 'id'> & { id?: string };

/**
 * A command to the sim (`Sim.submit(account, cmd)`), from a person, a bot or
 * a strategy. `op` names it, as in the journal (JOURNAL.md); `type` is the
 * order type. Prices and quantities are decimals: the sim converts them to
 * ticks and lots once. The account is `submit`'s, never a field.
 */
export type UserCommand =
  | ({ op: 'place' } & PlaceFields)
  | { op: 'cancel'; id: string }
  | { op: 'modify'; id: string; price?: number; stopPrice?: number; qty?: number }
  | { op: 'deposit' | 'withdraw'; amount: number }
  | { op: 'reset'; startingCash?: number }
  | { op: 'setRisk'; rules: RiskRules }
  /** A learner changes one market's bots (bots/settings.ts, botParams.ts): journaled, so a replay gives the same market. */
  | ({ op: 'botParams'; symbol: string } & BotChange)
  | StrategyCommand;

/**
 * A person's commands to their strategies (strategyBook.ts), journaled like
 * every command. `strategyStart` moves `budget` (cash, decimals) into the
 * strategy's own account `strat:<id>`; `strategyStop` moves everything back.
 * `strategyFail` is the sandbox's report that user code failed; it may come
 * from the owner's account or the strategy's own.
 */
export type StrategyCommand =
  | {
      op: 'strategyStart';
      /** A built-in's name (`sma-cross`) or `user:<name>` (code run by the sandbox). */
      strategy: string;
      symbol: string;
      /** Default: the strategy's own. */
      timeframe?: Timeframe;
      params?: Record<string, ParamValue>;
      budget: number;
    }
  | { op: 'strategyPause' | 'strategyResume' | 'strategyStop'; id: string }
  | { op: 'strategyParams'; id: string; params: Record<string, ParamValue> }
  | { op: 'strategyFail'; id: string; message: string; line?: number };

/** A command as the sim records it (`{ t: 'cmd', cmd }`): with the account it was submitted for. */
export type RecordedCommand = UserCommand & { account: string };
