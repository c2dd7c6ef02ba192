import type { Exchange } from '../exchange/exchange';
import { equityAtReference, type ReferenceOf } from './given';

/**
 * The leaderboard: who is ranked, on what, in which order. One function for
 * the worker (one person among the bots) and the relay (a room replayed from
 * journals), so both rank the same way. Engine units in and out (equity and
 * net deposits in minor units of the cash asset); callers turn equity into
 * decimals for display.
 */

/** What kind of trader an account is: the person looking, another person, or a bot. */
export type LeaderKind = 'you' | 'person' | 'maker' | 'noise';

export interface LeaderEntry {
  account: string;
  /** Equity, minor units of the cash asset (equityOf; holdings with no mark at their reference, given.ts). */
  equity: number;
  /** What the account was given, net (deposits less withdrawals, each valued when it moved: given.ts), minor units of the cash asset. */
  netIn: number;
}

export interface LeaderRank {
  account: string;
  kind: LeaderKind;
  /** Minor units of the cash asset. */
  equity: number;
  /** (equity − net given) / net given × 100; NaN when the net given is ≤ 0 (no base to measure a return on). */
  returnPct: number;
}

/**
 * Kinds by the agent that owns an account (the sim's `agentKindOf`: 'maker',
 * 'noise', …), never by the shape of its name; `you` is the person looking
 * (null on the relay, where everyone is a person). An account no agent owns
 * is a person's.
 */
export function kindByAgent(you: string | null, agentKindOf: (account: string) => string | undefined): (account: string) => LeaderKind {
  return (account) => {
    if (account === you) return 'you';
    const kind = agentKindOf(account);
    return kind === 'maker' ? 'maker' : kind === 'noise' ? 'noise' : 'person';
  };
}

/**
 * The return on what an account was given, in %: (equity − net given) / net
 * given × 100, NaN when the net given is ≤ 0.
 *
 * A money-weighted return in its simple form (gain over net contributions,
 * as a broker's "return on net deposits"), not a time-weighted one. Why: it
 * needs only the equity now and the running sum of what was given, which the
 * sim already keeps per account and the relay can rebuild from a journal; a
 * time-weighted return needs the equity valued at every transfer, and bots top
 * themselves up often (a valuation over every instrument each time, and a state
 * the snapshot would have to carry). Its property is the one a board needs: a
 * deposit is never a gain and a withdrawal never a loss (the gain, equity less
 * what was given, does not move; only its base does). Its known limit, shared
 * with every money-weighted figure: money added late counts as if it had been
 * there from the start.
 */
export function returnOn(equity: number, netIn: number): number {
  return netIn > 0 ? ((equity - netIn) / netIn) * 100 : Number.NaN;
}

/**
 * Ranks entries: highest return first (an account with no return, NaN, after
 * every one that has one), ties by higher equity, then by account name
 * (code-unit order, not locale, so every platform agrees). The return, not the
 * equity, because accounts are given different amounts (a bot's inventory, a
 * strategy's stake, a person's cash): the board compares how well each did with
 * what it had.
 */
export function rankLeaders(entries: Iterable<LeaderEntry>, kindOf: (account: string) => LeaderKind): LeaderRank[] {
  const rows: LeaderRank[] = [];
  for (const { account, equity, netIn } of entries) {
    rows.push({ account, kind: kindOf(account), equity, returnPct: returnOn(equity, netIn) });
  }
  rows.sort(byRank);
  return rows;
}

function byRank(a: LeaderRank, b: LeaderRank): number {
  const an = Number.isNaN(a.returnPct);
  const bn = Number.isNaN(b.returnPct);
  if (an !== bn) return an ? 1 : -1;
  if (!an && a.returnPct !== b.returnPct) return b.returnPct - a.returnPct;
  return b.equity - a.equity || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0);
}

/**
 * Every account the ledger knows (bots included: a person is ranked among
 * the market they trade in), valued in `cashAsset`, with what it was given
 * (0 when nothing was recorded). `referenceOf` values holdings that have no
 * mark (given.ts); without it they count 0, as in equityOf.
 */
export function leaderEntries(ex: Exchange, netIn: ReadonlyMap<string, number>, cashAsset: string, referenceOf: ReferenceOf = () => 0): LeaderEntry[] {
  const out: LeaderEntry[] = [];
  for (const account of ex.ledger.accounts.keys()) {
    out.push({ account, equity: equityAtReference(ex, account, cashAsset, referenceOf), netIn: netIn.get(account) ?? 0 });
  }
  return out;
}

/** The exchange's leaderboard: leaderEntries ranked by rankLeaders. */
export function leaderboardOf(
  ex: Exchange,
  netIn: ReadonlyMap<string, number>,
  cashAsset: string,
  kindOf: (account: string) => LeaderKind,
  referenceOf?: ReferenceOf,
): LeaderRank[] {
  return rankLeaders(leaderEntries(ex, netIn, cashAsset, referenceOf), kindOf);
}
