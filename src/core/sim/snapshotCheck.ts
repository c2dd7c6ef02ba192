import { MAX_DECIMALS } from '../exchange/decimal';
import type { ExchangeSnapshot } from '../exchange/snapshot';
import { TIMEFRAMES } from '../market/candles';
import { validateRules } from '../portfolio/risk';

/**
 * The shape and the bookkeeping of a sim snapshot, checked before anything is
 * built from it: a snapshot comes from storage or a file, and a bad one must
 * be refused whole, never half restored. A check answers null when the value
 * is fine, else where and what is wrong ("[3].qty should be …"); paths are
 * built only on failure, so checking a large snapshot stays cheap.
 */
type Check = (x: unknown) => string | null;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const int: Check = (x) => (Number.isSafeInteger(x) ? null : ' should be an integer');
const nat: Check = (x) => (Number.isSafeInteger(x) && (x as number) >= 0 ? null : ' should be a whole number ≥ 0');
const num: Check = (x) => (typeof x === 'number' && Number.isFinite(x) ? null : ' should be a finite number');
const pos: Check = (x) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? null : ' should be a positive number');
const str: Check = (x) => (typeof x === 'string' ? null : ' should be a string');
const bool: Check = (x) => (typeof x === 'boolean' ? null : ' should be true or false');
const bit: Check = (x) => (x === 0 || x === 1 ? null : ' should be 0 or 1');

function lit(...values: unknown[]): Check {
  return (x) => (values.includes(x) ? null : ` should be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

function nullable(c: Check): Check {
  return (x) => (x === null ? null : c(x));
}

function arr(c: Check): Check {
  return (x) => {
    if (!Array.isArray(x)) return ' should be a list';
    for (let i = 0; i < x.length; i++) {
      const e = c(x[i]);
      if (e !== null) return `[${i}]${e}`;
    }
    return null;
  };
}

function tuple(...cs: Check[]): Check {
  return (x) => {
    if (!Array.isArray(x) || x.length !== cs.length) return ` should be a list of ${cs.length}`;
    for (let i = 0; i < cs.length; i++) {
      const e = cs[i](x[i]);
      if (e !== null) return `[${i}]${e}`;
    }
    return null;
  };
}

/** Exactly these fields: an unknown one is as wrong as a missing one (it would not survive the restore). */
function obj(shape: Record<string, Check>): Check {
  const keys = Object.keys(shape);
  return (x) => {
    if (!isObj(x)) return ' should be an object';
    for (const k of keys) {
      const e = shape[k](x[k]);
      if (e !== null) return `.${k}${e}`;
    }
    for (const k of Object.keys(x)) if (!(k in shape)) return `.${k} is not a field of a snapshot`;
    return null;
  };
}

const rules: Check = (x) => {
  const bad = validateRules(x);
  return bad === null ? null : `: ${bad.message}`;
};

const uint32: Check = (x) => (nat(x) === null && (x as number) < 2 ** 32 ? null : ' should be a 32-bit word');
/** prng.ts: four words, whether a normal is cached, and the cached normal. */
const rngState = tuple(uint32, uint32, uint32, uint32, bit, num);

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

const market = obj({
  symbol: str,
  source: lit('synthetic', 'live'),
  open: bool,
  gbm: obj({ logPrice: num, rng: rngState }),
  candles: obj({
    timeframes: arr(lit(...TIMEFRAMES)),
    capacity: nat,
    series: arr(obj({ tf: lit(...TIMEFRAMES), capacity: nat, candles: arr(candle) })),
  }),
  maker: nullable(obj({
    next: nat, target: nat, grid: nat, half: nat, lastBid: int, lastAsk: int, dirty: bool,
    bids: arr(obj({ id: str, price: nat, lots: nat })),
    asks: arr(obj({ id: str, price: nat, lots: nat })),
  })),
  noise: nullable(obj({ next: nat, open: arr(tuple(str, str, num)), rng: rngState })),
});

const position = obj({
  account: str, symbol: str, units: int, cost: int, realized: int, fees: int, buyLots: nat, sellLots: nat,
  buyNotional: nat, sellNotional: nat, trades: nat, openedAt: num, updatedAt: num, baseDec: nat, quoteDec: nat,
});

const equity = obj({
  v: lit(1), capacity: nat, dec: nat, stride: nat, sinceCommit: nat, ts: arr(num), equity: arr(num),
  pending: nullable(tuple(num, num)), peak: nullable(num), dayKey: nullable(int), dayOpen: num,
});

const simSnapshot = obj({
  v: lit(1),
  now: num,
  nextEquityAt: num,
  userSeq: nat,
  exchange,
  positions: obj({ v: lit(1), positions: arr(position) }),
  risk: arr(tuple(str, rules)),
  netIn: arr(tuple(str, num)),
  equity: arr(tuple(str, equity)),
  markets: arr(market),
});

/** Null when `x` has a sim snapshot's shape, else what is wrong with it. */
export function checkShape(x: unknown): string | null {
  if (!isObj(x)) return 'is not an object';
  if (x.v === undefined) return 'has no version';
  if (x.v !== 1) return `has version ${JSON.stringify(x.v ?? null)}; this version of Bourse reads version 1`;
  const e = simSnapshot(x);
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
