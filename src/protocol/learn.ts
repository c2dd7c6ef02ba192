/**
 * The "show me" mode's messages (issue 13): a resting order's place in its
 * queue, a market's bot settings, and a learner's change of them. Decimals,
 * as everything the UI sees; the parser reads the change field by field
 * (shape only: the bounds are core's, bots/settings.ts).
 */
import { Code } from '../core/codes';
import { finite, optional, record, type Parser } from './parse';

/** Where one of the person's resting orders stands (decimals of the base asset). */
export interface QueueView {
  orderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  price: number;
  /** Quantity resting before it at its price: it fills first. */
  aheadQty: number;
  /** Orders before it at its price (0: it is first in line). */
  aheadOrders: number;
  /** Its own open quantity. */
  qty: number;
  /** Quantity at better prices on its side: it trades before this price is reached. */
  betterQty: number;
}

/** What a learner may change of one market's bots: any of these, at least one. */
export interface BotChangeView {
  spreadBps?: number;
  levels?: number;
  levelNotional?: number;
  noiseRate?: number;
}

/** One market's bots as they are now (null: the market has no such bot), and the maker's own best quotes. */
export interface BotSettingsView {
  symbol: string;
  spreadBps: number | null;
  levels: number | null;
  levelNotional: number | null;
  noiseRate: number | null;
  makerBid: number | null;
  makerAsk: number | null;
}

const num = (what: string) => optional(finite(Code.INVALID_SETTING, `${what} must be a number.`));

export const parseBotChange: Parser<BotChangeView> = record<BotChangeView>(
  {
    spreadBps: num('The spread'),
    levels: num('The depth'),
    levelNotional: num('The quote size'),
    noiseRate: num('The noise rate'),
  },
  Code.INVALID_SETTING,
  'A change of the bots gives a spread, a depth, a quote size or a noise rate.',
);
