import { MAX_DECIMALS } from '../exchange/decimal';
import type { ExchangeSnapshot } from '../exchange/snapshot';
import { TIMEFRAMES } from '../market/candles';
import { MAKER_KIND } from '../bots/marketMaker';
import { NOISE_KIND } from '../bots/noiseTrader';
import type { AgentKind } from './agent';
import { arr, bit, bool, int, isObj, lit, nat, nullable, num, obj, optional, pos, rngState, rules, str, tuple, type Check } from './shape';

/**
 * The shape and the bookkeeping of a sim snapshot, checked before anything is
 * built from it: a snapshot comes from storage or a file, and a bad one must
 * be refused whole, never half restored (the checks are in shape.ts).
 */

const exchange = obj({
  v: lit(1),
  seq: nat,
  tradeSeq: nat,
  assets: arr(tuple(str, (x) => (nat(x) === null && (x as number) <= MAX_DECIMALS ? null : ` should be 0..${MAX_DECIMALS} decimals`))),
  instruments: arr(obj({
    symbol: str, base: str, quote: str, tick: pos, lot: pos, makerFeeBps: num, takerFeeBps: num, last: nat,
    bids: arr(str), asks: arr(str), buyStops: arr(str), sellStops: arr(str),
  })),
  accounts: arr(tuple(str, arr(nat), arr(nat), arr(bit))),
  deposited: arr(nat),
  withdrawn: arr(nat),
  feesCollected: arr(nat),
  orders: arr(tuple(
    str, str, str, bit, lit('limit', 'market', 'stop', 'stop_limit'), nat, nat, nat, nat, lit('GTC', 'IOC', 'FOK'),
    nat, nat, nat, nat, nullable(str), bit,
  )),
  usedIds: arr(str),
});

const candle = obj({ t: num, o: nat, h: nat, l: nat, c: nat, v: nat, n: nat });

/** A maker's quotes a side: it keeps one flag per level, so a whole number, and a sane one. */
const quoteLevels: Check = (x) => (Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 1000 ? null : ' should be a whole number from 1 to 1000');

/** The two built-in agents' states (bots/marketMaker.ts, bots/noiseTrader.ts), in their v1 slots. */
export const makerState = obj({
  next: nat, target: nat, grid: nat, half: nat, lastBid: int, lastAsk: int, dirty: bool,
  bids: arr(obj({ id: str, price: nat, lots: nat })),
  asks: arr(obj({ id: str, price: nat, lots: nat })),
  // A learner's change of the maker's parameters (bots/settings.ts); absent in every state before it.
  params: optional(obj({ spreadBps: pos, levels: quoteLevels, stepBps: pos, levelNotional: pos, skewBps: num, maxInventory: pos })),
});
export const noiseState = obj({
  next: nat, open: arr(tuple(str, str, num)), rng: rngState,
  params: optional(obj({ rate: num, marketShare: num, rangeBps: num, notional: pos, maxAge: num })),
});

const marketFields = {
  symbol: str,
  source: lit('synthetic', 'live'),
  open: bool,
  gbm: obj({ logPrice: num, rng: rngState }),
  candles: obj({
    timeframes: arr(lit(...TIMEFRAMES)),
    capacity: nat,
    series: arr(obj({ tf: lit(...TIMEFRAMES), capacity: nat, candles: arr(candle) })),
  }),
  maker: nullable(makerState),
  noise: nullable(noiseState),
};

const position = obj({
  account: str, symbol: str, units: int, cost: int, realized: int, fees: int, buyLots: nat, sellLots: nat,
  buyNotional: nat, sellNotional: nat, trades: nat, openedAt: num, updatedAt: num, baseDec: nat, quoteDec: nat,
});

const equity = obj({
  v: lit(1), capacity: nat, dec: nat, stride: nat, sinceCommit: nat, ts: arr(num), equity: arr(num),
  pending: nullable(tuple(num, num)), peak: nullable(num), dayKey: nullable(int), dayOpen: num,
});

/**
 * A market's other agents (any kind but the two built-in ones, which keep
 * their v1 slots `maker` and `noise`): `[{ kind, ...state }, …]`, left out
 * when there are none, so a snapshot without them reads exactly as v1. A kind
 * this sim does not know is refused: its state could not be restored.
 */
function agentList(kinds: ReadonlyMap<string, AgentKind>): Check {
  const one: Check = (x) => {
    if (!isObj(x)) return ' should be an object';
    const kind = x.kind;
    if (typeof kind !== 'string') return '.kind should be a string';
    const k = kinds.get(kind);
    if (kind === MAKER_KIND || kind === NOISE_KIND) return `.kind is ${JSON.stringify(kind)}, which has its own slot`;
    if (k === undefined) return `.kind ${JSON.stringify(kind)} is not an agent kind this sim knows`;
    return k.check(agentStateOf(x));
  };
  const list = arr(one);
  return (x) => {
    if (x === undefined) return null;
    if (Array.isArray(x) && x.length === 0) return ' should be left out when there are none';
    return list(x);
  };
}

/** An agents-list entry without its kind: the state its kind restores from (null prototype: the keys come from a file). */
export function agentStateOf(entry: Record<string, unknown>): Record<string, unknown> {
  const state = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(entry)) if (k !== 'kind') state[k] = entry[k];
  return state;
}

const snapshotFields = {
  v: lit(1),
  now: num,
  nextEquityAt: num,
  userSeq: nat,
  exchange,
  positions: obj({ v: lit(1), positions: arr(position) }),
  risk: arr(tuple(str, rules)),
  netIn: arr(tuple(str, num)),
  equity: arr(tuple(str, equity)),
  given: (x: unknown) => (x === undefined ? null : arr(tuple(str, num))(x)),
};

/** Null when `x` has a sim snapshot's shape, else what is wrong with it. `kinds`: the agent kinds the sim can restore. */
export function checkShape(x: unknown, kinds: ReadonlyMap<string, AgentKind>): string | null {
  if (!isObj(x)) return 'is not an object';
  if (x.v === undefined) return 'has no version';
  if (x.v !== 1) return `has version ${JSON.stringify(x.v ?? null)}; this version of Bourse reads version 1`;
  const market = obj({ ...marketFields, agents: agentList(kinds) });
  const e = obj({ ...snapshotFields, markets: arr(market) })(x);
  return e === null ? null : `field ${e.replace(/^\./, '')}`;
}

/**
 * The exchange's books must add up before they are rebuilt: every live order
 * in exactly one queue of its own instrument and side, known assets and
 * instruments, assets conserved (deposited − withdrawn − fees = what accounts
 * hold), and each account's reserved balance = what its live orders hold.
 */
export function checkBooks(s: ExchangeSnapshot): string | null {
  const nAssets = s.assets.length;
  const assets = new Map<string, number>();
  for (const [name] of s.assets) {
    if (assets.has(name)) return `lists asset ${name} twice`;
    assets.set(name, assets.size);
  }
  if (s.deposited.length !== nAssets || s.withdrawn.length !== nAssets || s.feesCollected.length !== nAssets) {
    return 'has ledger totals for a different number of assets';
  }
  const insts = new Map<string, { base: number; quote: number }>();
  for (const i of s.instruments) {
    const base = assets.get(i.base);
    const quote = assets.get(i.quote);
    if (base === undefined || quote === undefined) return `has ${i.symbol} on an unknown asset`;
    if (insts.has(i.symbol)) return `lists ${i.symbol} twice`;
    insts.set(i.symbol, { base, quote });
  }
  const held = new Array<number>(nAssets).fill(0);
  const resv = new Map<string, number[]>();
  for (const [id, avail, reserved, touched] of s.accounts) {
    if (avail.length !== nAssets || reserved.length !== nAssets || touched.length !== nAssets) return `has balances of ${id} for a different number of assets`;
    if (resv.has(id)) return `lists account ${id} twice`;
    resv.set(id, reserved.slice());
    for (let a = 0; a < nAssets; a++) held[a] += avail[a] + reserved[a];
  }
  for (let a = 0; a < nAssets; a++) {
    if (s.deposited[a] - s.withdrawn[a] - s.feesCollected[a] !== held[a]) return `does not add up in ${s.assets[a][0]}: deposits, withdrawals and fees differ from balances`;
  }
  // Each live order's instrument and side, and the queue it was found in ('' until then).
  const sides = new Map(s.orders.map((o) => [o[0], `${o[2]} ${o[3]}`]));
  const place = new Map<string, string>();
  for (const o of s.orders) {
    const [id, account, symbol, side, , , , qty, , , , reserved] = o;
    const inst = insts.get(symbol);
    if (inst === undefined) return `has order ${id} on unknown ${symbol}`;
    if (place.has(id)) return `has order ${id} twice`;
    if (qty === 0) return `has live order ${id} with nothing left`;
    if (o[14] !== null && !sides.has(o[14])) return `has order ${id} paired with ${o[14]}, which is not live`;
    place.set(id, '');
    const r = resv.get(account);
    const escrow = side === 0 ? inst.quote : inst.base;
    if (r === undefined) {
      if (reserved !== 0) return `has order ${id} holding funds of an account without balances`;
    } else {
      r[escrow] -= reserved;
    }
  }
  for (const [id, r] of resv) if (r.some((x) => x !== 0)) return `has reserved funds of ${id} that its orders do not hold`;
  for (const i of s.instruments) {
    const queues: [string[], number, string][] = [[i.bids, 0, 'bids'], [i.asks, 1, 'asks'], [i.buyStops, 0, 'buy stops'], [i.sellStops, 1, 'sell stops']];
    for (const [ids, side, name] of queues) {
      for (const id of ids) {
        if (sides.get(id) !== `${i.symbol} ${side}`) return `has ${id} in the ${name} of ${i.symbol}, where it does not belong`;
        if (place.get(id) !== '') return `has order ${id} queued twice`;
        place.set(id, name);
      }
    }
  }
  for (const [id, q] of place) if (q === '') return `has live order ${id} in no queue`;
  return null;
}
