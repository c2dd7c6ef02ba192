import type { Candle } from '../core/market/candles';
import { drawPast } from '../core/market/past';
import { createRng, forkSeed } from '../core/market/prng';
import type { Market, Sim } from '../core/sim/sim';
import { Code, type Failure, type Result } from '../core/codes';
import type { PastCandleStore } from '../storage/pastCandles';
import { storageFailure } from '../storage/errors';

/**
 * The seeded past of every synthetic market of a profile (core's
 * `drawPast`): drawn from the profile's seed when it is new, stored beside
 * the other candles (`store.pastCandles`, keyed by the profile's seed, so an
 * imported profile never reads another's past), and read back from there on
 * a reload, so the past a person saw is the past they see again. Crypto
 * pairs are left out: their history is Binance's (chartHistory.ts).
 */

/** The markets that get a past: the house tickers and the stocks, not the crypto pairs. */
export function pastMarkets(sim: Sim): Market[] {
  return [...sim.markets.values()].filter((m) => m.spec.group !== 'crypto');
}

/**
 * What the noise traders trade in a minute, in lots: their market orders
 * (rate × share × mean notional) at the start price. A past with the
 * volume of the market it leads into.
 */
function lotsPerMinute(sim: Sim, m: Market): number {
  const n = sim.cfg.noiseParams;
  const perMinute = sim.cfg.noise ? n.rate * 60 * n.marketShare * n.notional : 0;
  return perMinute / (m.spec.startPrice * m.spec.lot);
}

/** One market's past, in ticks and lots: ends where its sim starts (the config's start and start price), seeded per market. */
export function drawMarketPast(sim: Sim, m: Market): Candle[] {
  return drawPast({
    end: sim.cfg.start,
    endTicks: Math.max(1, Math.round(m.spec.startPrice / m.spec.tick)),
    volatility: m.spec.volatility,
    lotsPerMinute: lotsPerMinute(sim, m),
    calendar: m.spec.calendar,
    rng: createRng(forkSeed(sim.cfg.seed, `past:${m.spec.symbol}`)),
  });
}

/**
 * Every market's past, drawn one market per task (a few ms each), starting
 * once `begin` resolves (after the first frame: the first price must not
 * wait behind them), so frames go on between them. `onPast` hears each as
 * it is drawn.
 */
export async function drawPasts(
  sim: Sim,
  onPast: (symbol: string, past: Candle[]) => void,
  begin: Promise<void> = Promise.resolve(),
  yieldTask: () => Promise<void> = nextTask,
): Promise<Map<string, Candle[]>> {
  await begin;
  const out = new Map<string, Candle[]>();
  for (const m of pastMarkets(sim)) {
    await yieldTask();
    const past = drawMarketPast(sim, m);
    out.set(m.spec.symbol, past);
    onPast(m.spec.symbol, past);
  }
  return out;
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Stores one market's past; false when storage refused it (the past is still shown, and drawn again next time). */
export async function storePast(store: PastCandleStore, sim: Sim, m: Market, past: readonly Candle[]): Promise<Result> {
  return store.put(String(sim.cfg.seed), m.spec.symbol, sim.cfg.start, past);
}

/**
 * One market's stored past, or null when storage does not hold it for this
 * profile (a new profile, a database the browser cleared, storage failing).
 */
export async function loadPast(store: PastCandleStore, sim: Sim, m: Market): Promise<Candle[] | null> {
  const r = await store.get(String(sim.cfg.seed), m.spec.symbol, sim.cfg.start);
  return r.ok ? r.candles : null;
}

/**
 * Every market's past, read from storage; what it lacks is drawn. Both
 * reach `onPast` as soon as they are known; the drawn ones are returned, to
 * be stored (`storePasts`) off the path to the first chart. Never throws.
 */
export async function loadPasts(store: PastCandleStore | null, sim: Sim, onPast: (symbol: string, past: Candle[]) => void): Promise<Map<string, Candle[]>> {
  const drawn = new Map<string, Candle[]>();
  for (const m of pastMarkets(sim)) {
    const stored = store === null ? null : await loadPast(store, sim, m).catch(() => null);
    const past = stored ?? drawMarketPast(sim, m);
    if (stored === null) drawn.set(m.spec.symbol, past);
    onPast(m.spec.symbol, past);
  }
  return drawn;
}

/**
 * Stores the pasts drawn for a profile's markets (one put each), after
 * forgetting any other profile's (an import or a new profile replaced it):
 * how many storage took. Never throws. A full disk stops it and goes to
 * `onFull`: these writes run beside the journal's, and when one of them is
 * the write that meets the full disk, Chromium closes the connection, so the
 * journal's next commit learns only that the database closed (the person
 * would be told storage "stopped", not that it is full).
 */
export async function storePasts(
  store: PastCandleStore, sim: Sim, pasts: ReadonlyMap<string, readonly Candle[]>, onFull?: (f: Failure) => void,
): Promise<number> {
  // Leftovers only cost space: a failure here must not keep this profile's pasts from being stored.
  void (await store.keepOnly(String(sim.cfg.seed)).catch(() => null));
  let stored = 0;
  for (const [symbol, past] of pasts) {
    const m = sim.markets.get(symbol);
    if (m === undefined) continue;
    const r = await storePast(store, sim, m, past).catch((e: unknown) => storageFailure(e));
    if (r.ok) stored++;
    else if (r.code === Code.STORAGE_FULL) {
      onFull?.(r);
      break;
    }
  }
  return stored;
}
