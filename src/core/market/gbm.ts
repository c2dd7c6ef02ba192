// Geometric Brownian motion: the synthetic reference ("fair") price that
// market-maker bots quote around when there is no live feed.
//
// The state is the continuous log-price. Quantizing to ticks is done only on
// output: rounding inside the recursion would bias low-priced instruments
// (a 1-tick move on a 10-tick price is 10%) and could trap the path at a floor.

import type { Rng } from './prng';
import { restoreRng } from './prng';
import { fromTicks } from './ticks';

/** Seconds in a Julian year: drift and volatility are annualized on this. */
export const YEAR_SECONDS = 365.25 * 86400;

export interface GbmParams {
  /** Start price, decimal. */
  price: number;
  tick: number;
  /** Annualized drift mu. */
  drift: number;
  /** Annualized volatility sigma. */
  volatility: number;
}

export interface GbmState {
  logPrice: number;
  rng: number[];
}

function checkParams(p: GbmParams): void {
  if (!(p.price > 0) || !Number.isFinite(p.price)) throw new RangeError(`GBM price must be > 0, got ${p.price}`);
  if (!(p.tick > 0) || !Number.isFinite(p.tick)) throw new RangeError(`GBM tick must be > 0, got ${p.tick}`);
  if (!Number.isFinite(p.drift)) throw new RangeError(`GBM drift must be finite, got ${p.drift}`);
  if (!(p.volatility >= 0) || !Number.isFinite(p.volatility)) {
    throw new RangeError(`GBM volatility must be >= 0, got ${p.volatility}`);
  }
}

export class Gbm {
  private readonly params: GbmParams;
  private readonly rng: Rng;
  private logPrice: number;

  constructor(params: GbmParams, rng: Rng) {
    checkParams(params);
    this.params = { ...params };
    this.rng = rng;
    this.logPrice = Math.log(params.price);
  }

  /**
   * Advance by dtSeconds with the exact log-normal transition
   * logP += (mu - sigma^2/2) dt + sigma sqrt(dt) Z, so the distribution does
   * not depend on how the time is sliced. Returns the new price in ticks.
   * dt <= 0 draws nothing and leaves the price unchanged.
   */
  step(dtSeconds: number): number {
    if (dtSeconds > 0 && Number.isFinite(dtSeconds)) {
      const dt = dtSeconds / YEAR_SECONDS;
      const { drift: mu, volatility: sigma } = this.params;
      const z = this.rng.gaussian();
      const next = this.logPrice + (mu - 0.5 * sigma * sigma) * dt + sigma * Math.sqrt(dt) * z;
      // A pathological dt/sigma could overflow; keep the last finite value.
      if (Number.isFinite(next)) this.logPrice = next;
    }
    return this.ticks;
  }

  /** Price in ticks: an integer, never below 1 tick, never above 2^53-1. */
  get ticks(): number {
    const t = Math.round(Math.exp(this.logPrice) / this.params.tick);
    if (!(t >= 1)) return 1;
    return t > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : t;
  }

  /** Decimal price: ticks * tick, rounded to the tick's decimals. */
  get price(): number {
    return fromTicks(this.ticks, this.params.tick);
  }

  /**
   * Re-anchor to an observed price (a live feed, the last trade): the path
   * continues from there with the same parameters and random stream.
   */
  setPrice(price: number): void {
    if (!(price > 0) || !Number.isFinite(price)) throw new RangeError(`price must be > 0, got ${price}`);
    this.logPrice = Math.log(price);
  }

  getState(): GbmState {
    return { logPrice: this.logPrice, rng: this.rng.getState() };
  }

  static restore(params: GbmParams, state: GbmState): Gbm {
    if (!state || !Number.isFinite(state.logPrice)) throw new TypeError('GBM state needs a finite logPrice');
    const g = new Gbm(params, restoreRng(state.rng));
    g.logPrice = state.logPrice;
    return g;
  }
}
