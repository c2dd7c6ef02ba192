/**
 * A room's reference prices: one seeded GBM per instrument (src/core's),
 * stepped one tick at a time. The seed never leaves the relay, so no student
 * can compute the market ahead; every student gets the same ticks, in order,
 * and their sims take them as journaled inputs (`refs`).
 *
 * Ticks are computed on demand up to the one asked for and kept: a student
 * catching up, the verifier and a restart all read the same list.
 */
import { Gbm } from '../core/market/gbm';
import { createRng, forkSeed } from '../core/market/prng';
import { fromTicks } from '../core/market/ticks';
import type { PriceTick } from '../protocol/relay';
import { scenarioInstruments, type RoomSim, type Scenario } from '../protocol/relayScenario';

export class RoomPrices {
  private readonly gbms: { symbol: string; tick: number; gbm: Gbm }[];
  private readonly ticks: PriceTick[] = [];

  constructor(seed: string, scenario: Scenario, readonly sim: RoomSim) {
    this.gbms = scenarioInstruments(scenario).map((spec) => ({
      symbol: spec.symbol,
      tick: spec.tick,
      gbm: new Gbm({ price: spec.startPrice, tick: spec.tick, drift: 0, volatility: spec.volatility }, createRng(forkSeed(seed, `room:${spec.symbol}`))),
    }));
  }

  /** Tick k (k ≥ 0): tick 0 is the start prices at the round's start; each next one a tick's time later. */
  at(k: number): PriceTick {
    while (this.ticks.length <= k) {
      const n = this.ticks.length;
      const dt = n === 0 ? 0 : this.sim.tickMs / 1000;
      this.ticks.push({
        tick: n,
        t: this.sim.start + n * this.sim.tickMs,
        prices: this.gbms.map(({ symbol, tick, gbm }) => [symbol, fromTicks(gbm.step(dt), tick)]),
      });
    }
    return this.ticks[k];
  }

  /** Ticks from..to inclusive (empty when to < from). */
  range(from: number, to: number): PriceTick[] {
    const out: PriceTick[] = [];
    for (let k = Math.max(0, from); k <= to; k++) out.push(this.at(k));
    return out;
  }
}

/** The same prices, compared exactly (decimals rounded to the tick on both sides, so === is right). */
export function samePrices(a: readonly (readonly [string, number])[], b: readonly (readonly [string, number])[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}
