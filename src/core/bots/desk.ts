import type { Exchange } from '../exchange/exchange';
import type { Instrument } from '../exchange/order';
import type { Desk } from '../sim/agent';

export type { Desk } from '../sim/agent';

/**
 * A desk straight onto an exchange, with no sim around it (no risk rules, no
 * clock): for running a bot on its own, as the bots' tests do. In the sim,
 * bots get the sim's desk (`Sim.desk`), the one order path.
 */
export function exchangeDesk(ex: Exchange): Desk {
  return {
    ex,
    place: (acc, id, inst, side, type, price, lots) => ex.placeFor(acc, id, inst, side, type, price, lots),
    fund: (account, asset, amount) => ex.apply({ op: 'deposit', account, asset, amount }),
  };
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
  // A refused top-up leaves the bot short: its next order is refused and changes nothing (bots never stop the sim).
  void desk.fund(account, asset.name, Number(amount.toFixed(asset.dec)));
}
