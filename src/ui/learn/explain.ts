/**
 * Plain words for the choices the order ticket offers (issue 13): every order
 * type, time in force and the bracket, each with one short line shown under
 * its select and a small worked example behind an (i) disclosure. One module,
 * so the words are written, reviewed and translated in one place; the ticket
 * only looks them up. Examples use round numbers on purpose: they explain the
 * rule, they are not today's prices.
 */
import type { OrderTypeName, TifName } from '../../protocol';

export interface Explanation {
  /** One line: what it does, in words a first-time trader reads at a glance. */
  short: string;
  /** A small example with numbers, for the (i) disclosure. */
  example: string;
}

export const ORDER_TYPE_HELP: Readonly<Record<OrderTypeName, Explanation>> = {
  market: {
    short: 'Trades now at the best prices other traders offer. Fast, but the price is whatever the book gives.',
    example:
      'You buy 10 at market. The book offers 4 at 50.02 and 20 at 50.03: you get 4 at 50.02 and 6 at 50.03, ' +
      'about 50.026 on average. A big order walks further up the book and pays more (slippage).',
  },
  limit: {
    short: 'Trades only at your price or better. What cannot trade now waits in the book for someone to take it.',
    example:
      'You buy 10 with a limit of 49.90 while the best ask is 50.02. Nothing trades now; your bid waits in the book at 49.90, ' +
      'behind the bids already there. If a seller comes down to 49.90 and the orders ahead of you are filled, you buy at 49.90, never more.',
  },
  stop: {
    short: 'Waits until the last trade reaches your stop price, then sends a market order. Often used to limit a loss.',
    example:
      'You hold FUN bought at 50. A sell stop at 48 waits; when a trade happens at 48 or lower it becomes a market sell. ' +
      'In a fast fall you may sell below 48: the stop guarantees that you sell, not the price.',
  },
  stop_limit: {
    short: 'Waits until the last trade reaches your stop price, then sends a limit order at your limit price.',
    example:
      'A sell stop-limit with stop 48 and limit 47.50: when a trade happens at 48 or lower, a limit sell at 47.50 enters the book. ' +
      'You never sell below 47.50, but if the price falls through 47.50 fast, it may not sell at all.',
  },
};

export const TIF_HELP: Readonly<Record<TifName, Explanation>> = {
  GTC: {
    short: 'Good till cancelled: what does not fill at once waits in the book until it fills or you cancel it.',
    example: 'A limit buy of 10 at 49.90, 4 fill at once: the other 6 wait at 49.90, hours or days, until sellers take them or you cancel.',
  },
  IOC: {
    short: 'Immediate or cancel: fills what it can right now at your price or better; the rest is cancelled, nothing waits.',
    example: 'A limit buy of 10 at 50.03 when only 4 are offered at or below 50.03: you buy those 4, and the other 6 are cancelled.',
  },
  FOK: {
    short: 'Fill or kill: fills the whole quantity right now at your price or better, or nothing at all.',
    example: 'A limit buy of 10 at 50.03 when only 4 are offered at or below 50.03: nothing trades and the order is cancelled. With 10 or more offered, all 10 fill.',
  },
};

export const BRACKET_HELP: Explanation = {
  short: 'Once your order fills, two exit orders wait: a take-profit above and a stop-loss below (the reverse for a sell). When one trades, the other is cancelled.',
  example:
    'You buy 10 at 50 with take-profit 55 and stop-loss 47. If the price rises to 55, the take-profit sells your 10 there and the stop-loss is cancelled; ' +
    'if it falls to 47 first, the stop-loss sells and the take-profit is cancelled. Either way, you decided your exit before you entered.',
};
