import type { Exchange } from '../exchange/exchange';
import { equityOf } from './valuation';

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
  /** Equity, minor units of the cash asset (equityOf). */
  equity: number;
  /** Net deposits (in − out), minor units of the cash asset. */
  netIn: number;
}

export interface LeaderRank {
  account: string;
  kind: LeaderKind;
  /** Minor units of the cash asset. */
  equity: number;
  /** (equity − net deposits) / net deposits × 100; NaN when net deposits are ≤ 0 (no base to measure a return on). */
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
 * Ranks entries: highest equity first, ties by account name (code-unit order,
 * not locale, so every platform agrees). The return is on net deposits, not on
 * the starting cash, so a deposit is never a gain. Issue 13 revisits the
 * formula; until then it is exactly what the app has always shown.
 */
export function rankLeaders(entries: Iterable<LeaderEntry>, kindOf: (account: string) => LeaderKind): LeaderRank[] {
  const rows: LeaderRank[] = [];
  for (const { account, equity, netIn } of entries) {
    rows.push({ account, kind: kindOf(account), equity, returnPct: netIn > 0 ? ((equity - netIn) / netIn) * 100 : NaN });
  }
  rows.sort((a, b) => b.equity - a.equity || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  return rows;
}

/**
 * Every account the ledger knows (bots included: a person is ranked among
 * the market they trade in), valued in `cashAsset`, with its net deposits
 * (0 when none were recorded).
 */
export function leaderEntries(ex: Exchange, netIn: ReadonlyMap<string, number>, cashAsset: string): LeaderEntry[] {
  const out: LeaderEntry[] = [];
  for (const account of ex.ledger.accounts.keys()) {
    out.push({ account, equity: equityOf(ex, account, cashAsset), netIn: netIn.get(account) ?? 0 });
  }
  return out;
}

/** The exchange's leaderboard: leaderEntries ranked by rankLeaders. */
export function leaderboardOf(
  ex: Exchange,
  netIn: ReadonlyMap<string, number>,
  cashAsset: string,
  kindOf: (account: string) => LeaderKind,
): LeaderRank[] {
  return rankLeaders(leaderEntries(ex, netIn, cashAsset), kindOf);
}
