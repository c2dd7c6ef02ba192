import type { ExchangeEvent } from '../exchange/events';
import type { PlaceCommand } from '../exchange/commands';
import type { RiskRules } from '../portfolio/risk';

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

/** A person's commands (`kind`; `type` is the order type).  `account` defaults to the first user. Prices and quantities are decimals. */
export type UserCommand =
  | ({ kind: 'place'; account?: string } & PlaceFields)
  | { kind: 'cancel'; account?: string; id: string }
  | { kind: 'modify'; account?: string; id: string; price?: number; stopPrice?: number; qty?: number }
  | { kind: 'deposit' | 'withdraw'; account?: string; amount: number }
  | { kind: 'reset'; account?: string; startingCash?: number }
  | { kind: 'setRisk'; account?: string; rules: RiskRules };
