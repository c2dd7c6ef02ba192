import type { MarketMakerState } from '../bots/marketMaker';
import type { NoiseState } from '../bots/noiseTrader';
import { Code, fail, type Result } from '../codes';
import { hashString, snapshot as snapshotExchange, type ExchangeSnapshot } from '../exchange/snapshot';
import type { CandleSetState } from '../market/candles';
import type { GbmState } from '../market/gbm';
import type { EquityState } from '../portfolio/equity';
import type { PositionsState } from '../portfolio/positions';
import type { RiskRules } from '../portfolio/risk';
import type { SimConfig } from './config';
import { checkBooks, checkShape } from './snapshotCheck';
import { Sim } from './sim';
import type { SimSink } from './types';

/** One market's moving parts; what it is (spec, instrument) comes from the config and the exchange. */
export interface MarketState {
  symbol: string;
  source: 'synthetic' | 'live';
  open: boolean;
  gbm: GbmState;
  candles: CandleSetState;
  maker: MarketMakerState | null;
  noise: NoiseState | null;
}

/**
 * The whole sim as plain JSON: everything that steers what it does next. A
 * sim restored from it with the same config gives the same events as the
 * original for the same later inputs. Maps are kept as [key, value] lists in
 * their insertion order, which is the order the sim walks them in.
 */
export interface SimSnapshot {
  v: 1;
  /** Sim clock, UTC ms. */
  now: number;
  nextEquityAt: number;
  /** The counter behind the ids of a person's orders (`you.17`). */
  userSeq: number;
  exchange: ExchangeSnapshot;
  positions: PositionsState;
  risk: [account: string, rules: RiskRules][];
  netIn: [account: string, amount: number][];
  equity: [account: string, history: EquityState][];
  /** In listing order. */
  markets: MarketState[];
}

export function snapshotSim(sim: Sim): SimSnapshot {
  const { nextEquityAt, userSeq } = sim.counters;
  return {
    v: 1,
    now: sim.now,
    nextEquityAt,
    userSeq,
    exchange: snapshotExchange(sim.ex),
    positions: sim.positions.state(),
    risk: [...sim.risk].map(([account, rules]) => [account, { ...rules }]),
    netIn: [...sim.netIn],
    equity: [...sim.equity].map(([account, h]) => [account, h.state()]),
    markets: [...sim.markets.values()].map((m) => ({
      symbol: m.spec.symbol,
      source: m.source,
      open: m.open,
      gbm: m.gbm.getState(),
      candles: m.candles.getState(),
      maker: m.maker?.getState() ?? null,
      noise: m.noise?.getState() ?? null,
    })),
  };
}

/** Equal states give equal hashes (64-bit FNV-1a of the canonical snapshot; not cryptographic). */
export function simStateHash(sim: Sim): string {
  return snapshotHash(snapshotSim(sim));
}

/** The state hash of a snapshot already taken (the same as simStateHash of the sim it was taken from). */
export function snapshotHash(snap: SimSnapshot): string {
  return hashString(JSON.stringify(snap));
}

/**
 * A sim that continues exactly where the snapshot's left off, with the same
 * config. The snapshot is checked first (shape, version, books that add up,
 * markets that match the config), and the restored sim must read back as the
 * snapshot itself, so a bad one is refused with INVALID_SNAPSHOT and nothing
 * half restored is ever returned. The snapshot is not changed. With
 * `record`, the new sim records the inputs after the snapshot (the tail).
 */
export function restoreSim(config: SimConfig, snap: unknown, sink?: SimSink, opts: { record?: boolean } = {}): Result<{ sim: Sim }> {
  const bad = checkShape(snap);
  if (bad !== null) return refuse(bad);
  const s = snap as SimSnapshot;
  const books = checkBooks(s.exchange);
  if (books !== null) return refuse(`exchange ${books}`);
  let sim: Sim;
  try {
    sim = new Sim(config, undefined, opts, s);
  } catch (e) {
    return refuse(`does not fit this sim: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Whatever the restore could not place (a quote of an order that is not live, a market the
  // config does not list, a count the constructor normalised) shows up as a difference here.
  if (JSON.stringify(snapshotSim(sim)) !== JSON.stringify(s)) {
    return refuse('does not restore to itself: it is inconsistent or was made with another configuration');
  }
  if (sink !== undefined) sim.setSink(sink);
  return { ok: true, sim };
}

function refuse(why: string): Result<{ sim: Sim }> {
  return fail(Code.INVALID_SNAPSHOT, `Cannot restore the saved sim: the snapshot ${why}.`);
}
