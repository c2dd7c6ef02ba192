import type { Result } from '../codes';
import type { Command } from '../exchange/commands';
import type { Exchange } from '../exchange/exchange';
import type { Instrument } from '../exchange/order';

/**
 * What a bot may use: the exchange's engine-unit entry points (placeUnits,
 * modifyUnits, cancel) and journal commands for funding. Bots are driven by
 * the sim's clock and seeded PRNGs, so the sim's own inputs replay them.
 */
export interface Desk {
  readonly ex: Exchange;
  submit(cmd: Command): Result;
}

export function available(ex: Exchange, account: string, asset: number): number {
  const acc = ex.ledger.accounts.get(account);
  return acc ? acc.avail[asset] : 0;
}

/** Lots worth about `notional` (minor units of quote) at `ticks`, at least one. */
export function lotsFor(inst: Instrument, notional: number, ticks: number): number {
  return Math.max(1, Math.floor(notional / (ticks * inst.notionalUnit)));
}

/** Deposits enough of an asset that `need` minor units are available. Bots are infrastructure: they never run dry. */
export function topUp(desk: Desk, account: string, assetIndex: number, need: number, refill: number): void {
  const have = available(desk.ex, account, assetIndex);
  if (have >= need) return;
  const asset = desk.ex.ledger.assets[assetIndex];
  const amount = Math.max(need - have, refill) / 10 ** asset.dec;
  desk.submit({ op: 'deposit', account, asset: asset.name, amount: Number(amount.toFixed(asset.dec)) });
}
