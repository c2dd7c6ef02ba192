import { MAKER_KIND, type MarketMakerState } from '../bots/marketMaker';
import { NOISE_KIND, type NoiseState } from '../bots/noiseTrader';
import { Code, fail, type Result } from '../codes';
import { hashString, snapshot as snapshotExchange, type ExchangeSnapshot } from '../exchange/snapshot';
import type { CandleSetState } from '../market/candles';
import type { GbmState } from '../market/gbm';
import type { EquityState } from '../portfolio/equity';
import type { PositionsState } from '../portfolio/positions';
import type { RiskRules } from '../portfolio/risk';
import { agentRegistry } from './agentKinds';
import type { SimConfig } from './config';
import { checkBooks, checkShape } from './snapshotCheck';
import { Sim, type Market } from './sim';
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
  /**
   * Every other agent of the market, as `{ kind, ...state }`, in the order
   * they act. Why not one list for all: the state hash is the hash of this
   * JSON, and every snapshot stored before agents existed (v1) must restore
   * with the same hash; so the two built-in kinds keep their v1 slots above,
   * and this list is left out (not even `[]`) when empty, which keeps a
   * snapshot of a sim with only built-in agents byte for byte what it was. A
   * kind the restoring sim does not know is refused (INVALID_SNAPSHOT).
   */
  agents?: AgentEntry[];
}

/** An agent in a snapshot: its kind (agentKinds.ts) and the fields of its state(), which may not use `kind`. */
export type AgentEntry = { kind: string } & Record<string, unknown>;

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
  /**
   * What each account was given, for returns (Sim.given). Optional: a
   * snapshot saved before it has none. Left out of the state hash, because it
   * steers nothing the sim does (only how returns are shown), and stored states
   * must keep their hashes.
   */
  given?: [account: string, amount: number][];
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
    markets: [...sim.markets.values()].map(marketState),
    given: [...sim.given],
  };
}

function marketState(m: Market): MarketState {
  const st: MarketState = {
    symbol: m.spec.symbol,
    source: m.source,
    open: m.open,
    gbm: m.gbm.getState(),
    candles: m.candles.getState(),
    maker: null,
    noise: null,
  };
  const others: AgentEntry[] = [];
  for (const a of m.agents) {
    if (a.kind === MAKER_KIND) st.maker = a.state() as MarketMakerState;
    else if (a.kind === NOISE_KIND) st.noise = a.state() as NoiseState;
    else others.push({ kind: a.kind, ...(a.state() as Record<string, unknown>) });
  }
  if (others.length > 0) st.agents = others;
  return st;
}

/** Equal states give equal hashes (64-bit FNV-1a of the canonical snapshot; not cryptographic). */
export function simStateHash(sim: Sim): string {
  return snapshotHash(snapshotSim(sim));
}

/** The state hash of a snapshot already taken (the same as simStateHash of the sim it was taken from). */
export function snapshotHash(snap: SimSnapshot): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `given` is left out of the hash (see SimSnapshot)
  const { given, ...hashed } = snap;
  return hashString(JSON.stringify(hashed));
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
  let kinds: ReturnType<typeof agentRegistry>;
  try {
    kinds = agentRegistry(config.agentKinds);
  } catch (e) {
    return refuse(`cannot be read with this configuration: ${e instanceof Error ? e.message : String(e)}`);
  }
  const bad = checkShape(snap, kinds);
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
  const again = snapshotSim(sim);
  // A snapshot saved before `given` existed gets one on restore (Sim.load): compare what it had.
  if (s.given === undefined) delete again.given;
  if (JSON.stringify(again) !== JSON.stringify(s)) {
    return refuse('does not restore to itself: it is inconsistent or was made with another configuration');
  }
  if (sink !== undefined) sim.setSink(sink);
  return { ok: true, sim };
}

function refuse(why: string): Result<{ sim: Sim }> {
  return fail(Code.INVALID_SNAPSHOT, `Cannot restore the saved sim: the snapshot ${why}.`);
}
